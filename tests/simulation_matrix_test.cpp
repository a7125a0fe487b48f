// The simulations on a unit matrix (the batch engine, what `chiso simulate`, `plan` and
// `uncertainty` run on) against the same simulations on scorecards and sheets: equal results on
// random trees and on the shipped data, read from sheets and from CSV.
#include <chiso/batch.hpp>
#include <chiso/criteria_loader.hpp>
#include <chiso/planner.hpp>
#include <chiso/ranked_results.hpp>
#include <chiso/scenario.hpp>
#include <chiso/score.hpp>
#include <chiso/uncertainty.hpp>
#include <chiso/unit_set.hpp>

#include <doctest/doctest.h>

#include <random>

#include "random_tree.hpp"
#include "same_simulation.hpp"

namespace {

const std::string source = CHISO_SOURCE_DIR;
const std::string sim = source + "/examples/data/simulation";

std::vector<chiso::scorecard> cards_of(const chiso::criterion_tree& tree,
                                       const std::vector<chiso::score_sheet>& sheets) {
  std::vector<chiso::scorecard> out;
  for (const auto& s : sheets) out.push_back(chiso::score(tree, s));
  return out;
}

chiso::change change_of(chiso::change_kind kind, const std::string& code, const char* amount,
                        chiso::unit_selection units) {
  chiso::change c;
  c.kind = kind;
  c.code = code;
  if (amount) c.amount = *chiso::decimal::parse(amount);
  c.units = std::move(units);
  return c;
}

}  // namespace

TEST_CASE("simulate_uncertainty on a unit matrix equals the run on scorecards (random trees)") {
  std::mt19937_64 g(20261129);
  int compared = 0;
  for (int round = 0; round < 40; ++round) {
    CAPTURE(round);
    const auto tree = chiso_test::random_tree(g, 8, true);
    std::vector<chiso::score_sheet> sheets;
    const std::size_t n_units = 2 + g() % 6;
    for (std::size_t u = 0; u < n_units; ++u) {
      sheets.push_back(chiso_test::random_sheet(g, tree, "u" + std::to_string(u), true));
      if (g() % 6 == 0) sheets.back().unit.ranked = false;
    }
    chiso::uncertainty_spec spec;
    spec.draws = 40;
    spec.seed = g();
    spec.model = round % 2 ? chiso::sampling_model::binomial : chiso::sampling_model::normal;
    if (round % 3 == 0)
      spec.surveys = {{"1", {}, chiso::decimal::from_units(static_cast<std::int64_t>(g() % 8), 1)}};
    else
      spec.surveys = {{"1", static_cast<std::int64_t>(5 + g() % 60), {}}};
    if (g() % 2) spec.weight_jitter = chiso::decimal::from_units(1, 1);
    spec.target_rank = 1;
    spec.target_percent = chiso::rational(50);
    spec.threads = round % 2 ? 2u : 1u;
    const auto cards = cards_of(tree, sheets);
    const auto want = chiso::simulate_uncertainty(tree, cards, spec);
    const auto matrix = chiso::unit_matrix::from_sheets(tree, sheets);
    chiso_test::check_same(want, chiso::simulate_uncertainty(matrix, spec));
    compared += static_cast<int>(want.units.size());
  }
  CHECK(compared > 100);
}

TEST_CASE("what_if, make_plan and simulate_uncertainty on the constructed index's 30 sheets") {
  const auto tree = chiso::load_criteria(sim + "/constructed-index.yaml");
  const auto set = chiso::load_sheet_directory(sim + "/units", tree);
  REQUIRE(set.sheets.size() == 30);
  const auto cards = cards_of(tree, set.sheets);
  const auto matrix = chiso::to_matrix(tree, set);

  auto spec = chiso::load_uncertainty_spec(sim + "/uncertainty.yaml", tree);
  spec.draws = 300;  // the shipped 2000, cut for a Debug build
  const auto mc = chiso::simulate_uncertainty(tree, cards, spec);
  REQUIRE(mc.units.size() == 30);
  chiso_test::check_same(mc, chiso::simulate_uncertainty(matrix, spec));

  const auto request = chiso::load_plan_request(sim + "/top20-plan.yaml", tree, set.units());
  const auto plan = chiso::make_plan(tree, cards, request);
  REQUIRE(plan.feasible);
  REQUIRE_FALSE(plan.steps.empty());
  chiso_test::check_same(plan, chiso::make_plan(matrix, request));
  // Every unit as the one planned for, against the same target.
  for (const auto& unit : set.units()) {
    CAPTURE(unit.id);
    auto r = request;
    r.unit = unit.id;
    chiso_test::check_same(chiso::make_plan(tree, cards, r), chiso::make_plan(matrix, r));
  }

  chiso::scenario s;
  s.changes = {
      change_of(chiso::change_kind::to_max, "2.2", nullptr,
                chiso::unit_selection::only({"p23", "p05"})),
      change_of(chiso::change_kind::add_points, "3.1", "1.5", chiso::unit_selection::only({"p23"})),
      change_of(chiso::change_kind::set_points, "1.2", "2", chiso::unit_selection::every_unit()),
      change_of(chiso::change_kind::not_applicable, "1.1", nullptr,
                chiso::unit_selection::only({"p01"}))};
  const auto sheets_result = chiso::what_if(tree, set.sheets, s);
  CHECK(sheets_result.changed.size() == 30);
  chiso_test::check_same(sheets_result, chiso::what_if(matrix, s));
}

TEST_CASE("what_if on a unit matrix: Cần Thơ 2022 (seed 004) with the shipped scenario") {
  const auto tree = chiso::load_criteria(source + "/criteria/par-index-province-876-seed004.yaml");
  const std::vector<chiso::score_sheet> sheets = {
      chiso::load_sheet(source + "/examples/data/can-tho-2022.yaml", tree)};
  const auto units = std::vector<chiso::unit_info>{sheets[0].unit};
  const auto s = chiso::load_scenario(sim + "/can-tho-5.4-full.yaml", tree, units);
  const auto want = chiso::what_if(tree, sheets, s);
  REQUIRE(want.changed.size() == 1);
  REQUIRE(want.changed[0].deltas.size() == 2);  // 5 and 5.4 (scenario_test.cpp)
  chiso_test::check_same(want, chiso::what_if(chiso::unit_matrix::from_sheets(tree, sheets), s));
}

TEST_CASE("simulations on a CSV read straight into the matrix equal those on its sheets") {
  const auto tree =
      chiso::load_criteria(source + "/examples/data/so-huyen-constructed-criteria.yaml");
  const auto file = source + "/examples/data/can-tho-units-2023-constructed.csv";
  chiso::csv_options options;
  options.year = 2023;
  const auto set = chiso::load_units_csv(file, tree, options);
  const auto matrix = chiso::load_unit_matrix_csv(file, tree, options);  // as the CLI reads it
  REQUIRE(matrix.unit_count() == set.sheets.size());
  const auto cards = cards_of(tree, set.sheets);

  chiso::scenario s;
  s.changes = {change_of(chiso::change_kind::to_max, "1", nullptr,
                         chiso::unit_selection::only({"tu-phap", set.sheets.back().unit.id})),
               change_of(chiso::change_kind::add_points, "3", "1.25",
                         chiso::unit_selection::only({"noi-vu"}))};
  const auto sheets_result = chiso::what_if(tree, set.sheets, s);
  REQUIRE(sheets_result.changed.size() == 3);
  chiso_test::check_same(sheets_result, chiso::what_if(matrix, s));

  for (const auto& unit : set.units()) {
    CAPTURE(unit.id);
    if (!unit.ranked) continue;  // a rank target needs a ranked unit
    chiso::plan_request r;
    r.unit = unit.id;
    r.target = chiso::plan_target::top(3);
    chiso_test::check_same(chiso::make_plan(tree, cards, r), chiso::make_plan(matrix, r));
  }
}
