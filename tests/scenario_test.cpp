// Scenarios: what-if changes, re-scored and re-ranked, checked against scoring from scratch and
// against Cần Thơ's 2022 figures (seed 004, Phụ lục I).
#include <chiso/batch.hpp>
#include <chiso/criteria_loader.hpp>
#include <chiso/error.hpp>
#include <chiso/scenario.hpp>
#include <chiso/score.hpp>

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "random_tree.hpp"
#include "same_simulation.hpp"

using chiso::decimal;

namespace {

decimal d(const char* text) {
  return *decimal::parse(text);
}

const std::string criteria_file =
    std::string(CHISO_SOURCE_DIR) + "/criteria/par-index-province-876-seed004.yaml";
const std::string can_tho_file = std::string(CHISO_SOURCE_DIR) + "/examples/data/can-tho-2022.yaml";

// A unit's state as the test tracks it, independently of chiso::apply.
struct reference_unit {
  std::map<std::size_t, decimal> points;  // leaf → points
  std::set<std::size_t> not_applicable;   // n/a subtree roots

  bool is_na(const chiso::criterion_tree& tree, std::size_t node) const {
    for (auto r : not_applicable)
      if (r <= node && node < tree[r].subtree_end) return true;
    return false;
  }
  chiso::score_sheet sheet(const chiso::criterion_tree& tree, const chiso::unit_info& unit) const {
    chiso::score_sheet s;
    s.criteria = tree.info().id;
    s.unit = unit;
    for (auto r : not_applicable) s.not_applicable.push_back({tree[r].code, {}});
    for (const auto& [leaf, p] : points) s.points.push_back({tree[leaf].code, p, {}});
    return s;
  }
};

std::vector<std::optional<std::size_t>> ranks_from_scratch(
    const std::vector<chiso::scorecard>& cards) {
  std::vector<std::optional<std::size_t>> out(cards.size());
  for (std::size_t u = 0; u < cards.size(); ++u) {
    const auto p = cards[u].total().percent();
    if (!p || !cards[u].unit.ranked) continue;
    std::size_t rank = 1;
    for (const auto& other : cards)
      if (other.unit.ranked && other.total().percent() && *other.total().percent() > *p) ++rank;
    out[u] = rank;
  }
  return out;
}

}  // namespace

TEST_CASE("what_if: deltas equal re-scoring the modified sheets from scratch (random trees)") {
  std::mt19937_64 g(20221110);
  for (int round = 0; round < 150; ++round) {
    const auto tree = chiso_test::random_tree(g);
    std::vector<chiso::score_sheet> sheets;
    std::vector<reference_unit> refs;
    const std::size_t n_units = 2 + g() % 4;
    for (std::size_t u = 0; u < n_units; ++u) {
      sheets.push_back(chiso_test::random_sheet(g, tree, "u" + std::to_string(u), true));
      if (g() % 5 == 0) sheets.back().unit.ranked = false;
      reference_unit ref;
      for (const auto& na : sheets.back().not_applicable)
        ref.not_applicable.insert(*tree.find(na.code));
      for (const auto& e : sheets.back().points) ref.points[*tree.find(e.code)] = e.points;
      refs.push_back(ref);
    }
    // A random valid scenario, tracked change by change in the reference.
    chiso::scenario s;
    const std::size_t n_changes = 1 + g() % 3;
    for (std::size_t k = 0; k < n_changes; ++k) {
      chiso::change c;
      const std::size_t node = 1 + g() % (tree.size() - 1);
      c.code = tree[node].code;
      const int kind = static_cast<int>(g() % 4);
      std::vector<std::size_t> targets;
      for (std::size_t u = 0; u < n_units; ++u)
        if (!refs[u].is_na(tree, node) && g() % 2 == 0) targets.push_back(u);
      if (targets.empty()) continue;
      for (auto u : targets) c.units.ids.push_back(sheets[u].unit.id);
      if (kind == 0 || (!tree.is_leaf(node) && kind != 3)) {
        c.kind = chiso::change_kind::to_max;
        for (auto u : targets)
          for (auto j = node; j < tree[node].subtree_end; ++j)
            if (tree.is_leaf(j) && !refs[u].is_na(tree, j)) refs[u].points[j] = *tree[j].max;
      } else if (kind == 1) {
        c.kind = chiso::change_kind::add_points;
        // The largest amount every target can take.
        decimal room = *tree[node].max;
        for (auto u : targets) room = std::min(room, *tree[node].max - refs[u].points[node]);
        c.amount = decimal::from_units(
            static_cast<std::int64_t>(g() %
                                      static_cast<std::uint64_t>(room.with_scale(1).units() + 1)),
            1);
        for (auto u : targets) refs[u].points[node] += c.amount;
      } else if (kind == 2) {
        c.kind = chiso::change_kind::set_points;
        c.amount = decimal::from_units(
            static_cast<std::int64_t>(
                g() % static_cast<std::uint64_t>(tree[node].max->with_scale(1).units() + 1)),
            1);
        for (auto u : targets) refs[u].points[node] = c.amount;
      } else {
        c.kind = chiso::change_kind::not_applicable;
        // Keep at least one domain applicable: only leaves and sub-criteria go n/a here.
        if (tree[node].depth == 1) continue;
        for (auto u : targets) {
          std::erase_if(refs[u].points, [&](const auto& p) {
            return node <= p.first && p.first < tree[node].subtree_end;
          });
          refs[u].not_applicable.insert(node);
        }
      }
      s.changes.push_back(c);
    }

    const auto result = chiso::what_if(tree, sheets, s);
    // The batch path (the units as a matrix, only the selected ones as sheets) gives the same.
    chiso_test::check_same(result,
                           chiso::what_if(chiso::unit_matrix::from_sheets(tree, sheets), s));
    std::vector<chiso::scorecard> expected;
    for (std::size_t u = 0; u < n_units; ++u)
      expected.push_back(chiso::score(tree, refs[u].sheet(tree, sheets[u].unit)));
    for (std::size_t u = 0; u < n_units; ++u) {
      const auto& base = chiso::score(tree, sheets[u]);
      const auto& got = result.card(u);
      const auto* changed = result.find_changed(u);
      for (std::size_t i = 0; i < tree.size(); ++i) {
        CHECK(got.scores[i].points == expected[u].scores[i].points);
        CHECK(got.scores[i].max == expected[u].scores[i].max);
        // The delta reported for node i is exactly new − old, and absent when nothing moved.
        const chiso::node_delta* delta = nullptr;
        if (changed)
          for (const auto& dl : changed->deltas)
            if (dl.node == i) delta = &dl;
        const bool moved = base.scores[i].points != expected[u].scores[i].points ||
                           base.scores[i].max != expected[u].scores[i].max ||
                           base.scores[i].gap != expected[u].scores[i].gap;
        CHECK(moved == (delta != nullptr));
        if (delta && base.scores[i].points && expected[u].scores[i].points)
          CHECK(*delta->points_change() == *expected[u].scores[i].points - *base.scores[i].points);
      }
      if (!changed) CHECK(&result.card(u) == &result.baseline[u]);  // not copied
    }
    CHECK(result.ranks == ranks_from_scratch(expected));
  }
}

TEST_CASE(
    "what_if: Cần Thơ 2022, 5.4 at full points closes its 1,5 gap — domain 5 falls to 1,9934") {
  const auto tree = chiso::load_criteria(criteria_file);
  const std::vector<chiso::score_sheet> sheets = {chiso::load_sheet(can_tho_file, tree)};
  chiso::scenario s;
  s.changes.push_back(
      {chiso::change_kind::to_max, "5.4", {}, chiso::unit_selection::every_unit(), {}, {}, {}});
  const auto r = chiso::what_if(tree, sheets, s);
  REQUIRE(r.changed.size() == 1);
  const auto& card = r.card(0);
  const auto i54 = *tree.find("5.4"), i5 = *tree.find("5");
  CHECK(*card[i54].points == d("1.5"));  // seed 004:410-412: 0 of 1,5
  CHECK(card[i54].gap->is_zero());
  CHECK(*r.baseline[0][i5].gap == d("3.4934"));  // seed-facts: domain 5 loses 3,49
  CHECK(*card[i5].gap == d("1.9934"));
  // Domain 5's max was not printed: its % stays unknown, and so does the total's.
  CHECK_FALSE(card[i5].percent().has_value());
  CHECK_FALSE(card.total().percent().has_value());
  CHECK_FALSE(r.ranks[0].has_value());
  // Deltas: 5.4 +1,5; the domain's and the total's points are unknown, their gaps shrink by 1,5.
  const auto* changed = r.find_changed(0);
  REQUIRE(changed != nullptr);
  // Domain 5 and 5.4, in tree order. The total's gap stays unknown (6.1.1 has no maximum).
  REQUIRE(changed->deltas.size() == 2);
  CHECK(changed->deltas[0].node == i5);
  CHECK(*changed->deltas[0].gap_change() == d("-1.5"));
  CHECK_FALSE(changed->deltas[0].points_change().has_value());
  CHECK(changed->deltas[1].node == i54);
  CHECK(*changed->deltas[1].points_change() == d("1.5"));
}

TEST_CASE("apply: adding past the maximum is an error, not a clamp") {
  const auto tree = chiso::load_criteria(criteria_file);
  const auto sheet = chiso::load_sheet(can_tho_file, tree);
  chiso::scenario s;
  s.changes.push_back({chiso::change_kind::add_points,
                       "2.4.1",
                       d("0.2"),
                       chiso::unit_selection::only({"can-tho"}),
                       {},
                       {},
                       {}});
  CHECK_THROWS_WITH_AS((void)chiso::apply(tree, sheet, s),
                       "<input>: error[scenario-points-range]: change on '2.4.1' for unit "
                       "'can-tho': 0.8219 + 0.2 = 1.0219 exceeds the "
                       "maximum 1 of '2.4.1'",
                       chiso::input_error);
  s.changes[0].amount = d("0.1781");
  CHECK(chiso::score(tree, chiso::apply(tree, sheet, s))[*tree.find("2.4.1")].gap->is_zero());
}

TEST_CASE("parse_scenario: a scenario file with every change type") {
  const auto tree = chiso::load_criteria(criteria_file);
  const std::vector<chiso::unit_info> units = {{"can-tho", "Cần Thơ", "tinh", true}};
  const auto s = chiso::parse_scenario(R"(kind: chiso/scenario
format_version: 1
criteria: par-index-province-876-seed004
name: discipline and recruitment
changes:
  - {code: "5.4", action: to_max, units: all}
  - {code: "5.2.3", action: add, points: 0.1, units: [can-tho]}
  - {code: "5.2.4", action: set, points: 0.9, units: all}
  - {code: "8.3.2", action: not_applicable, units: all}
)",
                                       "s.yaml", tree, units);
  REQUIRE(s.changes.size() == 4);
  CHECK(s.name == "discipline and recruitment");
  CHECK(s.changes[0].kind == chiso::change_kind::to_max);
  CHECK(s.changes[1].kind == chiso::change_kind::add_points);
  CHECK(s.changes[1].amount == d("0.1"));
  CHECK(s.changes[1].units.ids == std::vector<std::string>{"can-tho"});
  CHECK(s.changes[2].units.all);
  CHECK(s.changes[3].kind == chiso::change_kind::not_applicable);
  CHECK(s.changes[1].where.to_string() == "s.yaml:7:5");
  const auto card =
      chiso::score(tree, chiso::apply(tree, chiso::load_sheet(can_tho_file, tree), s));
  CHECK(*card[*tree.find("5.2.3")].points == d("0.9052"));
  CHECK(*card[*tree.find("5")].gap == d("3.4934") - d("1.5") - d("0.1") - d("0.0373"));
  CHECK_FALSE(card[*tree.find("8.3.2")].applicable);
}

TEST_CASE("parse_scenario: every problem at once, located, with suggestions") {
  const auto tree = chiso::load_criteria(criteria_file);
  const std::vector<chiso::unit_info> units = {{"can-tho", "Cần Thơ", "tinh", true}};
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_scenario(R"(kind: chiso/scenario
format_version: 1
criteria: par-index-province-876-seed004
changes:
  - {code: "5.44", action: to_max, units: all}
  - {code: "5.4", action: to_mx, units: all}
  - {code: "5.4", action: set, points: 2, units: all}
  - {code: "2.4.1", action: add, points: 1.5, units: [can-thp]}
  - {code: "2.4", action: add, points: 0.1, units: all}
  - {code: "7.3.6", action: rule_input, units: all}
  - {code: "5.4", action: to_max}
  - {code: "5.4", action: add, points: "0,5", units: all}
)",
                                  "bad.yaml", tree, units),
      "bad.yaml:5:12: error[unknown-criterion]: change 1: unknown criterion '5.44' (not in "
      "criteria "
      "'par-index-province-876-seed004'); did you mean '5.4'?\n"
      "bad.yaml:6:27: error[unknown-action]: change 2: unknown action 'to_mx' (did you mean "
      "'to_max'?)\n"
      "bad.yaml:7:40: error[scenario-points-range]: change 3: points 2 outside [0, 1.5] of '5.4'\n"
      "bad.yaml:8:42: error[scenario-points-range]: change 4: adding 1.5 points goes past the "
      "maximum 1 of '2.4.1' from "
      "any score\n"
      "bad.yaml:8:55: error[unknown-unit]: change 4: unknown unit 'can-thp'; did you mean "
      "'can-tho'?\n"
      "bad.yaml:9:12: error[points-on-parent]: change 5: criterion '2.4' has sub-criteria: add or "
      "set points on its "
      "leaves\n"
      "bad.yaml:10:5: error[missing-key]: change 6: missing key 'input'\n"
      "bad.yaml:10:5: error[missing-key]: change 6: action 'rule_input' needs 'value' (the input's "
      "new value)\n"
      "bad.yaml:10:12: error[inputs-without-rule]: change 6: criterion '7.3.6' has no scoring rule "
      "that reads inputs "
      "(see docs/rules.md)\n"
      "bad.yaml:11:5: error[missing-key]: change 7: missing key 'units' (a list of unit ids, or "
      "'all')\n"
      "bad.yaml:12:40: error[not-a-number]: change 8: 'points' must be a decimal number, not "
      "'0,5': it uses a decimal comma (write "
      "decimals with a point: 0.5)",
      chiso::input_error);
}

TEST_CASE("scenario: a raw rule input changes and the rule re-scores the leaf") {
  // 3.4.2 is scored from its on-time rate by the ILLUSTRATIVE proportional rule (points = 1,5 ×
  // rate, truncated): 99,48% gives 1,4922 as printed in seed 004:264-274; 99,9% gives 1,4985.
  const std::string dir = CHISO_SOURCE_DIR;
  const auto tree =
      chiso::load_criteria(dir + "/examples/rules_test/can-tho-rules-illustrative.yaml");
  const auto sheet = chiso::load_sheet(dir + "/tests/data/can-tho-2022-rule-inputs.yaml", tree);
  const auto unit = std::vector<chiso::unit_info>{sheet.unit};
  const auto s = chiso::parse_scenario(R"(kind: chiso/scenario
format_version: 1
criteria: can-tho-rules-illustrative
name: on-time rate 99,9%
changes:
  - {code: "3.4.2", action: rule_input, input: on_time_rate, value: "99.9", units: all}
)",
                                       "rate.yaml", tree, unit);
  const auto result = chiso::what_if(tree, std::vector<chiso::score_sheet>{sheet}, s);
  const auto i = *tree.find("3.4.2");
  CHECK(*result.baseline[0][i].points == d("1.4922"));
  CHECK(*result.card(0)[i].points == d("1.4985"));
  REQUIRE(result.changed.size() == 1);
  CHECK(*result.changed[0].deltas.back().points_change() == d("0.0063"));

  const auto error = [&](const std::string& change) {
    try {
      (void)chiso::parse_scenario(
          "kind: chiso/scenario\nformat_version: 1\ncriteria: can-tho-rules-illustrative\n"
          "changes:\n  - " +
              change + "\n",
          "bad.yaml", tree, unit);
    } catch (const chiso::input_error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  CHECK(
      error(R"({code: "3.4.2", action: rule_input, input: on_time, value: "99.9", units: all})") ==
      "bad.yaml:5:48: error[unknown-input]: change 1: criterion '3.4.2' has no input 'on_time'");
  CHECK(error(R"({code: "3.4.2", action: rule_input, input: on_time_rate, units: all})") ==
        "bad.yaml:5:5: error[missing-key]: change 1: action 'rule_input' needs 'value' (the "
        "input's new value)");
  CHECK(error(R"({code: "3.4.2", action: add, points: 0.1, value: "99", units: all})") ==
        "bad.yaml:5:47: error[scenario-extra-key]: change 1: action 'add' takes no 'value'");
  // A rate above 100% is refused by the rule, at the change.
  auto too_high = s;
  too_high.changes[0].input_value = "100.5";
  CHECK_THROWS_AS((void)chiso::what_if(tree, std::vector<chiso::score_sheet>{sheet}, too_high),
                  chiso::input_error);
}

TEST_CASE("apply: adding to a leaf that was not published is an error, setting it is not") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  const auto sheet = chiso::parse_sheet(
      "kind: chiso/scores\nformat_version: 1\ncriteria: sipas-par-8.1\nunit: {id: x}\n"
      "year: 2022\nmissing: unknown\npoints: {\"8.1.1\": 1, \"8.1.3\": 2, \"8.1.4\": 2, "
      "\"8.1.5\": 1.5}\n",
      "x.yaml", tree);
  chiso::scenario s;
  s.changes.push_back({chiso::change_kind::add_points,
                       "8.1.2",
                       d("0.1"),
                       chiso::unit_selection::only({"x"}),
                       {},
                       {},
                       {}});
  CHECK_THROWS_WITH_AS((void)chiso::apply(tree, sheet, s),
                       "<input>: error[scenario-not-published]: change on '8.1.2' for unit 'x': "
                       "the points of '8.1.2' are "
                       "not published (missing: unknown): set them instead",
                       chiso::input_error);
  s.changes[0].kind = chiso::change_kind::set_points;
  CHECK(chiso::score(tree, chiso::apply(tree, sheet, s)).total().points == d("6.6"));
}
