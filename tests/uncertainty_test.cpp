// Monte Carlo rank uncertainty: reproducibility with a fixed seed, declared variation only,
// and statistical sanity on cases whose answer is known.
#include <chiso/error.hpp>
#include <chiso/score.hpp>
#include <chiso/uncertainty.hpp>

#include <doctest/doctest.h>

using chiso::decimal;
using chiso::rational;

namespace {

decimal d(const char* text) {
  return *decimal::parse(text);
}

// Domains "1" (official data, one leaf "1.1" of 10) and "2" (survey, leaves "2.1" and "2.2" of
// 5 each); decimals 2.
chiso::criterion_tree tree() {
  std::vector<chiso::criterion> n(6);
  n[0].max = decimal(20);
  auto set = [&](std::size_t i, const char* code, std::uint32_t parent, std::uint32_t depth,
                 int max) {
    n[i].code = code;
    n[i].parent = parent;
    n[i].depth = depth;
    n[i].max = decimal(max);
  };
  set(1, "1", 0, 1, 10);
  set(2, "1.1", 1, 2, 10);
  set(3, "2", 0, 1, 10);
  set(4, "2.1", 3, 2, 5);
  set(5, "2.2", 3, 2, 5);
  n[3].method = chiso::measurement::survey;
  chiso::index_info info;
  info.id = "mc";
  info.decimals = 2;
  return chiso::criterion_tree(info, n);
}

chiso::scorecard unit(const chiso::criterion_tree& t, const char* id, const char* a, const char* b,
                      const char* c) {
  chiso::score_sheet s;
  s.criteria = "mc";
  s.unit = {id, id, "tinh", true};
  s.points = {{"1.1", d(a), {}}, {"2.1", d(b), {}}, {"2.2", d(c), {}}};
  return chiso::score(t, s);
}

}  // namespace

TEST_CASE("simulate_uncertainty: a fixed seed gives the same result, bit for bit") {
  const auto t = tree();
  const std::vector<chiso::scorecard> cards = {unit(t, "A", "8", "4", "4"),
                                               unit(t, "B", "8", "4.1", "3.9"),
                                               unit(t, "C", "7", "4.5", "4.5")};
  chiso::uncertainty_spec spec;
  spec.draws = 500;
  spec.seed = 2022;
  spec.surveys = {{"2", 400, {}}};
  spec.weight_jitter = d("0.1");
  spec.target_rank = 1;
  const auto a = chiso::simulate_uncertainty(t, cards, spec);
  const auto b = chiso::simulate_uncertainty(t, cards, spec);
  REQUIRE(a.units.size() == 3);
  for (std::size_t u = 0; u < 3; ++u) {
    CHECK(a.units[u].mean_percent == b.units[u].mean_percent);
    CHECK(a.units[u].p_target_rank == b.units[u].p_target_rank);
    CHECK(a.units[u].rank_median == b.units[u].rank_median);
  }
  // Pinned: the draws use only mt19937_64's raw output and IEEE-exact arithmetic, so these
  // figures must not change across compilers or standard libraries. (The mean is compared to
  // 1e-12: Eigen may sum in a different order on other SIMD widths.)
  CHECK(a.units[0].mean_percent == doctest::Approx(79.998806028479038).epsilon(1e-12));
  CHECK(*a.units[0].p_target_rank == 0.356);  // 178 of 500 draws
  CHECK(*a.units[1].p_target_rank == 0.316);
  CHECK(a.units[2].rank_median == 2u);
  CHECK(a.units[2].rank_p95 == 3u);
  spec.seed = 2023;
  const auto c = chiso::simulate_uncertainty(t, cards, spec);
  CHECK(c.units[0].mean_percent != a.units[0].mean_percent);
}

TEST_CASE("simulate_uncertainty: two equal units each come first about half the time") {
  const auto t = tree();
  const std::vector<chiso::scorecard> cards = {unit(t, "A", "8", "4", "4"),
                                               unit(t, "B", "8", "4", "4")};
  for (auto model : {chiso::sampling_model::binomial, chiso::sampling_model::normal}) {
    chiso::uncertainty_spec spec;
    spec.draws = 4000;
    spec.seed = 7;
    spec.model = model;
    spec.surveys = {{"2", 50, {}}};
    spec.target_rank = 1;
    spec.target_percent = rational(80);
    const auto r = chiso::simulate_uncertainty(t, cards, spec);
    // Ties (equal draws) rank both first, so P(rank 1) is a little above 1/2.
    CHECK(*r.units[0].p_target_rank > 0.45);
    CHECK(*r.units[0].p_target_rank < 0.62);
    CHECK(*r.units[0].p_target_percent > 0.4);
    CHECK(*r.units[0].p_target_percent < 0.65);
    CHECK(r.units[0].mean_percent == doctest::Approx(80).epsilon(0.005));
    CHECK(r.units[0].rank_p5 == 1u);
    CHECK(r.units[0].rank_p95 == 2u);
  }
}

TEST_CASE("simulate_uncertainty: zero-width intervals change nothing") {
  const auto t = tree();
  const std::vector<chiso::scorecard> cards = {
      unit(t, "A", "8", "4", "4"), unit(t, "B", "7", "4", "4"), unit(t, "C", "9", "4", "4")};
  chiso::uncertainty_spec spec;
  spec.draws = 50;
  spec.surveys = {{"2.1", {}, d("0")}, {"2.2", {}, d("0")}};
  spec.target_rank = 2;
  const auto r = chiso::simulate_uncertainty(t, cards, spec);
  CHECK(r.units[0].rank_median == 2u);
  CHECK(r.units[0].rank_p5 == 2u);
  CHECK(r.units[0].rank_p95 == 2u);
  CHECK(*r.units[0].baseline_rank == 2u);
  CHECK(*r.units[0].p_target_rank == 1.0);
  CHECK(*r.units[1].p_target_rank == 0.0);
}

TEST_CASE("simulate_uncertainty: nothing is varied or held silently") {
  const auto t = tree();
  const std::vector<chiso::scorecard> cards = {unit(t, "A", "8", "4", "4")};
  chiso::uncertainty_spec spec;
  spec.draws = 10;
  spec.surveys = {{"2.1", 300, {}}};
  CHECK_THROWS_WITH_AS((void)chiso::simulate_uncertainty(t, cards, spec),
                       "uncertainty: survey criteria without a sample size or interval: 2.2 "
                       "(declare them or exclude them explicitly)",
                       chiso::usage_error);
  spec.excluded = {"2.2"};
  const auto r = chiso::simulate_uncertainty(t, cards, spec);
  CHECK(r.describe(t) ==
        "Monte Carlo: 10 draws, seed 0\n"
        "Varied survey criteria (1):\n"
        "  2.1: sample size 300, normal approximation\n"
        "Survey criteria held fixed by request (1): 2.2\n"
        "Domain weights: not varied\n");
  spec.surveys = {{"1.1", 300, {}}, {"2.1", 300, {}}};
  CHECK_THROWS_WITH_AS((void)chiso::simulate_uncertainty(t, cards, spec),
                       "uncertainty: '1.1' is declared but no survey criterion under it is varied",
                       chiso::usage_error);
  spec.surveys = {{"2.1", 300, d("0.1")}};
  CHECK_THROWS_WITH_AS((void)chiso::simulate_uncertainty(t, cards, spec),
                       "uncertainty: '2.1' needs exactly one of a sample size or an interval "
                       "half-width",
                       chiso::usage_error);
  spec.surveys = {{"2.1", 300, {}}};
  spec.draws = 0;
  CHECK_THROWS_AS((void)chiso::simulate_uncertainty(t, cards, spec), chiso::usage_error);
}
