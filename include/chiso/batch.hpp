// Scoring many units at once: a units × leaves matrix of exact scaled integers.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/ranking.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// What a cell of a unit_matrix holds.
enum class cell_state : std::uint8_t {
  known,           ///< points (the cell's value)
  not_applicable,  ///< the unit is not scored on the leaf (the cell holds 0)
  unknown,         ///< not published (`missing: unknown`): totals above it are unknown
};

/// Leaf points of many units for one criterion tree.
///
/// Each cell is an int32 count of 10^-decimals points, where `decimals` is the tree's declared
/// precision (0,8219 → 8219 at 4 decimals), so 10^6 units × 150 leaves take 600 MB, not one
/// arbitrary-precision object per cell. A value that does not fit throws overflow_error. Which
/// leaves a unit is not scored on (n/a) or has no published points for (unknown) is kept as a
/// per-unit "pattern": the few distinct patterns are stored once, and those cells hold 0. Each
/// distinct pattern costs one scorecard when scored (about 240 bytes per tree node): data where
/// nearly every unit has its own set of unknown leaves is better scored unit by unit. The tree
/// must outlive the matrix.
///
/// Threads: once filled, a matrix may be read and scored (score_batch()) by many threads at
/// once; while one thread fills it (set(), set_not_applicable(), set_unknown(), set_states(),
/// cells()), no other thread may use it (docs/guide.md "Threads").
class CHISO_EXPORT unit_matrix {
 public:
  using cells_type = Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic>;  // column-major

  /// `units.size()` units, every leaf 0 and applicable.
  unit_matrix(const criterion_tree& tree, std::vector<unit_info> units);
  /// `units.size()` units with these cells (units × leaves, already scaled), every leaf known
  /// and applicable: bulk loading without a second copy of the cells. Throws usage_error when
  /// the shape does not match.
  unit_matrix(const criterion_tree& tree, std::vector<unit_info> units, cells_type cells);
  /// Validated sheets of the same tree (one per unit): their points and n/a marks, and the
  /// leaves a `missing: unknown` sheet leaves out as unknown.
  [[nodiscard]] static unit_matrix from_sheets(const criterion_tree& tree,
                                               std::span<const score_sheet> sheets);
  // The matrix refers to its tree: a temporary tree (`collapse(t, 1)` inline) would dangle.
  unit_matrix(const criterion_tree&& tree, std::vector<unit_info> units) = delete;
  unit_matrix(const criterion_tree&& tree, std::vector<unit_info> units, cells_type cells) = delete;
  static unit_matrix from_sheets(const criterion_tree&& tree,
                                 std::span<const score_sheet> sheets) = delete;

  [[nodiscard]] const criterion_tree& tree() const noexcept { return *tree_; }
  [[nodiscard]] std::size_t unit_count() const noexcept { return units_.size(); }
  [[nodiscard]] std::size_t leaf_count() const noexcept { return tree_->leaves().size(); }
  [[nodiscard]] const std::vector<unit_info>& units() const noexcept { return units_; }
  /// The tree's declared decimals: a cell holds points × 10^scale().
  [[nodiscard]] int scale() const noexcept { return scale_; }

  /// Column of leaf node `node` (an index into the tree); throws usage_error for an inner node.
  [[nodiscard]] std::size_t column_of(std::size_t node) const;

  /// Sets a known or unknown cell exactly (it becomes known); throws usage_error for an n/a cell
  /// or more decimals than the tree declares, and overflow_error when the scaled value does not
  /// fit in 32 bits.
  void set(std::size_t unit, std::size_t column, const decimal& points);
  /// The cell's points; nullopt when it is not applicable or unknown.
  [[nodiscard]] std::optional<decimal> get(std::size_t unit, std::size_t column) const;
  /// Marks a leaf not applicable for a unit (its cell becomes 0).
  void set_not_applicable(std::size_t unit, std::size_t column);
  /// Marks a leaf's points unknown for a unit (its cell becomes 0).
  void set_unknown(std::size_t unit, std::size_t column);
  /// Sets the state of every leaf of a unit at once (bulk loading); cells not known become 0.
  void set_states(std::size_t unit, std::vector<cell_state> states);
  /// Unit `unit` becomes the sheet's, as from_sheets() reads it: its unit_info (and the leaves
  /// its group is not scored on, `groups:` / `not_groups:`), its points (a rule leaf's inputs
  /// give the rule's rounded points), its n/a marks (a node's whole subtree) and, for a
  /// `missing: unknown` sheet, the leaves it leaves out as unknown; every other cell of the row
  /// becomes 0. For filling a matrix one sheet at a time without holding them all
  /// (load_sheet_directory_matrix()). Throws what validate_sheet() throws for a sheet not valid on
  /// the matrix's tree, usage_error for a unit out of range.
  void set_unit(std::size_t unit, const score_sheet& sheet);
  [[nodiscard]] cell_state state(std::size_t unit, std::size_t column) const;
  [[nodiscard]] bool is_applicable(std::size_t unit, std::size_t column) const {
    return state(unit, column) != cell_state::not_applicable;
  }

  /// Raw cells for bulk loading (already scaled); n/a and unknown cells must stay 0.
  [[nodiscard]] cells_type& cells() noexcept { return cells_; }
  [[nodiscard]] const cells_type& cells() const noexcept { return cells_; }
  [[nodiscard]] std::uint32_t pattern_of(std::size_t unit) const { return pattern_.at(unit); }
  /// Per pattern, the state of each leaf column.
  [[nodiscard]] const std::vector<std::vector<cell_state>>& patterns() const noexcept {
    return patterns_;
  }

  /// What the CSV reader decided or ignored (unit_set::notes); empty when built otherwise.
  [[nodiscard]] const std::vector<std::string>& notes() const noexcept { return notes_; }
  void set_notes(std::vector<std::string> notes) { notes_ = std::move(notes); }

 private:
  std::uint32_t intern(std::vector<cell_state> pattern);
  std::uint32_t group_pattern(const std::string& group);
  void set_state(std::size_t unit, std::size_t column, cell_state s);

  const criterion_tree* tree_;
  std::vector<unit_info> units_;
  int scale_;
  std::vector<std::uint32_t> column_;  ///< per node: leaf column or UINT32_MAX
  cells_type cells_;
  std::vector<std::string> notes_;
  std::vector<std::uint32_t> pattern_;             ///< per unit
  std::vector<std::vector<cell_state>> patterns_;  ///< per pattern: state per leaf column
  std::map<std::vector<cell_state>, std::uint32_t> pattern_ids_;
  bool group_applicability_ = false;  ///< the tree has `groups:` / `not_groups:` lists
  std::map<std::string, std::uint32_t, std::less<>> group_patterns_;  ///< per unit group
};

/// Scores of every unit at selected nodes, computed in one pass over the matrix.
///
/// A node's points are linear in its leaves' points: points = a + S and gap = b − S, where S is
/// the sum of the unit's leaf cells under the node and a, b, the maximum, the minimum and the
/// completeness depend only on the unit's n/a pattern (partial nodes add their unlisted
/// remainder to a). So S for all units comes from one product of the matrix with a sparse
/// leaf→node incidence matrix (int64, no overflow below 2^32 leaves), and the per-pattern
/// constants from the one-unit score() on a zero sheet: results equal score()'s exactly.
///
/// Threads: every member is const; one result may be read by many threads at once.
class CHISO_EXPORT batch_scores {
 public:
  [[nodiscard]] std::size_t unit_count() const noexcept { return matrix_->unit_count(); }
  [[nodiscard]] const unit_matrix& matrix() const noexcept { return *matrix_; }
  [[nodiscard]] const std::vector<std::size_t>& nodes() const noexcept { return nodes_; }

  /// The node_score score() would give; `node` must be a leaf or a scored node. `unrounded` (a
  /// rule's exact result before its rounding) is not kept for a million units: use score().
  [[nodiscard]] node_score at(std::size_t unit, std::size_t node) const;
  /// A unit's whole scorecard (only the scored nodes and leaves are filled: use with all nodes).
  [[nodiscard]] scorecard card(std::size_t unit) const;

  /// The value to rank units on at `node`: points ÷ applicable maximum (the %), or the points
  /// alone. nullopt for units not ranked (`unit_info::ranked`), outside `group` (when
  /// non-empty), not applicable or with an unknown value.
  enum class measure { percent, points };
  [[nodiscard]] std::vector<std::optional<exact_value>> values(std::size_t node,
                                                               measure m = measure::percent,
                                                               std::string_view group = {}) const;
  /// The same values as exact rationals in % (or points), for bands and comparisons.
  [[nodiscard]] std::vector<std::optional<rational>> percents(std::size_t node,
                                                              std::string_view group = {}) const;

  /// Bytes held by the totals (units × scored inner nodes × 8).
  [[nodiscard]] std::size_t totals_bytes() const noexcept {
    return static_cast<std::size_t>(totals_.size()) * sizeof(std::int64_t);
  }

 private:
  friend CHISO_EXPORT batch_scores score_batch(const unit_matrix&, std::span<const std::size_t>);
  batch_scores() = default;  // only score_batch() makes one
  struct shape {             // what a node's score is for one n/a pattern, at the matrix scale
    bool applicable = false, complete = false;
    bool points_known = false, gap_known = false, max_known = false;
    std::int64_t points_offset = 0, gap_offset = 0, max = 0, min = 0;
  };
  [[nodiscard]] std::int64_t leaf_sum(std::size_t unit, std::size_t node) const;

  const unit_matrix* matrix_ = nullptr;
  std::vector<std::size_t> nodes_;           ///< scored nodes (tree indices)
  std::vector<std::uint32_t> total_column_;  ///< per tree node: column in totals_ or UINT32_MAX
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> totals_;  ///< units × inner nodes
  std::vector<std::vector<shape>> shapes_;  ///< per pattern, per tree node
  std::vector<scorecard> zero_cards_;       ///< per pattern: score() with every leaf at 0
};

/// Scores every unit of `matrix` at `nodes` (tree indices; leaves are read from the cells).
/// The matrix must outlive the result.
[[nodiscard]] CHISO_EXPORT batch_scores score_batch(const unit_matrix& matrix,
                                                    std::span<const std::size_t> nodes);
/// Scores every node.
[[nodiscard]] CHISO_EXPORT batch_scores score_batch(const unit_matrix& matrix);
// The result refers to the matrix: scoring a temporary would leave it dangling.
batch_scores score_batch(const unit_matrix&& matrix, std::span<const std::size_t> nodes) = delete;
batch_scores score_batch(const unit_matrix&& matrix) = delete;

}  // namespace chiso
