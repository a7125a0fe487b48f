#!/bin/sh
# The CI fuzz step (docs/fuzzing.md): builds yaml-cpp and chiso once, instrumented, links every
# libFuzzer target against that one build, then fuzzes each target for a bounded time from its
# seed corpus. Exits non-zero when any target finds anything: a non-chiso exception, a sanitizer
# report, more than 2 GB of memory or more than 10 s on one input. The inputs are left in
# $BUILD/artifacts/<target>/.
#
# The mutations follow a fixed seed (env FUZZ_SEED, default 1), so a failing CI run is
# reproducible and a run is the start of any longer run with the same seed from the same
# corpus; the open-ended campaign (random seeds, hours) is in docs/fuzzing.md.
#
#   scripts/fuzz-ci.sh [SECONDS_PER_TARGET]     (default 20; env BUILD, default build-fuzz)
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-20}
seed=${FUZZ_SEED:-1}
build=${BUILD:-build-fuzz}
start=$(date +%s)

./scripts/build-fuzz-yaml-cpp.sh "$build/yaml-cpp"
launcher=""
if command -v ccache >/dev/null 2>&1; then
  launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
fi
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ $launcher \
  -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O0 -gline-tables-only" -DCMAKE_PREFIX_PATH="$PWD/$build/yaml-cpp" \
  -DCHISO_BUILD_FUZZERS=ON -DCHISO_WARNINGS_AS_ERRORS=ON -DCHISO_BUILD_TESTS=OFF \
  -DCHISO_BUILD_EXAMPLES=OFF -DCHISO_BUILD_TOOLS=OFF -DCHISO_INSTALL=OFF -DCHISO_BUILD_DOCS=OFF \
  >/dev/null
cmake --build "$build" -j"$(nproc)" --target chiso_fuzzers
built=$(date +%s)
echo "fuzz build: $((built - start)) s"

failed=""
for target in $(cat "$build/fuzz/targets.txt"); do
  artifacts="$build/artifacts/$target"
  mkdir -p "$artifacts"
  log="$build/artifacts/$target.log"
  if "$build/fuzz/chiso_fuzz_$target" -max_total_time="$seconds" -seed="$seed" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -dict="$build/fuzz/$target.dict" -artifact_prefix="$artifacts/" \
    "$build/fuzz/corpus/$target" "$build/fuzz/seeds/$target" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed="$failed $target"
    tail -n 40 "$log"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -E '^#[0-9]+.*(DONE|INITED)' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
  echo "fuzz $target: $status, ${runs:-?} executions, $cov"
done
echo "fuzz step: $(($(date +%s) - start)) s"
if [ -n "$failed" ]; then
  echo "fuzzing found problems in:$failed (inputs in $build/artifacts/)" >&2
  exit 1
fi
