# Fails when a doctest case cannot run under CTest: doctest_discover_tests() registers one CTest
# per case, and a ';' in a case's name splits it as a CMake list, so the registered filter
# matches no case and the test "passes" without running (25 cases did, one of them failing).
# Usage: cmake -DTESTS=<chiso_tests> -P check_doctest_names.cmake
execute_process(COMMAND ${TESTS} --list-test-cases --no-version OUTPUT_VARIABLE listed
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${TESTS} --list-test-cases failed (${rc})")
endif()
string(REPLACE ";" "<SEMICOLON>" listed "${listed}")
string(REPLACE "\n" ";" lines "${listed}")
set(bad "")
foreach(line IN LISTS lines)
  if(line MATCHES "<SEMICOLON>")
    string(REPLACE "<SEMICOLON>" ";" line "${line}")
    string(APPEND bad "\n  ${line}")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "test case names with ';' (CTest would run none of them):${bad}")
endif()
