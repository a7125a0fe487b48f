# A stand-in for a yaml-cpp package that exports the other target name than the one chiso was
# built with: only yaml-cpp::yaml-cpp (as 0.8 does) or only yaml-cpp (as 0.7 does). It points at
# the system's real yaml-cpp, so a consumer linked through it really links.
#
# The consumer sets CHISO_TEST_YAML_TARGET to the name this package must define.
if(NOT CHISO_TEST_YAML_TARGET)
  message(FATAL_ERROR "CHISO_TEST_YAML_TARGET is not set")
endif()
find_library(CHISO_TEST_YAML_LIBRARY NAMES yaml-cpp REQUIRED)
find_path(CHISO_TEST_YAML_INCLUDE yaml-cpp/yaml.h REQUIRED)
if(NOT TARGET ${CHISO_TEST_YAML_TARGET})
  add_library(${CHISO_TEST_YAML_TARGET} UNKNOWN IMPORTED)
  set_target_properties(${CHISO_TEST_YAML_TARGET} PROPERTIES
    IMPORTED_LOCATION ${CHISO_TEST_YAML_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${CHISO_TEST_YAML_INCLUDE})
endif()
set(yaml-cpp_FOUND TRUE)
