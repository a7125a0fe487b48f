#include "chiso/stages.hpp"

#include <algorithm>
#include <optional>

#include "chiso/error.hpp"
#include "yaml_support.hpp"

namespace chiso {

namespace {

void check(const criterion_tree& tree, const scorecard& card, const scorecard& first,
           scoring_stage expected) {
  if (card.scores.size() != tree.size())
    throw usage_error("compare_stages: a scorecard is not of tree '" + tree.info().id + "'");
  if (card.unit.id != first.unit.id)
    throw usage_error("compare_stages: scorecards of units '" + first.unit.id + "' and '" +
                      card.unit.id + "'");
  if (card.stage != expected)
    throw usage_error("compare_stages: expected a " + std::string(to_string(expected)) +
                      " scorecard, got " + std::string(to_string(card.stage)));
}

std::optional<decimal> difference(const std::optional<decimal>& a,
                                  const std::optional<decimal>& b) {
  if (!a || !b) return std::nullopt;
  return *a - *b;
}

stage_comparison compare(const criterion_tree& tree, const scorecard& self,
                         const scorecard& appraised, const scorecard* final_card) {
  check(tree, self, self, scoring_stage::self_assessed);
  check(tree, appraised, self, scoring_stage::appraised);
  if (final_card) check(tree, *final_card, self, scoring_stage::final);
  stage_comparison out;
  out.unit = self.unit;
  out.year = self.year;
  for (std::size_t i = 0; i < tree.size(); ++i) {
    stage_row row;
    row.node = i;
    row.applicable = self.scores[i].applicable;
    row.self_assessed = self.scores[i].points;
    row.appraised = appraised.scores[i].points;
    row.removed_by_appraisal = difference(row.self_assessed, row.appraised);
    if (final_card) {
      row.final_points = final_card->scores[i].points;
      row.changed_after_appraisal = difference(row.final_points, row.appraised);
    }
    if (tree.is_leaf(i) && i != 0 && row.removed_by_appraisal) {
      out.total_removed += *row.removed_by_appraisal;
      if (row.removed_by_appraisal->units() > 0) out.where_removed.push_back(i);
    }
    out.rows.push_back(std::move(row));
  }
  std::stable_sort(out.where_removed.begin(), out.where_removed.end(),
                   [&](std::size_t a, std::size_t b) {
                     return *out.rows[a].removed_by_appraisal > *out.rows[b].removed_by_appraisal;
                   });
  return out;
}

}  // namespace

stage_comparison compare_stages(const criterion_tree& tree, const scorecard& self_assessed,
                                const scorecard& appraised) {
  return compare(tree, self_assessed, appraised, nullptr);
}

stage_comparison compare_stages(const criterion_tree& tree, const scorecard& self_assessed,
                                const scorecard& appraised, const scorecard& final_card) {
  return compare(tree, self_assessed, appraised, &final_card);
}

stage_comparison compare_stages(const criterion_tree& tree, const score_sheet& self_assessed,
                                const score_sheet& appraised, const score_sheet* final_sheet) {
  // Sheets come from files: a sheet of the wrong stage or unit is bad input, said at its file.
  detail::diagnostics problems;
  const auto expect = [&](const score_sheet& sheet, scoring_stage stage) {
    if (sheet.stage != stage)
      problems.add("stage-mismatch",
                   sheet.stage_where.has_position() ? sheet.stage_where : sheet.where,
                   "the sheet's stage is '" + std::string(to_string(sheet.stage)) +
                       "'; this place takes the " + std::string(to_string(stage)) + " sheet",
                   sheet.unit.id);
    if (sheet.unit.id != self_assessed.unit.id)
      problems.add("stage-unit-mismatch",
                   sheet.unit_where.has_position() ? sheet.unit_where : sheet.where,
                   "the sheet is of unit '" + sheet.unit.id + "', the self-assessment of '" +
                       self_assessed.unit.id + "'",
                   sheet.unit.id);
  };
  expect(self_assessed, scoring_stage::self_assessed);
  expect(appraised, scoring_stage::appraised);
  if (final_sheet) expect(*final_sheet, scoring_stage::final);
  problems.throw_if_any();
  std::optional<scorecard> final_card;
  if (final_sheet) final_card = score(tree, *final_sheet);
  auto out = compare(tree, score(tree, self_assessed), score(tree, appraised),
                     final_card ? &*final_card : nullptr);
  out.with_evidence = true;
  for (auto& row : out.rows) {
    const auto& code = tree[row.node].code;
    if (const auto* e = self_assessed.evidence_for(code)) {
      row.evidence = e->documents;
      row.explanation = e->explanation;
    }
    if (const auto* e = appraised.evidence_for(code)) row.appraisal_reason = e->reason;
    if (final_sheet)
      if (const auto* e = final_sheet->evidence_for(code)) row.final_reason = e->reason;
  }
  out.unsupported = unsupported_points(tree, self_assessed);
  // A reason on an ancestor explains the changes below it.
  std::vector<bool> appraisal_reason(tree.size(), false), final_reason(tree.size(), false);
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto parent = tree[i].parent;
    const bool inherit = parent != criterion::no_parent;
    appraisal_reason[i] =
        !out.rows[i].appraisal_reason.empty() || (inherit && appraisal_reason[parent]);
    final_reason[i] = !out.rows[i].final_reason.empty() || (inherit && final_reason[parent]);
  }
  for (auto leaf : tree.leaves()) {
    const auto& row = out.rows[leaf];
    const bool appraisal_changed = row.removed_by_appraisal && !row.removed_by_appraisal->is_zero();
    const bool final_changed =
        row.changed_after_appraisal && !row.changed_after_appraisal->is_zero();
    if ((appraisal_changed && !appraisal_reason[leaf]) || (final_changed && !final_reason[leaf]))
      out.changed_without_reason.push_back(leaf);
  }
  return out;
}

}  // namespace chiso
