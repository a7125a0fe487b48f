#include <chiso/decimal.hpp>
#include <chiso/error.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

using chiso::decimal;

TEST_CASE("decimal: plain notation parses exactly") {
  CHECK(decimal::parse("0.8219")->units() == 8219);
  CHECK(decimal::parse("0.8219")->scale() == 4);
  CHECK(decimal::parse("1.5") == decimal::from_units(15, 1));
  CHECK(decimal::parse("-2.25") == decimal::from_units(-225, 2));
  CHECK(decimal::parse("+10") == decimal(10));
  CHECK(decimal::parse("100")->scale() == 0);
}

TEST_CASE("decimal: anything but plain notation is refused, never guessed") {
  for (const char* bad : {"", "-", "0,8219", "602.471.000", "1e3", "1.", ".5", "1.2.3", " 1", "abc",
                          "0.1234567890123456789", "99999999999999999999"})
    CHECK_MESSAGE(!decimal::parse(bad), bad);
}

TEST_CASE("decimal: sums are exact where binary floating point is not") {
  // 0.1 + 0.2 != 0.3 in double; here it is exact.
  CHECK(*decimal::parse("0.1") + *decimal::parse("0.2") == *decimal::parse("0.3"));
  // Seed 004, 8.1: the five SIPAS components sum to exactly 8.07.
  decimal sum;
  for (const char* p : {"1.2036", "1.2027", "2.1093", "2.0258", "1.5286"})
    sum += *decimal::parse(p);
  CHECK(sum == *decimal::parse("8.07"));
  CHECK(sum.to_string() == "8.0700");
  CHECK(sum.normalized().to_string() == "8.07");
}

TEST_CASE("decimal: values compare by value across scales") {
  CHECK(*decimal::parse("1.50") == *decimal::parse("1.5"));
  CHECK(*decimal::parse("0.7357") < *decimal::parse("0.7528"));
  CHECK(*decimal::parse("-0.0001") < decimal(0));
  CHECK(decimal::from_units(std::numeric_limits<std::int64_t>::max(), 18) < decimal(10));
}

TEST_CASE("decimal: products are exact and scales add") {
  CHECK((*decimal::parse("1.5") * *decimal::parse("0.8024")).to_string() == "1.20360");
  CHECK(*decimal::parse("2.5") * *decimal::parse("0.8437") == *decimal::parse("2.10925"));
}

TEST_CASE("decimal: an exact result that does not fit throws instead of rounding") {
  const auto big = decimal(std::numeric_limits<std::int64_t>::max());
  CHECK_THROWS_AS(big + decimal(1), chiso::overflow_error);
  CHECK_THROWS_AS(-big - decimal(2), chiso::overflow_error);
  CHECK_THROWS_AS(big * decimal(2), chiso::overflow_error);
  CHECK_THROWS_AS((void)decimal::parse("0.12345")->with_scale(4), chiso::overflow_error);
  CHECK(decimal::parse("0.12340")->with_scale(4).to_string() == "0.1234");
  CHECK_THROWS_AS((void)decimal::from_units(1, 19), chiso::usage_error);
}

TEST_CASE("decimal: rationals convert back only when they are finite decimals") {
  CHECK(decimal::from_rational(chiso::rational(3, 8)) == *decimal::parse("0.375"));
  CHECK(!decimal::from_rational(chiso::rational(1, 3)));
  CHECK(decimal::parse("-1.25")->to_rational() == chiso::rational(-5, 4));
}

TEST_CASE("decimal: printing keeps the written decimals and handles the extremes") {
  CHECK(decimal::from_units(5, 4).to_string() == "0.0005");
  CHECK(decimal::from_units(-5, 1).to_string() == "-0.5");
  CHECK(decimal(std::numeric_limits<std::int64_t>::min()).to_string() == "-9223372036854775808");
}
