# `cpack -G DEB` in the build tree: one Debian package, chiso_<version>_<arch>.deb, with the
# command-line tool, its man page and bash completion, the library (headers, static or shared
# library, CMake package, chiso.pc) and the shipped criteria, installed under /usr. Included from
# the top-level CMakeLists.txt when CHISO_INSTALL is ON.
#
# The program finds the criteria under /usr/share/chiso beside its own /usr/bin
# (src/data_dir.cpp, executable_prefix), whatever prefix this build was configured with.
# Tested by packaging_deb (cmake/packaging-tests.cmake, tests/packaging/deb.cmake).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "chiso")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "chiso")
set(CPACK_PACKAGE_CONTACT "chiso maintainers <chiso@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "scores, gaps and ranks of Vietnam's administrative-reform indices (PAR INDEX, SIPAS, PAPI)")
set(CPACK_PACKAGE_DESCRIPTION
    "chiso scores units against criterion trees versioned by decision, lists the gaps to full "
    "marks, ranks units and writes reports. The package holds the chiso command-line tool, the "
    "C++ library with its headers and CMake package, and the shipped criterion trees.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # chiso_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/chiso")
# Everything in one package: the components only separate runtime from development files for
# callers of `cmake --install --component`.
set(CPACK_DEB_COMPONENT_INSTALL OFF)
# The shared libraries the program links (yaml-cpp, libstdc++) become Depends through
# dpkg-shlibdeps (Debian's dpkg-dev); without it they are named here.
find_program(CHISO_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(CHISO_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libyaml-cpp0.7, libstdc++6, libgcc-s1, libc6")
endif()
# The headers need Boost and Eigen to be used; the program does not.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libboost-dev, libeigen3-dev, libyaml-cpp-dev")
include(CPack)
