// Self-assessed, appraised and final scores of one unit side by side.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// One node at every stage. A difference is nullopt when either side is unknown.
struct stage_row {
  std::size_t node = 0;
  /// False where the node does not apply to the unit (its self-assessed sheet's `not_applicable`
  /// or its group): then no stage has points, which is not the same as points unknown.
  bool applicable = true;
  std::optional<decimal> self_assessed;
  std::optional<decimal> appraised;
  std::optional<decimal> final_points;
  /// self-assessed − appraised: what the appraisal council (thẩm định) removed (negative when it
  /// added points).
  std::optional<decimal> removed_by_appraisal;
  /// final − appraised: what changed after appraisal (a rebuttal, the survey).
  std::optional<decimal> changed_after_appraisal;

  // Filled by the overloads that take sheets; empty otherwise.
  std::vector<evidence_document> evidence;  ///< the self-assessed sheet's documents
  std::string explanation;                  ///< its giải trình
  std::string appraisal_reason;             ///< the appraised sheet's reason for its change
  std::string final_reason;                 ///< the final sheet's reason for its change
};

struct stage_comparison {
  unit_info unit;
  int year = 0;                 ///< the self-assessed scorecard's year
  std::vector<stage_row> rows;  ///< one per tree node, in tree order
  /// Leaves where appraisal removed points, most removed first (then in tree order).
  std::vector<std::size_t> where_removed;
  /// Sum over the leaves of what appraisal removed (equal to the root's difference when the
  /// tree is complete).
  decimal total_removed;
  /// With sheets: leaves whose self-assessed points have neither evidence nor explanation
  /// (unsupported_points(), CV 383/BNV-CCHC), in tree order.
  std::vector<std::size_t> unsupported;
  /// With sheets: leaves the appraisal (or the final stage) changed without giving a reason, in
  /// tree order.
  std::vector<std::size_t> changed_without_reason;
  bool with_evidence = false;  ///< the comparison was made from sheets
};

/// Compares the stages of one unit; the scorecards must be of the same unit and tree, with the
/// stages they claim. Throws usage_error otherwise.
[[nodiscard]] CHISO_EXPORT stage_comparison compare_stages(const criterion_tree& tree,
                                                           const scorecard& self_assessed,
                                                           const scorecard& appraised);
[[nodiscard]] CHISO_EXPORT stage_comparison compare_stages(const criterion_tree& tree,
                                                           const scorecard& self_assessed,
                                                           const scorecard& appraised,
                                                           const scorecard& final_card);

/// The same from the sheets of each stage (validated and scored here), carrying what they record
/// per criterion: the self-assessment's evidence and explanation, the appraisal's reasons.
/// Throws input_error for an invalid sheet, usage_error as above.
[[nodiscard]] CHISO_EXPORT stage_comparison
compare_stages(const criterion_tree& tree, const score_sheet& self_assessed,
               const score_sheet& appraised, const score_sheet* final_sheet = nullptr);

}  // namespace chiso
