#include "chiso/stages.hpp"

#include <algorithm>

#include "chiso/error.hpp"

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
  for (std::size_t i = 0; i < tree.size(); ++i) {
    stage_row row;
    row.node = i;
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

}  // namespace chiso
