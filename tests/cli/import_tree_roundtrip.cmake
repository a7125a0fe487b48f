# `chiso import-tree TABLE.csv > tree.yaml`, then `chiso validate tree.yaml`: the printed tree must
# equal the golden file and load without a problem.
#   -DCHISO=exe -DWORKDIR=dir -DTABLE=csv -DARGS="a|b" -DGOLDEN=file -DOUTPUT=tree.yaml
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${CHISO} import-tree ${TABLE} ${args} WORKING_DIRECTORY "${WORKDIR}"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "import-tree exited ${rc}:\n${err}")
endif()
file(WRITE "${OUTPUT}" "${out}")
file(READ "${GOLDEN}" expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "import-tree's output differs from ${GOLDEN}:\ndiff -u ${GOLDEN} ${OUTPUT}")
endif()
execute_process(COMMAND ${CHISO} validate ${OUTPUT} OUTPUT_VARIABLE vout ERROR_VARIABLE verr
                RESULT_VARIABLE vrc)
if(NOT vrc EQUAL 0 OR NOT vout MATCHES ": ok: criteria ")
  message(FATAL_ERROR "chiso validate on the imported tree exited ${vrc}:\n${vout}${verr}")
endif()
message(STATUS "${vout}")
