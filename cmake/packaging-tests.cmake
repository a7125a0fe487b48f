# Tests of chiso as its users get it: installed into a staging prefix and found by
# find_package, by pkg-config, and built inside another project with add_subdirectory /
# FetchContent. The library type of this build is tested, and the other type is built once more
# (library only) so that both static and shared chiso are linked by a fresh consumer.
if(NOT CHISO_INSTALL)
  message(STATUS "chiso: packaging tests need CHISO_INSTALL=ON; not registered")
  return()
endif()
if(CHISO_SANITIZE)
  # A sanitized static library cannot be linked by an uninstrumented consumer; the normal
  # build runs these tests.
  message(STATUS "chiso: packaging tests are not registered in the sanitizer build")
  return()
endif()

find_program(CHISO_PKG_CONFIG_EXECUTABLE pkg-config)
set(_chiso_pkg_config ${CHISO_PKG_CONFIG_EXECUTABLE})
set(_chiso_pkg_dir ${PROJECT_BINARY_DIR}/packaging)
set(_chiso_tests ${PROJECT_SOURCE_DIR}/tests)
set(_chiso_scores ${PROJECT_SOURCE_DIR}/examples/data/can-tho-2022.yaml)
# Cần Thơ 2022, seed 004 Phụ lục I: 8.1 = 1,2036 + 1,2027 + 2,1093 + 2,0258 + 1,5286 = 8,07 of
# 10 points; the gaps of the printed criteria add up to 13,1894 (the gap_report example).
set(_chiso_figures
    "8\\.1 SIPAS: 8,0700 / 10,0000 = 80,70%.*known gaps: 13,1894.*caught chiso::input_error")

function(_chiso_regex_escape out text)
  string(REGEX REPLACE "([][+.*()^$?|\\\\])" "\\\\\\1" escaped "${text}")
  set(${out} "${escaped}" PARENT_SCOPE)
endfunction()

if(CHISO_LIBRARY_TYPE STREQUAL "SHARED_LIBRARY")
  set(_chiso_this shared)
  set(_chiso_other static)
  set(_chiso_other_shared OFF)
else()
  set(_chiso_this static)
  set(_chiso_other shared)
  set(_chiso_other_shared ON)
endif()

# This build, staged: its compiled-in data directory is the configured prefix, not the stage, so
# the consumers find the criteria through CHISO_DATA_DIR.
add_test(NAME packaging_${_chiso_this}_install
  COMMAND ${CMAKE_COMMAND} -DBUILD=${PROJECT_BINARY_DIR} -DPREFIX=${_chiso_pkg_dir}/${_chiso_this}
          -DCONFIG=$<CONFIG> -P ${_chiso_tests}/packaging/stage-install.cmake)
set_tests_properties(packaging_${_chiso_this}_install PROPERTIES
  FIXTURES_SETUP chiso_stage_${_chiso_this})

# The other library type, configured with the stage as its prefix: its consumers find the
# criteria through the compiled-in install prefix, without CHISO_DATA_DIR.
add_test(NAME packaging_${_chiso_other}_install
  COMMAND ${CMAKE_COMMAND} -DSOURCE=${PROJECT_SOURCE_DIR}
          -DBINARY=${_chiso_pkg_dir}/build-${_chiso_other}
          -DPREFIX=${_chiso_pkg_dir}/${_chiso_other} -DGENERATOR=${CMAKE_GENERATOR}
          -DCXX=${CMAKE_CXX_COMPILER} -DBUILD_TYPE=$<CONFIG> -DSHARED=${_chiso_other_shared}
          -DWERROR=${CHISO_WARNINGS_AS_ERRORS} -P ${_chiso_tests}/packaging/build-variant.cmake)
set_tests_properties(packaging_${_chiso_other}_install PROPERTIES
  FIXTURES_SETUP chiso_stage_${_chiso_other})

foreach(variant static shared)
  set(prefix ${_chiso_pkg_dir}/${variant})
  string(TOUPPER "${variant}_LIBRARY" type)
  _chiso_regex_escape(prefix_regex "${prefix}/${CMAKE_INSTALL_DATADIR}/chiso/criteria")

  add_test(NAME packaging_${variant}_find_package
    COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test ${_chiso_tests}/find-package
            ${_chiso_pkg_dir}/find-package-${variant}
            --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
            --build-noclean
            --build-options -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
                            -DCMAKE_BUILD_TYPE=$<CONFIG> -DCMAKE_PREFIX_PATH=${prefix}
                            -DEXPECTED_CHISO_VERSION=${PROJECT_VERSION}
                            -DEXPECTED_CHISO_PREFIX=${prefix} -DEXPECTED_CHISO_TYPE=${type}
            --test-command consumer ${_chiso_scores})
  add_test(NAME packaging_${variant}_pkg_config
    COMMAND ${CMAKE_COMMAND} -DPKG_CONFIG=${_chiso_pkg_config} -DPREFIX=${prefix}
            -DLIBDIR=${CMAKE_INSTALL_LIBDIR} -DCXX=${CMAKE_CXX_COMPILER}
            -DSOURCE=${_chiso_tests}/find-package/main.cpp
            -DOUTPUT=${_chiso_pkg_dir}/pkg-config-consumer-${variant} -DSCORES=${_chiso_scores}
            -P ${_chiso_tests}/packaging/pkg-config-consumer.cmake)
  set_tests_properties(packaging_${variant}_find_package packaging_${variant}_pkg_config
    PROPERTIES FIXTURES_REQUIRED chiso_stage_${variant}
               PASS_REGULAR_EXPRESSION "criteria: ${prefix_regex}.*${_chiso_figures}")
  if(variant STREQUAL _chiso_this)
    set_tests_properties(packaging_${variant}_find_package packaging_${variant}_pkg_config
      PROPERTIES ENVIRONMENT "CHISO_DATA_DIR=${prefix}/${CMAKE_INSTALL_DATADIR}/chiso")
  else()
    # Must not be inherited from the caller's environment: this variant relies on its prefix.
    set_tests_properties(packaging_${variant}_find_package packaging_${variant}_pkg_config
      PROPERTIES ENVIRONMENT_MODIFICATION "CHISO_DATA_DIR=unset:")
  endif()
endforeach()
if(NOT _chiso_pkg_config)
  set_tests_properties(packaging_static_pkg_config packaging_shared_pkg_config
    PROPERTIES DISABLED ON)
endif()

# The static library's exported link interface names yaml-cpp by the target chiso was built
# with; a consumer whose yaml-cpp defines only the other name must still link.
if(CHISO_YAML_TARGET STREQUAL "yaml-cpp")
  set(_chiso_other_yaml yaml-cpp::yaml-cpp)
else()
  set(_chiso_other_yaml yaml-cpp)
endif()
set(prefix ${_chiso_pkg_dir}/static)
_chiso_regex_escape(prefix_regex "${prefix}/${CMAKE_INSTALL_DATADIR}/chiso/criteria")
add_test(NAME packaging_static_find_package_other_yaml_cpp
  COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test ${_chiso_tests}/find-package
          ${_chiso_pkg_dir}/find-package-static-other-yaml-cpp
          --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
          --build-options -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
                          -DCMAKE_BUILD_TYPE=$<CONFIG> -DCMAKE_PREFIX_PATH=${prefix}
                          -DEXPECTED_CHISO_TYPE=STATIC_LIBRARY
                          -DCHISO_TEST_YAML_TARGET=${_chiso_other_yaml}
          --test-command consumer ${_chiso_scores})
set_tests_properties(packaging_static_find_package_other_yaml_cpp PROPERTIES
  FIXTURES_REQUIRED chiso_stage_static
  ENVIRONMENT "CHISO_DATA_DIR=${prefix}/${CMAKE_INSTALL_DATADIR}/chiso"
  PASS_REGULAR_EXPRESSION
    "yaml-cpp found as ${_chiso_other_yaml} only.*criteria: ${prefix_regex}.*${_chiso_figures}")

add_test(NAME packaging_shared_exports
  COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM}
          -DLIBRARY=${_chiso_pkg_dir}/shared/${CMAKE_INSTALL_LIBDIR}/libchiso.so
          -P ${_chiso_tests}/packaging/check-exports.cmake)
set_tests_properties(packaging_shared_exports PROPERTIES FIXTURES_REQUIRED chiso_stage_shared)

# chiso inside another project. Its compiled-in prefix is made to not exist so that the
# criteria are found in the source tree, the last place shipped_criteria_dir() looks.
_chiso_regex_escape(source_regex "${PROJECT_SOURCE_DIR}/criteria")
add_test(NAME packaging_add_subdirectory
  COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test ${_chiso_tests}/add-subdirectory
          ${_chiso_pkg_dir}/add-subdirectory
          --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
          --build-noclean
          --build-options -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
                          -DCMAKE_BUILD_TYPE=$<CONFIG>
                          -DCMAKE_INSTALL_PREFIX=${_chiso_pkg_dir}/add-subdirectory-not-installed
                          -DCHISO_CONSUMER_SOURCE=${PROJECT_SOURCE_DIR}
                          -DCHISO_CONSUMER_VIA=add_subdirectory
          --test-command consumer ${_chiso_scores})
set_tests_properties(packaging_add_subdirectory PROPERTIES
  ENVIRONMENT_MODIFICATION "CHISO_DATA_DIR=unset:"
  ENVIRONMENT "CMAKE_BUILD_PARALLEL_LEVEL=2"
  PASS_REGULAR_EXPRESSION "criteria: ${source_regex}.*${_chiso_figures}")

# FetchContent_MakeAvailable ends in the same add_subdirectory, so the compiled result would be
# the one above; configuring is what differs, and every non-pollution check is made then. Only
# configured, to spare the small CI machines a third full build of the library.
add_test(NAME packaging_fetchcontent_configure
  COMMAND ${CMAKE_COMMAND} -S ${_chiso_tests}/add-subdirectory -B ${_chiso_pkg_dir}/fetchcontent
          -G ${CMAKE_GENERATOR} -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
          -DCHISO_CONSUMER_SOURCE=${PROJECT_SOURCE_DIR} -DCHISO_CONSUMER_VIA=FetchContent)
set_tests_properties(packaging_fetchcontent_configure PROPERTIES
  PASS_REGULAR_EXPRESSION "chiso added through FetchContent: library only")

# The Debian package (cmake/cpack-config.cmake), built by cpack from this build tree, unpacked with
# dpkg -x into a scratch root and run from there. Needs dpkg-deb (every Debian system) and the
# tool; costs one cpack run (an install of what is built, plus compression): a few seconds.
find_program(CHISO_DPKG_DEB dpkg-deb)
if(CHISO_DPKG_DEB AND TARGET chiso_cli)
  get_filename_component(_chiso_cmake_bin_dir ${CMAKE_COMMAND} DIRECTORY)
  find_program(CHISO_CPACK cpack HINTS ${_chiso_cmake_bin_dir})
  add_test(NAME packaging_deb
    COMMAND ${CMAKE_COMMAND} -DBUILD=${PROJECT_BINARY_DIR} -DOUT=${_chiso_pkg_dir}/deb
            -DCPACK=${CHISO_CPACK} -DVERSION=${PROJECT_VERSION}
            -DTABLE=${_chiso_tests}/data/import-tree/can-tho-2022-phu-luc-i.csv
            -P ${_chiso_tests}/packaging/deb.cmake)
  set_tests_properties(packaging_deb PROPERTIES ENVIRONMENT_MODIFICATION "CHISO_DATA_DIR=unset:")
else()
  message(STATUS "chiso: packaging_deb needs dpkg-deb and the chiso tool; not registered")
endif()
