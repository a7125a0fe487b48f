// A ranked result as data: every figure of `chiso rank` (and of the year comparison), computed
// once from the batch engine, for tables, JSON and programs alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chiso/bands.hpp"
#include "chiso/batch.hpp"
#include "chiso/compare.hpp"
#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/format.hpp"
#include "chiso/ranking.hpp"
#include "chiso/sheet.hpp"
#include "chiso/unit_set.hpp"

namespace chiso {

/// What is known of a unit's value at the ranked node. Not applicable and unknown are different
/// facts and stay apart: a portal prints "không áp dụng" for one and "chưa công bố" for the other.
enum class result_status {
  ranked,          ///< has a value and a rank
  not_ranked,      ///< has a value but is marked `ranked: false`: no rank, shifts no one
  unknown,         ///< some points under the node are not published: no value, no rank
  not_applicable,  ///< the node does not apply to the unit: no value, no rank
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(result_status s) noexcept;

/// One unit's row of a ranked result.
struct ranked_unit {
  unit_info unit;  ///< id, name, group, ranked
  result_status status = result_status::ranked;
  std::optional<rational> percent;  ///< exact % of the applicable maximum (0–100)
  std::optional<decimal> points;    ///< exact points at the tree's scale
  std::optional<decimal> max;       ///< applicable maximum
  /// Integer rank (1 = best) within the unit's group (or among all units, see `by_group`);
  /// nullopt when not ranked, and for a fractional rank that is not a whole number.
  std::optional<std::uint32_t> rank;
  /// 2 × the exact rank, 0 when not ranked: ranks are whole or, under fractional ranking, halves
  /// (5 is 2,5), so this integer holds every rank exactly. exact_rank() is the rational.
  std::uint32_t twice_rank = 0;
  std::size_t ranked_count = 0;  ///< ranked units of its group: the "20" of "04/20" (ranked or not)
  /// Index into ranked_results::ties of the rows with exactly the same ranked value as this one
  /// (within its group, also under ordinal ranking); nullopt when no other ranked unit has it.
  /// ranked_results::tied_with() lists the others' ids. An index rather than the ids themselves:
  /// at 10^6 units a 4-decimal total ties about 11 units near the centre, ~10^7 id strings.
  std::optional<std::uint32_t> tie;
  std::optional<std::string> band;  ///< band label from the unit's group's table; nullopt: none
  /// With a previous year: how the unit continues it (same id, renamed, merged or new), its
  /// previous value and rank, and the changes (rank: previous − current; value: current −
  /// previous, in percentage points or points). Null without a previous year. Shared and const
  /// (copies of a result share it) so that a row without one does not carry its ~440 bytes.
  std::shared_ptr<const unit_change> change;
  std::vector<std::string> notes;  ///< about this unit only (renamed from…, banding…)

  /// The ranked value: the % or the points, as the result's `value` says.
  [[nodiscard]] std::optional<rational> value(value_kind kind) const;
  /// The rank exactly (2.5 for a fractional tie); nullopt when not ranked.
  [[nodiscard]] std::optional<rational> exact_rank() const;
};

/// Rows of ranked_results::units with exactly the same ranked value within one ranked group:
/// 2 or more rows, consecutive in the rank order, rows [first, first + size).
struct tie_group {
  std::size_t first = 0;  ///< index in ranked_results::units of the tie's first row
  std::size_t size = 0;   ///< how many rows share the value (≥ 2)
};

/// Units per band of one group (or of all units when bands are read across groups).
struct band_count {
  std::string group;                ///< "" for a table applied to all units together
  std::string table_groups;         ///< the groups the band table lists, space-separated
  std::vector<std::string> labels;  ///< best first
  std::vector<std::size_t> counts;  ///< per label
  std::size_t unbanded = 0;         ///< ranked units below the lowest threshold
};

/// How to rank.
struct ranked_results_options {
  rank_method method = rank_method::competition;  ///< ordinal ties are broken by unit id
  bool by_group = true;  ///< rank within each unit group (sở, huyện…), as provinces publish
  std::string node;      ///< criterion code to rank on; "" ranks on the total
  value_kind value = value_kind::percent;  ///< rank on % (bands always read the %) or points
  /// How the tables print the ranked value and its change (ranking_table()'s `format.percent`
  /// or `format.points`): the rounding notes (ranked_results::rounding_notes) name the rows
  /// whose printed value would mislead at this precision. nullopt: the default rule, % at 2
  /// decimals and points at the tree's decimals, half up, decimal comma.
  std::optional<number_format> printed = std::nullopt;
};

/// The ranked result of one year: per unit every figure, per group the band counts, and the
/// notes that make the figures readable (ranking rule, banding, renamed units…).
struct ranked_results {
  std::string criteria;  ///< tree id
  int year = 0;
  std::optional<int> previous_year;  ///< set when compared with a previous year
  int decimals = 4;                  ///< the tree's declared decimals of points
  bool tree_partial = false;         ///< the tree is only part of the index (some '?')
  std::string tree_unverified;       ///< why the tree is not verified as official, "" if it is
  ranked_results_options options;
  std::vector<std::string> groups;  ///< unit groups in order of first appearance ("" if !by_group)
  /// Ordered by group (first appearance), then rank; units without a rank last in their group,
  /// in input order.
  std::vector<ranked_unit> units;
  /// The ties among `units`, in row order; ranked_unit::tie indexes it.
  std::vector<tie_group> ties;
  /// Previous units that no current unit continues (status gone): their value and rank then.
  std::vector<unit_change> gone;
  std::vector<band_count> band_counts;  ///< empty without bands
  std::string bands_id;                 ///< the band scheme's id, "" without bands
  std::string bands_unverified;         ///< why the thresholds are not verified, "" if they are
  std::vector<std::string> notes;       ///< about the ranking as a whole (rule, unit groups)
  /// Where the printed (rounded) values would let a reader infer a band, a tie or a change that
  /// the exact values contradict, each unit named with its exact value (docs/units-and-bands.md,
  /// "Rounding that hides a boundary"): a value that prints inside another band's range, units
  /// that print the same value but are ranked apart (or banded apart under a quota), a non-zero
  /// change that prints as 0. Empty when the printed table cannot mislead.
  std::vector<std::string> rounding_notes;
  std::vector<std::string> band_notes;  ///< how bands were applied (quotas, ties, groups)

  /// Every note of the result in print order: each unit's, the units gone since the previous
  /// year, the ranking, the rounding notes, the band thresholds' status and the banding.
  [[nodiscard]] std::vector<std::string> all_notes() const;

  /// The row of unit `id`; nullptr if there is none.
  [[nodiscard]] const ranked_unit* find(std::string_view id) const;

  /// The rows tied with `row` (itself included) in rank order; empty when it is tied with none.
  /// Throws usage_error when `row.tie` does not name a tie of `units`.
  [[nodiscard]] std::span<const ranked_unit> tie_of(const ranked_unit& row) const;
  /// The ids of the other ranked units with exactly the same value as `row`, in rank order: the
  /// JSON `tied_with` array and the tables' "tied with" cell. Throws as tie_of().
  [[nodiscard]] std::vector<std::string> tied_with(const ranked_unit& row) const;
};

/// Ranks the units of `current` (one year's data of one tree) and, with `previous`, compares them
/// with the previous year across `mappings` (renamed and merged units, matched over all groups
/// at once). With `bands`, each unit's band comes from its own group's table, whether ranks are
/// within groups or across them.
///
/// Checks (input_error, each diagnostic with its unit):
///  - `year` (and `previous_year`) must be a year the tree lists in `years:` when it lists any
///    (code `year-not-in-tree`), and not 0 (`year-missing`);
///  - a unit group must be one the tree's `groups:` or the band tables declare, when any is
///    declared (`unknown-unit-group`, with "did you mean"); when none is, a group of a single
///    unit gets a note naming it, since a misspelt group cannot be told from a real one;
///  - a mapping naming a unit in neither year (`mapping-unknown-unit`, at the mapping).
/// Throws usage_error for a node code not in the tree. Both matrices must be of the same tree.
[[nodiscard]] CHISO_EXPORT ranked_results rank_units(const unit_matrix& current, int year,
                                                     const ranked_results_options& options = {},
                                                     const band_scheme* bands = nullptr,
                                                     const unit_matrix* previous = nullptr,
                                                     int previous_year = 0,
                                                     std::span<const unit_mapping> mappings = {});

/// The same from score sheets (a directory or a long CSV): the sets' years are used.
[[nodiscard]] CHISO_EXPORT ranked_results rank_units(const criterion_tree& tree,
                                                     const unit_set& current,
                                                     const ranked_results_options& options = {},
                                                     const band_scheme* bands = nullptr,
                                                     const unit_set* previous = nullptr,
                                                     std::span<const unit_mapping> mappings = {});

/// The matrix of a unit set's sheets (unit_matrix::from_sheets); the tree must outlive it.
[[nodiscard]] CHISO_EXPORT unit_matrix to_matrix(const criterion_tree& tree, const unit_set& set);
unit_matrix to_matrix(const criterion_tree&& tree, const unit_set& set) = delete;

}  // namespace chiso
