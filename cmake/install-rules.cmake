# Install rules: headers, the library, the shipped criteria, a CMake package (chiso::chiso) and
# chiso.pc. Included from the top-level CMakeLists.txt when CHISO_INSTALL is ON (the default
# only when chiso is the top-level project).
include(CMakePackageConfigHelpers)

set(CHISO_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/chiso
    CACHE STRING "Where chiso-config.cmake is installed, relative to the prefix")
set(CHISO_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/chiso)

install(TARGETS chiso EXPORT chiso-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT chiso_development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT chiso_runtime
          NAMELINK_COMPONENT chiso_development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT chiso_runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/chiso ${PROJECT_BINARY_DIR}/include/chiso
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT chiso_development
  FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/criteria
  DESTINATION ${CHISO_INSTALL_DATADIR} COMPONENT chiso_runtime
  FILES_MATCHING PATTERN "*.yaml")

# The config file needs the yaml-cpp target name chiso was built with: a static chiso's exported
# link interface names it ($<LINK_ONLY:yaml-cpp> or $<LINK_ONLY:yaml-cpp::yaml-cpp>).
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/chiso-config.cmake.in
  ${PROJECT_BINARY_DIR}/chiso-config.cmake
  INSTALL_DESTINATION ${CHISO_INSTALL_CMAKEDIR}
  PATH_VARS CHISO_INSTALL_DATADIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/chiso-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/chiso-config.cmake
              ${PROJECT_BINARY_DIR}/chiso-config-version.cmake
  DESTINATION ${CHISO_INSTALL_CMAKEDIR} COMPONENT chiso_development)
install(EXPORT chiso-targets NAMESPACE chiso:: FILE chiso-targets.cmake
  DESTINATION ${CHISO_INSTALL_CMAKEDIR} COMPONENT chiso_development)

# pkg-config. The prefix is computed from the .pc file's own place (${pcfiledir}) so that a
# staged or relocated install works. A static chiso needs yaml-cpp at the consumer's link, so
# it is a public Requires there; a shared chiso links it itself.
file(RELATIVE_PATH CHISO_PC_PREFIX_FROM_PCDIR
     ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" CHISO_PC_PREFIX_FROM_PCDIR "${CHISO_PC_PREFIX_FROM_PCDIR}")
file(RELATIVE_PATH CHISO_PC_INCLUDEDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_INCLUDEDIR})
file(RELATIVE_PATH CHISO_PC_LIBDIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_LIBDIR})
file(RELATIVE_PATH CHISO_PC_DATADIR ${CMAKE_INSTALL_PREFIX} ${CMAKE_INSTALL_FULL_DATADIR})
if(CHISO_LIBRARY_TYPE STREQUAL "SHARED_LIBRARY")
  set(CHISO_PC_REQUIRES "eigen3")
  set(CHISO_PC_REQUIRES_PRIVATE "yaml-cpp libutf8proc xlsxwriter")
  set(CHISO_PC_CFLAGS "")
else()
  set(CHISO_PC_REQUIRES "eigen3 yaml-cpp libutf8proc xlsxwriter")
  set(CHISO_PC_REQUIRES_PRIVATE "")
  set(CHISO_PC_CFLAGS "-DCHISO_STATIC_DEFINE")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/chiso.pc.in ${PROJECT_BINARY_DIR}/chiso.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/chiso.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT chiso_development)

