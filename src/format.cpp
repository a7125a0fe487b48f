#include "chiso/format.hpp"

#include <algorithm>

#include "chiso/error.hpp"
#include "rounding.hpp"

namespace chiso {

namespace detail {

namespace {

__extension__ typedef unsigned __int128 uint128;  // GCC and Clang; -Wpedantic knows it

// num ÷ den (both ≥ 0, den > 0) rounded to a whole number by `mode`; one rule for the 128-bit
// path and the arbitrary-precision one.
template <class Int>
Int rounded_quotient(const Int& num, const Int& den, rounding mode) {
  Int q = num / den;
  const Int twice_rem = 2 * (num % den);
  switch (mode) {
    case rounding::truncate:
      break;
    case rounding::half_up:
      if (twice_rem >= den) ++q;
      break;
    case rounding::half_even:
      if (twice_rem > den || (twice_rem == den && q % 2 == 1)) ++q;
      break;
  }
  return q;
}

// round_magnitude() for |numerator|, denominator < 2^62 (denominator > 0).
boost::multiprecision::cpp_int round_magnitude_narrow(std::int64_t numerator,
                                                      std::int64_t denominator, int precision,
                                                      rounding mode) {
  uint128 scale = 1;
  for (int i = 0; i < precision; ++i) scale *= 10;
  const auto magnitude = static_cast<uint128>(numerator < 0 ? -numerator : numerator);
  const uint128 num = magnitude * scale;  // < 2^62 × 10^18 < 2^122
  const auto den = static_cast<uint128>(denominator);
  const uint128 q = rounded_quotient(num, den, mode);
  boost::multiprecision::cpp_int out = static_cast<std::uint64_t>(q >> 64);
  out <<= 64;
  out += static_cast<std::uint64_t>(q);
  return out;
}

}  // namespace

boost::multiprecision::cpp_int round_magnitude(const rational& value, int precision, rounding mode,
                                               bool& negative, std::string_view caller) {
  using boost::multiprecision::cpp_int;
  if (precision < 0 || precision > decimal::max_scale)
    throw usage_error(std::string(caller) + ": precision " + std::to_string(precision) +
                      " is outside [0, 18]");
  negative = value < 0;
  // Ranked values are small fractions (points × 100 ÷ maximum): 128-bit integers hold
  // numerator × 10^18 exactly, and spare a million units the arbitrary-precision division.
  {
    const auto& num = boost::multiprecision::numerator(value);
    const auto& den = boost::multiprecision::denominator(value);
    if (boost::multiprecision::abs(num) < cpp_int(1) << 62 && den < cpp_int(1) << 62)
      return round_magnitude_narrow(num.convert_to<std::int64_t>(), den.convert_to<std::int64_t>(),
                                    precision, mode);
  }
  const rational magnitude = negative ? rational(-value) : value;
  cpp_int scale = 1;
  for (int i = 0; i < precision; ++i) scale *= 10;
  const cpp_int num = boost::multiprecision::numerator(magnitude) * scale;
  const cpp_int den = boost::multiprecision::denominator(magnitude);
  return rounded_quotient(num, den, mode);
}

rational printed_value(const rational& value, const number_format& fmt) {
  bool negative = false;
  const auto q = round_magnitude(value, fmt.precision, fmt.mode, negative, "chiso::printed_value");
  boost::multiprecision::cpp_int scale = 1;
  for (int i = 0; i < fmt.precision; ++i) scale *= 10;
  const rational magnitude(q, scale);
  return negative ? rational(-magnitude) : magnitude;
}

std::string exact_text(const rational& value, char decimal_separator) {
  boost::multiprecision::cpp_int d = boost::multiprecision::denominator(value);
  int twos = 0, fives = 0;
  while (d % 2 == 0) {
    d /= 2;
    ++twos;
  }
  while (d % 5 == 0) {
    d /= 5;
    ++fives;
  }
  const int decimals = std::max(twos, fives);
  if (d == 1 && decimals <= decimal::max_scale)
    return format_number(value, {decimals, rounding::truncate, decimal_separator});
  return format_number(value, {10, rounding::truncate, decimal_separator}) + "…";
}

}  // namespace detail

std::string format_number(const rational& value, const number_format& fmt) {
  bool negative = false;
  const auto q =
      detail::round_magnitude(value, fmt.precision, fmt.mode, negative, "chiso::format_number");
  std::string digits = q.str();
  if (fmt.precision > 0) {
    const auto p = static_cast<std::size_t>(fmt.precision);
    if (digits.size() <= p) digits.insert(0, p - digits.size() + 1, '0');
    digits.insert(digits.size() - p, 1, fmt.decimal_separator);
  }
  // A value that rounds to zero prints without a sign: "-0,00" would claim a direction.
  return negative && q != 0 ? "-" + digits : digits;
}

std::string format_number(const decimal& value, const number_format& fmt) {
  return format_number(value.to_rational(), fmt);
}

std::size_t display_width(std::string_view utf8) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    // U+0300–U+036F (combining diacritics) are encoded as CC 80 – CD AF.
    if (i + 1 < utf8.size()) {
      const auto next = static_cast<unsigned char>(utf8[i + 1]);
      if ((byte == 0xCC && next >= 0x80) || (byte == 0xCD && next <= 0xAF)) continue;
    }
    ++width;
  }
  return width;
}

std::string pad_left(std::string_view utf8, std::size_t width) {
  const std::size_t w = display_width(utf8);
  return std::string(w < width ? width - w : 0, ' ') + std::string(utf8);
}

std::string pad_right(std::string_view utf8, std::size_t width) {
  const std::size_t w = display_width(utf8);
  return std::string(utf8) + std::string(w < width ? width - w : 0, ' ');
}

rounding parse_rounding(std::string_view name) {
  if (name == "half_up") return rounding::half_up;
  if (name == "half_even") return rounding::half_even;
  if (name == "truncate") return rounding::truncate;
  throw usage_error("unknown rounding mode '" + std::string(name) +
                    "' (expected half_up, half_even or truncate)");
}

std::string_view to_string(rounding mode) noexcept {
  switch (mode) {
    case rounding::half_up:
      return "half_up";
    case rounding::half_even:
      return "half_even";
    case rounding::truncate:
      return "truncate";
  }
  return "?";
}

}  // namespace chiso
