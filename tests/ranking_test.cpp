#include "chiso/ranking.hpp"

#include <doctest/doctest.h>

#include "chiso/error.hpp"

namespace {

using chiso::rational;
using values = std::vector<std::optional<rational>>;

rational pct(const char* text) {
  return chiso::decimal::parse(text)->to_rational();
}

}  // namespace

TEST_CASE("competition ranking is the default: 1, 2, 2, 4") {
  const values v{pct("90"), pct("85.5"), pct("85.5"), pct("80")};
  const auto r = chiso::rank(v);
  CHECK(r.rank(0) == 1u);
  CHECK(r.rank(1) == 2u);
  CHECK(r.rank(2) == 2u);
  CHECK(r.rank(3) == 4u);
  CHECK(r.tied_with(1) == std::vector<std::size_t>{2});
  CHECK(r.tied_with(0).empty());
  CHECK(r.label(3) == "4/4");
}

TEST_CASE("dense, fractional and ordinal ranking") {
  const values v{pct("90"), pct("85.5"), pct("85.5"), pct("80")};
  chiso::ranking_options dense{chiso::rank_method::dense, false, {}};
  const auto d = chiso::rank(v, dense);
  CHECK(d.rank(3) == 3u);

  chiso::ranking_options fractional{chiso::rank_method::fractional, false, {}};
  const auto f = chiso::rank(v, fractional);
  CHECK(*f.exact_rank(1) == rational(5, 2));
  CHECK(f.label(2) == "2,5/4");
  CHECK(f.rank(3) == 4u);
  CHECK_THROWS_AS(static_cast<void>(f.rank(1)), chiso::usage_error);

  chiso::ranking_options ordinal{chiso::rank_method::ordinal, false, {}};
  CHECK_THROWS_WITH_AS(static_cast<void>(chiso::rank(v, ordinal)),
                       "ranking: ordinal ranking needs an explicit tie_break", chiso::usage_error);
  // An explicit rule: the later unit (index) first, e.g. a published secondary criterion.
  ordinal.tie_break = [](std::size_t a, std::size_t b) { return a > b; };
  const auto o = chiso::rank(v, ordinal);
  CHECK(o.rank(2) == 2u);
  CHECK(o.rank(1) == 3u);
  CHECK(o.tied_with(1) == std::vector<std::size_t>{2});  // still reported as tied
  ordinal.tie_break = [](std::size_t, std::size_t) { return false; };
  CHECK_THROWS_WITH_AS(static_cast<void>(chiso::rank(v, ordinal)),
                       "ranking: tie_break leaves units 1 and 2 tied", chiso::usage_error);
}

TEST_CASE("ranks use exact values, never rounded ones") {
  // Both print as 86,11% at two decimals; they are not tied.
  const values v{pct("86.105"), pct("86.114")};
  const auto r = chiso::rank(v);
  CHECK(r.rank(1) == 1u);
  CHECK(r.rank(0) == 2u);
  // 1/3 against 0,333333: cross-multiplied, not compared as doubles.
  const std::vector<std::optional<chiso::exact_value>> e{
      chiso::exact_value{1, 3}, chiso::exact_value{333333, 1000000}, chiso::exact_value{2, 6}};
  const auto re = chiso::rank(e);
  CHECK(re.rank(0) == 1u);
  CHECK(re.rank(2) == 1u);
  CHECK(re.rank(1) == 3u);
  // Near the int64 limits the products need 128 bits.
  const std::int64_t big = INT64_MAX - 1;
  const std::vector<std::optional<chiso::exact_value>> huge{chiso::exact_value{big - 1, big},
                                                            chiso::exact_value{big - 2, big - 1}};
  CHECK(chiso::compare(*huge[0], *huge[1]) > 0);
}

TEST_CASE("units not ranked get no rank and do not shift the others") {
  // Ministry PAR INDEX: 17 ministries ranked, 2 special agencies (Thanh tra Chính phủ, Ủy ban
  // Dân tộc) scored but not ranked with them (methodology.md §1.4). The values here are
  // constructed; the 17-of-19 structure is the published one.
  values v;
  for (int i = 0; i < 17; ++i) v.push_back(rational(8000 + 50 * i, 100));
  v.insert(v.begin(), std::nullopt);  // special agency, scored higher but excluded
  v.push_back(std::nullopt);
  const auto r = chiso::rank(v);
  CHECK(r.ranked_count() == 17);
  CHECK_FALSE(r.rank(0).has_value());
  CHECK(r.label(0) == "–");
  CHECK(r.rank(17) == 1u);  // the best of the 17 is 1st, not 2nd
  CHECK(r.label(17) == "1/17");
  CHECK(r.label(1) == "17/17");
  CHECK(r.tied_with(0).empty());
}

TEST_CASE("rank labels as published: 26/63 and 09/63") {
  // 63 provinces; the values are constructed so that 25 are above Cần Thơ's 86,11% (PAR INDEX
  // 2022: 26/63, seed 004:16-18) and 8 above its 83,53% in 2017 (09/63, seed 003:23).
  values v2022{pct("86.11")};
  for (int i = 0; i < 62; ++i) v2022.push_back(rational(i < 25 ? 9000 - i : 8000 - i, 100));
  CHECK(chiso::rank(v2022).label(0) == "26/63");
  values v2017{pct("83.53")};
  for (int i = 0; i < 62; ++i) v2017.push_back(rational(i < 8 ? 9000 - i : 7000 - i, 100));
  CHECK(chiso::rank(v2017).label(0, 2) == "09/63");
}

TEST_CASE("rank change is previous − current (seed figures)") {
  CHECK(chiso::rank_change(16, 9) == 7);  // PAR INDEX Cần Thơ 2016→2017 (seed 003:23)
  CHECK(chiso::rank_change_text(16, 9) == "tăng 7 bậc");
  CHECK(chiso::rank_change_text(51, 26) == "tăng 25 bậc");  // PAR INDEX 2021→2022 (004:16-18)
  CHECK(chiso::rank_change_text(48, 36) == "tăng 12 bậc");  // SIPAS 2021→2022 (004:18-20)
  CHECK(chiso::rank_change(42, 55) == -13);                 // PAPI 2021→2022 (004:20-24)
  CHECK(chiso::rank_change_text(42, 55) == "giảm 13 bậc");
  CHECK(chiso::rank_change_text(7, 7) == "giữ nguyên");
}

TEST_CASE("ranks of many tied exact values equal those of the same values as rationals") {
  // The common-denominator path sorts by radix; the rational path compares. Keys spanning
  // 2^32 or more take the comparison sort. Both must give the same order, ties in input order.
  std::uint64_t state = 88172645463325252ULL;
  for (const std::int64_t spread : {std::int64_t{50}, std::int64_t{1} << 40}) {
    std::vector<std::optional<chiso::exact_value>> exact;
    values as_rationals;
    for (int i = 0; i < 3000; ++i) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      if (state % 17 == 0) {  // not ranked
        exact.emplace_back();
        as_rationals.emplace_back();
        continue;
      }
      const auto numerator =
          static_cast<std::int64_t>(state % static_cast<std::uint64_t>(spread)) - spread / 3;
      exact.push_back(chiso::exact_value{numerator, 7});
      as_rationals.push_back(rational(numerator, 7));
    }
    for (const auto method : {chiso::rank_method::competition, chiso::rank_method::dense,
                              chiso::rank_method::fractional}) {
      for (const bool ascending : {false, true}) {
        chiso::ranking_options o;
        o.method = method;
        o.ascending = ascending;
        const auto a = chiso::rank(exact, o);
        const auto b = chiso::rank(as_rationals, o);
        CHECK(a.order() == b.order());
        for (std::size_t u = 0; u < exact.size(); ++u) {
          CHECK(a.exact_rank(u) == b.exact_rank(u));
          CHECK(a.tied_with(u) == b.tied_with(u));
        }
      }
    }
  }
}
