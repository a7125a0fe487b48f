// Results as JSON for programs (a portal, a web page): numbers as JSON numbers, states as words.
#pragma once

#include <ostream>
#include <span>
#include <string>

#include "chiso/export.hpp"
#include "chiso/gaps.hpp"
#include "chiso/ranked_results.hpp"
#include "chiso/score.hpp"
#include "chiso/stages.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// Writes a ranked result as one JSON object, `kind: chiso/ranked-results`, whose shape is
/// docs/schema/ranked-results.schema.json (UTF-8, keys in a fixed order, one unit per line).
///
/// Numbers are JSON numbers written from the exact values at the tree's precision `d` (its
/// `decimals`): points, maxima and point changes exactly (they have at most d decimals); % and
/// changes in percentage points rounded half up to max(d, 2) decimals; ranks as integers, a
/// fractional rank exactly (2.5); `ranked_count` beside every rank. The rule is repeated in the
/// output's `numbers`. `status` says why a value is absent: `unknown` (points not published)
/// and `not_applicable` are different; `null` stands only for a figure that is not determined
/// (no value, no rank, no previous year's figure).
CHISO_EXPORT void write_json(std::ostream& out, const ranked_results& results);
[[nodiscard]] CHISO_EXPORT std::string to_json(const ranked_results& results);

// The writers below share the number rule above (points exact at the tree's `decimals`, %
// rounded half up to max(decimals, 2), stated in `numbers`), the header members `criteria`,
// `criteria_name`, `unit` {id, name, group, ranked}, `year`, `tree_partial`, `tree_unverified`,
// and a closing `notes` list with the tree's caveats (partial, unverified) first. A node's
// `status` is `scored`, `unknown` (points not determined by the inputs: null figures) or
// `not_applicable` (the node does not apply to the unit: null figures too); `null` is never
// written for a figure that is known.

/// One unit's scorecard, `kind: chiso/scorecard`, docs/schema/scorecard.schema.json: every node
/// of `tree` in document order with its code, parent code, depth, name, method, status, points,
/// max, min, gap (max − points), % of max and % of the node's own range (PAPI's 1–10), whether
/// it is complete, and its `unverified` reason (null when verified). `notes` are appended to the
/// output's notes (the sheet's derived_notes(), say). `card` must be a scorecard of `tree`
/// (usage_error otherwise).
CHISO_EXPORT void write_json(std::ostream& out, const criterion_tree& tree, const scorecard& card,
                             std::span<const std::string> notes = {});
[[nodiscard]] CHISO_EXPORT std::string to_json(const criterion_tree& tree, const scorecard& card,
                                               std::span<const std::string> notes = {});

/// A unit's gaps (không đạt điểm tối đa), `kind: chiso/gaps`, docs/schema/gaps.schema.json:
/// `report`'s items in its order (code, name, domain, points, max, gap, %), the leaves whose gap
/// is unknown (their maximum is not in the source) with their points, the known total, and per
/// lĩnh vực (in document order) the exact subtotal with its items' and unknown leaves' codes in
/// the same order. `report` must be gaps(tree, card, …) (usage_error for a node not in `tree`).
CHISO_EXPORT void write_json(std::ostream& out, const criterion_tree& tree, const scorecard& card,
                             const gap_report& report, std::span<const std::string> notes = {});
[[nodiscard]] CHISO_EXPORT std::string to_json(const criterion_tree& tree, const scorecard& card,
                                               const gap_report& report,
                                               std::span<const std::string> notes = {});

/// One unit's stages, `kind: chiso/stage-comparison`,
/// docs/schema/stage-comparison.schema.json: per node the self-assessed, appraised and (with a
/// final stage) final points, what appraisal removed and what changed after it, and — when the
/// comparison was made from sheets (`with_evidence`) — the self-assessment's evidence documents
/// (number, date, title, link; "" where the sheet gives none), its explanation (giải trình), the
/// appraisal's and the final stage's reasons ("" where none is given); then the leaves where
/// appraisal removed points (most first) with their total, the self-assessed points with neither
/// evidence nor explanation (`unsupported`, CV 383/BNV-CCHC) and the points changed without a
/// reason. Without a final stage `final`, `changed_after_appraisal` and `final_reason` are null.
CHISO_EXPORT void write_json(std::ostream& out, const criterion_tree& tree,
                             const stage_comparison& comparison);
[[nodiscard]] CHISO_EXPORT std::string to_json(const criterion_tree& tree,
                                               const stage_comparison& comparison);

}  // namespace chiso
