// Per-group applicability: a criterion with `groups:` / `not_groups:` is not applicable to units
// of other groups, in score() and in the batch engine alike.
#include <doctest/doctest.h>

#include "chiso/batch.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/scenario.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/unit_set.hpp"

namespace {

// One tree for sở and huyện: 3 (communes) applies to huyện only, 2.2 not to huyện.
const char* shared_tree = R"(kind: chiso/criteria
format_version: 1
index: {id: so-huyen, name: Sở và huyện, method: self_assessed, decimals: 2}
criteria:
  - code: "1"
    name: Chỉ đạo điều hành
    children:
      - {code: "1.1", name: Kế hoạch, max: 6}
      - {code: "1.2", name: Báo cáo, max: 4}
  - code: "2"
    name: Thủ tục hành chính
    children:
      - {code: "2.1", name: Công khai, max: 5}
      - {code: "2.2", name: Rà soát văn bản của sở, max: 5, not_groups: [huyen]}
  - code: "3"
    name: Cấp xã
    groups: [huyen]
    children:
      - {code: "3.1", name: Xã đạt chuẩn, max: 10}
)";

chiso::score_sheet sheet_of(const chiso::criterion_tree& tree, const std::string& body) {
  return chiso::parse_sheet(
      "kind: chiso/scores\nformat_version: 1\ncriteria: so-huyen\nyear: 2024\n" + body, "s.yaml",
      tree);
}

std::vector<std::string> codes_of(const chiso::input_error& e) {
  std::vector<std::string> out;
  for (const auto& d : e.diagnostics()) out.push_back(d.code);
  return out;
}

}  // namespace

TEST_CASE("a sở and a huyện on one tree: n/a follows from the unit's group") {
  const auto tree = chiso::parse_criteria(shared_tree, "t.yaml");
  CHECK(chiso::has_group_applicability(tree));
  const auto so = sheet_of(tree, R"(unit: {id: so-tp, group: so}
points: {"1.1": 6, "1.2": 3, "2.1": 4, "2.2": 5}
)");
  const auto huyen = sheet_of(tree, R"(unit: {id: h-phong-dien, group: huyen}
points: {"1.1": 5, "2.1": 5, "3.1": 7.5}
not_applicable: ["1.2"]
)");
  const auto s = chiso::score(tree, so);
  // Sở: 3 is not applicable, so the maximum is 6 + 4 + 5 + 5 = 20; 18 points = 90%.
  CHECK_FALSE(s[*tree.find("3")].applicable);
  CHECK(s.total().max == chiso::decimal(20));
  CHECK(s.total().points == chiso::decimal(18));
  CHECK(s.total().percent() == chiso::rational(90));
  const auto h = chiso::score(tree, huyen);
  // Huyện: 2.2 by its group, 1.2 by the sheet: max 6 + 5 + 10 = 21, points 5 + 5 + 7.5 = 17.5.
  CHECK_FALSE(h[*tree.find("2.2")].applicable);
  CHECK_FALSE(h[*tree.find("1.2")].applicable);
  CHECK(h[*tree.find("2")].max == chiso::decimal(5));
  CHECK(h.total().max == chiso::decimal(21));
  CHECK(h.total().points == *chiso::decimal::parse("17.5"));

  // The batch engine agrees node by node.
  const std::vector<chiso::score_sheet> sheets = {so, huyen};
  const auto matrix = chiso::unit_matrix::from_sheets(tree, sheets);
  const auto batch = chiso::score_batch(matrix);
  for (std::size_t u = 0; u < 2; ++u) {
    const auto card = chiso::score(tree, sheets[u]);
    for (std::size_t i = 0; i < tree.size(); ++i) {
      INFO("unit " << u << " node '" << tree[i].code << "'");
      CHECK(batch.at(u, i).applicable == card.scores[i].applicable);
      CHECK(batch.at(u, i).points == card.scores[i].points);
      CHECK(batch.at(u, i).max == card.scores[i].max);
    }
  }
}

TEST_CASE("points for a criterion the unit's group is not scored on are refused") {
  const auto tree = chiso::parse_criteria(shared_tree, "t.yaml");
  try {
    (void)sheet_of(tree, R"(unit: {id: so-tp, group: so}
points: {"1.1": 6, "1.2": 3, "2.1": 4, "2.2": 5, "3.1": 2}
)");
    FAIL("expected an input_error");
  } catch (const chiso::input_error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const auto& d = e.diagnostics().front();
    CHECK(d.code == "not-applicable-to-group");
    CHECK(d.unit == "so-tp");
    CHECK(d.criterion == "3.1");
    CHECK(d.message ==
          "criterion '3.1' does not apply to units of group 'so' ('3' has groups: [huyen]): "
          "remove its points");
  }
  // A unit without a group cannot be placed on such a tree.
  try {
    (void)sheet_of(tree, R"(unit: {id: x}
points: {"1.1": 6, "1.2": 3, "2.1": 4, "2.2": 5, "3.1": 2}
)");
    FAIL("expected an input_error");
  } catch (const chiso::input_error& e) {
    CHECK(codes_of(e) == std::vector<std::string>{"unit-group-missing"});
  }
}

TEST_CASE("the CSV matrix reader applies groups as the sheet path does") {
  const auto tree = chiso::parse_criteria(shared_tree, "t.yaml");
  // Empty cells of criteria a group is not scored on are not missing.
  const std::string csv =
      "unit,group,1.1,1.2,2.1,2.2,3.1\n"
      "so-a,so,6,3,4,5,\n"
      "so-b,so,5,4,5,n/a,\n"
      "h-a,huyen,5,n/a,5,,7.5\n"
      "h-b,huyen,6,4,5,,10\n";
  const chiso::csv_options options{2024, chiso::scoring_stage::final, chiso::missing_policy::error};
  const auto matrix = chiso::parse_unit_matrix_csv(csv, "u.csv", tree, options);
  const auto set = chiso::parse_units_csv(csv, "u.csv", tree, options);
  const auto batch = chiso::score_batch(matrix);
  REQUIRE(set.sheets.size() == 4);
  for (std::size_t u = 0; u < 4; ++u) {
    const auto card = chiso::score(tree, set.sheets[u]);
    for (std::size_t i = 0; i < tree.size(); ++i) {
      INFO("unit " << u << " node '" << tree[i].code << "'");
      CHECK(batch.at(u, i).applicable == card.scores[i].applicable);
      CHECK(batch.at(u, i).points == card.scores[i].points);
      CHECK(batch.at(u, i).max == card.scores[i].max);
    }
  }
  // h-b: 6 + 4 + 5 + 10 = 25 of 6 + 4 + 5 + 10 = 25; so-b: 5 + 4 + 5 = 14 of 15.
  CHECK(batch.at(3, 0).points == chiso::decimal(25));
  CHECK(batch.at(3, 0).max == chiso::decimal(25));
  CHECK(batch.at(1, 0).max == chiso::decimal(15));

  // A value where the group is not scored is an error in both readers, with its position.
  const std::string bad = "unit,group,1.1,1.2,2.1,2.2,3.1\nso-a,so,6,3,4,5,2\n";
  for (const bool matrix_path : {true, false}) {
    INFO("matrix path " << matrix_path);
    try {
      if (matrix_path)
        (void)chiso::parse_unit_matrix_csv(bad, "u.csv", tree, options);
      else
        (void)chiso::parse_units_csv(bad, "u.csv", tree, options);
      FAIL("expected an input_error");
    } catch (const chiso::input_error& e) {
      REQUIRE(e.diagnostics().size() == 1);
      const auto& d = e.diagnostics().front();
      CHECK(d.message ==
            "criterion '3.1' does not apply to units of group 'so' ('3' has groups: [huyen]): "
            "remove its points");
      CHECK(d.where.line == 2);
      CHECK(d.where.column == 17);
      // The sheet path re-reports the sheet's diagnostics; the matrix path keeps the code.
      if (matrix_path) CHECK(d.code == "not-applicable-to-group");
    }
  }
}

TEST_CASE("groups and not_groups are checked when the tree loads") {
  const auto codes_for = [](const std::string& node) {
    try {
      (void)chiso::parse_criteria(
          "kind: chiso/criteria\nformat_version: 1\nindex: {id: t, name: T, method: "
          "self_assessed}\ncriteria:\n  - " +
              node + "\n",
          "t.yaml");
    } catch (const chiso::input_error& e) {
      return codes_of(e);
    }
    return std::vector<std::string>{};
  };
  CHECK(codes_for("{code: \"1\", name: A, max: 1, groups: [so], not_groups: [huyen]}") ==
        std::vector<std::string>{"criterion-groups"});
  CHECK(codes_for("{code: \"1\", name: A, max: 1, groups: []}") ==
        std::vector<std::string>{"criterion-groups"});
  CHECK(codes_for("{code: \"1\", name: A, max: 1, groups: [so, so]}") ==
        std::vector<std::string>{"criterion-groups"});
  CHECK(codes_for("{code: \"1\", name: A, max: 1, groups: so}") ==
        std::vector<std::string>{"criterion-groups"});
  CHECK(codes_for("{code: \"1\", name: A, max: 1, not_groups: [xa]}").empty());
}

// A scenario's changes follow the unit's group like score() does: `to_max` on a lĩnh vực leaves
// out the leaves the group is not scored on (it failed with not-applicable-to-group), and a
// change on such a leaf is refused at the change as not applicable to the unit.
TEST_CASE(
    "scenarios on a tree with per-group criteria: to_max skips what the group is not scored on") {
  const auto tree = chiso::parse_criteria(shared_tree, "t.yaml");
  const auto huyen = sheet_of(tree, R"(unit: {id: h1, group: huyen}
points: {"1.1": 5, "1.2": 2, "2.1": 3, "3.1": 7.5}
)");
  const std::vector<chiso::unit_info> units = {huyen.unit};
  const auto to_max = chiso::parse_scenario(R"(kind: chiso/scenario
format_version: 1
criteria: so-huyen
changes:
  - {code: "2", action: to_max, units: [h1]}
)",
                                            "s.yaml", tree, units);
  const auto after = chiso::apply(tree, huyen, to_max);
  const auto card = chiso::score(tree, after);
  CHECK(card[*tree.find("2.1")].points == chiso::decimal(5));
  CHECK_FALSE(card[*tree.find("2.2")].applicable);
  CHECK(card[*tree.find("2")].points == chiso::decimal(5));
  CHECK(card[*tree.find("2")].max == chiso::decimal(5));
  const auto set = chiso::parse_scenario(R"(kind: chiso/scenario
format_version: 1
criteria: so-huyen
changes:
  - {code: "2.2", action: set, points: 1, units: [h1]}
)",
                                         "s.yaml", tree, units);
  try {
    (void)chiso::apply(tree, huyen, set);
    FAIL("a change on a criterion the group is not scored on was applied");
  } catch (const chiso::input_error& e) {
    CHECK(codes_of(e) == std::vector<std::string>{"scenario-not-applicable"});
  }
}
