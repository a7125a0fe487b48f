#!/bin/sh
# Builds yaml-cpp from Debian's source package, at the version of the installed libyaml-cpp-dev
# (so its headers are the ones chiso compiles against), with the fuzz build's instrumentation:
# AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer coverage. Debian's binary package
# is not instrumented, which leaves libFuzzer blind inside the parser.
#
#   scripts/build-fuzz-yaml-cpp.sh PREFIX      # installs PREFIX/lib/libyaml-cpp.a + CMake config
#
# Needs root only to add a deb-src entry when apt has none (a fresh Debian image has none).
# Rebuilds only when PREFIX holds no build of the same version.
set -eu
prefix=$(realpath -m "${1:?usage: build-fuzz-yaml-cpp.sh PREFIX}")
version=$(dpkg-query -W -f='${source:Version}' libyaml-cpp-dev)
stamp="$prefix/.chiso-yaml-cpp-version"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ]; then
  echo "instrumented yaml-cpp $version already in $prefix"
  exit 0
fi

work="$prefix.src"
rm -rf "$work" && mkdir -p "$work"
cd "$work"
if ! apt-get source --download-only -qq "yaml-cpp=$version" >/dev/null 2>&1; then
  # No source index: add deb-src for every Debian deb822 entry apt already uses, same mirrors.
  list=/etc/apt/sources.list.d/chiso-deb-src.sources
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$list"
  else
    grep -h '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
      >/etc/apt/sources.list.d/chiso-deb-src.list
  fi
  apt-get update -qq
  apt-get source --download-only -qq "yaml-cpp=$version"
fi
dpkg-source -x --no-check ./*.dsc yaml-cpp >/dev/null  # applies Debian's patches

flags="-gline-tables-only -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all"
cmake -S yaml-cpp -B build -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
  -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF \
  -DYAML_BUILD_SHARED_LIBS=OFF >/dev/null
cmake --build build -j"$(nproc)"
cmake --install build >/dev/null
echo "$version" >"$stamp"
rm -rf "$work"
echo "instrumented yaml-cpp $version installed in $prefix"
