// Plain-text reports for people: the gap report ("không đạt điểm tối đa").
#pragma once

#include <ostream>

#include "chiso/export.hpp"
#include "chiso/format.hpp"
#include "chiso/gaps.hpp"
#include "chiso/score.hpp"
#include "chiso/tree.hpp"

namespace chiso {

struct report_options {
  number_format points{4, rounding::truncate, ','};   ///< official tables: 4 decimals
  number_format percent{2, rounding::truncate, ','};  ///< and 2 for percentages
  gap_order order = gap_order::by_gap;
};

/// Writes the list of criteria below their maximum, then the gaps per lĩnh vực with exact
/// subtotals. States the rounding rule, and says so when the tree is partial or a gap unknown.
CHISO_EXPORT void print_gap_report(std::ostream& out, const criterion_tree& tree,
                                   const scorecard& card, const report_options& options = {});

}  // namespace chiso
