// Replays every input the fuzzers saved in tests/data/fuzz-regressions/<target>/ through the
// same reader as the fuzz target (fuzz/readers.hpp): each must get a result or an input_error,
// never a crash, another exception, a hang or gigabytes of memory (docs/fuzzing.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <typeinfo>
#include <vector>

#include "readers.hpp"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("fuzz regressions: every saved input gets a result or an input_error") {
  const fs::path root = fs::path(CHISO_TEST_DATA) / "fuzz-regressions";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());

  std::size_t replayed = 0;
  for (const auto& file : files) {
    const auto name = fs::relative(file, root).generic_string();
    CAPTURE(name);
    const auto target = fs::relative(file.parent_path(), root).generic_string();
    const auto reader = std::find_if(chiso::fuzz::readers.begin(), chiso::fuzz::readers.end(),
                                     [&](const auto& r) { return r.first == target; });
    // A directory that names no target would never be replayed nor seed a fuzzer.
    REQUIRE(reader != chiso::fuzz::readers.end());
    ++replayed;
    try {
      reader->second(slurp(file));
    } catch (const chiso::input_error&) {
      // The located refusal every malformed input must get.
    } catch (const std::exception& e) {
      FAIL_CHECK("escaped the reader: " << typeid(e).name() << ": " << e.what());
    }
  }
  CHECK(replayed == files.size());
}
