// Checks that a simulation run on a unit matrix (the batch engine) gives exactly what the same run
// gives on scorecards or sheets: used by the property tests of each simulation.
#pragma once

#include <chiso/planner.hpp>
#include <chiso/scenario.hpp>
#include <chiso/uncertainty.hpp>

#include <doctest/doctest.h>

namespace chiso_test {

inline void check_same_scores(const chiso::scorecard& a, const chiso::scorecard& b) {
  CHECK(a.unit.id == b.unit.id);
  REQUIRE(a.scores.size() == b.scores.size());
  for (std::size_t i = 0; i < a.scores.size(); ++i) {
    CAPTURE(i);
    CHECK(a.scores[i].applicable == b.scores[i].applicable);
    CHECK(a.scores[i].points == b.scores[i].points);
    CHECK(a.scores[i].max == b.scores[i].max);
    CHECK(a.scores[i].gap == b.scores[i].gap);
    CHECK(a.scores[i].min == b.scores[i].min);
    CHECK(a.scores[i].complete == b.scores[i].complete);
  }
}

// what_if() on sheets and on their matrix: the same changed units, deltas, scores and ranks.
inline void check_same(const chiso::what_if_result& sheets, const chiso::what_if_changes& matrix) {
  CHECK(sheets.baseline_ranks == matrix.baseline_ranks);
  CHECK(sheets.ranks == matrix.ranks);
  REQUIRE(sheets.changed.size() == matrix.changed.size());
  for (std::size_t k = 0; k < sheets.changed.size(); ++k) {
    const auto& a = sheets.changed[k];
    const auto& b = matrix.changed[k];
    CAPTURE(a.card.unit.id);
    CHECK(a.index == b.index);
    CHECK(matrix.find_changed(a.index) == &b);
    check_same_scores(a.card, b.card);
    REQUIRE(a.deltas.size() == b.deltas.size());
    for (std::size_t i = 0; i < a.deltas.size(); ++i) {
      CHECK(a.deltas[i].node == b.deltas[i].node);
      CHECK(a.deltas[i].points_before == b.deltas[i].points_before);
      CHECK(a.deltas[i].points_after == b.deltas[i].points_after);
      CHECK(a.deltas[i].max_before == b.deltas[i].max_before);
      CHECK(a.deltas[i].max_after == b.deltas[i].max_after);
      CHECK(a.deltas[i].gap_before == b.deltas[i].gap_before);
      CHECK(a.deltas[i].gap_after == b.deltas[i].gap_after);
    }
  }
}

inline void check_same(const chiso::plan& a, const chiso::plan& b) {
  CHECK(a.feasible == b.feasible);
  CHECK(a.already_met == b.already_met);
  CHECK(a.target_percent == b.target_percent);
  CHECK(a.points_needed == b.points_needed);
  CHECK(a.points_available == b.points_available);
  CHECK(a.total_points == b.total_points);
  CHECK(a.total_cost == b.total_cost);
  CHECK(a.rank_before == b.rank_before);
  CHECK(a.percent_before == b.percent_before);
  REQUIRE(a.steps.size() == b.steps.size());
  for (std::size_t i = 0; i < a.steps.size(); ++i) {
    CHECK(a.steps[i].node == b.steps[i].node);
    CHECK(a.steps[i].points_gained == b.steps[i].points_gained);
    CHECK(a.steps[i].cost == b.steps[i].cost);
    CHECK(a.steps[i].unit_points == b.steps[i].unit_points);
    CHECK(a.steps[i].percent == b.steps[i].percent);
    CHECK(a.steps[i].rank == b.steps[i].rank);
  }
}

// Monte Carlo estimates are doubles: equal bit for bit for the same seed.
inline void check_same(const chiso::uncertainty_result& a, const chiso::uncertainty_result& b) {
  CHECK(a.draws == b.draws);
  CHECK(a.seed == b.seed);
  CHECK(a.excluded == b.excluded);
  CHECK(a.weights_varied == b.weights_varied);
  REQUIRE(a.varied.size() == b.varied.size());
  for (std::size_t i = 0; i < a.varied.size(); ++i) {
    CHECK(a.varied[i].node == b.varied[i].node);
    CHECK(a.varied[i].how == b.varied[i].how);
  }
  REQUIRE(a.units.size() == b.units.size());
  for (std::size_t u = 0; u < a.units.size(); ++u) {
    CAPTURE(u);
    CHECK(a.units[u].unit == b.units[u].unit);
    CHECK(a.units[u].baseline_rank == b.units[u].baseline_rank);
    CHECK(a.units[u].rank_p5 == b.units[u].rank_p5);
    CHECK(a.units[u].rank_median == b.units[u].rank_median);
    CHECK(a.units[u].rank_p95 == b.units[u].rank_p95);
    CHECK(a.units[u].mean_percent == b.units[u].mean_percent);
    CHECK(a.units[u].p_target_percent == b.units[u].p_target_percent);
    CHECK(a.units[u].p_target_rank == b.units[u].p_target_rank);
  }
}

}  // namespace chiso_test
