// What it takes: rank gains and the cheapest set of improvements that reaches a target.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/score.hpp"
#include "chiso/source_location.hpp"
#include "chiso/tree.hpp"

namespace chiso {

class unit_matrix;  // chiso/batch.hpp

/// A cap and/or an effort weight on a criterion. On an inner node it applies to every leaf
/// below it; the deepest setting wins. A cap is what a leaf can realistically reach (a survey
/// criterion will not reach 100%); a leaf already above its cap has no room.
struct criterion_setting {
  std::string code;
  std::optional<rational>
      cap_percent;  ///< of each leaf's maximum, rounded down to the tree's decimals
  std::optional<decimal> cap_points;  ///< on a leaf only
  std::optional<decimal> cost;        ///< effort per point gained, >= 0
  source_location where;
};

/// Room to improve one leaf of one unit.
struct leaf_room {
  std::size_t node = 0;
  decimal points;               ///< now
  decimal cap;                  ///< reachable
  decimal room;                 ///< cap − points, >= 0
  std::optional<decimal> cost;  ///< per point, from the deepest setting; nullopt when none
};

/// The room of each applicable leaf of `card` under `settings` (leaves without room included).
/// Throws usage_error for a leaf whose maximum is unknown.
[[nodiscard]] CHISO_EXPORT std::vector<leaf_room> leaf_rooms(
    const criterion_tree& tree, const scorecard& card, std::span<const criterion_setting> settings);

/// One better rank and what it takes to reach it with the others held fixed.
struct rank_step {
  std::size_t rank = 0;     ///< the rank reached
  rational percent;         ///< the % of max to reach: equal to the unit ranked there (ties share
                            ///< the better rank under competition ranking, so equality suffices)
  decimal points_needed;    ///< at the tree's decimals, rounded up
  rational percent_needed;  ///< percentage points to gain
  std::vector<std::string> single_criteria;  ///< leaves whose room alone covers points_needed
};

struct rank_gain_result {
  std::size_t unit = 0;
  std::optional<std::size_t> rank;  ///< now
  rational percent;                 ///< now
  std::vector<rank_step> steps;     ///< from the next better rank up to rank 1
};

/// For `unit` (an index into `cards`): the points needed to reach each better rank against the
/// others held fixed, and which single leaves could deliver each alone within their caps.
/// Throws usage_error when the unit is unranked or its % of max is unknown.
[[nodiscard]] CHISO_EXPORT rank_gain_result
rank_gain(const criterion_tree& tree, std::span<const scorecard> cards, std::size_t unit,
          std::span<const criterion_setting> settings = {});

/// What a plan must reach.
struct plan_target {
  enum class kind { percent, rank };
  kind type = kind::percent;
  rational percent;      ///< at least this % of max (a band threshold is a %)
  std::size_t rank = 0;  ///< this rank or better (top N)

  [[nodiscard]] static plan_target at_least_percent(rational p) { return {kind::percent, p, 0}; }
  [[nodiscard]] static plan_target top(std::size_t n) { return {kind::rank, 0, n}; }
};

/// fractional: any amount of points, at the tree's decimals, up to each cap.
/// whole_criterion: a leaf is raised to its cap or left as it is (0/1 choice).
enum class plan_mode { fractional, whole_criterion };
/// points: the least total improvement; cost: the least Σ cost × points.
enum class plan_objective { points, cost };

struct plan_request {
  std::string unit;  ///< unit id
  plan_target target;
  plan_mode mode = plan_mode::fractional;
  plan_objective objective = plan_objective::points;
  std::vector<criterion_setting> settings;
  /// Cost of leaves without a cost setting under the cost objective; without it such a leaf is
  /// an error (no silent default).
  std::optional<decimal> default_cost;
};

struct plan_step {
  std::size_t node = 0;
  decimal points_gained;
  decimal cost;
  decimal unit_points;              ///< the unit's total after this step
  std::optional<rational> percent;  ///< the unit's % after this step
  std::optional<std::size_t> rank;  ///< the unit's rank after this step, others fixed
};

struct plan {
  bool feasible = false;  ///< false: even every criterion at its cap misses the target
  bool already_met = false;
  rational target_percent;   ///< the % the unit must reach
  decimal points_needed;     ///< at the tree's decimals
  decimal points_available;  ///< Σ room
  decimal total_points;      ///< gained by the plan
  decimal total_cost;
  std::optional<std::size_t> rank_before;
  rational percent_before;
  std::vector<plan_step> steps;
};

/// The optimal plan for `request` on the data set `cards` (others held fixed). Exact: points
/// are integers at the tree's `decimals`; fractional mode fills by cost per point (provably
/// optimal), whole-criterion mode solves the 0/1 covering knapsack by dynamic programming.
/// Throws usage_error for an unknown unit, a unit without known % of max, a negative cost or a
/// missing cost under the cost objective.
[[nodiscard]] CHISO_EXPORT plan make_plan(const criterion_tree& tree,
                                          std::span<const scorecard> cards,
                                          const plan_request& request);

/// make_plan() on the units of a matrix (units × leaves, the batch engine): the others' % comes
/// from score_batch() at the root, and only `request.unit` is scored node by node (score() on
/// the sheet its cells load from), so no scorecard is built per unit. The plan equals make_plan()
/// on the cards of the sheets the matrix was read from. Throws as make_plan() does.
[[nodiscard]] CHISO_EXPORT plan make_plan(const unit_matrix& units, const plan_request& request);

/// Loads a `kind: chiso/plan` file (see docs/simulation.md).
[[nodiscard]] CHISO_EXPORT plan_request load_plan_request(const std::filesystem::path& file,
                                                          const criterion_tree& tree,
                                                          std::span<const unit_info> units);
[[nodiscard]] CHISO_EXPORT plan_request parse_plan_request(std::string_view yaml,
                                                           std::string file_name,
                                                           const criterion_tree& tree,
                                                           std::span<const unit_info> units);

}  // namespace chiso
