#!/bin/sh
# Installs chiso's dependencies on Debian (run as root). Every package the build, the tests or
# the examples need is listed here and nowhere else.
#
#   scripts/install-deps.sh           what building and running chiso needs (README's main command)
#   scripts/install-deps.sh --tests   that, plus what the tests, benchmarks and docs need
set -eu
export DEBIAN_FRONTEND=noninteractive
# Build and run: compiler, CMake, and the libraries chiso and its CLI link.
BUILD_PACKAGES="g++ cmake make pkg-config libutf8proc-dev libxlsxwriter-dev libyaml-cpp-dev libeigen3-dev libboost-dev libcli11-dev"
# Tests only: doctest (unit tests), pkg-config and dpkg-dev (packaging tests: chiso.pc, the .deb's
# Depends), Google Benchmark, Chromium (the HTML report test), clang-format (format check),
# Doxygen (API docs), bsdutils (`script`, the progress-bar terminal test).
TEST_PACKAGES="doctest-dev pkg-config dpkg-dev libbenchmark-dev chromium clang-format doxygen bsdutils python3 python3-jsonschema python3-openpyxl clang libclang-rt-14-dev"

PACKAGES="$BUILD_PACKAGES"
case "${1:-}" in
  "") ;;
  --tests) PACKAGES="$BUILD_PACKAGES $TEST_PACKAGES" ;;
  *)
    echo "usage: $0 [--tests]" >&2
    exit 2
    ;;
esac
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
fi
