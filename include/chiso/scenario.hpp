// What-if scenarios: changes to units' points, re-scored and re-ranked against a baseline.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/source_location.hpp"
#include "chiso/tree.hpp"

namespace chiso {

class unit_matrix;  // chiso/batch.hpp

/// What a change does to its criterion.
enum class change_kind {
  to_max,          ///< every applicable leaf of the node at its maximum
  add_points,      ///< a leaf gains `amount` points (an error past its maximum, never clamped)
  set_points,      ///< a leaf gets exactly `amount` points
  not_applicable,  ///< the node leaves the unit's scope (its subtree is n/a)
  rule_input,      ///< a raw input of a rule leaf gets a new value ("on-time rate 99.9%")
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(change_kind k) noexcept;

/// Which units a change applies to.
struct CHISO_EXPORT unit_selection {
  bool all = false;
  std::vector<std::string> ids;  ///< used when `all` is false

  [[nodiscard]] static unit_selection every_unit() { return {true, {}}; }
  [[nodiscard]] static unit_selection only(std::vector<std::string> ids) {
    return {false, std::move(ids)};
  }
  [[nodiscard]] bool selects(const unit_info& unit) const;
};

struct change {
  change_kind kind = change_kind::to_max;
  std::string code;
  decimal amount;  ///< points for add_points / set_points
  unit_selection units;
  source_location where;    ///< the change in its scenario file, for errors
  std::string input;        ///< rule_input: the input's name in the sheet (`on_time_rate`)
  std::string input_value;  ///< rule_input: its new value, as a sheet would write it
};

/// An ordered list of changes; they apply in order to each selected unit.
struct scenario {
  std::string name;
  std::string note;
  std::vector<change> changes;
};

/// `sheet` with the scenario's changes for its unit applied. Throws input_error (at the
/// change's position) for a change the unit cannot take: points past the maximum or below the
/// minimum, an n/a node, an inner node for add/set.
[[nodiscard]] CHISO_EXPORT score_sheet apply(const criterion_tree& tree, const score_sheet& sheet,
                                             const scenario& s);

/// A node whose points, applicable maximum or gap changed. A partial node's gap can change
/// while its points stay unknown (seed 004's domains).
struct CHISO_EXPORT node_delta {
  std::size_t node = 0;
  std::optional<decimal> points_before, points_after;
  std::optional<decimal> max_before, max_after;
  std::optional<decimal> gap_before, gap_after;

  /// after − before; nullopt when either is unknown.
  [[nodiscard]] std::optional<decimal> points_change() const;
  [[nodiscard]] std::optional<decimal> gap_change() const;
};

struct changed_unit {
  std::size_t index = 0;           ///< into the data set
  scorecard card;                  ///< the unit's new scores
  std::vector<node_delta> deltas;  ///< changed nodes only, in tree order
};

/// The outcome of a scenario on a data set. Only changed units carry new scores; the others
/// are represented by their baseline scorecards.
struct CHISO_EXPORT what_if_result {
  std::vector<scorecard> baseline;
  std::vector<changed_unit> changed;
  std::vector<std::optional<std::size_t>> baseline_ranks;  ///< competition ranks, by % of max
  std::vector<std::optional<std::size_t>> ranks;           ///< after the scenario

  /// Unit `index`'s scores after the scenario (its baseline when it did not change).
  [[nodiscard]] const scorecard& card(std::size_t index) const;
  /// The change record of unit `index`, nullptr when it did not change.
  [[nodiscard]] const changed_unit* find_changed(std::size_t index) const;
  /// Every unit's scorecard after the scenario (copies), in data-set order.
  [[nodiscard]] std::vector<scorecard> cards() const;
};

/// Applies `s` to the units it selects, re-scores only those and re-ranks every unit.
/// Ranks are competition ranks by exact % of the applicable maximum (equal % share a rank).
[[nodiscard]] CHISO_EXPORT what_if_result what_if(const criterion_tree& tree,
                                                  std::span<const score_sheet> sheets,
                                                  const scenario& s);

/// The outcome of a scenario on a unit_matrix: the changed units' new scores and every unit's
/// rank before and after, without a scorecard per unchanged unit (what_if_result keeps one each:
/// 10^5 units × 200 nodes is gigabytes).
struct CHISO_EXPORT what_if_changes {
  std::vector<changed_unit> changed;                       ///< selected units, in data-set order
  std::vector<std::optional<std::size_t>> baseline_ranks;  ///< competition ranks, by % of max
  std::vector<std::optional<std::size_t>> ranks;           ///< after the scenario

  /// The change record of unit `index`, nullptr when it did not change.
  [[nodiscard]] const changed_unit* find_changed(std::size_t index) const;
};

/// what_if() on the units of a matrix (units × leaves, the batch engine): every unit's baseline %
/// comes from score_batch() at the root, and only the units a change selects become a sheet
/// (the one their cells load from: detail in docs/simulation.md), changed by apply() and
/// re-scored by score(). Ranks, deltas and errors equal what_if() on the sheets the matrix was
/// read from when those sheets give leaf points (any CSV); a sheet's raw rule inputs and n/a
/// marks on inner nodes are not in a matrix, so `rule_input` changes throw input_error
/// (`scenario-no-inputs`) here: use what_if() on such sheets. The changed units' cards have
/// year 0 (a matrix has no year). Throws input_error as apply() does.
[[nodiscard]] CHISO_EXPORT what_if_changes what_if(const unit_matrix& units, const scenario& s);
/// The same, with each selected unit's sheet from `sheet_of(u)` (u: the unit's row) instead of
/// the one its cells give: the files the matrix was read from
/// (sheet_directory_matrix::files), so that `rule_input` changes and n/a marks on inner nodes
/// apply, and ranks, deltas and errors equal what_if() on those sheets. Each sheet must hold the
/// points the matrix holds for its unit; only one is held at a time. Throws what `sheet_of`
/// throws, and input_error as apply() does.
[[nodiscard]] CHISO_EXPORT what_if_changes
what_if(const unit_matrix& units, const scenario& s,
        const std::function<score_sheet(std::size_t)>& sheet_of);

/// Loads a `kind: chiso/scenario` file; codes are checked against `tree` and unit ids against
/// `units`. Every problem is reported at once as one input_error.
[[nodiscard]] CHISO_EXPORT scenario load_scenario(const std::filesystem::path& file,
                                                  const criterion_tree& tree,
                                                  std::span<const unit_info> units);
[[nodiscard]] CHISO_EXPORT scenario parse_scenario(std::string_view yaml, std::string file_name,
                                                   const criterion_tree& tree,
                                                   std::span<const unit_info> units);

}  // namespace chiso
