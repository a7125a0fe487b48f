#include <chiso/criteria_loader.hpp>
#include <chiso/error.hpp>
#include <chiso/sheet.hpp>

#include <doctest/doctest.h>

#include <string>

namespace {

const chiso::criterion_tree& small_tree() {
  static const auto tree = chiso::parse_criteria(R"(kind: chiso/criteria
format_version: 1
index: {id: so, name: Chỉ số CCHC cấp sở, method: self_assessed}
criteria:
  - code: "1"
    name: Chỉ đạo điều hành
    children:
      - {code: "1.1", name: Kế hoạch CCHC, max: 2}
      - {code: "1.2", name: Báo cáo, max: 1.5}
  - code: "3"
    name: Cải cách TTHC
    children:
      - {code: "3.1", name: Công khai TTHC, max: 1}
)",
                                                 "so.yaml");
  return tree;
}

std::string sheet_error(const std::string& body) {
  try {
    (void)chiso::parse_sheet(
        "kind: chiso/scores\nformat_version: 1\ncriteria: so\nunit: {id: so-tp, name: Sở Tư "
        "pháp}\nyear: 2023\n" +
            body,
        "s.yaml", small_tree());
  } catch (const chiso::input_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("sheet: a complete sheet loads with its unit, stage and points") {
  const auto sheet = chiso::parse_sheet(R"(kind: chiso/scores
format_version: 1
criteria: so
unit: {id: so-tp, name: Sở Tư pháp, group: so, ranked: false}
year: 2023
stage: appraised
points:
  "1.1": 1.75
  "1.2": 1.5
not_applicable: ["3"]
)",
                                        "ok.yaml", small_tree());
  CHECK(sheet.unit.name == "Sở Tư pháp");
  CHECK(sheet.unit.group == "so");
  CHECK(!sheet.unit.ranked);
  CHECK(sheet.year == 2023);
  CHECK(sheet.stage == chiso::scoring_stage::appraised);
  REQUIRE(sheet.points.size() == 2);
  CHECK(sheet.points[0].points == *chiso::decimal::parse("1.75"));
  CHECK(sheet.points[0].where.to_string() == "ok.yaml:8:3");
  REQUIRE(sheet.not_applicable.size() == 1);
  CHECK(sheet.not_applicable[0].code == "3");
}

TEST_CASE("sheet error: unknown code, with the nearest code suggested") {
  CHECK(sheet_error("points: {\"1.1\": 1, \"1.2\": 1, \"3.1\": 1, \"1.3\": 1}\n") ==
        "s.yaml:6:40: error[unknown-criterion]: unknown criterion '1.3' (not in criteria 'so')");
}

TEST_CASE("sheet error: points on a criterion that has sub-criteria") {
  CHECK(sheet_error("points: {\"1\": 3, \"3.1\": 1}\n") ==
        "s.yaml:1:1: error[points-missing]: unit 'so-tp': no points and not marked not_applicable: "
        "1.1, 1.2 "
        "(add them, or set 'missing: zero' to score them 0, or 'missing: unknown' if they were not "
        "published)\n"
        "s.yaml:6:10: error[points-on-parent]: criterion '1' has sub-criteria: give points for its "
        "leaves, not for "
        "it");
}

TEST_CASE("sheet error: points below 0 or above the max") {
  CHECK(sheet_error("points:\n  \"1.1\": 2.5\n  \"1.2\": -0.5\n  \"3.1\": 1\n") ==
        "s.yaml:7:3: error[points-above-max]: criterion '1.1': points 2.5 exceed its max 2\n"
        "s.yaml:8:3: error[points-below-min]: criterion '1.2': points -0.5 are below its min 0");
}

TEST_CASE("sheet error: a leaf with neither points nor n/a, unless missing: zero") {
  CHECK(sheet_error("points: {\"1.1\": 1}\n") ==
        "s.yaml:1:1: error[points-missing]: unit 'so-tp': no points and not marked not_applicable: "
        "1.2, 3.1 (add "
        "them, or set 'missing: zero' to score them 0, or 'missing: unknown' if they were not "
        "published)");
  CHECK(sheet_error("missing: zero\npoints: {\"1.1\": 1}\n") == "(no error)");
  CHECK(sheet_error("missing: never\npoints: {\"1.1\": 1}\n") ==
        "s.yaml:6:10: error[unknown-missing-policy]: score sheet: 'missing' must be error, zero or "
        "unknown");
}

TEST_CASE("sheet error: not-applicable codes are checked too") {
  CHECK(sheet_error(
            "points: {\"1.1\": 1, \"1.2\": 1, \"3.1\": 1}\nnot_applicable: [\"3\", \"4\"]\n") ==
        "s.yaml:6:30: error[points-not-applicable]: criterion '3.1' has points but is marked not "
        "applicable\n"
        "s.yaml:7:23: error[unknown-criterion]: not_applicable: unknown criterion '4' (not in "
        "criteria 'so')");
}

TEST_CASE("sheet error: decimals, duplicates, wrong tree, wrong kind") {
  CHECK(sheet_error("points: {\"1.1\": \"1,5\", \"1.2\": 1, \"3.1\": 1}\n") ==
        "s.yaml:6:17: error[not-a-number]: criterion '1.1': points must be a decimal number, not "
        "'1,5': it uses a decimal comma (write "
        "decimals with a point: 1.5)");
  CHECK(sheet_error("points: {\"1.1\": 1.12345, \"1.2\": 1, \"3.1\": 1}\n") ==
        "s.yaml:6:10: error[too-many-decimals]: criterion '1.1': points 1.12345 have more decimals "
        "than criteria "
        "'so' declares (4)");
  CHECK(
      sheet_error("points:\n  \"1.1\": 1\n  \"1.1\": 2\n  \"1.2\": 1\n  \"3.1\": 1\n") ==
      "s.yaml:8:3: error[duplicate-key]: points: duplicate key '1.1'; first defined at s.yaml:7:3");
  CHECK(sheet_error("stage: draft\npoints: {\"1.1\": 1, \"1.2\": 1, \"3.1\": 1}\n") ==
        "s.yaml:6:8: error[unknown-stage]: score sheet: 'stage' must be self_assessed, appraised "
        "or final");
  // Structural errors first: the missing-points check would only repeat the typo.
  CHECK(
      sheet_error("pionts: {}\n") ==
      "s.yaml:6:1: error[unknown-key]: score sheet: unknown key 'pionts' (did you mean 'points'?)");
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_sheet("kind: chiso/scores\nformat_version: 1\ncriteria: other\nunit: "
                               "{id: u}\nyear: 2022\nmissing: zero\n",
                               "w.yaml", small_tree()),
      "w.yaml:3:11: error[wrong-criteria]: score sheet is for criteria 'other', not 'so'",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_sheet("kind: chiso/criteria\nformat_version: 1\n", "k.yaml", small_tree()),
      "k.yaml:1:7: error[wrong-file-kind]: wrong file kind 'chiso/criteria': expected "
      "'chiso/scores'",
      chiso::input_error);
}

TEST_CASE("sheet: validate_sheet applies the same rules to sheets built in code") {
  chiso::score_sheet sheet;
  sheet.criteria = "so";
  sheet.unit.id = "u";
  sheet.points.push_back({"1.1", chiso::decimal(3), {}});
  sheet.missing = chiso::missing_policy::zero;
  CHECK_THROWS_WITH_AS(
      chiso::validate_sheet(sheet, small_tree()),
      "<input>: error[points-above-max]: criterion '1.1': points 3 exceed its max 2",
      chiso::input_error);
}
