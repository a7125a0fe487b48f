// Turning exact values into text: the only place where chiso rounds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"

namespace chiso {

/// How a value is cut to the printed precision.
enum class rounding {
  half_up,    ///< ties away from zero: 86,115 → 86,12 (the school rule)
  half_even,  ///< ties to the even digit: 86,105 → 86,10 (banker's rounding)
  truncate,   ///< drop the extra digits, toward zero: 86,119 → 86,11 (Cần Thơ's reports)
};

/// Precision, rounding and separator of printed numbers.
///
/// The rounding rule (one rule, used by the library's reports and the CLI; docs/cli.md,
/// "Rounding"): values are exact and only printing rounds; points print with the tree's declared
/// `decimals` (report_options_for()), percentages with 2, both rounded half up (ties away from
/// zero), with a decimal comma. Any other precision or mode (Cần Thơ's reports truncate) is an
/// explicit choice of the caller, and tables state the rule they used in their notes.
struct number_format {
  int precision = 2;
  rounding mode = rounding::half_up;
  char decimal_separator = ',';
};

/// Rounds `value` to `fmt.precision` decimals under `fmt.mode` and prints it with exactly that
/// many decimals ("86,11", "-0,50", "8,0700").
[[nodiscard]] CHISO_EXPORT std::string format_number(const rational& value,
                                                     const number_format& fmt);
[[nodiscard]] CHISO_EXPORT std::string format_number(const decimal& value,
                                                     const number_format& fmt);

/// Columns a UTF-8 string takes in a terminal: code points, less combining marks (U+0300–U+036F),
/// so that "Điểm đạt" aligns whether its letters are precomposed or decomposed.
[[nodiscard]] CHISO_EXPORT std::size_t display_width(std::string_view utf8) noexcept;

/// Pads `utf8` with spaces on the left (right-aligned) or right to `width` display columns.
[[nodiscard]] CHISO_EXPORT std::string pad_left(std::string_view utf8, std::size_t width);
[[nodiscard]] CHISO_EXPORT std::string pad_right(std::string_view utf8, std::size_t width);

/// Parses "half_up", "half_even" or "truncate"; throws usage_error naming the valid choices.
[[nodiscard]] CHISO_EXPORT rounding parse_rounding(std::string_view name);
[[nodiscard]] CHISO_EXPORT std::string_view to_string(rounding mode) noexcept;

}  // namespace chiso
