#include "chiso/unit_set.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "chiso/batch.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"

namespace {

chiso::criterion_tree sipas() {
  return chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
}

chiso::csv_options options() {
  return {2022, chiso::scoring_stage::final, chiso::missing_policy::error};
}

}  // namespace

TEST_CASE("wide CSV: one row per unit, attributes and n/a") {
  const auto tree = sipas();
  const auto set = chiso::parse_units_csv(
      "unit,name,group,ranked,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n"
      "so-a,\"Sở A, thành phố\",so,true,1.2,1.2,2.1,2,1.5\n"
      "so-b,Sở B,so,false,1.5,1.5,2.5,2.5,n/a\r\n",
      "units.csv", tree, options());
  REQUIRE(set.sheets.size() == 2);
  CHECK(set.sheets[0].unit.name == "Sở A, thành phố");
  CHECK(set.sheets[1].unit.ranked == false);
  CHECK(set.sheets[1].not_applicable.size() == 1);
  const auto m = chiso::unit_matrix::from_sheets(tree, set.sheets);
  const auto b = chiso::score_batch(m);
  CHECK(b.at(0, 0).points == *chiso::decimal::parse("8"));
  CHECK(b.at(1, 0).max == chiso::decimal(8));  // 8.1.5 (2 points) not applicable
}

TEST_CASE("long CSV: unit,code,points rows gather into sheets") {
  const auto tree = sipas();
  std::string text = "unit,code,points,group\n";
  for (const char* code : {"8.1.1", "8.1.2", "8.1.3", "8.1.4", "8.1.5"})
    text += std::string("huyen-x,") + code + ",1,huyen\n";
  const auto set = chiso::parse_units_csv(text, "long.csv", tree, options());
  REQUIRE(set.sheets.size() == 1);
  CHECK(set.sheets[0].unit.group == "huyen");
  CHECK(set.sheets[0].points.size() == 5);
  CHECK(set.year == 2022);
}

TEST_CASE("CSV errors are located file:line:col and reported together") {
  const auto tree = sipas();
  CHECK_THROWS_WITH_AS(
      static_cast<void>(chiso::parse_units_csv("unit,code,points,group\n"
                                               "a,8.1.1,\"1,2\",so\n"
                                               "a,8.1.9,1,so\n"
                                               "a,8.1.2,1.6,huyen\n"
                                               "a,8.1.3,1\n",
                                               "long.csv", tree, options())),
      "long.csv:2:1: error: unit 'a': no points and not marked not_applicable: 8.1.1, 8.1.3, "
      "8.1.4, 8.1.5 (add them, or set 'missing: zero' to score them 0)\n"
      "long.csv:2:9: error: unit 'a', criterion '8.1.1' must be a decimal number or n/a, not "
      "'1,2' (write decimals with a point: 1.2)\n"
      "long.csv:3:3: error: unknown criterion '8.1.9' (not in criteria 'sipas-par-8.1'); did you "
      "mean '8.1.1'?\n"
      "long.csv:4:3: error: criterion '8.1.2': points 1.6 exceed its max 1.5\n"
      "long.csv:4:13: error: unit 'a': group 'huyen' differs from 'so' on its first row (line 2)\n"
      "long.csv:5:1: error: row has 3 fields, the header has 4",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(chiso::parse_units_csv("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.55,8.1\n",
                                               "wide.csv", tree, options())),
      "wide.csv:1:30: error: header: unknown criterion '8.1.55' (not in criteria "
      "'sipas-par-8.1'); did you mean '8.1.5'?\n"
      "wide.csv:1:37: error: header: criterion '8.1' has sub-criteria: give a "
      "column per leaf, or cut the tree at its level (collapse(tree, 1); chiso --depth 1)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(static_cast<void>(chiso::parse_units_csv(
                           "unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\nb,1,1,1,,1\nb,1,1,1,1,1\n",
                           "wide.csv", tree, options())),
                       "wide.csv:2:1: error: unit 'b': no points and not marked not_applicable: "
                       "8.1.4 (add them, or set 'missing: zero' to score them 0)\n"
                       "wide.csv:3:1: error: unit 'b' has a second row (first on line 2)",
                       chiso::input_error);
}

TEST_CASE("a directory of YAML sheets") {
  const auto tree = sipas();
  const auto dir = std::filesystem::temp_directory_path() / "chiso_unit_set_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto write = [&](const char* name, const std::string& unit, const char* stage) {
    std::ofstream(dir / name) << "kind: chiso/scores\nformat_version: 1\ncriteria: sipas-par-8.1\n"
                                 "unit: {id: " +
                                     unit + ", group: so}\nyear: 2022\nstage: " + stage +
                                     "\nmissing: zero\npoints: {\"8.1.1\": 1.5}\n";
  };
  write("a.yaml", "so-a", "final");
  write("b.yaml", "so-b", "final");
  std::ofstream(dir / "notes.txt") << "not a sheet";
  const auto set = chiso::load_sheet_directory(dir, tree);
  REQUIRE(set.sheets.size() == 2);
  CHECK(set.sheets[1].unit.id == "so-b");
  write("c.yaml", "so-a", "appraised");
  const auto c = (dir / "c.yaml").string();
  const std::string expected =
      c + ":1:1: error: sheet of unit 'so-a' is for 2022 appraised, the others for 2022 final\n" +
      c + ":1:1: error: unit 'so-a' already has a sheet: " + (dir / "a.yaml").string();
  CHECK_THROWS_WITH_AS(static_cast<void>(chiso::load_sheet_directory(dir, tree)), expected.c_str(),
                       chiso::input_error);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a directory of YAML sheets: progress counts the files") {
  const auto tree = chiso::load_criteria(std::string(CHISO_SOURCE_DIR) +
                                         "/examples/data/simulation/constructed-index.yaml");
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  const auto set = chiso::load_sheet_directory(
      std::string(CHISO_SOURCE_DIR) + "/examples/data/simulation/units", tree,
      [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  REQUIRE(set.sheets.size() == 30);
  // 30 files: each one reported, from 0 to 30.
  REQUIRE(calls.size() == 31);
  for (std::size_t k = 0; k < calls.size(); ++k)
    CHECK(calls[k] == std::pair<std::size_t, std::size_t>(k, 30));
}
