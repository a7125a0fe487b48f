#include "chiso/printed_check.hpp"

#include <doctest/doctest.h>

#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/score.hpp"
#include "chiso/unit_set.hpp"

namespace {

using chiso::decimal;

decimal d(const char* text) {
  return *decimal::parse(text);
}

chiso::criterion_tree par() {
  return chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/par-index-province-876-seed004.yaml");
}

chiso::criterion_tree seed_000() {
  return chiso::load_criteria(CHISO_SOURCE_DIR "/tests/data/printed/seed-000-criteria.yaml");
}

std::vector<std::string> messages(const std::vector<chiso::printed_mismatch>& list) {
  std::vector<std::string> out;
  for (const auto& m : list) out.push_back(m.to_diagnostic().to_string());
  return out;
}

// The message of the input_error a sheet is refused with.
std::string refusal(const std::string& yaml, const chiso::criterion_tree& tree) {
  try {
    (void)chiso::parse_sheet(yaml, "s.yaml", tree);
  } catch (const chiso::input_error& e) {
    return e.what();
  }
  return "accepted";
}

// A one-leaf rate: `points` of `max`, its % printed as `printed` under `rule`.
struct rate {
  chiso::criterion_tree tree;
  chiso::score_sheet sheet;
};

rate make_rate(const std::string& max, const std::string& points, const std::string& printed,
               const std::string& rule) {
  const auto tree = chiso::parse_criteria(
      "kind: chiso/criteria\nformat_version: 1\nindex: {id: r, name: R, decimals: 0, method: "
      "official_data}\ncriteria:\n  - {code: \"1\", name: Rate, max: " +
          max + "}\n",
      "r.yaml");
  auto sheet = chiso::parse_sheet(
      "kind: chiso/scores\nformat_version: 1\ncriteria: r\nunit: {id: u}\nyear: 2024\npoints: "
      "{\"1\": " +
          points + "}\nprinted: {rounding: " + rule + ", percent: {total: " + printed + "}}\n",
      "s.yaml", tree);
  return {tree, sheet};
}

}  // namespace

TEST_CASE(
    "printed: Cần Thơ 2022 prints 2.4 = 3,2047 and 8.1 = 8,07 — 2.4.2 is derived (seed 004)") {
  const auto tree = par();
  const auto sheet = chiso::load_sheet(CHISO_SOURCE_DIR "/examples/data/can-tho-2022.yaml", tree);
  REQUIRE(sheet.printed.rule == chiso::rounding::truncate);
  REQUIRE(sheet.printed.figures.size() == 2);
  CHECK(sheet.printed.figures[1].code == "8.1");
  CHECK(sheet.printed.figures[1].value.scale() == 2);
  REQUIRE(sheet.printed.derived.size() == 1);
  const auto& derived = sheet.printed.derived[0];
  CHECK(derived.code == "2.4.2");
  CHECK(derived.parent == "2.4");
  CHECK(derived.points == d("0.7357"));
  CHECK(derived.less == std::vector<std::string>{"2.4.1", "2.4.3", "2.4.4"});
  const auto card = chiso::score(tree, sheet);
  CHECK(*card[*tree.find("2.4.2")].points == d("0.7357"));
  CHECK(*card[*tree.find("2.4")].points == d("3.2047"));
  CHECK(*card[*tree.find("8.1")].points == d("8.07"));
  CHECK(chiso::check_printed(tree, sheet, card).empty());
  CHECK(chiso::derived_notes(sheet, {4, chiso::rounding::truncate, ','}) ==
        std::vector<std::string>{
            "2.4.2: 0,7357 points derived from the printed 2.4 (3,2047) less 2.4.1, 2.4.3, 2.4.4 "
            "(not legible in the source; printed: derived in the sheet)"});
}

TEST_CASE("printed: a leaf that does not add up to the printed 2.4 is reported with both values") {
  const auto tree = par();
  auto sheet = chiso::load_sheet(CHISO_SOURCE_DIR "/examples/data/can-tho-2022.yaml", tree);
  // As if 2.4.2 were read as 0,7356: the leaves then sum to 3,2046, not the printed 3,2047.
  sheet.printed.derived.clear();
  for (auto& p : sheet.points)
    if (p.code == "2.4.2") p.points = d("0.7356");
  const auto found = chiso::check_printed(tree, sheet, chiso::score(tree, sheet));
  REQUIRE(found.size() == 1);
  CHECK(found[0].criterion == "2.4");
  CHECK(found[0].printed == "3.2047");
  CHECK(*found[0].computed == d("3.2046").to_rational());
  CHECK(found[0].computed_at_precision == "3.2046");
  CHECK(found[0].where.line == 58);
  CHECK(messages(found) ==
        std::vector<std::string>{std::string(CHISO_SOURCE_DIR) +
                                 "/examples/data/can-tho-2022.yaml:58:5: "
                                 "error[printed-mismatch]: printed 2.4 = 3.2047 but it computes "
                                 "to 3.2046 (exact 3.2046; truncate to 4 decimals)"});
}

TEST_CASE("printed: seed 000's totals and rates that disagree with their parts (seed-facts §6)") {
  const auto tree = seed_000();
  const auto sheet =
      chiso::load_sheet(CHISO_SOURCE_DIR "/tests/data/printed/seed-000-figures.yaml", tree);
  const auto found = chiso::check_printed(tree, sheet, chiso::score(tree, sheet));
  std::vector<std::string> texts;
  for (const auto& m : found) texts.push_back(m.message());
  CHECK(texts == std::vector<std::string>{
                     "printed 1 = 6 but it computes to 8 (exact 8; truncate to 0 decimals)",
                     "printed 2 = 17 but it computes to 13 (exact 13; truncate to 0 decimals)",
                     "printed 3 = 56 but it computes to 55 (exact 55; truncate to 0 decimals)",
                     "printed 4 = 1496924 but it computes to 1496374 (exact 1496374; truncate to "
                     "0 decimals)",
                     "printed 5 % = 77.85 but it computes to 77.74 (exact 77.746795…; truncate "
                     "to 2 decimals)",
                     "printed 6.2 % = 80.76 but it computes to 63.09 (exact 63.099630…; truncate "
                     "to 2 decimals)",
                     "printed 6.3 % = 67.2 but it computes to 5.6 (exact 5.633867…; truncate to "
                     "1 decimal)",
                     "printed 6.4 % = 32.76 but it computes to 59.10 (exact 59.103469…; truncate "
                     "to 2 decimals)"});
  for (const auto& m : found) {
    CHECK(m.code == "printed-mismatch");
    CHECK(m.unit == "can-tho");
    CHECK(m.rule == chiso::rounding::truncate);
  }
  CHECK(found[4].where.to_string().ends_with("seed-000-figures.yaml:30:5"));
}

TEST_CASE("printed: 226 684 of 291 567 is 77,75% half up and 77,74% truncated, never 77,85%") {
  auto half_up = make_rate("291567", "226684", "77.85", "half_up");
  const auto found =
      chiso::check_printed(half_up.tree, half_up.sheet, chiso::score(half_up.tree, half_up.sheet));
  REQUIRE(found.size() == 1);
  CHECK(found[0].criterion == "");
  CHECK(found[0].message() ==
        "printed total % = 77.85 but it computes to 77.75 (exact 77.746795…; half_up to 2 "
        "decimals)");
  auto truncated = make_rate("291567", "226684", "77.74", "truncate");
  CHECK(chiso::check_printed(truncated.tree, truncated.sheet,
                             chiso::score(truncated.tree, truncated.sheet))
            .empty());
  // The rounding rule decides: Cần Thơ's 8 of 35 tasks is 22,85% truncated, 22,86% half up.
  auto tasks = make_rate("35", "8", "22.85", "truncate");
  CHECK(
      chiso::check_printed(tasks.tree, tasks.sheet, chiso::score(tasks.tree, tasks.sheet)).empty());
  auto tasks_half_up = make_rate("35", "8", "22.85", "half_up");
  const auto off = chiso::check_printed(tasks_half_up.tree, tasks_half_up.sheet,
                                        chiso::score(tasks_half_up.tree, tasks_half_up.sheet));
  REQUIRE(off.size() == 1);
  CHECK(off[0].computed_at_precision == "22.86");
  // Biểu 7's 6.3 with 6.3.1 read as 31.095 instead of the printed 371.095 agrees with 67,2%.
  auto reread = make_rate("31095", "20907", "67.2", "truncate");
  CHECK(chiso::check_printed(reread.tree, reread.sheet, chiso::score(reread.tree, reread.sheet))
            .empty());
}

TEST_CASE("printed: trailing zeros are the printed precision: 8,10 is not 8,1") {
  const auto tree = par();
  const auto base = chiso::load_sheet(CHISO_SOURCE_DIR "/examples/data/can-tho-2022.yaml", tree);
  auto sheet = base;
  sheet.printed.figures[1].value = d("8.1");  // 8,0700 truncated to 1 decimal is 8,0
  auto found = chiso::check_printed(tree, sheet, chiso::score(tree, sheet));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message() ==
        "printed 8.1 = 8.1 but it computes to 8.0 (exact 8.07; truncate to 1 decimal)");
  sheet.printed.figures[1].value = d("8.0700");
  CHECK(chiso::check_printed(tree, sheet, chiso::score(tree, sheet)).empty());
  // A sheet built in code must say how the document rounds: chiso does not assume half up.
  sheet.printed.rule.reset();
  CHECK_THROWS_AS((void)chiso::check_printed(tree, sheet, chiso::score(tree, sheet)),
                  chiso::usage_error);
}

TEST_CASE("printed: a figure the sheet does not determine is reported as unchecked") {
  const auto tree = seed_000();
  const auto sheet = chiso::parse_sheet(
      "kind: chiso/scores\nformat_version: 1\ncriteria: seed-000-figures\nunit: {id: u}\n"
      "year: 2024\nmissing: unknown\npoints: {\"1.1\": 5}\n"
      "printed: {rounding: truncate, points: {\"1\": 8}, percent: {\"1\": 100}}\n",
      "s.yaml", tree);
  const auto found = chiso::check_printed(tree, sheet, chiso::score(tree, sheet));
  REQUIRE(found.size() == 2);
  CHECK(found[0].code == "printed-unchecked");
  CHECK_FALSE(found[0].computed.has_value());
  CHECK(found[0].to_diagnostic().to_string() ==
        "s.yaml:8:40: error[printed-unchecked]: printed 1 = 8 cannot be checked: the sheet does "
        "not determine it (an unknown maximum, an unpublished or not-applicable criterion)");
  CHECK(found[1].code == "printed-unchecked");
}

TEST_CASE("printed: the loader refuses what it cannot read or derive, with codes and positions") {
  const auto tree = par();
  const std::string head =
      "kind: chiso/scores\nformat_version: 1\ncriteria: par-index-province-876-seed004\n"
      "unit: {id: can-tho}\nyear: 2022\nmissing: zero\n";
  CHECK(refusal(head + "printed: {points: {\"2.4\": 3.2047}}\n", tree) ==
        "s.yaml:7:10: error[printed-rounding]: printed: give the document's 'rounding' "
        "(truncate, half_up or half_even): it decides whether 77.7474 prints as 77.74 or 77.75");
  CHECK(refusal(head + "printed: {rounding: floor, points: {\"2.4\": 3.2047}}\n", tree) ==
        "s.yaml:7:11: error[printed-rounding]: printed: 'rounding' must be truncate, half_up or "
        "half_even, not 'floor'");
  CHECK(refusal(head + "printed: {rounding: truncate, points: {\"2.9\": 3}}\n", tree)
            .starts_with("s.yaml:7:40: error[printed-code]: printed: unknown criterion '2.9' "
                         "(not in criteria 'par-index-province-876-seed004'; the root is "
                         "'total'); did you mean"));
  // 8.1 is printed with 2 decimals: 8.1.2 could be anything from 1,2027 to 1,2126.
  CHECK(refusal(head + "points: {\"8.1.1\": 1.2036, \"8.1.3\": 2.1093, \"8.1.4\": 2.0258, "
                       "\"8.1.5\": 1.5286}\nprinted: {rounding: truncate, points: {\"8.1\": "
                       "8.07}, derived: [\"8.1.2\"]}\n",
                tree) ==
        "s.yaml:8:64: error[printed-derived]: printed: cannot derive '8.1.2': '8.1' is printed "
        "with 2 decimals, fewer than the 4 of criteria 'par-index-province-876-seed004', so "
        "the leaf would not be exact");
  CHECK(refusal(head + "printed: {rounding: truncate, derived: [\"2.4.2\"]}\n", tree) ==
        "s.yaml:7:41: error[printed-derived]: printed: cannot derive '2.4.2': its parent '2.4' "
        "has no printed points (add it under printed: points)");
  CHECK(refusal(head + "points: {\"2.4.2\": 0.7357}\nprinted: {rounding: truncate, points: "
                       "{\"2.4\": 3.2047}, derived: [\"2.4.2\"]}\n",
                tree) ==
        "s.yaml:8:66: error[printed-derived]: printed: cannot derive '2.4.2': the sheet also "
        "gives its points or inputs; give one");
  CHECK(refusal(head + "points: {\"2.4.1\": 0.8219}\nprinted: {rounding: truncate, points: "
                       "{\"2.4\": 3.2047}, derived: [\"2.4.2\"]}\n",
                tree) ==
        "s.yaml:8:66: error[printed-derived]: printed: cannot derive '2.4.2': every other leaf "
        "of '2.4' needs its points in 'points:' (missing or given as inputs: 2.4.3, 2.4.4)");
  // A derived value outside the leaf's range is refused like any leaf's points.
  CHECK(refusal(head + "points: {\"2.4.1\": 0.1, \"2.4.3\": 0.1, \"2.4.4\": 0.1}\nprinted: "
                       "{rounding: truncate, points: {\"2.4\": 3.2047}, derived: [\"2.4.2\"]}\n",
                tree)
            .find("criterion '2.4.2': points 2.9047 exceed its max 1") != std::string::npos);
}

TEST_CASE("printed: a wide-form unit CSV states printed totals in printed:<code> columns") {
  const auto tree = chiso::parse_criteria(
      "kind: chiso/criteria\nformat_version: 1\nindex: {id: t, name: T, method: official_data}\n"
      "criteria:\n  - {code: \"1\", name: A, max: 2.5}\n  - {code: \"2\", name: B, max: 7.5}\n",
      "t.yaml");
  const chiso::csv_options options{2024, chiso::scoring_stage::final, chiso::missing_policy::error};
  const auto set = chiso::parse_units_csv(
      "unit,group,1,2,printed:total,printed%:total,printed:2,printed_rounding\n"
      "a,so,2.5,7,9.5,95.00,,truncate\n"
      "b,so,2,7.5,9.4,95,7.5,half_up\n"
      "c,so,n/a,7.5,7.5,100.0,,truncate\n",
      "u.csv", tree, options);
  REQUIRE(set.sheets.size() == 3);
  CHECK(set.sheets[1].printed.figures.size() == 3);
  CHECK(set.sheets[1].printed.rule == chiso::rounding::half_up);
  std::vector<std::string> found;
  for (const auto& sheet : set.sheets)
    for (const auto& m : chiso::check_printed(tree, sheet, chiso::score(tree, sheet)))
      found.push_back(m.to_diagnostic().to_string());
  CHECK(found == std::vector<std::string>{"u.csv:3:12: error[printed-mismatch]: printed total = "
                                          "9.4 but it computes to 9.5 (exact 9.5; half_up to 1 "
                                          "decimal)"});
  const auto refused = [&](const std::string& csv) {
    try {
      (void)chiso::parse_units_csv(csv, "u.csv", tree, options);
    } catch (const chiso::input_error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refused("unit,1,2,printed:9\na,2.5,7,9.5\n") ==
        "u.csv:1:10: error[printed-code]: header: printed figure for unknown criterion '9' (not "
        "in criteria 't'; the root is 'total')");
  CHECK(refused("unit,1,2,printed:total\na,2.5,7,9.5\n") ==
        "u.csv:2:1: error[printed-rounding]: unit 'a': printed figures need the document's "
        "rounding: add a printed_rounding column (truncate, half_up or half_even)");
  CHECK(refused("unit,1,2,printed:total,printed_rounding\na,2.5,7,\"9,5\",truncate\n") ==
        "u.csv:2:9: error[printed-value]: unit 'a': printed total must be a decimal number "
        "with a point, not '9,5'");
}
