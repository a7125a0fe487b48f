// Exact decimal numbers: the representation of every point value in chiso.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

#include "chiso/export.hpp"

namespace chiso {

/// An exact rational number, for values that are not finite decimals (a percentage of a maximum
/// of 1,5 points, a proportional rule's unrounded result).
using rational = boost::multiprecision::cpp_rational;

/// An exact decimal: `units × 10^-scale` with a 64-bit `units`.
///
/// Points are never binary floating point. Addition and subtraction are exact; an operation
/// whose exact result does not fit throws `chiso::overflow_error` instead of rounding. Values
/// compare by value, so 1.5 == 1.50; `scale()` remembers how many decimals were written.
class CHISO_EXPORT decimal {
 public:
  static constexpr int max_scale = 18;

  constexpr decimal() noexcept = default;
  /// Exact integer value.
  constexpr decimal(std::int64_t integer) noexcept : units_(integer) {}  // NOLINT: implicit

  /// `units × 10^-scale`; throws usage_error when scale is outside [0, max_scale].
  [[nodiscard]] static decimal from_units(std::int64_t units, int scale);

  /// Parses plain decimal notation: optional sign, digits, optional '.' and digits
  /// ("1.5", "-0.25", "10", ".5" is rejected). No exponent, no thousands separators, no decimal
  /// comma: those are ambiguous in Vietnamese documents ("602.471" is six hundred thousand).
  [[nodiscard]] static std::optional<decimal> parse(std::string_view text) noexcept;
  /// Why parse(text) fails, as a phrase for a message: "it is empty", "it uses a decimal comma",
  /// "it has more than 18 decimals", "it is too large", "it has no digit before the point"… or ""
  /// when it parses.
  [[nodiscard]] static std::string parse_failure(std::string_view text);

  /// Exact conversion of a rational; nullopt when it is not a decimal of at most max_scale
  /// places or does not fit.
  [[nodiscard]] static std::optional<decimal> from_rational(const rational& value);

  [[nodiscard]] constexpr std::int64_t units() const noexcept { return units_; }
  [[nodiscard]] constexpr int scale() const noexcept { return scale_; }

  /// The same value with `scale` decimals; throws overflow_error if that would drop a non-zero
  /// digit or not fit.
  [[nodiscard]] decimal with_scale(int scale) const;
  /// The fewest decimals that represent this value exactly (1.50 → 1.5).
  [[nodiscard]] decimal normalized() const noexcept;

  [[nodiscard]] rational to_rational() const;
  /// Plain notation with exactly scale() decimals and a '.' separator ("1.50", "-0.25"): the
  /// value as written, not a display rule (8, 12.0 and 100.00 keep their scales). Messages echo
  /// input values this way; reports print through format_number() under the rounding rule
  /// (format.hpp).
  [[nodiscard]] std::string to_string() const;

  [[nodiscard]] bool is_zero() const noexcept { return units_ == 0; }
  [[nodiscard]] bool is_negative() const noexcept { return units_ < 0; }

  friend CHISO_EXPORT decimal operator+(const decimal& a, const decimal& b);
  friend CHISO_EXPORT decimal operator-(const decimal& a, const decimal& b);
  friend CHISO_EXPORT decimal operator-(const decimal& a);
  /// Exact product; the scales add (1.5 × 0.25 = 0.375).
  friend CHISO_EXPORT decimal operator*(const decimal& a, const decimal& b);
  decimal& operator+=(const decimal& b) { return *this = *this + b; }
  decimal& operator-=(const decimal& b) { return *this = *this - b; }

  friend CHISO_EXPORT std::strong_ordering operator<=>(const decimal& a, const decimal& b) noexcept;
  friend bool operator==(const decimal& a, const decimal& b) noexcept {
    return (a <=> b) == std::strong_ordering::equal;
  }

 private:
  constexpr decimal(std::int64_t units, int scale, int /*tag*/) noexcept
      : units_(units), scale_(static_cast<std::int8_t>(scale)) {}

  std::int64_t units_ = 0;
  std::int8_t scale_ = 0;
};

}  // namespace chiso
