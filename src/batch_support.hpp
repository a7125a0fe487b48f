// Internal: what fits a unit_matrix cell.
#pragma once

#include <cstdint>
#include <optional>

#include "chiso/decimal.hpp"

namespace chiso::detail {

/// `points` as a count of 10^-scale, when it has at most `scale` decimals and fits 32 bits.
std::optional<std::int32_t> scaled_cell(const decimal& points, int scale);

}  // namespace chiso::detail
