# Configures, builds and installs chiso a second time with the other library type (shared when
# the main build is static, and the reverse), into its own prefix; only the library is built.
#
#   cmake -DSOURCE=… -DBINARY=… -DPREFIX=… -DGENERATOR=… -DCXX=… -DBUILD_TYPE=…
#         -DSHARED=ON|OFF -DWERROR=ON|OFF -P build-variant.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_INSTALL_PREFIX=${PREFIX}
    -DBUILD_SHARED_LIBS=${SHARED} -DCHISO_WARNINGS_AS_ERRORS=${WERROR}
    -DCHISO_BUILD_TESTS=OFF -DCHISO_BUILD_EXAMPLES=OFF -DCHISO_BUILD_DOCS=OFF -DCHISO_INSTALL=ON
    -DCHISO_BUILD_TOOLS=OFF
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring chiso (BUILD_SHARED_LIBS=${SHARED}) failed")
endif()
# Two jobs: the machines that run this suite are small.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} --target install --parallel 2
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building and installing chiso (BUILD_SHARED_LIBS=${SHARED}) failed")
endif()
