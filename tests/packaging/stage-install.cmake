# Installs a chiso build tree into a fresh staging prefix (a test fixture).
#
#   cmake -DBUILD=<build dir> -DPREFIX=<staging prefix> [-DCONFIG=<config>] -P stage-install.cmake
file(REMOVE_RECURSE ${PREFIX})
set(config_args "")
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX} ${config_args}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD} --prefix ${PREFIX} failed")
endif()
