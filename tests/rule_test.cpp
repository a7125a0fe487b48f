// Scoring rules: every kind at its boundaries, located errors, and the published figures of
// seeds 003 and 004 that a rule can reproduce.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "chiso/chiso.hpp"
#include "chiso/testing.hpp"

namespace {

using chiso::decimal;
using chiso::rational;
using chiso::testing::input_list;

const std::string example_rules =
    CHISO_SOURCE_DIR "/examples/rules_test/can-tho-rules-illustrative.yaml";

std::string indent(std::string_view body, std::size_t spaces) {
  std::string out;
  std::size_t start = 0;
  while (start < body.size()) {
    auto end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    out += std::string(spaces, ' ') + std::string(body.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  return out;
}

// A tree with one leaf "1.1"; its `rule:` is on line 15 and the rule's keys start on line 16,
// column 11.
std::string leaf_yaml(std::string_view rule_body, std::string_view max_line = "max: 1.5") {
  return "kind: chiso/criteria\nformat_version: 1\nindex:\n  id: t\n  name: T\n  decimals: 4\n"
         "criteria:\n  - code: \"1\"\n    name: D\n    children:\n      - code: \"1.1\"\n"
         "        name: L\n        method: official_data\n" +
         indent(max_line, 8) + "        rule:\n" + indent(rule_body, 10);
}

chiso::criterion_tree leaf_tree(std::string_view rule_body,
                                std::string_view max_line = "max: 1.5") {
  return chiso::parse_criteria(leaf_yaml(rule_body, max_line), "rules.yaml");
}

// Points of leaf 1.1 for `inputs`, as text ("1.4995").
std::string points(const chiso::criterion_tree& tree, const input_list& inputs) {
  std::vector<chiso::rule_value> values;
  for (const auto& [name, value] : inputs) values.push_back({name, value, {}});
  return chiso::apply_rule(tree.at("1.1"), values).points.to_string();
}

std::string error_of(const chiso::criterion_tree& tree, const input_list& inputs) {
  std::vector<chiso::rule_value> values;
  for (const auto& [name, value] : inputs) values.push_back({name, value, {}});
  try {
    (void)chiso::apply_rule(tree.at("1.1"), values);
  } catch (const chiso::input_error& e) {
    return e.what();
  }
  return "(no error)";
}

// A sheet for tree `t` whose inputs for 1.1 start on line 7: `  "1.1": <inputs>`.
chiso::score_sheet sheet_with(const chiso::criterion_tree& tree, std::string_view inputs) {
  const std::string text =
      "kind: chiso/scores\nformat_version: 1\ncriteria: t\nunit: {id: u}\nyear: 2022\n"
      "inputs:\n  \"1.1\": " +
      std::string(inputs) + "\n";
  return chiso::parse_sheet(text, "sheet.yaml", tree);
}

const char* const proportional_ratio =
    "kind: proportional\nmeasure: ratio\ninputs:\n  numerator: on_time\n  denominator: total\n"
    "rounding: truncate";

}  // namespace

TEST_SUITE("rule") {
  // --- published figures ------------------------------------------------------------------

  TEST_CASE("seed 003:109 counts through 3.4.1's proportional rule give 1,4995 in every mode") {
    const auto tree = chiso::load_criteria(example_rules);
    // 602.471 of 602.668 dossiers on time (Cần Thơ 2018, seed 003:109); 3.4.1's max is 1,5.
    const input_list counts = {{"on_time", "602471"}, {"total", "602668"}};
    const auto r = chiso::testing::check_rule(tree, "3.4.1", counts, "1.4995");
    CHECK_MESSAGE(r.passed, r.message);
    CHECK(r.message ==
          "3.4.1: proportional (numerator 'on_time', denominator 'total'), truncate to 4 "
          "decimals, inputs on_time=602471, total=602668: expected 1.4995 points, got 1.4995 "
          "(exact 1.4995096802…)");
    std::vector<chiso::rule_value> values = {{"on_time", "602471", {}}, {"total", "602668", {}}};
    const auto result = chiso::apply_rule(tree.at("3.4.1"), values);
    CHECK(result.exact == rational(1807413, 1205336));  // 1,5 × 602471 / 602668, exactly
    // The fifth decimal is 0, so the three modes agree.
    for (auto mode :
         {chiso::rounding::half_up, chiso::rounding::half_even, chiso::rounding::truncate})
      CHECK(chiso::round_to_decimal(result.exact, 4, mode) == decimal::from_units(14995, 4));
    // The seed prints the rate as 99,97 %: half_up, not truncation (which gives 99,96).
    const rational rate = rational(602471, 602668) * 100;
    CHECK(chiso::format_number(rate, {2, chiso::rounding::half_up, ','}) == "99,97");
    CHECK(chiso::format_number(rate, {2, chiso::rounding::truncate, ','}) == "99,96");
  }

  TEST_CASE("seed 004: 3.4.1-3.4.3 points from their on-time rates") {
    const auto tree = chiso::load_criteria(example_rules);
    // 3.4.2 and 3.4.3 reproduce exactly: 1,5 × 99,48 % = 1,4922 and 1 × 99,97 % = 0,9997.
    auto r = chiso::testing::check_rule(tree, "3.4.2", {{"on_time_rate", "99.48"}}, "1.4922");
    CHECK_MESSAGE(r.passed, r.message);
    r = chiso::testing::check_rule(tree, "3.4.3", {{"on_time_rate", "99.97"}}, "0.9997");
    CHECK_MESSAGE(r.passed, r.message);
    // 3.4.1: 1,5 × 99,75 % = 1,49625 exactly; the seed prints 1,4962, which is that value
    // truncated (or half_even); half_up would print 1,4963. 99,75 % is itself 1,4962 ÷ 1,5
    // rounded (the seed prints no rate), so the test shows consistency, not the official rule.
    const auto percent = leaf_tree("kind: proportional\nmeasure: percent\nrounding: truncate");
    CHECK(points(percent, {{"rate", "99.75"}}) == "1.4962");
    const auto half_up = leaf_tree("kind: proportional\nmeasure: percent\nrounding: half_up");
    CHECK(points(half_up, {{"rate", "99.75"}}) == "1.4963");
    const auto half_even = leaf_tree("kind: proportional\nmeasure: percent\nrounding: half_even");
    CHECK(points(half_even, {{"rate", "99.75"}}) == "1.4962");
  }

  TEST_CASE("batch scoring reads rule inputs as the one-unit score() does (8,07 again)") {
    const auto tree = chiso::load_criteria(example_rules);
    const std::vector<chiso::score_sheet> sheets{
        chiso::load_sheet(CHISO_TEST_DATA "/can-tho-2022-rule-inputs.yaml", tree)};
    const auto matrix = chiso::unit_matrix::from_sheets(tree, sheets);
    const auto batch = chiso::score_batch(matrix);
    const auto one = chiso::score(tree, sheets[0]);
    CHECK(batch.at(0, *tree.find("8.1")).points == decimal::from_units(807, 2));
    for (std::size_t i = 0; i < tree.size(); ++i) {
      CAPTURE(tree[i].code);
      CHECK(batch.at(0, i).points == one.scores[i].points);
    }
  }

  TEST_CASE("seed 004: 8.1 children are weight × share — 8.1 sums to the printed 8,07") {
    const auto tree = chiso::load_criteria(example_rules);
    const auto sheet = chiso::load_sheet(CHISO_TEST_DATA "/can-tho-2022-rule-inputs.yaml", tree);
    const auto card = chiso::score(tree, sheet);
    const auto at = [&](std::string_view code) { return card[*tree.find(code)]; };
    CHECK(at("8.1.1").points == decimal::from_units(12036, 4));  // 1,5 × 80,24 % exactly
    CHECK(at("8.1.2").points == decimal::from_units(12027, 4));  // 1,5 × 80,18 % exactly
    CHECK(at("8.1.3").points == decimal::from_units(21093, 4));  // 2,10925 half_up
    CHECK(at("8.1.4").points == decimal::from_units(20258, 4));  // 2,02575 half_up
    CHECK(at("8.1.5").points == decimal::from_units(15286, 4));  // 2 × 76,43 % exactly
    CHECK(at("8.1.3").unrounded == rational(210925, 100000));
    CHECK(at("8.1.4").unrounded == rational(202575, 100000));
    CHECK(at("8.1").points == decimal::from_units(807, 2));  // seed 004:678 prints 8,07
    CHECK(at("3").points == decimal::from_units(39881, 4));  // 1,4962 + 1,4922 + 0,9997
    CHECK(at("3.4.1").unrounded == std::nullopt);            // given as points
    CHECK(card.total().points == decimal::from_units(120581, 4));
    // Truncation would not reproduce 8.1.3 and 8.1.4 from two-decimal shares.
    const auto truncated =
        leaf_tree("kind: proportional\nmeasure: percent\nrounding: truncate", "max: 2.5");
    CHECK(points(truncated, {{"rate", "84.37"}}) == "2.1092");
    CHECK(points(truncated, {{"rate", "81.03"}}) == "2.0257");
    const auto half_even =
        leaf_tree("kind: proportional\nmeasure: percent\nrounding: half_even", "max: 2.5");
    CHECK(points(half_even, {{"rate", "84.37"}}) == "2.1092");
    CHECK(points(half_even, {{"rate", "81.03"}}) == "2.0258");
    // The two-decimal shares are points ÷ weight rounded; the unrounded share reproduces 2,1093.
    CHECK(points(truncated, {{"rate", "84.372"}}) == "2.1093");
  }

  // --- proportional -----------------------------------------------------------------------

  TEST_CASE("proportional: full_at and zero_below are inclusive lower bounds") {
    const auto tree = leaf_tree(
        "kind: proportional\nmeasure: percent\nfull_at: 95\nzero_below: 50\nrounding: half_up");
    CHECK(points(tree, {{"rate", "95"}}) == "1.5000");
    CHECK(points(tree, {{"rate", "94.99"}}) == "1.4249");  // 1,424850 → half_up
    CHECK(points(tree, {{"rate", "50"}}) == "0.7500");
    CHECK(points(tree, {{"rate", "49.99"}}) == "0.0000");
    CHECK(points(tree, {{"rate", "0"}}) == "0.0000");
  }

  TEST_CASE("proportional: ratio errors name the input") {
    const auto tree = leaf_tree(proportional_ratio);
    CHECK(points(tree, {{"on_time", "0"}, {"total", "3"}}) == "0.0000");
    CHECK(points(tree, {{"on_time", "3"}, {"total", "3"}}) == "1.5000");
    CHECK(points(tree, {{"on_time", "1"}, {"total", "3"}}) == "0.5000");
    CHECK(points(tree, {{"on_time", "2"}, {"total", "3"}}) == "1.0000");
    CHECK(error_of(tree, {{"on_time", "0"}, {"total", "0"}}) ==
          "<input>: error[input-undefined]: criterion '1.1': denominator 'total' is 0: the rate is "
          "undefined");
    CHECK(error_of(tree, {{"on_time", "4"}, {"total", "3"}}) ==
          "<input>: error[input-rate]: criterion '1.1': rate 133.33 % is above 100 % (set "
          "'allow_over_100: true' on the rule if that is possible; it is then capped at 100 %)");
    CHECK(error_of(tree, {{"on_time", "-1"}, {"total", "3"}}) ==
          "<input>: error[input-count]: criterion '1.1': input 'on_time' is a count and cannot be "
          "negative "
          "(-1)");
    CHECK(error_of(tree, {{"on_time", "1"}}) ==
          "<input>: error[input-missing]: criterion '1.1': missing input 'total' for its "
          "proportional rule");
    CHECK(error_of(tree, {{"on_time", "1"}, {"totl", "3"}}) ==
          "<input>: error[unknown-input]: criterion '1.1': unknown input 'totl' for its "
          "proportional rule "
          "(did you mean 'total'?)");
    CHECK(error_of(tree, {{"on_time", "602.471"}, {"total", "602668"}}) == "(no error)");
    const auto over =
        leaf_tree("kind: proportional\nmeasure: ratio\nallow_over_100: true\nrounding: truncate");
    CHECK(points(over, {{"numerator", "4"}, {"denominator", "3"}}) == "1.5000");
  }

  TEST_CASE("input errors in a sheet carry the line and column of the value") {
    const auto tree = leaf_tree(proportional_ratio);
    CHECK_THROWS_WITH_AS(
        sheet_with(tree, "{on_time: 5, total: 0}"),
        "sheet.yaml:7:30: error[input-undefined]: criterion '1.1': denominator 'total' is 0: "
        "the rate is undefined",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        sheet_with(tree, "{on_time: 5}"),
        "sheet.yaml:7:3: error[input-missing]: criterion '1.1': missing input 'total' for its "
        "proportional rule",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        sheet_with(tree, "{on_time: 5, total: -2}"),
        "sheet.yaml:7:30: error[input-count]: criterion '1.1': input 'total' is a count and "
        "cannot be negative (-2)",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        sheet_with(tree, "{on_time: '0,5', total: 2}"),
        "sheet.yaml:7:20: error[input-not-a-number]: criterion '1.1': input 'on_time' must be a "
        "decimal number, not '0,5' (write decimals with a point: 0.5)",
        chiso::input_error);
    const auto sheet = sheet_with(tree, "{on_time: 602471, total: 602668}");
    const auto card = chiso::score(tree, sheet);
    CHECK(card[*tree.find("1.1")].points == decimal::from_units(14995, 4));
    CHECK(card.total().points == decimal::from_units(14995, 4));
  }

  // --- threshold --------------------------------------------------------------------------

  TEST_CASE("threshold: the target itself earns the maximum") {
    const auto at_least =
        leaf_tree("kind: threshold\nmeasure: percent\ntarget: 99\notherwise: 0.5");
    CHECK(points(at_least, {{"rate", "99"}}) == "1.5");
    CHECK(points(at_least, {{"rate", "98.99"}}) == "0.5");
    CHECK(points(at_least, {{"rate", "100"}}) == "1.5");
    CHECK(error_of(at_least, {{"rate", "100.01"}}).find("rate 100.01 % is above 100 %") !=
          std::string::npos);
    const auto at_most = leaf_tree("kind: threshold\ntarget: 0\ndirection: at_most");
    CHECK(points(at_most, {{"value", "0"}}) == "1.5");
    CHECK(points(at_most, {{"value", "1"}}) == "0");
  }

  // --- steps ------------------------------------------------------------------------------

  TEST_CASE("steps: half-open ranges, from inclusive, below exclusive") {
    const auto tree = leaf_tree(
        "kind: steps\nmeasure: percent\nsteps:\n  - {from: 0, below: 50, points: 0}\n"
        "  - {from: 50, below: 80, points: 0.75}\n  - {from: 80, points: 1.5}");
    CHECK(points(tree, {{"rate", "0"}}) == "0");
    CHECK(points(tree, {{"rate", "49.9999"}}) == "0");
    CHECK(points(tree, {{"rate", "50"}}) == "0.75");
    CHECK(points(tree, {{"rate", "79.99"}}) == "0.75");
    CHECK(points(tree, {{"rate", "80"}}) == "1.5");
    CHECK(points(tree, {{"rate", "100"}}) == "1.5");
    const auto ratio = leaf_tree(
        "kind: steps\nmeasure: ratio\nsteps:\n  - {from: 0, below: 50, points: 0}\n"
        "  - {from: 50, points: 1.5}");
    CHECK(points(ratio, {{"numerator", "1"}, {"denominator", "2"}}) == "1.5");
    CHECK(points(ratio, {{"numerator", "49999"}, {"denominator", "100000"}}) == "0");
    const auto value = leaf_tree(
        "kind: steps\nsteps:\n  - {from: 1, below: 3, points: 1}\n"
        "  - {from: 3, points: 1.5}");
    CHECK(error_of(value, {{"value", "0.5"}}) ==
          "<input>: error[input-out-of-range]: criterion '1.1': value 0.5000 is below the first "
          "step (from 1)");
  }

  TEST_CASE("steps: gaps, overlaps and open ends are located errors") {
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: steps\nmeasure: percent\nsteps:\n"
                  "  - {from: 0, below: 50, points: 0}\n"
                  "  - {from: 60, points: 1.5}"),
        "rules.yaml:20:15: error[rule-steps]: criterion '1.1': rule: gap between steps: "
        "values from 50 to below 60 are not covered",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: steps\nmeasure: percent\nsteps:\n"
                  "  - {from: 0, below: 50, points: 0}\n"
                  "  - {from: 40, points: 1.5}"),
        "rules.yaml:20:15: error[rule-steps]: criterion '1.1': rule: step from 40 overlaps "
        "the previous step [0, 50)",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: steps\nmeasure: percent\nsteps:\n"
                  "  - {from: 10, below: 50, points: 0}\n"
                  "  - {from: 50, below: 100, points: 1.5}"),
        "rules.yaml:19:15: error[rule-steps]: criterion '1.1': rule: the first step must "
        "start at 0: values from 0 to below 10 % are not covered\n"
        "rules.yaml:20:15: error[rule-steps]: criterion '1.1': rule: the last step must "
        "omit 'below': values from 100 up are not covered",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: steps\nsteps:\n  - {from: 5, below: 5, points: 0}"),
        "rules.yaml:18:32: error[rule-steps]: criterion '1.1': rule: step: 'below' 5 must "
        "be greater than 'from' 5",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: steps\nsteps:\n  - {from: 0, points: 2}"),
        "rules.yaml:18:33: error[rule-points-range]: criterion '1.1': rule: step points 2 is "
        "outside the criterion's range [0, 1.5]",
        chiso::input_error);
  }

  // --- yes_no and levels ------------------------------------------------------------------

  TEST_CASE("yes_no and levels map coded answers to points") {
    const auto yn = leaf_tree("kind: yes_no");
    CHECK(points(yn, {{"answer", "yes"}}) == "1.5");
    CHECK(points(yn, {{"answer", "có"}}) == "1.5");
    CHECK(points(yn, {{"answer", "không"}}) == "0");
    CHECK(error_of(yn, {{"answer", "chưa"}}) ==
          "<input>: error[unknown-answer]: criterion '1.1': unknown answer 'chưa' (expected yes/có "
          "or no/không)");
    // LGSP: Chưa = 0; Đang làm = 1; Hoàn thành = 2 (seed 000:1876-1878), scaled to a 1-point leaf.
    const auto lv = leaf_tree(
        "kind: levels\ninputs: {answer: lgsp}\nlevels:\n  Chưa: 0\n  Đang làm: 0.5\n"
        "  Hoàn thành: 1",
        "max: 1");
    CHECK(points(lv, {{"lgsp", "Đang làm"}}) == "0.5");
    CHECK(points(lv, {{"lgsp", "Hoàn thành"}}) == "1");
    // Typed without diacritics: the answer meant, rather than the list.
    CHECK(error_of(lv, {{"lgsp", "Hoan thanh"}}) ==
          "<input>: error[unknown-answer]: criterion '1.1': unknown answer 'Hoan thanh' (did you "
          "mean 'Hoàn thành'?)");
    CHECK(error_of(lv, {{"lgsp", "Xong"}}) ==
          "<input>: error[unknown-answer]: criterion '1.1': unknown answer 'Xong' (expected "
          "'Chưa', "
          "'Đang làm' or 'Hoàn thành')");
    CHECK(error_of(lv, {{"answer", "Chưa"}}) ==
          "<input>: error[unknown-input]: criterion '1.1': unknown input 'answer' for its levels "
          "rule (expected "
          "'lgsp')\n<input>: error[input-missing]: criterion '1.1': missing input 'lgsp' for its "
          "levels rule");
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: levels\nlevels:\n  Chưa: 0\n  Xong: 2", "max: 1"),
        "rules.yaml:19:19: error[rule-points-range]: criterion '1.1': rule: level 'Xong' points 2 "
        "is outside the criterion's range [0, 1]",
        chiso::input_error);
  }

  // --- deduction --------------------------------------------------------------------------

  TEST_CASE("deduction: max − k per occurrence, never below the min") {
    const auto tree = leaf_tree("kind: deduction\nper: 0.5\ninputs: {count: disciplined}");
    CHECK(points(tree, {{"disciplined", "0"}}) == "1.5");
    CHECK(points(tree, {{"disciplined", "2"}}) == "0.5");
    CHECK(points(tree, {{"disciplined", "3"}}) == "0");
    CHECK(points(tree, {{"disciplined", "40"}}) == "0");
    CHECK(error_of(tree, {{"disciplined", "1.5"}}) ==
          "<input>: error[input-count]: criterion '1.1': input 'disciplined' is a count and must "
          "be a whole "
          "number, not 1.5");
    CHECK(error_of(tree, {{"disciplined", "-1"}}) ==
          "<input>: error[input-count]: criterion '1.1': input 'disciplined' is a count and cannot "
          "be "
          "negative (-1)");
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: deduction\nper: 0"),
        "rules.yaml:17:16: error[rule-per]: criterion '1.1': rule: 'per' must be greater "
        "than 0, not 0",
        chiso::input_error);
  }

  // --- target_ratio -----------------------------------------------------------------------

  TEST_CASE("target_ratio: achieved ÷ target capped at 1") {
    const auto tree = leaf_tree("kind: target_ratio\nrounding: half_up");
    CHECK(points(tree, {{"achieved", "80"}, {"target", "100"}}) == "1.2000");
    CHECK(points(tree, {{"achieved", "100"}, {"target", "100"}}) == "1.5000");
    CHECK(points(tree, {{"achieved", "120"}, {"target", "100"}}) == "1.5000");
    // Capex 1.496.924 of 9.718.095 triệu (seed 000:468-471): 15,40 % of plan.
    CHECK(points(tree, {{"achieved", "1496924"}, {"target", "9718095"}}) == "0.2311");
    CHECK(error_of(tree, {{"achieved", "1"}, {"target", "0"}}) ==
          "<input>: error[input-undefined]: criterion '1.1': target 'target' is 0: the ratio is "
          "undefined");
  }

  // --- survey -----------------------------------------------------------------------------

  TEST_CASE("survey share: satisfied categories over all answers") {
    const auto tree = leaf_tree(
        "kind: survey\ncategories: [rất không hài lòng, không hài lòng, bình thường, hài lòng, "
        "rất hài lòng]\nsatisfied: [hài lòng, rất hài lòng]\nrounding: half_up");
    const input_list answers = {{"rất không hài lòng", "1"},
                                {"không hài lòng", "2"},
                                {"bình thường", "1"},
                                {"hài lòng", "10"},
                                {"rất hài lòng", "6"}};
    CHECK(points(tree, answers) == "1.2000");  // 16 of 20 × 1,5
    CHECK(error_of(tree, {{"rất không hài lòng", "0"},
                          {"không hài lòng", "0"},
                          {"bình thường", "0"},
                          {"hài lòng", "0"},
                          {"rất hài lòng", "0"}}) ==
          "<input>: error[input-undefined]: criterion '1.1': survey has no answers: every category "
          "count is 0, "
          "so the share is undefined");
    auto with_unknown = answers;
    with_unknown.emplace_back("hài lòng lắm", "3");
    CHECK(error_of(tree, with_unknown) ==
          "<input>: error[unknown-input]: criterion '1.1': unknown answer category 'hài lòng lắm' "
          "(expected "
          "'rất không hài lòng', 'không hài lòng', 'bình thường', 'hài lòng' or 'rất hài lòng')");
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: survey\ncategories: [có, không]\nsatisfied: [co]\nrounding: half_up"),
        "rules.yaml:18:23: error[rule-unknown-category]: criterion '1.1': rule: 'satisfied': 'co' "
        "is not one of the "
        "categories (did you mean 'có'?)",
        chiso::input_error);
  }

  TEST_CASE("survey mean: of_max and of_range scaling") {
    const auto of_max = leaf_tree(
        "kind: survey\nvariant: mean\nmean_scale: of_max\nscores: {a: 1, b: 3, c: 5}\n"
        "rounding: half_up");
    // mean (1·1 + 1·3 + 2·5) / 4 = 3,5; 3,5 / 5 × 1,5 = 1,05
    CHECK(points(of_max, {{"a", "1"}, {"b", "1"}, {"c", "2"}}) == "1.0500");
    const auto of_range = leaf_tree(
        "kind: survey\nvariant: mean\nmean_scale: of_range\nscores: {a: 1, b: 3, c: 5}\n"
        "rounding: half_up");
    // (3,5 − 1) / (5 − 1) × 1,5 = 0,9375
    CHECK(points(of_range, {{"a", "1"}, {"b", "1"}, {"c", "2"}}) == "0.9375");
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: survey\nvariant: mean\nscores: {a: 1, b: 5}\nrounding: half_up"),
        "rules.yaml:16:11: error[rule-mean-scale]: criterion '1.1': rule: 'mean_scale' must be "
        "of_max (mean ÷ "
        "highest score) or of_range ((mean − lowest) ÷ (highest − lowest))",
        chiso::input_error);
  }

  // --- goalposts --------------------------------------------------------------------------

  TEST_CASE("goalposts: linear between worst and best, clamped only if declared") {
    // PAPI-style: a sub-dimension spans 1..10 here; 0 % scores the min, 100 % the max.
    const auto tree =
        leaf_tree("kind: goalposts\nworst: 0\nbest: 100\nrounding: half_up", "max: 10\nmin: 1");
    CHECK(points(tree, {{"value", "0"}}) == "1.0000");
    CHECK(points(tree, {{"value", "100"}}) == "10.0000");
    CHECK(points(tree, {{"value", "50"}}) == "5.5000");
    CHECK(error_of(tree, {{"value", "101"}}) ==
          "<input>: error[input-out-of-range]: criterion '1.1': value 101.0000 is outside the "
          "goalposts (worst 0, "
          "best 100) and the rule does not declare 'clamp: true'");
    const auto clamped =
        leaf_tree("kind: goalposts\nworst: 30\nbest: 0\nclamp: true\nrounding: half_up", "max: 1");
    CHECK(points(clamped, {{"value", "45"}}) == "0.0000");  // lower is better: 30 days → 0
    CHECK(points(clamped, {{"value", "15"}}) == "0.5000");
    CHECK(points(clamped, {{"value", "-3"}}) == "1.0000");
  }

  // --- loader errors ----------------------------------------------------------------------

  TEST_CASE("rule declarations are validated with positions") {
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: proportionl"),
        "rules.yaml:16:17: error[unknown-rule-kind]: criterion '1.1': rule: unknown kind "
        "'proportionl' (did you mean 'proportional'?)",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: proportional\nmeasure: percent"),
        "rules.yaml:16:11: error[missing-key]: criterion '1.1': rule: missing key 'rounding' "
        "(half_up, half_even or truncate: how the exact result is cut to 4 "
        "decimals)",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: threshold\ntarget: 1\nrounding: half_up"),
        "rules.yaml:18:11: error[unknown-key]: criterion '1.1': rule: unknown key 'rounding' "
        "(expected 'kind', 'note', 'source', 'unverified', 'inputs', 'measure', "
        "'allow_over_100', 'target', 'direction' or 'otherwise')",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: proportional\nmeasure: percent\nfull_at: 101\n"
                  "rounding: truncate"),
        "rules.yaml:18:20: error[rule-percent-range]: criterion '1.1': rule: 'full_at' is a "
        "percentage and must be in [0, 100], not 101",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: yes_no", "max: unknown"),
        "rules.yaml:16:11: error[rule-needs-max]: criterion '1.1': rule: a yes_no rule needs "
        "the criterion's max, which is unknown",
        chiso::input_error);
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: proportional\ninputs: {numerator: n, denomintor: d}\n"
                  "rounding: truncate"),
        "rules.yaml:17:34: error[unknown-key]: criterion '1.1': rule: inputs: unknown key "
        "'denomintor' (did you mean 'denominator'?)",
        chiso::input_error);
    const std::string inner =
        "kind: chiso/criteria\nformat_version: 1\nindex: {id: t, name: T}\ncriteria:\n"
        "  - code: \"1\"\n    name: D\n    method: appraised\n    rule: {kind: yes_no}\n"
        "    children:\n      - {code: \"1.1\", name: L, max: 1}\n";
    CHECK_THROWS_WITH_AS(
        (void)chiso::parse_criteria(inner, "inner.yaml"),
        "inner.yaml:8:5: error[rule-not-leaf]: criterion '1' has sub-criteria: only a leaf "
        "can have a rule",
        chiso::input_error);
  }

  TEST_CASE("a sheet may give points or inputs for a rule leaf, not both") {
    const auto tree = leaf_tree(proportional_ratio);
    const std::string both =
        "kind: chiso/scores\nformat_version: 1\ncriteria: t\nunit: {id: u}\nyear: 2022\n"
        "points: {\"1.1\": 1}\ninputs:\n  \"1.1\": {on_time: 1, total: 2}\n";
    CHECK_THROWS_WITH_AS((void)chiso::parse_sheet(both, "s.yaml", tree),
                         "s.yaml:8:3: error[points-and-inputs]: criterion '1.1' has both points "
                         "and inputs: give one",
                         chiso::input_error);
    const std::string points_only =
        "kind: chiso/scores\nformat_version: 1\ncriteria: t\nunit: {id: u}\nyear: 2022\n"
        "points: {\"1.1\": 1}\n";
    CHECK(chiso::score(tree, chiso::parse_sheet(points_only, "s.yaml", tree)).total().points ==
          decimal(1));
    const auto plain = leaf_tree("points");
    CHECK_THROWS_WITH_AS(
        sheet_with(plain, "{value: 1}"),
        "sheet.yaml:1:1: error[points-missing]: unit 'u': no points and not marked "
        "not_applicable: 1.1 (add them, or set 'missing: zero' to score them 0, "
        "or 'missing: unknown' if they were not published)\n"
        "sheet.yaml:7:3: error[inputs-without-rule]: criterion '1.1' has no scoring rule that "
        "reads "
        "inputs: give its points instead",
        chiso::input_error);
  }

  TEST_CASE("testing helpers: failure messages name rule, inputs, expected and actual") {
    const auto tree = chiso::load_criteria(example_rules);
    const input_list counts = {{"on_time", "602471"}, {"total", "602668"}};
    auto r = chiso::testing::check_rule(tree, "3.4.1", counts, "1.4996");
    CHECK_FALSE(r.passed);
    CHECK(r.message ==
          "3.4.1: proportional (numerator 'on_time', denominator 'total'), truncate to 4 "
          "decimals, inputs on_time=602471, total=602668: expected 1.4996 points, but got "
          "1.4995 (exact 1.4995096802…)");
    r = chiso::testing::check_rule(tree, "3.4.1", {{"on_time", "1"}, {"total", "0"}}, "0");
    CHECK_FALSE(r.passed);
    CHECK(r.message.find(
              "but the rule refused the inputs: check_rule: error[input-undefined]: criterion "
              "'3.4.1': denominator 'total' is 0") != std::string::npos);
    r = chiso::testing::check_rule_error(tree, "3.4.1", {{"on_time", "1"}, {"total", "0"}},
                                         "denominator 'total' is 0");
    CHECK_MESSAGE(r.passed, r.message);
    r = chiso::testing::check_rule_error(tree, "3.4.1", counts, "is 0");
    CHECK_FALSE(r.passed);
    r = chiso::testing::check_rule(tree, "9.9", counts, "1");
    CHECK(r.message == "criterion '9.9' is not in criteria 'can-tho-rules-illustrative'");
    r = chiso::testing::check_rule(tree, "3.4.1", counts, "1,4995");
    CHECK_FALSE(r.passed);
    CHECK(r.message.find("expected points '1,4995' are not a decimal") != std::string::npos);
  }
}

TEST_SUITE("rule") {
  TEST_CASE("more input checks: negative rate, fractional survey counts, duplicate names") {
    const auto percent = leaf_tree("kind: proportional\nmeasure: percent\nrounding: half_up");
    CHECK(error_of(percent, {{"rate", "-0.01"}}) ==
          "<input>: error[input-rate]: criterion '1.1': rate 'rate' cannot be negative (-0.01 %)");
    CHECK(points(percent, {{"rate", "100"}}) == "1.5000");
    const auto survey =
        leaf_tree("kind: survey\ncategories: [không, có]\nsatisfied: [có]\nrounding: truncate");
    CHECK(error_of(survey, {{"không", "1"}, {"có", "2.5"}}) ==
          "<input>: error[input-count]: criterion '1.1': input 'có' is a count and must be a whole "
          "number, "
          "not 2.5");
    CHECK(points(survey, {{"không", "1"}, {"có", "2"}}) == "1.0000");  // 2/3 × 1,5
    CHECK_THROWS_WITH_AS(
        leaf_tree("kind: target_ratio\ninputs: {achieved: x, target: x}\n"
                  "rounding: half_up"),
        "rules.yaml:17:19: error[rule-input-twice]: criterion '1.1': rule: inputs 'achieved' and "
        "'target' have the same name 'x'",
        chiso::input_error);
    const auto yn = leaf_tree("kind: yes_no\nyes: 1\nno: 0.25");
    CHECK(points(yn, {{"answer", "true"}}) == "1");
    CHECK(points(yn, {{"answer", "Không"}}) == "0.25");
  }

  TEST_CASE("a sheet built in code is validated and scored like a loaded one") {
    const auto tree = leaf_tree(proportional_ratio);
    chiso::score_sheet sheet;
    sheet.criteria = "t";
    sheet.unit.id = "u";
    sheet.inputs.push_back({"1.1", {{"on_time", "1", {}}, {"total", "4", {}}}, {}});
    const auto card = chiso::score(tree, sheet);
    CHECK(card.total().points == decimal::from_units(3750, 4));
    CHECK(card[*tree.find("1.1")].unrounded == rational(3, 8));
    sheet.inputs.front().values.pop_back();
    CHECK_THROWS_WITH_AS(
        chiso::validate_sheet(sheet, tree),
        "<input>: error[input-missing]: criterion '1.1': missing input 'total' for its "
        "proportional rule",
        chiso::input_error);
  }
}
