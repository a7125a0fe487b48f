// load_sheet_directory_matrix(): a directory of sheets straight into the matrix, one sheet at a
// time, equals unit_matrix::from_sheets() of load_sheet_directory() — cells, states, units,
// printed-figure checks, and every error.
#include <doctest/doctest.h>

#include <chiso/batch.hpp>
#include <chiso/criteria_loader.hpp>
#include <chiso/printed_check.hpp>
#include <chiso/scenario.hpp>
#include <chiso/score.hpp>
#include <chiso/unit_set.hpp>
#include "same_simulation.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

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

// The printed-figure checks of every sheet that states figures, in file order, as the CLI made
// them from the sheets before.
std::vector<std::string> printed_of(const chiso::criterion_tree& tree,
                                    const std::vector<chiso::score_sheet>& sheets) {
  std::vector<std::string> out;
  for (const auto& sheet : sheets) {
    if (sheet.printed.figures.empty()) continue;
    for (const auto& m : chiso::check_printed(tree, sheet, chiso::score(tree, sheet)))
      out.push_back(m.to_diagnostic().to_string());
  }
  return out;
}

std::vector<std::string> printed_of(const std::vector<chiso::printed_mismatch>& found) {
  std::vector<std::string> out;
  for (const auto& m : found) out.push_back(m.to_diagnostic().to_string());
  return out;
}

// Both loaders on one directory: the same matrix, year, stage, files and printed checks.
void check_directory(const fs::path& dir, const chiso::criterion_tree& tree) {
  const auto set = chiso::load_sheet_directory(dir, tree);
  const auto direct = chiso::load_sheet_directory_matrix(dir, tree);
  check_same(direct.units, chiso::unit_matrix::from_sheets(tree, set.sheets));
  CHECK(direct.year == set.year);
  CHECK(direct.stage == set.stage);
  REQUIRE(direct.files.size() == set.sheets.size());
  for (std::size_t u = 0; u < direct.files.size(); ++u)
    CHECK(direct.files[u].string() == *set.sheets[u].where.file);
  CHECK(printed_of(direct.printed) == printed_of(tree, set.sheets));
}

// The error text each loader throws (empty when it loads).
std::string error_of(const fs::path& dir, const chiso::criterion_tree& tree, bool matrix) {
  try {
    if (matrix)
      static_cast<void>(chiso::load_sheet_directory_matrix(dir, tree));
    else
      static_cast<void>(chiso::load_sheet_directory(dir, tree));
  } catch (const chiso::input_error& e) {
    return e.what();
  }
  return {};
}

// A small tree with what a sheet can say that a matrix must turn into cells: nested nodes, a
// rule leaf (raw inputs), per-group criteria, a survey domain.
constexpr const char* tree_yaml = R"(kind: chiso/criteria
format_version: 1
index:
  id: dir-matrix
  name: Directory matrix test
  method: self_assessed
  decimals: 2
criteria:
  - code: "1"
    name: A
    children:
      - {code: "1.1", name: a1, max: 2}
      - {code: "1.2", name: a2, max: 3, not_groups: [huyen]}
  - code: "2"
    name: B
    children:
      - {code: "2.1", name: b1, max: 5}
      - code: "2.2"
        name: b2
        max: 1.5
        rule: {kind: yes_no}
      - code: "2.3"
        name: b3
        groups: [huyen]
        children:
          - {code: "2.3.1", name: x, max: 1.5}
          - {code: "2.3.2", name: y, max: 2.5}
  - code: "3"
    name: C
    method: survey
    children:
      - {code: "3.1", name: c1, max: 4}
      - {code: "3.2", name: c2, max: 4}
)";

struct temp_dir {
  fs::path path;
  explicit temp_dir(const std::string& name) : path(fs::temp_directory_path() / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~temp_dir() { fs::remove_all(path); }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
};

// A random valid sheet of the test tree for unit `u`: points on some leaves (others left out),
// n/a marks on leaves and inner nodes, the rule leaf by its raw input or by points, `missing:
// zero` or `unknown`, `ranked: false` now and then, and sometimes printed figures that may or may
// not agree.
std::string random_sheet(std::mt19937& rng, int u) {
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const bool huyen = pick(0, 1) == 1;
  std::string group = huyen ? "huyen" : "so";
  std::string y = "kind: chiso/scores\nformat_version: 1\ncriteria: dir-matrix\n";
  y += "unit: {id: u" + std::to_string(u) + ", name: \"Đơn vị " + std::to_string(u) +
       "\", group: " + group + (pick(0, 4) == 0 ? ", ranked: false" : "") + "}\n";
  y += "year: 2024\n";
  const bool unknown = pick(0, 1) == 1;
  y += std::string("missing: ") + (unknown ? "unknown" : "zero") + "\n";
  // n/a: none, an inner node (its subtree), or a leaf.
  std::string na;
  switch (pick(0, 3)) {
    case 1:
      na = "1";
      break;
    case 2:
      na = "3";
      break;
    case 3:
      na = "2.1";
      break;
    default:
      break;
  }
  const auto under_na = [&](const std::string& code) {
    return !na.empty() && (code == na || code.rfind(na + ".", 0) == 0);
  };
  struct leaf {
    const char* code;
    int max_cents;
    bool huyen_only, so_only;
  };
  const leaf leaves[] = {{"1.1", 200, false, false},  {"1.2", 300, false, true},
                         {"2.1", 500, false, false},  {"2.3.1", 150, true, false},
                         {"2.3.2", 250, true, false}, {"3.1", 400, false, false},
                         {"3.2", 400, false, false}};
  std::string points;
  for (const auto& l : leaves) {
    if (under_na(l.code) || (l.huyen_only && !huyen) || (l.so_only && huyen)) continue;
    if (pick(0, 4) == 0) continue;  // left out: 0 or unknown
    points += std::string("  \"") + l.code +
              "\": " + chiso::decimal::from_units(pick(0, l.max_cents), 2).to_string() + "\n";
  }
  if (!under_na("2.2")) {
    const int rule = pick(0, 2);
    if (rule == 1)
      points += "  \"2.2\": " + std::string(pick(0, 1) ? "1.5" : "0") + "\n";
    else if (rule == 2)
      y += std::string("inputs: {\"2.2\": {answer: ") + (pick(0, 1) ? "yes" : "no") + "}}\n";
  }
  if (!points.empty()) y += "points:\n" + points;
  if (!na.empty()) y += "not_applicable: [\"" + na + "\"]\n";
  if (pick(0, 3) == 0)
    y += "printed:\n  rounding: half_up\n  points: {\"3\": " +
         chiso::decimal::from_units(pick(0, 800), 2).to_string() + "}\n";
  return y;
}

}  // namespace

TEST_CASE("a sheet directory straight into the matrix: the shipped example directories") {
  const std::string sim = CHISO_SOURCE_DIR "/examples/data/simulation";
  const auto tree = chiso::load_criteria(sim + "/constructed-index.yaml");
  check_directory(sim + "/units", tree);
  const auto direct = chiso::load_sheet_directory_matrix(sim + "/units", tree);
  CHECK(direct.units.unit_count() == 30);
  CHECK(direct.year == 2022);
  CHECK(direct.printed.empty());
  const auto bad_tree = chiso::load_criteria(std::string(CHISO_TEST_DATA) + "/bad/tree.yaml");
  check_directory(std::string(CHISO_TEST_DATA) + "/bad/units", bad_tree);
}

TEST_CASE("a sheet directory straight into the matrix equals from_sheets, on random sheets") {
  const auto tree = chiso::parse_criteria(tree_yaml, "dir-matrix.yaml");
  std::mt19937 rng(15);
  const temp_dir dir("chiso_sheet_directory_matrix_test");
  bool saw_unknown = false, saw_na = false, saw_printed = false, saw_unranked = false;
  for (int round = 0; round < 8; ++round) {
    CAPTURE(round);
    for (const auto& f : fs::directory_iterator(dir.path)) fs::remove(f.path());
    const int units = 1 + static_cast<int>(rng() % 12);
    for (int u = 0; u < units; ++u) {
      // Names out of id order: rows follow the file names.
      std::ofstream(dir.path / ("f" + std::to_string((u * 7) % 13) + "-" + std::to_string(u) +
                                (u % 3 == 0 ? ".yml" : ".yaml")))
          << random_sheet(rng, u);
    }
    check_directory(dir.path, tree);
    const auto direct = chiso::load_sheet_directory_matrix(dir.path, tree);
    saw_printed = saw_printed || !direct.printed.empty();
    for (std::size_t u = 0; u < direct.units.unit_count(); ++u) {
      saw_unranked = saw_unranked || !direct.units.units()[u].ranked;
      for (std::size_t c = 0; c < direct.units.leaf_count(); ++c) {
        saw_unknown = saw_unknown || direct.units.state(u, c) == chiso::cell_state::unknown;
        saw_na = saw_na || direct.units.state(u, c) == chiso::cell_state::not_applicable;
      }
    }
  }
  // The random sheets must exercise what the matrix derives from a sheet, or the test proves
  // little.
  CHECK(saw_unknown);
  CHECK(saw_na);
  CHECK(saw_printed);
  CHECK(saw_unranked);
}

TEST_CASE("a sheet directory straight into the matrix: the same errors as the sheets' loader") {
  const auto tree = chiso::parse_criteria(tree_yaml, "dir-matrix.yaml");
  const temp_dir dir("chiso_sheet_directory_matrix_errors");
  const auto same_error = [&](const fs::path& where) {
    const auto via_sheets = error_of(where, tree, false);
    CHECK_FALSE(via_sheets.empty());
    CHECK(error_of(where, tree, true) == via_sheets);
  };
  same_error(dir.path);           // units-no-sheets
  same_error(dir.path / "none");  // units-not-a-directory
  const auto sheet = [&](const std::string& id, int year, const std::string& extra) {
    return "kind: chiso/scores\nformat_version: 1\ncriteria: dir-matrix\nunit: {id: " + id +
           ", group: so}\nyear: " + std::to_string(year) +
           "\nmissing: zero\npoints: {\"1.1\": 1}\n" + extra;
  };
  std::ofstream(dir.path / "a.yaml") << sheet("a", 2024, "");
  std::ofstream(dir.path / "b.yaml") << sheet("b", 2023, "");               // units-year-differs
  std::ofstream(dir.path / "c.yaml") << sheet("a", 2024, "");               // units-duplicate-sheet
  std::ofstream(dir.path / "d.yaml") << sheet("d", 2024, "stage: nope\n");  // the file's own
  std::ofstream(dir.path / "e.yaml") << sheet("e", 2024, "inputs: {\"2.2\": {answer: maybe}}\n");
  same_error(dir.path);
  const auto text = error_of(dir.path, tree, true);
  CHECK(text.find("units-year-differs") != std::string::npos);
  CHECK(text.find("units-duplicate-sheet") != std::string::npos);
  CHECK(text.find("d.yaml") != std::string::npos);
  CHECK(text.find("e.yaml") != std::string::npos);
}

TEST_CASE("unit_matrix::set_unit replaces a row: a second sheet leaves nothing of the first") {
  const auto tree = chiso::parse_criteria(tree_yaml, "dir-matrix.yaml");
  const auto first = chiso::parse_sheet(
      "kind: chiso/scores\nformat_version: 1\ncriteria: dir-matrix\nunit: {id: h, group: "
      "huyen}\nyear: 2024\nmissing: unknown\npoints: {\"1.1\": 1.5, \"2.3.1\": 1}\n"
      "not_applicable: [\"3\"]\n",
      "h.yaml", tree);
  const auto second = chiso::parse_sheet(
      "kind: chiso/scores\nformat_version: 1\ncriteria: dir-matrix\nunit: {id: s, group: so, "
      "ranked: false}\nyear: 2024\nmissing: zero\npoints: {\"1.2\": 2.25, \"3.2\": 4}\n"
      "inputs: {\"2.2\": {answer: yes}}\n",
      "s.yaml", tree);
  chiso::unit_matrix m(tree, std::vector<chiso::unit_info>(1));
  m.set_unit(0, first);
  m.set_unit(0, second);
  check_same(m, chiso::unit_matrix::from_sheets(tree, std::vector{second}));
  CHECK(m.get(0, m.column_of(*tree.find("2.2"))) == chiso::decimal::from_units(150, 2));
  CHECK(m.state(0, m.column_of(*tree.find("2.3.1"))) == chiso::cell_state::not_applicable);
  CHECK_THROWS_AS(m.set_unit(1, second), chiso::usage_error);
}

TEST_CASE("what_if on a directory's matrix with its files as the sheets equals what_if on them") {
  const auto tree = chiso::parse_criteria(tree_yaml, "dir-matrix.yaml");
  std::mt19937 rng(151);
  const temp_dir dir("chiso_sheet_directory_what_if");
  int inputs_changed = 0, refused = 0;
  for (int round = 0; round < 8; ++round) {
    CAPTURE(round);
    for (const auto& f : fs::directory_iterator(dir.path)) fs::remove(f.path());
    for (int u = 0; u < 10; ++u)
      std::ofstream(dir.path / ("s" + std::to_string(u) + ".yaml")) << random_sheet(rng, u);
    const auto set = chiso::load_sheet_directory(dir.path, tree);
    const auto direct = chiso::load_sheet_directory_matrix(dir.path, tree);
    const auto from_files = [&](std::size_t u) { return chiso::load_sheet(direct.files[u], tree); };
    // A rule's raw input changed where a sheet gives one; lĩnh vực 3 at full points for the
    // units of a round, which a sheet marking it n/a refuses (the matrix alone would not know).
    chiso::scenario s;
    chiso::change rule{chiso::change_kind::rule_input, "2.2", {}, {}, {}, "answer", "yes"};
    chiso::change to_max{chiso::change_kind::to_max, "3", {}, {}, {}, {}, {}};
    for (const auto& sheet : set.sheets) {
      if (!sheet.inputs.empty()) rule.units.ids.push_back(sheet.unit.id);
      if (rng() % 3 == 0) to_max.units.ids.push_back(sheet.unit.id);
    }
    if (!rule.units.ids.empty()) s.changes.push_back(rule);
    if (!to_max.units.ids.empty()) s.changes.push_back(to_max);
    std::string on_sheets, on_matrix;
    std::optional<chiso::what_if_result> expected;
    try {
      expected = chiso::what_if(tree, set.sheets, s);
    } catch (const chiso::input_error& e) {
      on_sheets = e.what();
    }
    if (!expected) {
      ++refused;
      try {
        static_cast<void>(chiso::what_if(direct.units, s, from_files));
      } catch (const chiso::input_error& e) {
        on_matrix = e.what();
      }
      CHECK(on_matrix == on_sheets);
      continue;
    }
    inputs_changed += static_cast<int>(rule.units.ids.size());
    chiso_test::check_same(*expected, chiso::what_if(direct.units, s, from_files));
  }
  CHECK(inputs_changed > 0);
  CHECK(refused > 0);
}
