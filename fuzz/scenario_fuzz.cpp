// libFuzzer target "scenario": chiso::fuzz::read_scenario (fuzz/readers.hpp) on every input.
#include "readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return chiso::fuzz::run(data, size, chiso::fuzz::read_scenario);
}
