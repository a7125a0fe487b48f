// Plain-text reports for people: the gap report ("không đạt điểm tối đa").
#pragma once

#include <ostream>

#include "chiso/export.hpp"
#include "chiso/format.hpp"
#include "chiso/gaps.hpp"
#include "chiso/language.hpp"
#include "chiso/score.hpp"
#include "chiso/stages.hpp"
#include "chiso/table.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// How reports print numbers. The defaults follow the one rounding rule (format.hpp): half up,
/// 2 decimals of %, and 4 decimals of points — the usual trees' `decimals`; use
/// report_options_for(tree) to print points at the precision the tree declares.
struct report_options {
  number_format points{4, rounding::half_up, ','};
  number_format percent{2, rounding::half_up, ','};
  gap_order order = gap_order::by_gap;
  language lang = language::vi;  ///< of the notes and the labels in cells (TỔNG, không áp dụng)
};

/// The default rule for `tree`: points at `tree.info().decimals`, % at 2, half up, decimal comma.
[[nodiscard]] CHISO_EXPORT report_options report_options_for(const criterion_tree& tree);

/// Every node of the tree with points, max, %, gap, method: `chiso score`.
[[nodiscard]] CHISO_EXPORT table score_table(const criterion_tree& tree, const scorecard& card,
                                             const report_options& options = {});

/// Leaves below their maximum in the asked order; unknown gaps last: `chiso gaps`.
[[nodiscard]] CHISO_EXPORT table gap_table(const criterion_tree& tree, const scorecard& card,
                                           const report_options& options = {});

/// Gaps per lĩnh vực with exact subtotals: `chiso gaps --by-domain`.
[[nodiscard]] CHISO_EXPORT table domain_gap_table(const criterion_tree& tree, const scorecard& card,
                                                  const report_options& options = {});

/// One unit's stages side by side per node, and what the appraisal removed: `chiso compare
/// --self … --appraised …`.
[[nodiscard]] CHISO_EXPORT table stage_table(const criterion_tree& tree,
                                             const stage_comparison& comparison,
                                             const report_options& options = {});

/// The notes every report carries: rounding rule, partial tree, unverified figures.
[[nodiscard]] CHISO_EXPORT std::vector<std::string> report_notes(const criterion_tree& tree,
                                                                 const report_options& options);

/// Writes the list of criteria below their maximum, then the gaps per lĩnh vực with exact
/// subtotals. States the rounding rule, and says so when the tree is partial or a gap unknown.
CHISO_EXPORT void print_gap_report(std::ostream& out, const criterion_tree& tree,
                                   const scorecard& card, const report_options& options = {});

}  // namespace chiso
