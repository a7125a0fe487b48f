# Runs chiso on a pseudo-terminal (script(1)) with stdout discarded, and checks what it wrote to
# stderr: the progress bars, redrawn in place up to 100%, ending with the erase-line sequence.
# Then the same with --no-progress: nothing at all.
#   -DSCRIPT=<script> -DCHISO=<chiso executable> -DARGS="<arguments>" -DWORKDIR=<dir>
string(ASCII 27 esc)
set(erase "\r${esc}[K")

function(run_on_terminal extra result_var)
  execute_process(COMMAND "${SCRIPT}" -qec "'${CHISO}' ${ARGS} ${extra} > /dev/null" /dev/null
                  WORKING_DIRECTORY "${WORKDIR}" OUTPUT_VARIABLE out ERROR_VARIABLE err
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "exit code ${rc}\nterminal output:\n${out}\nstderr:\n${err}")
  endif()
  set(${result_var} "${out}" PARENT_SCOPE)
endfunction()

run_on_terminal("" out)
string(LENGTH "${out}" n)
string(REPLACE "${esc}" "<ESC>" shown "${out}")
string(REPLACE "\r" "<CR>" shown "${shown}")
# First the unit directory loads (30 sheets), then the Monte Carlo runs: two bars, each erased.
if(NOT out MATCHES "^\rchiso: loading units \\[\\.+\\]   0%\r")
  message(FATAL_ERROR "no bar while the units load on a terminal:\n${shown}")
endif()
if(NOT out MATCHES "\rchiso: loading units \\[#+\\] 100%\r${esc}\\[K\rchiso uncertainty \\[\\.+\\]   0%\r")
  message(FATAL_ERROR "the loading bar is not erased before the Monte Carlo bar starts:\n${shown}")
endif()
if(NOT out MATCHES "\rchiso uncertainty \\[#+\\.+\\]  50%\r")
  message(FATAL_ERROR "the bar is not redrawn in place (no 50%):\n${shown}")
endif()
if(NOT out MATCHES "\rchiso uncertainty \\[#+\\] 100%\r${esc}\\[K$")
  message(FATAL_ERROR "the bar does not reach 100% and end with the erase sequence:\n${shown}")
endif()
if(out MATCHES "\n")
  message(FATAL_ERROR "a bar wrote a newline (it must stay on one line):\n${shown}")
endif()

run_on_terminal("--no-progress" quiet)
if(NOT quiet STREQUAL "")
  message(FATAL_ERROR "--no-progress still wrote to the terminal:\n${quiet}")
endif()
message(STATUS "ok: the bar is drawn on a terminal (${n} bytes), erased, and off with --no-progress")
