#include "chiso/decimal.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "chiso/error.hpp"

namespace chiso {
namespace {

// __extension__: GCC and Clang both have a 128-bit integer; -Wpedantic only notes it is not ISO.
__extension__ typedef __int128 i128;

constexpr std::array<i128, 2 * decimal::max_scale + 1> make_powers() {
  std::array<i128, 2 * decimal::max_scale + 1> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}
constexpr auto pow10 = make_powers();

bool fits(i128 v) {
  return v >= std::numeric_limits<std::int64_t>::min() &&
         v <= std::numeric_limits<std::int64_t>::max();
}

[[noreturn]] void overflow(const char* what) {
  throw overflow_error(std::string("chiso::decimal: exact result of ") + what +
                       " does not fit in 64 bits");
}

// Both operands at the larger scale; int128 holds any int64 × 10^18.
struct aligned {
  i128 a, b;
  int scale;
};
aligned align(const decimal& x, const decimal& y) {
  const int s = std::max(x.scale(), y.scale());
  return {static_cast<i128>(x.units()) * pow10[static_cast<std::size_t>(s - x.scale())],
          static_cast<i128>(y.units()) * pow10[static_cast<std::size_t>(s - y.scale())], s};
}

}  // namespace

decimal decimal::from_units(std::int64_t units, int scale) {
  if (scale < 0 || scale > max_scale)
    throw usage_error("chiso::decimal: scale " + std::to_string(scale) + " is outside [0, 18]");
  return decimal(units, scale, 0);
}

std::optional<decimal> decimal::parse(std::string_view text) noexcept {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  i128 units = 0;
  int scale = 0;
  bool digits = false;
  bool point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (point || !digits) return std::nullopt;
      point = true;
      if (i + 1 == text.size()) return std::nullopt;  // "1." is not plain notation
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    if (point && ++scale > max_scale) return std::nullopt;
    units = units * 10 + (c - '0');
    if (units > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  }
  if (!digits) return std::nullopt;
  return decimal(static_cast<std::int64_t>(negative ? -units : units), scale, 0);
}

std::string decimal::parse_failure(std::string_view text) {
  if (parse(text)) return {};
  if (text.empty()) return "it is empty";
  std::size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  const auto body = text.substr(i);
  if (body.empty()) return "it has a sign but no digits";
  if (body.find_first_of("eE") != std::string_view::npos &&
      body.find_first_not_of("0123456789.eE+-") == std::string_view::npos &&
      body.find_first_of("0123456789") != std::string_view::npos)
    return "it uses an exponent (write the digits out)";
  const auto commas = std::count(body.begin(), body.end(), ',');
  const auto points = std::count(body.begin(), body.end(), '.');
  const bool number_like = body.find_first_not_of("0123456789.,") == std::string_view::npos &&
                           body.find_first_of("0123456789") != std::string_view::npos;
  if (number_like && commas == 1 && points == 0)
    return body.size() - body.find(',') == 4 ? "it has a comma (a decimal comma or a thousands "
                                               "separator)"
                                             : "it uses a decimal comma";
  if (number_like && commas > 0) return "it has a thousands separator or a comma";
  if (body.find_first_of(" \t") != std::string_view::npos && number_like)
    return "it contains a space";
  if (body.find_first_not_of("0123456789.") != std::string_view::npos) return "it is not a number";
  if (points > 1) return "it has more than one decimal point";
  if (body.front() == '.') return "it has no digit before the point";
  if (body.back() == '.') return "it has no digit after the point";
  const auto point = body.find('.');
  if (point != std::string_view::npos && body.size() - point - 1 > max_scale)
    return "it has more than " + std::to_string(max_scale) + " decimals";
  return "it is too large (at most 18 digits)";
}

std::optional<decimal> decimal::from_rational(const rational& value) {
  using boost::multiprecision::cpp_int;
  const cpp_int num = boost::multiprecision::numerator(value);
  const cpp_int den = boost::multiprecision::denominator(value);
  cpp_int scale_factor = 1;
  for (int s = 0; s <= max_scale; ++s, scale_factor *= 10) {
    if ((num * scale_factor) % den == 0) {
      const cpp_int units = num * scale_factor / den;
      if (units > std::numeric_limits<std::int64_t>::max() ||
          units < std::numeric_limits<std::int64_t>::min())
        return std::nullopt;
      return decimal(static_cast<std::int64_t>(units), s, 0);
    }
  }
  return std::nullopt;
}

decimal decimal::with_scale(int scale) const {
  if (scale < 0 || scale > max_scale)
    throw usage_error("chiso::decimal: scale " + std::to_string(scale) + " is outside [0, 18]");
  if (scale >= scale_) {
    const i128 v = static_cast<i128>(units_) * pow10[static_cast<std::size_t>(scale - scale_)];
    if (!fits(v)) overflow("a change of scale");
    return decimal(static_cast<std::int64_t>(v), scale, 0);
  }
  const i128 div = pow10[static_cast<std::size_t>(scale_ - scale)];
  if (units_ % div != 0)
    throw overflow_error("chiso::decimal: " + to_string() + " has more than " +
                         std::to_string(scale) + " decimals");
  return decimal(static_cast<std::int64_t>(units_ / div), scale, 0);
}

decimal decimal::normalized() const noexcept {
  std::int64_t u = units_;
  int s = scale_;
  while (s > 0 && u % 10 == 0) {
    u /= 10;
    --s;
  }
  return decimal(u, s, 0);
}

rational decimal::to_rational() const {
  return rational(boost::multiprecision::cpp_int(units_),
                  boost::multiprecision::cpp_int(pow10[static_cast<std::size_t>(scale_)]));
}

std::string decimal::to_string() const {
  const bool negative = units_ < 0;
  // Through int128 so that INT64_MIN negates safely.
  i128 magnitude = negative ? -static_cast<i128>(units_) : static_cast<i128>(units_);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale_ > 0) {
    const auto s = static_cast<std::size_t>(scale_);
    if (digits.size() <= s) digits.insert(0, s - digits.size() + 1, '0');
    digits.insert(digits.size() - s, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

decimal operator+(const decimal& a, const decimal& b) {
  const auto [x, y, s] = align(a, b);
  const i128 r = x + y;
  if (!fits(r)) overflow("an addition");
  return decimal(static_cast<std::int64_t>(r), s, 0);
}

decimal operator-(const decimal& a, const decimal& b) {
  const auto [x, y, s] = align(a, b);
  const i128 r = x - y;
  if (!fits(r)) overflow("a subtraction");
  return decimal(static_cast<std::int64_t>(r), s, 0);
}

decimal operator-(const decimal& a) {
  return decimal(0) - a;
}

decimal operator*(const decimal& a, const decimal& b) {
  i128 r = static_cast<i128>(a.units_) * b.units_;
  int s = a.scale_ + b.scale_;
  // Drop trailing zeros first so that 1.50 × 1.50 still fits in 18 decimals.
  while (s > decimal::max_scale && r % 10 == 0) {
    r /= 10;
    --s;
  }
  if (s > decimal::max_scale) overflow("a multiplication (more than 18 decimals)");
  if (!fits(r)) overflow("a multiplication");
  return decimal(static_cast<std::int64_t>(r), s, 0);
}

std::strong_ordering operator<=>(const decimal& a, const decimal& b) noexcept {
  const auto [x, y, s] = align(a, b);
  (void)s;
  return x <=> y;
}

}  // namespace chiso
