// Internal: the one rounding rule of chiso, shared by printing (format_number) and by the
// declared output precision of scoring rules (round_to_decimal).
#pragma once

#include <string>
#include <string_view>

#include "chiso/decimal.hpp"
#include "chiso/format.hpp"

namespace chiso::detail {

/// |value| × 10^precision rounded to an integer under `mode` (ties away from zero, ties to
/// even, or toward zero), without its sign; `negative` tells the sign. Throws usage_error
/// naming `caller` when precision is outside [0, 18].
boost::multiprecision::cpp_int round_magnitude(const rational& value, int precision, rounding mode,
                                               bool& negative, std::string_view caller);

/// `value` as format_number() prints it under `fmt`, as a number: what a reader of the table
/// sees (89,9951 at 2 decimals half up is 90).
rational printed_value(const rational& value, const number_format& fmt);

/// `value` exactly, in the fewest decimals that hold it ("89,9951", "90", "-0,004"); a value
/// with no finite decimal expansion (1/3) prints 10 decimals truncated toward zero and "…", so
/// that it never reads as reaching a boundary it does not reach.
std::string exact_text(const rational& value, char decimal_separator);

}  // namespace chiso::detail
