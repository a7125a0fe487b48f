// The "không đạt điểm tối đa" list: criteria below their maximum, and by how much.
#pragma once

#include <cstddef>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/score.hpp"
#include "chiso/tree.hpp"

namespace chiso {

enum class gap_order {
  by_gap,      ///< largest absolute gap first
  by_percent,  ///< lowest % of max first
  by_code,     ///< document order
};

struct gap_item {
  std::size_t node = 0;  ///< index in the tree
  decimal points;
  decimal max;
  decimal gap;
  rational percent;  ///< points ÷ max × 100
};

/// Gaps of one lĩnh vực (depth-1 node), with their exact subtotal.
struct gap_group {
  std::size_t domain = 0;
  std::vector<gap_item> items;
  decimal subtotal;
  /// Leaves below max whose gap is unknown (their maximum was not printed): the subtotal
  /// does not include them.
  std::vector<std::size_t> unknown;
};

struct gap_report {
  std::vector<gap_item> items;          ///< applicable leaves with points < max, in the order asked
  std::vector<std::size_t> unknown;     ///< applicable leaves whose gap is unknown
  decimal total;                        ///< sum of the known gaps
  gap_order order = gap_order::by_gap;  ///< the order `items` are in
};

/// Applicable leaves scored below their maximum. Ties keep document order.
[[nodiscard]] CHISO_EXPORT gap_report gaps(const criterion_tree& tree, const scorecard& card,
                                           gap_order order = gap_order::by_gap);

/// The same, grouped by lĩnh vực in document order.
[[nodiscard]] CHISO_EXPORT std::vector<gap_group> gaps_by_domain(
    const criterion_tree& tree, const scorecard& card, gap_order order = gap_order::by_gap);

}  // namespace chiso
