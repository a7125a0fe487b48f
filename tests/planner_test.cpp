// The target planner and rank gains: optimality against brute force on random small trees,
// and plan / rank-gain figures worked out by hand.
#include <chiso/batch.hpp>
#include <chiso/criteria_loader.hpp>
#include <chiso/error.hpp>
#include <chiso/planner.hpp>
#include <chiso/score.hpp>

#include <doctest/doctest.h>

#include <limits>
#include <random>

#include "random_tree.hpp"
#include "same_simulation.hpp"

using chiso::decimal;
using chiso::rational;

namespace {

decimal d(const char* text) {
  return *decimal::parse(text);
}

std::int64_t grains(const decimal& v) {
  return v.with_scale(1).units();  // random trees use 1 decimal
}

// The least cost of reaching `need` grains, by trying every allocation (fractional) or every
// subset (whole criteria). nullopt when nothing reaches it.
std::optional<std::int64_t> brute_force(const std::vector<std::int64_t>& room,
                                        const std::vector<std::int64_t>& cost, std::int64_t need,
                                        bool whole) {
  std::optional<std::int64_t> best;
  std::vector<std::int64_t> x(room.size(), 0);
  while (true) {
    std::int64_t got = 0, c = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      got += x[i];
      c += x[i] * cost[i];
    }
    if (got >= need && (!best || c < *best)) best = c;
    std::size_t i = 0;
    for (; i < x.size(); ++i) {
      const std::int64_t step = whole ? room[i] : 1;
      if (x[i] + step <= room[i] && step > 0) {
        x[i] += step;
        break;
      }
      x[i] = 0;
    }
    if (i == x.size()) break;
  }
  return best;
}

}  // namespace

TEST_CASE("make_plan: optimal against brute force on random small trees, both modes") {
  std::mt19937_64 g(876);
  int checked = 0, infeasible = 0;
  for (int round = 0; round < 240; ++round) {
    const auto tree = chiso_test::random_tree(g, 4);
    std::vector<chiso::scorecard> cards;
    std::vector<chiso::score_sheet> sheets;
    const std::size_t n_units = 2 + g() % 4;
    for (std::size_t u = 0; u < n_units; ++u) {
      sheets.push_back(chiso_test::random_sheet(g, tree, "u" + std::to_string(u)));
      cards.push_back(chiso::score(tree, sheets.back()));
    }
    chiso::plan_request req;
    req.unit = "u0";
    req.mode = round % 2 ? chiso::plan_mode::whole_criterion : chiso::plan_mode::fractional;
    req.objective = round % 4 < 2 ? chiso::plan_objective::points : chiso::plan_objective::cost;
    // Random caps and costs on some nodes; the rest take default_cost.
    req.default_cost = decimal(2);
    for (std::size_t i = 1; i < tree.size(); ++i) {
      if (g() % 3 != 0) continue;
      chiso::criterion_setting s;
      s.code = tree[i].code;
      if (g() % 2) s.cap_percent = rational(static_cast<int>(50 + g() % 51));
      if (g() % 2) s.cost = decimal::from_units(static_cast<std::int64_t>(g() % 7), 0);
      req.settings.push_back(s);
    }
    const auto& me = cards[0];
    const rational now = *me.total().percent();
    if (g() % 2) {
      req.target = chiso::plan_target::at_least_percent(now + rational(static_cast<int>(g() % 40)));
    } else {
      req.target = chiso::plan_target::top(1 + g() % n_units);
    }

    // The grains needed, worked out here independently.
    rational target = req.target.percent;
    if (req.target.type == chiso::plan_target::kind::rank) {
      std::vector<rational> others;
      for (std::size_t u = 1; u < n_units; ++u) others.push_back(*cards[u].total().percent());
      std::sort(others.rbegin(), others.rend());
      target = others.size() < req.target.rank ? now : others[req.target.rank - 1];
    }
    const std::int64_t P = grains(*me.total().points), M = grains(*me.total().max);
    std::int64_t need = 0;
    while (rational(P + need) * 100 < target * M) ++need;

    std::vector<std::int64_t> room, cost;
    for (const auto leaf : tree.leaves()) {
      const std::int64_t max = grains(*tree[leaf].max);
      std::int64_t cap = max;
      const chiso::criterion_setting* cap_set = nullptr;
      const chiso::criterion_setting* cost_set = nullptr;
      for (auto i = leaf; i != chiso::criterion::no_parent; i = tree[i].parent)
        for (const auto& s : req.settings)
          if (s.code == tree[i].code) {
            if (!cap_set && s.cap_percent) cap_set = &s;
            if (!cost_set && s.cost) cost_set = &s;
          }
      if (cap_set) {
        const auto pct =
            static_cast<std::int64_t>(boost::multiprecision::numerator(*cap_set->cap_percent));
        cap = max * pct / 100;  // floor: non-negative integers
      }
      const std::int64_t pts = grains(*me[leaf].points);
      room.push_back(std::max<std::int64_t>(0, cap - pts));
      cost.push_back(req.objective == chiso::plan_objective::points
                         ? 1
                         : (cost_set ? cost_set->cost->units() : 2));
    }
    const bool whole = req.mode == chiso::plan_mode::whole_criterion;
    const auto best = brute_force(room, cost, need, whole);
    const auto plan = chiso::make_plan(tree, cards, req);
    // The batch path (the units as a matrix, only u0 scored node by node) gives the same plan.
    chiso_test::check_same(plan,
                           chiso::make_plan(chiso::unit_matrix::from_sheets(tree, sheets), req));
    CHECK(plan.points_needed == decimal::from_units(need, 1));
    CHECK(plan.feasible == best.has_value());
    if (!best) {
      ++infeasible;
      continue;
    }
    ++checked;
    // The plan reaches the target, within the rooms, at exactly the brute-force optimum.
    const decimal achieved =
        req.objective == chiso::plan_objective::points ? plan.total_points : plan.total_cost;
    CHECK(achieved == decimal::from_units(*best, 1));  // grains of 0.1 point
    CHECK(plan.total_points >= plan.points_needed);
    decimal sum = decimal(0);
    for (const auto& step : plan.steps) {
      const auto k = static_cast<std::size_t>(
          std::find(tree.leaves().begin(), tree.leaves().end(), step.node) - tree.leaves().begin());
      CHECK(grains(step.points_gained) <= room[k]);
      if (whole) CHECK(grains(step.points_gained) == room[k]);
      sum += step.points_gained;
    }
    CHECK(sum == plan.total_points);
    if (!plan.steps.empty()) {
      CHECK(*plan.steps.back().percent >= target);
      if (req.target.type == chiso::plan_target::kind::rank)
        CHECK(*plan.steps.back().rank <= req.target.rank);
    }
  }
  CHECK(checked > 150);
  CHECK(infeasible > 0);
}

namespace {

// Three leaves of 10 points (decimals 2) and four provinces:
//   A 27 (90%), B 24 (80%), C 21 (70%), D 15 (50%, our unit: 5 + 5 + 5).
chiso::criterion_tree small_tree() {
  std::vector<chiso::criterion> nodes(4);
  nodes[0].max = decimal(30);
  for (int i = 1; i <= 3; ++i) {
    nodes[static_cast<std::size_t>(i)].code = std::to_string(i);
    nodes[static_cast<std::size_t>(i)].parent = 0;
    nodes[static_cast<std::size_t>(i)].depth = 1;
    nodes[static_cast<std::size_t>(i)].max = decimal(10);
  }
  nodes[3].method = chiso::measurement::survey;
  chiso::index_info info;
  info.id = "small";
  info.decimals = 2;
  return chiso::criterion_tree(info, nodes);
}

chiso::scorecard card(const chiso::criterion_tree& tree, std::string id, const char* a,
                      const char* b, const char* c) {
  chiso::score_sheet s;
  s.criteria = "small";
  s.unit = {id, id, "tinh", true};
  s.points = {{"1", d(a), {}}, {"2", d(b), {}}, {"3", d(c), {}}};
  return chiso::score(tree, s);
}

}  // namespace

TEST_CASE("rank_gain: points to each better rank, equality ties the better unit") {
  const auto tree = small_tree();
  const std::vector<chiso::scorecard> cards = {
      card(tree, "A", "9", "9", "9"), card(tree, "B", "8", "8", "8"),
      card(tree, "C", "7", "7", "7"), card(tree, "D", "5", "5", "5")};
  // Leaf 3 is a survey: capped at 90% (9 points), so it has 4 points of room.
  const std::vector<chiso::criterion_setting> caps = {{"3", rational(90), {}, {}, {}}};
  const auto r = chiso::rank_gain(tree, cards, 3, caps);
  CHECK(r.rank == 4u);
  REQUIRE(r.steps.size() == 3);
  CHECK(r.steps[0].rank == 3u);
  CHECK(r.steps[0].points_needed == d("6"));  // 21 − 15: equal to C shares rank 3
  CHECK(r.steps[0].single_criteria.empty());  // rooms 5, 5, 4
  CHECK(r.steps[1].rank == 2u);
  CHECK(r.steps[1].points_needed == d("9"));
  CHECK(r.steps[2].rank == 1u);
  CHECK(r.steps[2].points_needed == d("12"));
  CHECK(r.steps[2].percent_needed == rational(40));

  const auto near = chiso::rank_gain(tree, cards, 2, caps);  // C: 21, B: 24 → 3 points
  REQUIRE(near.steps.size() == 2);
  CHECK(near.steps[0].points_needed == d("3"));
  CHECK(near.steps[0].single_criteria == std::vector<std::string>{"1", "2"});  // 3 has 2 room
}

TEST_CASE("make_plan: top 2 for D, least cost, step by step") {
  const auto tree = small_tree();
  const std::vector<chiso::scorecard> cards = {
      card(tree, "A", "9", "9", "9"), card(tree, "B", "8", "8", "8"),
      card(tree, "C", "7", "7", "7"), card(tree, "D", "5", "5", "5")};
  chiso::plan_request req;
  req.unit = "D";
  req.target = chiso::plan_target::top(2);
  req.objective = chiso::plan_objective::cost;
  req.settings = {
      {"1", {}, {}, d("3"), {}}, {"2", {}, {}, d("1"), {}}, {"3", rational(90), {}, d("2"), {}}};
  // Fractional: 9 points (to B's 24): 5 from leaf 2 (cost 1), 4 from leaf 3 (cost 2) = 13.
  auto p = chiso::make_plan(tree, cards, req);
  CHECK(p.feasible);
  CHECK(p.points_needed == d("9"));
  CHECK(p.total_cost == d("13"));
  REQUIRE(p.steps.size() == 2);
  CHECK(tree[p.steps[0].node].code == "2");
  CHECK(*p.steps[0].rank == 4u);  // 20 points: still below C's 21
  CHECK(*p.steps[0].percent == rational(200, 3));
  CHECK(tree[p.steps[1].node].code == "3");
  CHECK(*p.steps[1].rank == 2u);
  // Whole criteria: leaf 2 (5 for 5) + leaf 3 (4 for 8) = 13 for 9 points, versus 1 + 2
  // (15 for 10 points) or 1 + 3 (23): 13 again.
  req.mode = chiso::plan_mode::whole_criterion;
  p = chiso::make_plan(tree, cards, req);
  CHECK(p.total_cost == d("13"));
  CHECK(p.total_points == d("9"));
  // Top 1 needs 12 points but only 5 + 5 + 4 = 14 are there: feasible; 100% is not.
  req.target = chiso::plan_target::at_least_percent(100);
  p = chiso::make_plan(tree, cards, req);
  CHECK_FALSE(p.feasible);
  CHECK(p.points_available == d("14"));
}

TEST_CASE("parse_plan_request: the shipped top-20 plan and a catalogue of errors") {
  const auto tree = chiso::load_criteria(std::string(CHISO_SOURCE_DIR) +
                                         "/examples/data/simulation/constructed-index.yaml");
  const std::vector<chiso::unit_info> units = {{"p23", "M", "tinh", true},
                                               {"p01", "A", "tinh", true}};
  const auto r = chiso::load_plan_request(
      std::string(CHISO_SOURCE_DIR) + "/examples/data/simulation/top20-plan.yaml", tree, units);
  CHECK(r.unit == "p23");
  CHECK(r.target.type == chiso::plan_target::kind::rank);
  CHECK(r.target.rank == 20u);
  CHECK(r.objective == chiso::plan_objective::cost);
  REQUIRE(r.settings.size() == 4);
  CHECK(r.settings[0].code == "3");
  CHECK(*r.settings[0].cap_percent == rational(90));
  CHECK(*r.settings[0].cost == d("3"));

  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_plan_request(R"(kind: chiso/plan
format_version: 1
criteria: constructed-index
unit: p32
target: {rank: 20, percent: 80}
mode: whole
objective: cost
settings:
  "3.4": {cost: 1}
  "3": {cap: 45}
  "3.1": {cap: 25, cost: -1}
  "2.1": {cap_pct: 90}
)",
                                      "plan.yaml", tree, units),
      "plan.yaml:4:7: error[unknown-unit]: plan file: unknown unit 'p32'\n"
      "plan.yaml:5:9: error[plan-target]: target: give exactly one of 'percent' or 'rank'\n"
      "plan.yaml:6:7: error[plan-mode]: plan file: unknown mode 'whole' (expected "
      "'fractional' or 'whole_criterion')\n"
      "plan.yaml:9:3: error[unknown-criterion]: settings: unknown criterion '3.4' (not in criteria "
      "'constructed-index'); did you mean '3.1'?\n"
      "plan.yaml:10:14: error[plan-cap]: settings '3': 'cap' in points is for a leaf; use "
      "'cap_percent'\n"
      "plan.yaml:11:16: error[plan-cap]: settings '3.1': cap 25 is past the maximum 20 of "
      "'3.1'\n"
      "plan.yaml:11:26: error[negative-value]: settings '3.1': 'cost' must not be negative\n"
      "plan.yaml:12:11: error[unknown-key]: settings '2.1': unknown key 'cap_pct' (expected "
      "'cap', 'cap_percent' or 'cost')",
      chiso::input_error);
}
