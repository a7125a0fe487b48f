# Runs chiso on a pseudo-terminal (script(1)) with stdout discarded, and checks what it wrote to
# stderr: the progress bars, redrawn in place up to 100%, ending with the erase-line sequence.
# Then the same with --no-progress: nothing at all; and stdout alone on the terminal: no bar.
#   -DSCRIPT=<script> -DCHISO=<chiso executable> -DARGS="<arguments>" -DWORKDIR=<dir>
string(ASCII 27 esc)
set(erase "\r${esc}[K")

# Runs chiso with `extra` arguments and `redirect` (which stream is discarded) on a terminal.
function(run_on_terminal extra redirect result_var)
  execute_process(COMMAND "${SCRIPT}" -qec "'${CHISO}' ${ARGS} ${extra} ${redirect}" /dev/null
                  WORKING_DIRECTORY "${WORKDIR}" OUTPUT_VARIABLE out ERROR_VARIABLE err
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "exit code ${rc}\nterminal output:\n${out}\nstderr:\n${err}")
  endif()
  set(${result_var} "${out}" PARENT_SCOPE)
endfunction()

run_on_terminal("" "> /dev/null" out)
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
# Some percentage strictly between 0 and 100: which ones appear depends on how the two threads'
# draws interleave (only the calling thread reports), so a loaded machine may skip any given one.
if(NOT out MATCHES "\rchiso uncertainty \\[#+\\.+\\]  ?[1-9][0-9]?%\r")
  message(FATAL_ERROR "the bar is not redrawn in place (no percentage between 0 and 100):\n${shown}")
endif()
if(NOT out MATCHES "\rchiso uncertainty \\[#+\\] 100%\r${esc}\\[K$")
  message(FATAL_ERROR "the bar does not reach 100% and end with the erase sequence:\n${shown}")
endif()
if(out MATCHES "\n")
  message(FATAL_ERROR "a bar wrote a newline (it must stay on one line):\n${shown}")
endif()

run_on_terminal("--no-progress" "> /dev/null" quiet)
if(NOT quiet STREQUAL "")
  message(FATAL_ERROR "--no-progress still wrote to the terminal:\n${quiet}")
endif()

# stdout on the terminal, stderr discarded: the table, and nothing of the bar.
run_on_terminal("" "2> /dev/null" table)
if(NOT table MATCHES "^Rank uncertainty: Monte Carlo estimates from 2000 draws, seed 20230606")
  message(FATAL_ERROR "stdout on a terminal does not start with the table's title:\n${table}")
endif()
if(table MATCHES "${esc}" OR table MATCHES "chiso uncertainty \\[" OR table MATCHES "loading units")
  message(FATAL_ERROR "the bar went to stdout:\n${table}")
endif()
message(STATUS "ok: the bar is drawn on a terminal (${n} bytes), erased, and off with --no-progress")
