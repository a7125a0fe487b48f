// What each fuzz target does with its input: one reader, then the first use of what it read.
// Shared by the libFuzzer targets (fuzz/*_fuzz.cpp) and the regression test that replays their
// findings (tests/fuzz_regressions_test.cpp), so that a saved input is replayed exactly.
#pragma once

#include "fuzz_support.hpp"

#include <array>
#include <utility>

namespace chiso::fuzz {

/// Criteria files, then collapsing, which walks every node and its rules.
inline void read_criteria(std::string_view text) {
  const auto tree = parse_criteria(text, "fuzz.yaml");
  (void)collapse(tree, 1);
}

/// Score sheets against the shipped tree named by their `criteria:`, then scored.
inline void read_sheet(std::string_view text) {
  struct fixture {
    std::string_view id;
    criterion_tree tree;
  };
  // Longer ids first: "sipas-par-8.1-survey" also mentions "sipas-par-8.1".
  static const std::vector<fixture> trees = [] {
    std::vector<fixture> v;
    v.push_back({"par-index-province-876-seed004",
                 shipped_tree("criteria/par-index-province-876-seed004.yaml")});
    v.push_back({"sipas-par-8.1-survey", shipped_tree("tests/data/sipas-par-8.1-survey.yaml")});
    v.push_back({"sipas-par-8.1", shipped_tree("criteria/sipas-par-8.1.yaml")});
    v.push_back({"papi-2011", shipped_tree("criteria/papi-2011-2017.yaml")});
    v.push_back({"example-so", shipped_tree("criteria/example-so.yaml")});
    v.push_back({"can-tho-rules-illustrative",
                 shipped_tree("examples/rules_test/can-tho-rules-illustrative.yaml")});
    v.push_back(
        {"constructed-index", shipped_tree("examples/data/simulation/constructed-index.yaml")});
    return v;
  }();
  const auto* chosen = &trees.back();
  for (const auto& f : trees)
    if (mentions(text, f.id)) {
      chosen = &f;
      break;
    }
  const auto sheet = parse_sheet(text, "fuzz.yaml", chosen->tree);
  (void)score(chosen->tree, sheet);
}

/// The sipas tree for CSV files naming its 8.1.x leaves, else the constructed 100-point tree.
inline const criterion_tree& csv_tree(std::string_view text) {
  static const auto sipas = shipped_tree("criteria/sipas-par-8.1.yaml");
  static const auto so_huyen = shipped_tree("examples/data/so-huyen-constructed-criteria.yaml");
  return mentions(text, "8.1.") ? sipas : so_huyen;
}

/// Every missing-value policy is reached; which one depends only on the input.
inline csv_options csv_options_for(std::string_view text) {
  csv_options o;
  o.year = 2023;
  o.missing = static_cast<missing_policy>(text.size() % 3);
  return o;
}

/// Units CSV (long and wide form) read into score sheets, each then scored.
inline void read_units_csv(std::string_view text) {
  const auto& tree = csv_tree(text);
  const auto units = parse_units_csv(text, "fuzz.csv", tree, csv_options_for(text));
  for (const auto& sheet : units.sheets) (void)score(tree, sheet);
}

/// Units CSV read straight into a unit_matrix, then batch-scored.
inline void read_unit_matrix_csv(std::string_view text) {
  const auto& tree = csv_tree(text);
  const auto matrix = parse_unit_matrix_csv(text, "fuzz.csv", tree, csv_options_for(text));
  (void)score_batch(matrix);
}

inline void read_bands(std::string_view text) {
  (void)parse_bands(text, "fuzz.yaml");
}

/// Catalogs, their relative paths resolved in the shipped criteria/.
inline void read_catalog(std::string_view text) {
  (void)parse_catalog(text, "fuzz.yaml", source_dir() / "criteria");
}

/// Scenarios over the seed 004 tree.
inline void read_scenario(std::string_view text) {
  static const auto tree = shipped_tree("criteria/par-index-province-876-seed004.yaml");
  static const std::vector<unit_info> units = {{"can-tho", "Cần Thơ", "tinh", true},
                                               {"hau-giang", "Hậu Giang", "tinh", true}};
  (void)parse_scenario(text, "fuzz.yaml", tree, units);
}

/// Plans over the constructed index and its units p01…p30.
inline void read_plan(std::string_view text) {
  static const auto tree = shipped_tree("examples/data/simulation/constructed-index.yaml");
  static const auto units = [] {
    std::vector<unit_info> v;
    for (int i = 1; i <= 30; ++i) {
      const auto id = std::string(i < 10 ? "p0" : "p") + std::to_string(i);
      v.push_back({id, "Tỉnh " + id, "tinh", true});
    }
    return v;
  }();
  (void)parse_plan_request(text, "fuzz.yaml", tree, units);
}

/// Uncertainty run files over the constructed index.
inline void read_uncertainty(std::string_view text) {
  static const auto tree = shipped_tree("examples/data/simulation/constructed-index.yaml");
  (void)parse_uncertainty_spec(text, "fuzz.yaml", tree);
}

inline void read_unit_mappings(std::string_view text) {
  (void)parse_unit_mappings(text, "fuzz.yaml");
}

/// Target name (fuzz/CMakeLists.txt, tests/data/fuzz-regressions/<name>/) → what it runs.
inline constexpr std::array<std::pair<std::string_view, void (*)(std::string_view)>, 10> readers{{
    {"criteria", read_criteria},
    {"sheet", read_sheet},
    {"units_csv", read_units_csv},
    {"unit_matrix_csv", read_unit_matrix_csv},
    {"bands", read_bands},
    {"catalog", read_catalog},
    {"scenario", read_scenario},
    {"plan", read_plan},
    {"uncertainty", read_uncertainty},
    {"unit_mappings", read_unit_mappings},
}};

}  // namespace chiso::fuzz
