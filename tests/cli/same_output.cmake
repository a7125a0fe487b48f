# Two ways to give the same input print the same: runs COMMAND_A and COMMAND_B and requires exit
# code 0 from both and the same stdout.
#   -DCOMMAND_A="exe|arg|arg" -DCOMMAND_B="exe|arg|arg" -DWORKDIR=...
string(REPLACE "|" ";" command_a "${COMMAND_A}")
string(REPLACE "|" ";" command_b "${COMMAND_B}")
execute_process(COMMAND ${command_a} WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE a RESULT_VARIABLE a_rc)
execute_process(COMMAND ${command_b} WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE b RESULT_VARIABLE b_rc)
if(NOT a_rc STREQUAL "0" OR NOT b_rc STREQUAL "0")
  message(FATAL_ERROR "exit codes ${a_rc} and ${b_rc}, expected 0")
endif()
if(a STREQUAL "")
  message(FATAL_ERROR "no output")
endif()
if(NOT a STREQUAL b)
  message(FATAL_ERROR "the outputs differ:\n--- ${COMMAND_A}\n${a}\n--- ${COMMAND_B}\n${b}")
endif()
