# Properties of the chiso library target that consumers see: version header, export macro and
# symbol visibility, and where the installed data lives. Included from the top-level
# CMakeLists.txt right after add_library(chiso).
include(GNUInstallDirs)
include(GenerateExportHeader)

# The version is written once, in project(); everything else is generated from it.
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.hpp.in
               ${PROJECT_BINARY_DIR}/include/chiso/version.hpp @ONLY)

# A shared chiso exports only what is marked CHISO_EXPORT (include/chiso/export.hpp); everything
# else, chiso::detail included, stays private to the library and cannot clash with the caller's
# own yaml-cpp or Boost.
set_target_properties(chiso PROPERTIES
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
generate_export_header(chiso
  BASE_NAME chiso
  EXPORT_MACRO_NAME CHISO_EXPORT
  EXPORT_FILE_NAME ${PROJECT_BINARY_DIR}/include/chiso/export.hpp)
get_target_property(CHISO_LIBRARY_TYPE chiso TYPE)
if(NOT CHISO_LIBRARY_TYPE STREQUAL "SHARED_LIBRARY")
  # Consumers of the static library must not see dllimport (Windows); part of the interface so
  # that the exported target and chiso.pc carry it.
  target_compile_definitions(chiso PUBLIC CHISO_STATIC_DEFINE)
endif()

# Where chiso::shipped_criteria_dir() looks after $CHISO_DATA_DIR (src/data_dir.cpp).
set_property(SOURCE ${PROJECT_SOURCE_DIR}/src/data_dir.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  CHISO_INSTALL_DATA_DIR="${CMAKE_INSTALL_FULL_DATADIR}/chiso"
  CHISO_SOURCE_DATA_DIR="${PROJECT_SOURCE_DIR}")
