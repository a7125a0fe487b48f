# Two ways of giving the same input must print the same: runs COMMAND and OTHER (each
# "exe|arg|arg") and requires exit code 0 from both and the same stdout; with -DSAME_STDERR=ON
# the same stderr too (a file in another dialect adds a note there).
#   -DCOMMAND=... -DOTHER=... -DWORKDIR=... [-DSAME_STDERR=ON]
string(REPLACE "|" ";" command "${COMMAND}")
string(REPLACE "|" ";" other "${OTHER}")
execute_process(COMMAND ${command} WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
execute_process(COMMAND ${other} WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE other_out ERROR_VARIABLE other_err RESULT_VARIABLE other_rc)
if(NOT rc STREQUAL "0" OR NOT other_rc STREQUAL "0")
  message(FATAL_ERROR "exit codes ${rc} and ${other_rc}, expected 0\n${err}\n${other_err}")
endif()
if(out STREQUAL "")
  message(FATAL_ERROR "no output")
endif()
if(NOT out STREQUAL other_out)
  message(FATAL_ERROR "the outputs differ:\n--- ${COMMAND}\n${out}\n--- ${OTHER}\n${other_out}")
endif()
if(SAME_STDERR AND NOT err STREQUAL other_err)
  message(FATAL_ERROR "stderr differs:\n--- ${COMMAND}\n${err}\n--- ${OTHER}\n${other_err}")
endif()
