// Scores of one unit: achieved points, applicable maximum, % of max and gap for every node.
#pragma once

#include <optional>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// One node's result. Values are exact; a value is nullopt when the inputs do not determine it
/// (a maximum the source did not print, an unlisted remainder of unknown worth).
struct CHISO_EXPORT node_score {
  bool applicable = true;         ///< false: the unit is not scored on this node
  std::optional<decimal> points;  ///< điểm đạt được
  std::optional<decimal> max;     ///< applicable maximum (n/a children removed)
  std::optional<decimal> gap;     ///< max − points: what was lost
  decimal min;                    ///< applicable minimum (0 for most indices)
  /// False where part of the node is unlisted (a partial node) or unknown.
  bool complete = true;
  /// Leaves scored by a rule: the exact result before the rule's rounding. `points` holds the
  /// rounded value, which is what sums into the parents (official tables add printed values).
  std::optional<rational> unrounded;

  /// points ÷ max × 100, exact; nullopt when either is unknown or the maximum is 0.
  [[nodiscard]] std::optional<rational> percent() const;
  /// (points − min) ÷ (max − min) × 100: the % on the node's own range (PAPI's 1–10).
  [[nodiscard]] std::optional<rational> percent_of_range() const;
};

/// A unit's scores, aligned with the tree's nodes (scores()[i] is node i).
struct scorecard {
  unit_info unit;
  int year = 0;
  scoring_stage stage = scoring_stage::final;
  std::vector<node_score> scores;

  [[nodiscard]] const node_score& operator[](std::size_t i) const { return scores.at(i); }
  [[nodiscard]] const node_score& total() const { return scores.at(0); }
};

/// Scores a validated sheet: leaves take their points, inner nodes sum their applicable
/// children; a partial node adds its unlisted remainder as declared.
[[nodiscard]] CHISO_EXPORT scorecard score(const criterion_tree& tree, const score_sheet& sheet);

}  // namespace chiso
