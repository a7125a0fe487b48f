#include "chiso/stages.hpp"

#include <doctest/doctest.h>

#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/format.hpp"

namespace {

using chiso::decimal;

decimal d(const char* text) {
  return *decimal::parse(text);
}

const char* const tree_yaml = R"(kind: chiso/criteria
format_version: 1
index: {id: nd70, name: 70-point self-assessed scale, decimals: 2, method: self_assessed}
criteria:
  - {code: "1", name: Part one, max: 40}
  - {code: "2", name: Part two, max: 30}
)";

chiso::scorecard card(const chiso::criterion_tree& tree, chiso::scoring_stage stage,
                      const char* one, const char* two) {
  chiso::score_sheet s;
  s.criteria = "nd70";
  s.unit = {"khoi-so", "Khối sở (mean)", "so", true};
  s.stage = stage;
  s.points = {{"1", d(one), {}}, {"2", d(two), {}}};
  return chiso::score(tree, s);
}

}  // namespace

TEST_CASE("Nam Định 2020 khối sở: self 64,75, appraised 62,62 of 70 = 89,45%") {
  // Published means (methodology.md §1.4, [V] sonoivu.namdinh.gov.vn): self-assessed 64,75,
  // appraised 62,62, "đạt 89,45%" — the 70-point denominator is computed [C]. The split of
  // each total over two parts is constructed.
  const auto tree = chiso::parse_criteria(tree_yaml, "nd70.yaml");
  const auto self = card(tree, chiso::scoring_stage::self_assessed, "38", "26.75");
  const auto appraised = card(tree, chiso::scoring_stage::appraised, "37", "25.62");
  const auto finals = card(tree, chiso::scoring_stage::final, "37", "25.62");
  const auto c = chiso::compare_stages(tree, self, appraised, finals);
  CHECK(c.rows[0].self_assessed == d("64.75"));
  CHECK(c.rows[0].appraised == d("62.62"));
  CHECK(c.rows[0].removed_by_appraisal == d("2.13"));
  CHECK(c.rows[0].changed_after_appraisal == decimal(0));
  CHECK(c.total_removed == d("2.13"));
  CHECK(c.where_removed == std::vector<std::size_t>{2, 1});  // most removed first: 1,13 then 1
  CHECK(chiso::format_number(*appraised.total().percent(), {2, chiso::rounding::truncate, ','}) ==
        "89,45");
  // Khối huyện: 65,17 self, 61,46 appraised = 87,80% (same source).
  const auto huyen_self = card(tree, chiso::scoring_stage::self_assessed, "39", "26.17");
  const auto huyen = card(tree, chiso::scoring_stage::appraised, "37", "24.46");
  CHECK(chiso::compare_stages(tree, huyen_self, huyen).rows[0].removed_by_appraisal == d("3.71"));
  CHECK(*huyen.total().percent() == chiso::rational(8780, 100));
}

TEST_CASE("stages must be of one unit and in the order they claim") {
  const auto tree = chiso::parse_criteria(tree_yaml, "nd70.yaml");
  const auto self = card(tree, chiso::scoring_stage::self_assessed, "38", "26.75");
  auto other = card(tree, chiso::scoring_stage::appraised, "37", "25.62");
  CHECK_THROWS_WITH_AS(static_cast<void>(chiso::compare_stages(tree, other, self)),
                       "compare_stages: expected a self_assessed scorecard, got appraised",
                       chiso::usage_error);
  other.unit.id = "so-noi-vu";
  CHECK_THROWS_WITH_AS(static_cast<void>(chiso::compare_stages(tree, self, other)),
                       "compare_stages: scorecards of units 'khoi-so' and 'so-noi-vu'",
                       chiso::usage_error);
}
