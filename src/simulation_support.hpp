// Internal: the few helpers the simulation modules (scenario, planner, uncertainty) share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "chiso/batch.hpp"
#include "chiso/decimal.hpp"
#include "chiso/ranking.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"

namespace chiso::detail {

/// Competition ranks ("1224") of the units by exact % of their applicable maximum: rank = 1 +
/// the number of ranked units with a strictly greater %. Units with `ranked == false` or an
/// unknown % get no rank and do not shift the others. A thin adapter over chiso::rank().
std::vector<std::optional<std::size_t>> competition_ranks(std::span<const scorecard> cards);
/// The same from each unit's % of max (nullopt: not ranked).
std::vector<std::optional<std::size_t>> competition_ranks(
    std::span<const std::optional<rational>> percent);
/// The same from exact values (batch_scores::values(): nullopt for a unit not ranked), without a
/// rational per unit: the same ranks.
std::vector<std::optional<std::size_t>> competition_ranks(
    std::span<const std::optional<exact_value>> values);
/// A card's total as batch_scores::values() gives it: points ÷ maximum at `scale` decimals;
/// nullopt when either is unknown or the maximum is 0 (the unit's `ranked` is not looked at).
std::optional<exact_value> total_value(const scorecard& card, int scale);
/// Each unit's total % of max, as competition_ranks() reads it: nullopt for a unit that is not
/// ranked or whose % is unknown. `scores` must include the root.
std::vector<std::optional<rational>> ranked_percents(const batch_scores& scores);

/// One unit of a matrix as the sheet that would load to it: its known leaves' points, its n/a
/// leaves marked one by one (leaves its group is not scored on are left unmarked, as a sheet
/// leaves them), and `missing: unknown` with the unknown leaves left out when it has any. The
/// wide CSV reader builds exactly such sheets; a sheet that marked an inner node n/a or gave a
/// rule's raw inputs scores the same but is not recovered as written.
score_sheet sheet_of(const unit_matrix& units, std::size_t unit);

/// The smallest multiple of 10^-decimals that is >= value (the tree's point granularity).
decimal ceil_to_decimals(const rational& value, int decimals);
/// The largest multiple of 10^-decimals that is <= value.
decimal floor_to_decimals(const rational& value, int decimals);

/// A value as an integer count of 10^-decimals; throws overflow_error if it is finer.
std::int64_t to_grains(const decimal& value, int decimals);

/// True when a leaf is measured by survey, on itself or inherited from an ancestor.
bool is_survey(const criterion_tree& tree, std::size_t node);

}  // namespace chiso::detail
