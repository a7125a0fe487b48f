// Internal: the few helpers the simulation modules (scenario, planner, uncertainty) share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/score.hpp"
#include "chiso/tree.hpp"

namespace chiso::detail {

/// Competition ranks ("1224") of the units by exact % of their applicable maximum: rank = 1 +
/// the number of ranked units with a strictly greater %. Units with `ranked == false` or an
/// unknown % get no rank and do not shift the others. A thin adapter over chiso::rank().
std::vector<std::optional<std::size_t>> competition_ranks(std::span<const scorecard> cards);

/// The smallest multiple of 10^-decimals that is >= value (the tree's point granularity).
decimal ceil_to_decimals(const rational& value, int decimals);
/// The largest multiple of 10^-decimals that is <= value.
decimal floor_to_decimals(const rational& value, int decimals);

/// A value as an integer count of 10^-decimals; throws overflow_error if it is finer.
std::int64_t to_grains(const decimal& value, int decimals);

/// True when a leaf is measured by survey, on itself or inherited from an ancestor.
bool is_survey(const criterion_tree& tree, std::size_t node);

}  // namespace chiso::detail
