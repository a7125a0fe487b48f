# Checks the dynamic symbol table of a shared chiso: the public API is exported, internals
# (chiso::detail, the yaml-cpp and Boost code compiled into it) are not.
#
#   cmake -DNM=<nm> -DLIBRARY=<libchiso.so> -P check-exports.cmake
execute_process(COMMAND ${NM} -D -C --defined-only ${LIBRARY}
  OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed on ${LIBRARY}")
endif()

set(failed FALSE)
foreach(required
    "chiso::load_criteria("
    "chiso::score("
    "chiso::decimal::parse("
    "chiso::operator+(chiso::decimal const&, chiso::decimal const&)"
    "chiso::shipped_criteria_dir"
    "chiso::library_version()"
    "typeinfo for chiso::input_error"
    "typeinfo for chiso::usage_error")
  string(FIND "${symbols}" "${required}" at)
  if(at EQUAL -1)
    message(SEND_ERROR "not exported: ${required}")
    set(failed TRUE)
  endif()
endforeach()
foreach(forbidden "chiso::detail::" " YAML::" "chiso::(anonymous namespace)")
  string(FIND "${symbols}" "${forbidden}" at)
  if(NOT at EQUAL -1)
    string(SUBSTRING "${symbols}" ${at} 200 example)
    message(SEND_ERROR "exported but internal: ${forbidden} (${example}…)")
    set(failed TRUE)
  endif()
endforeach()
if(NOT failed)
  message(STATUS "${LIBRARY}: public API exported, internals hidden")
endif()
