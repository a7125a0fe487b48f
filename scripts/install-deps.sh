#!/bin/sh
# Installs chiso's build and test dependencies on Debian (run as root). Every package the
# build, the tests or the examples need is listed here and nowhere else.
set -eu
export DEBIAN_FRONTEND=noninteractive
PACKAGES="g++ cmake make pkg-config doxygen libyaml-cpp-dev libxlsxwriter-dev python3-openpyxl libeigen3-dev libboost-dev doctest-dev libcli11-dev libbenchmark-dev chromium clang-format bsdutils"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
fi
