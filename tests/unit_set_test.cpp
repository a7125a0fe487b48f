#include "chiso/unit_set.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <string>

#include "chiso/batch.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/ranking.hpp"

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

TEST_CASE("wide CSV, missing = unknown: an empty cell is not published — the unit gets no rank") {
  const auto tree = sipas();
  auto unknown = options();
  unknown.missing = chiso::missing_policy::unknown;
  const std::string text =
      "unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n"
      "a,1.2,1.2,2.1,2,1.5\n"
      "b,1.5,,2.5,2.5,2\n"  // 8.1.2 not published
      "c,1,1,2,2,n/a\n";
  CHECK_THROWS_AS((void)chiso::parse_units_csv(text, "units.csv", tree, options()),
                  chiso::input_error);
  const auto set = chiso::parse_units_csv(text, "units.csv", tree, unknown);
  const auto m = chiso::unit_matrix::from_sheets(tree, set.sheets);
  CHECK(m.state(1, 1) == chiso::cell_state::unknown);
  CHECK(m.state(2, 4) == chiso::cell_state::not_applicable);
  CHECK(m.state(1, 2) == chiso::cell_state::known);
  CHECK_FALSE(m.get(1, 1).has_value());
  const auto b = chiso::score_batch(m);
  const auto total = b.at(1, 0);
  CHECK_FALSE(total.points.has_value());
  CHECK_FALSE(total.gap.has_value());
  CHECK(total.max == chiso::decimal(10));  // the maximum is still known
  CHECK_FALSE(total.complete);
  CHECK(b.at(1, *tree.find("8.1.3")).points == *chiso::decimal::parse("2.5"));
  const auto ranks = chiso::rank(b.values(0));
  CHECK(ranks.ranked_count() == 2);
  CHECK(ranks.label(1) == "–");
  CHECK(ranks.label(0) == "1/2");  // 8,0 of 10 beats c's 6,0 of 8
  // Setting the cell makes it known again.
  auto filled = m;
  filled.set(1, 1, *chiso::decimal::parse("1.5"));
  CHECK(filled.state(1, 1) == chiso::cell_state::known);
  CHECK(chiso::score_batch(filled).at(1, 0).points == chiso::decimal(10));
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
      // 8.1.3's row (line 5) is rejected, reported there: not also "no rows for 8.1.3", nor the
      // suggestion for 8.1.9.
      "long.csv:2:1: error[points-missing]: unit 'a': no rows for 8.1.4, 8.1.5 (add "
      "them, with n/a where a criterion does not apply, or read the file with --missing zero to "
      "score them 0, or --missing unknown if they were not published)\n"
      "long.csv:2:9: error[csv-decimal-mark]: unit 'a', criterion '8.1.1': '1,2' has a decimal "
      "comma, but this file (',' separator, decimal point) writes decimals with a point: write "
      "1.2\n"
      "long.csv:3:3: error[unknown-criterion]: unknown criterion '8.1.9' (not in criteria "
      "'sipas-par-8.1'); did you mean '8.1.4'?\n"
      "long.csv:4:3: error[points-above-max]: criterion '8.1.2': points 1.6 exceed its max 1.5\n"
      "long.csv:4:13: error[csv-attribute-differs]: unit 'a': group 'huyen' differs from 'so' on "
      "its first row (line 2)\n"
      "long.csv:5:9: error[csv-row-width]: row has 3 fields, the header has 4: no cell for "
      "'group' (column 4)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(chiso::parse_units_csv("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.55,8.1\n",
                                               "wide.csv", tree, options())),
      "wide.csv:1:30: error[csv-unknown-criterion]: header: unknown criterion '8.1.55' (not in "
      "criteria 'sipas-par-8.1'); did you mean '8.1.5'?\n"
      "wide.csv:1:37: error[csv-not-leaf]: header: criterion '8.1' has sub-criteria: give a "
      "column per leaf, or cut the tree at its level (collapse(tree, 1); chiso --depth 1)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(
          chiso::parse_units_csv("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\nb,1,1,1,,1\nb,1,1,1,1,1\n",
                                 "wide.csv", tree, options())),
      "wide.csv:2:9: error[csv-empty-cell]: unit 'b': empty cell for criterion '8.1.4': write "
      "its points, or n/a if it does not apply (--missing zero reads empty cells as 0, "
      "--missing unknown as not published)\n"
      "wide.csv:3:1: error[csv-duplicate-unit]: unit 'b' has a second row "
      "(first on line 2)",
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
  write("b.yml", "so-b", "final");  // editors and Windows save .yml and .YAML as often
  write("d.YAML", "so-d", "final");
  std::ofstream(dir / "notes.txt") << "not a sheet";
  const auto set = chiso::load_sheet_directory(dir, tree);
  REQUIRE(set.sheets.size() == 3);
  CHECK(set.sheets[1].unit.id == "so-b");
  CHECK(set.sheets[2].unit.id == "so-d");
  std::filesystem::remove(dir / "d.YAML");
  write("c.yaml", "so-a", "appraised");
  const auto c = (dir / "c.yaml").string();
  const std::string expected =
      c +
      ":1:1: error[units-year-differs]: sheet of unit 'so-a' is for 2022 appraised, the others "
      "for 2022 final\n" +
      c + ":1:1: error[units-duplicate-sheet]: unit 'so-a' already has a sheet: " +
      (dir / "a.yaml").string();
  CHECK_THROWS_WITH_AS(static_cast<void>(chiso::load_sheet_directory(dir, tree)), expected.c_str(),
                       chiso::input_error);
  std::filesystem::remove_all(dir);
}

namespace {

// Two matrices hold the same units, cells and cell states.
void check_same(const chiso::unit_matrix& a, const chiso::unit_matrix& b) {
  REQUIRE(a.unit_count() == b.unit_count());
  REQUIRE(a.leaf_count() == b.leaf_count());
  for (std::size_t u = 0; u < a.unit_count(); ++u) {
    CAPTURE(u);
    CHECK(a.units()[u].id == b.units()[u].id);
    CHECK(a.units()[u].name == b.units()[u].name);
    CHECK(a.units()[u].group == b.units()[u].group);
    CHECK(a.units()[u].ranked == b.units()[u].ranked);
    for (std::size_t c = 0; c < a.leaf_count(); ++c) {
      CAPTURE(c);
      CHECK(a.state(u, c) == b.state(u, c));
      CHECK(a.get(u, c) == b.get(u, c));
    }
  }
  CHECK(a.cells() == b.cells());
}

chiso::unit_matrix via_sheets(const std::string& text, const chiso::criterion_tree& tree,
                              const chiso::csv_options& o) {
  return chiso::unit_matrix::from_sheets(tree,
                                         chiso::parse_units_csv(text, "u.csv", tree, o).sheets);
}

}  // namespace

TEST_CASE("CSV straight into the matrix equals the sheets' path, on random wide files") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/par-index-province-2948.yaml");
  std::mt19937 rng(7);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (auto missing : {chiso::missing_policy::zero, chiso::missing_policy::unknown}) {
    std::string text = "unit,name,ranked";
    for (auto leaf : tree.leaves()) text += "," + tree[leaf].code;
    text += "\n";
    for (int u = 0; u < 200; ++u) {
      text += "u" + std::to_string(u) + ",\"Đơn vị " + std::to_string(u) + ", tỉnh\"," +
              (u % 7 ? "true" : "false");
      for (auto leaf : tree.leaves()) {
        const int kind = pick(0, 9);
        const auto max = tree[leaf].max->with_scale(2).units();
        text +=
            kind == 0 ? ","
            : kind == 1
                ? ",n/a"
                : "," + chiso::decimal::from_units(pick(0, static_cast<int>(max)), 2).to_string();
      }
      text += u % 5 ? "\n" : "\r\n";
    }
    CAPTURE(static_cast<int>(missing));
    const chiso::csv_options o{2017, chiso::scoring_stage::final, missing};
    check_same(chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), via_sheets(text, tree, o));
  }
}

TEST_CASE("CSV straight into the matrix: the fixtures and PAPI 2022 as the sheets' path") {
  const auto tree = sipas();
  const std::string wide =
      "unit,name,group,ranked,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n"
      "so-a,\"Sở A, thành phố\",so,true,1.2,1.2,2.1,2,1.5\n"
      "so-b,Sở B,so,false,1.5,1.5,2.5,2.5,n/a\r\n";
  check_same(chiso::parse_unit_matrix_csv(wide, "u.csv", tree, options()),
             via_sheets(wide, tree, options()));
  // Long form: straight into the matrix too (tests/csv_long_reader_test.cpp has the rest).
  const std::string long_form = "unit,code,points\nx,8.1.1,1\nx,8.1.2,n/a\n";
  auto zero = options();
  zero.missing = chiso::missing_policy::zero;
  check_same(chiso::parse_unit_matrix_csv(long_form, "u.csv", tree, zero),
             via_sheets(long_form, tree, zero));

  const auto papi =
      chiso::collapse(chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/papi-2021.yaml"), 1);
  const chiso::csv_options unknown{2022, chiso::scoring_stage::final,
                                   chiso::missing_policy::unknown};
  const auto file = CHISO_SOURCE_DIR "/examples/data/papi/2022-dimensions.csv";
  const auto direct = chiso::load_unit_matrix_csv(file, papi, unknown);
  check_same(direct, chiso::unit_matrix::from_sheets(
                         papi, chiso::load_units_csv(file, papi, unknown).sheets));
  CHECK(chiso::rank(chiso::score_batch(direct).values(0)).ranked_count() == 61);
}

TEST_CASE("CSV straight into the matrix reports what the sheets' path reports") {
  const auto tree = sipas();
  for (const std::string& text : {
           std::string("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\nb,1,1,1,,1\nb,1,1,1,1,1\n"),
           std::string("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n"
                       "a,1.6,\"1,2\",-1,1.12345,1\n"
                       ",1,1,1,1,1\n"
                       "c,1,1,1\n"
                       "d,1,1,\"1\"x,1,1\n"
                       "e,1,1,1,1,\"2\n"),
           std::string("unit,group,ranked,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n"
                       "a,so,maybe,1,1,1,1,1\n"
                       "b,so,true,,,,,,\n"
                       "c,so,true,,,,,\n"),
           std::string("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.55,8.1\n"),
           std::string(""),
           // Spreadsheet dialects and encodings (tests/csv_dialect_test.cpp has the rest).
           std::string("unit;8.1.1;8.1.2;8.1.3;8.1.4;8.1.5;;\n;;;;;;;\na;1.5;1;2;2;1;;\n"
                       "b;1,5;1;2;2;1;;x\n"),
           std::string("unit,x-note,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n"
                       "so\xCC\x9B\xCC\x89,a,1,1,2,2,1\ns\xE1\xBB\x9F,b,1,1,2,2,1\n"
                       "c,\xC2\xA0,\xC2\xA0"
                       "1\xC2\xA0,1,2,2,1\nd\xC2\xA0"
                       "e,,1,1,2,2,1\n"),
           std::string("unit,name,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\na,S\xF5\xD2,1,1,2,2,1\n"),
           std::string("\xFF\xFEu\0n\0", 6),
       }) {
    CAPTURE(text);
    std::string from_sheets, direct;
    try {
      (void)chiso::parse_units_csv(text, "e.csv", tree, options());
    } catch (const chiso::input_error& e) {
      from_sheets = e.what();
    }
    try {
      (void)chiso::parse_unit_matrix_csv(text, "e.csv", tree, options());
    } catch (const chiso::input_error& e) {
      direct = e.what();
    }
    CHECK_FALSE(from_sheets.empty());
    CHECK(direct == from_sheets);
  }
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

TEST_CASE("CSV loading reports the bytes read, about a hundred times at most") {
  const auto tree = sipas();
  std::string text = "unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n";
  for (int u = 0; u < 1000; ++u) text += "u" + std::to_string(u) + ",1,1,2,2,1.5\n";
  for (const bool direct : {false, true}) {
    CAPTURE(direct);
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    const auto record = [&](std::size_t done, std::size_t total) {
      calls.emplace_back(done, total);
    };
    const auto units =
        direct ? chiso::parse_unit_matrix_csv(text, "p.csv", tree, options(), record).unit_count()
               : chiso::parse_units_csv(text, "p.csv", tree, options(), record).sheets.size();
    CHECK(units == 1000);
    REQUIRE(calls.size() >= 50);
    CHECK(calls.size() <= 102);
    CHECK(calls.front() == std::pair<std::size_t, std::size_t>(0, text.size()));
    CHECK(calls.back() == std::pair<std::size_t, std::size_t>(text.size(), text.size()));
    for (std::size_t k = 1; k < calls.size(); ++k) CHECK(calls[k].first >= calls[k - 1].first);
  }
}

TEST_CASE("CSV straight into the matrix: a leaf without a column is missing, as in a sheet") {
  const auto tree = sipas();
  const std::string text = "unit,8.1.1,8.1.2,8.1.3,8.1.4\na,1,1,1,1\n";  // no 8.1.5 column
  for (auto missing : {chiso::missing_policy::zero, chiso::missing_policy::unknown}) {
    CAPTURE(static_cast<int>(missing));
    const chiso::csv_options o{2022, chiso::scoring_stage::final, missing};
    check_same(chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), via_sheets(text, tree, o));
  }
  const auto m = chiso::parse_unit_matrix_csv(
      text, "u.csv", tree, {2022, chiso::scoring_stage::final, chiso::missing_policy::unknown});
  CHECK(m.state(0, 4) == chiso::cell_state::unknown);
  std::string sheets_error, direct_error;
  try {
    (void)chiso::parse_units_csv(text, "u.csv", tree, options());
  } catch (const chiso::input_error& e) {
    sheets_error = e.what();
  }
  try {
    (void)chiso::parse_unit_matrix_csv(text, "u.csv", tree, options());
  } catch (const chiso::input_error& e) {
    direct_error = e.what();
  }
  CHECK(direct_error ==
        "u.csv:1:1: error[csv-missing-criterion-column]: header: no column for criterion '8.1.5' "
        "(units without its points: 1): add the column, or read the file with --missing zero to "
        "score it 0, or --missing unknown if it was not published");
  CHECK(direct_error == sheets_error);
}

TEST_CASE("CSV straight into the matrix: a value too large for a cell is an error at its cell") {
  // PAR INDEX 876 cut at its lĩnh vực: their maxima are unknown, so nothing bounds a value.
  const auto tree = chiso::collapse(
      chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/par-index-province-876.yaml"), 1);
  std::string header = "unit";
  for (auto leaf : tree.leaves()) header += "," + tree[leaf].code;
  const std::string text =
      header + "\nbad,x,1,1,1,1,1,1,1\n" + "a,99999999999999999,300000,1,1,1,1,1,1\n";
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_unit_matrix_csv(text, "f.csv", tree, options()),
      "f.csv:2:5: error[csv-not-a-number]: unit 'bad', criterion '1' must be a decimal number or "
      "n/a, not 'x'\n"
      "f.csv:3:3: error[engine-limit]: criterion '1': points 99999999999999999 do not fit the "
      "scoring engine's 32-bit cells at 4 decimals\n"
      "f.csv:3:21: error[engine-limit]: criterion '2': points 300000 do not fit the scoring "
      "engine's 32-bit cells at 4 decimals",
      chiso::input_error);
}

TEST_CASE("unit_matrix: a failed set leaves the cell as it was — set_states checks its unit") {
  const auto tree = sipas();
  chiso::unit_matrix m(tree, {{"a", "", "", true}});
  m.set_unknown(0, 0);
  CHECK_THROWS_AS(m.set(0, 0, *chiso::decimal::parse("1.123456")), chiso::usage_error);
  CHECK(m.state(0, 0) == chiso::cell_state::unknown);
  m.set(0, 0, *chiso::decimal::parse("1.25"));
  CHECK(m.state(0, 0) == chiso::cell_state::known);
  CHECK_THROWS_AS(m.set_states(7, std::vector<chiso::cell_state>(5, chiso::cell_state::unknown)),
                  chiso::usage_error);
  CHECK_THROWS_AS(m.set_states(0, std::vector<chiso::cell_state>(4, chiso::cell_state::unknown)),
                  chiso::usage_error);
}
