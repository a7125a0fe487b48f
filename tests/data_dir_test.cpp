#include "chiso/data_dir.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/version.hpp"

namespace {

// Sets or unsets CHISO_DATA_DIR for one test and puts the caller's value back afterwards.
class data_dir_env {
 public:
  explicit data_dir_env(const std::optional<std::string>& value) {
    if (const char* old = std::getenv("CHISO_DATA_DIR")) old_ = old;
    if (value)
      ::setenv("CHISO_DATA_DIR", value->c_str(), 1);
    else
      ::unsetenv("CHISO_DATA_DIR");
  }
  ~data_dir_env() {
    if (old_)
      ::setenv("CHISO_DATA_DIR", old_->c_str(), 1);
    else
      ::unsetenv("CHISO_DATA_DIR");
  }
  data_dir_env(const data_dir_env&) = delete;
  data_dir_env& operator=(const data_dir_env&) = delete;

 private:
  std::optional<std::string> old_;
};

const std::filesystem::path source_dir = CHISO_SOURCE_DIR;

}  // namespace

TEST_CASE("CHISO_DATA_DIR comes first and its trees load") {
  const data_dir_env env(source_dir.string());
  const auto candidates = chiso::data_dir_candidates();
  REQUIRE(candidates.size() == 4);
  CHECK(candidates[0].origin == chiso::data_dir_origin::environment);
  CHECK(candidates[0].path == source_dir);
  CHECK(candidates[1].origin == chiso::data_dir_origin::executable_prefix);
  CHECK(candidates[2].origin == chiso::data_dir_origin::install_prefix);
  CHECK(candidates[3].origin == chiso::data_dir_origin::source_tree);

  CHECK(chiso::shipped_criteria_dir() == source_dir / "criteria");
  // SIPAS in the PAR INDEX, criterion 8.1: 10 points (seed 004, Phụ lục I, lines 678-695).
  const auto tree = chiso::load_criteria(chiso::shipped_criteria("sipas-par-8.1.yaml"));
  CHECK(tree.at("8.1").max == chiso::decimal(10));
  CHECK(tree.at("8.1.3").max == chiso::decimal::from_units(25, 1));
}

TEST_CASE("a CHISO_DATA_DIR without criteria is an error, not a silent fallback") {
  const auto missing = source_dir / "no-such-data-dir";
  const data_dir_env env(missing.string());
  CHECK_THROWS_WITH_AS(
      chiso::shipped_criteria_dir(),
      ("CHISO_DATA_DIR is set to '" + missing.string() +
       "', which has no criteria directory (expected '" + (missing / "criteria").string() + "')")
          .c_str(),
      chiso::error);
}

TEST_CASE("without CHISO_DATA_DIR: beside the program, the install prefix, the source tree") {
  const data_dir_env env(std::nullopt);
  const auto candidates = chiso::data_dir_candidates();
  REQUIRE(candidates.size() == 3);
  // This test program is build/tests/chiso_tests: its prefix is the build directory.
  CHECK(candidates[0].origin == chiso::data_dir_origin::executable_prefix);
  CHECK(candidates[0].path ==
        (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "share" /
         "chiso")
            .lexically_normal());
  CHECK(candidates[1].origin == chiso::data_dir_origin::install_prefix);
  CHECK(candidates[1].path.filename() == "chiso");
  CHECK(candidates[2].origin == chiso::data_dir_origin::source_tree);
  CHECK(candidates[2].path == source_dir);
  // Whichever exists on this machine, it holds the shipped trees.
  CHECK(std::filesystem::is_regular_file(chiso::shipped_criteria_dir() /
                                         "par-index-province-876-seed004.yaml"));
}

TEST_CASE("an empty CHISO_DATA_DIR counts as unset") {
  const data_dir_env env{std::string{}};
  CHECK(chiso::data_dir_candidates().size() == 3);
}

TEST_CASE("a tree that is not shipped is named in the error") {
  const data_dir_env env(source_dir.string());
  CHECK_THROWS_WITH_AS(
      (void)chiso::shipped_criteria("papi-2030.yaml"),
      ("no shipped criterion tree 'papi-2030.yaml' in '" + (source_dir / "criteria").string() + "'")
          .c_str(),
      chiso::error);
}

TEST_CASE("headers and library report the same version, set once in project()") {
  CHECK(chiso::library_version() == CHISO_VERSION_STRING);
  CHECK(std::string(CHISO_VERSION_STRING) == std::to_string(CHISO_VERSION_MAJOR) + "." +
                                                 std::to_string(CHISO_VERSION_MINOR) + "." +
                                                 std::to_string(CHISO_VERSION_PATCH));
  CHECK(CHISO_VERSION ==
        CHISO_VERSION_MAJOR * 10000 + CHISO_VERSION_MINOR * 100 + CHISO_VERSION_PATCH);
}
