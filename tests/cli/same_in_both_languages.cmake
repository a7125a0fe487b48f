# What programs read does not change with the language: runs COMMAND with --lang vi and with
# --lang en and requires the same stdout and exit code.
#   -DCOMMAND="exe|arg|arg" -DWORKDIR=...
string(REPLACE "|" ";" command "${COMMAND}")
execute_process(COMMAND ${command} --lang vi WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE vi RESULT_VARIABLE vi_rc)
execute_process(COMMAND ${command} --lang en WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE en RESULT_VARIABLE en_rc)
if(NOT vi_rc STREQUAL "0" OR NOT en_rc STREQUAL "0")
  message(FATAL_ERROR "exit codes ${vi_rc} (vi) and ${en_rc} (en), expected 0")
endif()
if(vi STREQUAL "")
  message(FATAL_ERROR "no output")
endif()
if(NOT vi STREQUAL en)
  message(FATAL_ERROR "the output differs between --lang vi and --lang en:\n--- vi\n${vi}\n--- en\n${en}")
endif()
