// Checking the figures a document printed against what chiso computes from the parts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/error.hpp"
#include "chiso/export.hpp"
#include "chiso/format.hpp"
#include "chiso/printed.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// A printed figure that disagrees with the computed one, or that cannot be checked.
///
/// The computed value is rounded to the printed figure's own precision under the document's
/// rule (`printed: {rounding: truncate}` for Cần Thơ) and compared: printed 8,07 for an exact
/// 8,0700 agrees; printed 77,85% for 226 684 of 291 567 (77,7467…%) does not (seed 000:746).
struct CHISO_EXPORT printed_mismatch {
  /// Stable code (docs/errors.md): `printed-mismatch`, or `printed-unchecked` when the sheet does
  /// not determine the value (an unknown maximum, an unpublished leaf, a not-applicable node).
  std::string code;
  std::string unit;       ///< the sheet's unit id
  std::string criterion;  ///< criterion code; "" for the total
  printed_measure measure = printed_measure::points;
  std::string printed;                ///< as written, with its decimals: "77.85"
  std::optional<rational> computed;   ///< exact; nullopt for `printed-unchecked`
  std::string computed_at_precision;  ///< computed, rounded as the document rounds: "77.74"
  rounding rule = rounding::half_up;
  int precision = 0;  ///< decimals of the printed figure
  source_location where;

  /// "printed 5 % = 77.85 but it computes to 77.74 (exact 77.746795…; truncate to 2 decimals)";
  /// the unit and the position are in the diagnostic.
  [[nodiscard]] std::string message() const;
  /// As a diagnostic (`file:line:col: error[printed-mismatch]: …` when printed).
  [[nodiscard]] diagnostic to_diagnostic() const;
};

/// Compares every figure of `sheet.printed` with `card` (the sheet scored on `tree`); returns
/// the mismatches and unchecked figures in the sheet's order, empty when all agree. Derived
/// leaves make their parent's printed points agree by construction and are not reported. Throws
/// usage_error when the sheet has figures but no rounding rule (the loaders require one).
[[nodiscard]] CHISO_EXPORT std::vector<printed_mismatch> check_printed(const criterion_tree& tree,
                                                                       const score_sheet& sheet,
                                                                       const scorecard& card);

/// One note per derived leaf, for tables of the sheet: "2.4.2: 0,7357 points derived from the
/// printed 2.4 (3,2047) less 2.4.1, 2.4.3, 2.4.4 (illegible in the source)". Points are printed
/// exactly, with `fmt`'s separator.
[[nodiscard]] CHISO_EXPORT std::vector<std::string> derived_notes(const score_sheet& sheet,
                                                                  const number_format& fmt);

}  // namespace chiso
