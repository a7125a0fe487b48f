# Compiles and runs tests/find-package/main.cpp with nothing but `pkg-config --cflags --libs chiso`
# against an installed chiso, as a Makefile user would.
#
#   cmake -DPKG_CONFIG=… -DPREFIX=<install prefix> -DLIBDIR=<lib dir, relative> -DCXX=…
#         -DSOURCE=main.cpp -DOUTPUT=<executable> -DSCORES=<scores.yaml> -P pkg-config-consumer.cmake
foreach(var PKG_CONFIG PREFIX LIBDIR CXX SOURCE OUTPUT SCORES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()

set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs chiso
  OUTPUT_VARIABLE flags ERROR_VARIABLE errors RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags --libs chiso failed: ${errors}")
endif()
message(STATUS "pkg-config --cflags --libs chiso: ${flags}")
execute_process(COMMAND ${PKG_CONFIG} --variable=libdir chiso
  OUTPUT_VARIABLE libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(flags UNIX_COMMAND "${flags}")

# The source goes before the libraries, as a static link needs. The rpath lets the program find
# a shared chiso in the staged prefix.
execute_process(COMMAND ${CXX} -std=c++20 -Wall -Wextra -Werror ${SOURCE} -o ${OUTPUT} ${flags}
                        -Wl,-rpath,${libdir}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling with chiso.pc's flags failed")
endif()
execute_process(COMMAND ${OUTPUT} ${SCORES} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the pkg-config consumer exited with ${rc}")
endif()
