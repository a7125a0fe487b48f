// Figures a source document printed for inner nodes and totals, as given in a score sheet's
// `printed:` block, and the leaves derived from them (docs/criteria-format.md, "Printed figures").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/format.hpp"
#include "chiso/source_location.hpp"

namespace chiso {

/// What a printed figure states: a node's points, or its % of the applicable maximum.
enum class printed_measure { points, percent };

/// One figure as the document printed it. `value.scale()` is the printed precision: "8.07" was
/// printed with 2 decimals, "8.10" with 2, "3.2047" with 4.
struct printed_figure {
  std::string code;  ///< criterion code; "" for the total (the root)
  printed_measure measure = printed_measure::points;
  decimal value;
  source_location where;
};

/// A leaf that was illegible in the source and is computed from its parent's printed points
/// less its siblings (seed 004's 2.4.2: 3,2047 − 0,8219 − 0,7528 − 0,8943 = 0,7357).
struct derived_leaf {
  std::string code;
  std::string parent;             ///< code of the parent whose printed points it comes from
  decimal points;                 ///< the derived value, also entered in the sheet's points
  std::vector<std::string> less;  ///< the leaves subtracted (applicable ones under the parent)
  source_location where;
};

/// The printed figures of one sheet and the document's rounding rule.
struct printed_figures {
  /// How the document rounded its printed figures (Cần Thơ truncates); required with figures.
  std::optional<rounding> rule;
  std::vector<printed_figure> figures;
  std::vector<derived_leaf> derived;
  source_location where;

  [[nodiscard]] bool empty() const noexcept { return figures.empty() && derived.empty(); }
};

}  // namespace chiso
