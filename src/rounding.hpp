// Internal: the one rounding rule of chiso, shared by printing (format_number) and by the
// declared output precision of scoring rules (round_to_decimal).
#pragma once

#include <string>

#include "chiso/decimal.hpp"
#include "chiso/format.hpp"

namespace chiso::detail {

/// |value| × 10^precision rounded to an integer under `mode` (ties away from zero, ties to
/// even, or toward zero), without its sign; `negative` tells the sign. Throws usage_error
/// naming `caller` when precision is outside [0, 18].
boost::multiprecision::cpp_int round_magnitude(const rational& value, int precision, rounding mode,
                                               bool& negative, const std::string& caller);

}  // namespace chiso::detail
