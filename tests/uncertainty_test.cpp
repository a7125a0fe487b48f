// Monte Carlo rank uncertainty: reproducibility with a fixed seed, declared variation only,
// and statistical sanity on cases whose answer is known.
#include <chiso/criteria_loader.hpp>
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
  // Pinned: the draws use only the per-draw SplitMix64 streams' raw output and IEEE-exact
  // arithmetic, so these figures must not change across compilers, standard libraries or thread
  // counts. (The mean is compared to 1e-12: Eigen may sum in a different order on other SIMD
  // widths.) Pinned again when the streams became per-draw (one mt19937_64 stream gave
  // 79.998806028479038, 0.356 and 0.316).
  CHECK(a.units[0].mean_percent == doctest::Approx(80.011545449943881).epsilon(1e-12));
  CHECK(*a.units[0].p_target_rank == 0.342);  // 171 of 500 draws
  CHECK(*a.units[1].p_target_rank == 0.328);
  CHECK(a.units[2].rank_median == 2u);
  CHECK(a.units[2].rank_p95 == 3u);
  spec.seed = 2023;
  const auto c = chiso::simulate_uncertainty(t, cards, spec);
  CHECK(c.units[0].mean_percent != a.units[0].mean_percent);
}

TEST_CASE("simulate_uncertainty: 1, 2 and 4 threads give the same result, bit for bit") {
  const auto t = tree();
  std::vector<chiso::scorecard> cards;
  for (int u = 0; u < 12; ++u) {
    const auto id = "U" + std::to_string(u);
    const auto b = chiso::decimal::from_units(30 + u, 1).to_string();
    const auto c = chiso::decimal::from_units(45 - u, 1).to_string();
    cards.push_back(unit(t, id.c_str(), u % 2 ? "8" : "7.5", b.c_str(), c.c_str()));
  }
  for (auto model : {chiso::sampling_model::binomial, chiso::sampling_model::normal}) {
    CAPTURE(static_cast<int>(model));
    chiso::uncertainty_spec spec;
    spec.draws = 203;  // not a multiple of the batch each thread takes
    spec.seed = 99;
    spec.model = model;
    spec.surveys = {{"2", 60, {}}};
    spec.weight_jitter = d("0.1");
    spec.target_rank = 3;
    spec.target_percent = rational(75);
    spec.threads = 1;
    const auto one = chiso::simulate_uncertainty(t, cards, spec);
    for (unsigned threads : {2u, 4u, 0u}) {
      CAPTURE(threads);
      spec.threads = threads;
      const auto many = chiso::simulate_uncertainty(t, cards, spec);
      REQUIRE(many.units.size() == one.units.size());
      for (std::size_t u = 0; u < one.units.size(); ++u) {
        CAPTURE(u);
        CHECK(many.units[u].mean_percent == one.units[u].mean_percent);
        CHECK(many.units[u].rank_p5 == one.units[u].rank_p5);
        CHECK(many.units[u].rank_median == one.units[u].rank_median);
        CHECK(many.units[u].rank_p95 == one.units[u].rank_p95);
        CHECK(many.units[u].p_target_rank == one.units[u].p_target_rank);
        CHECK(many.units[u].p_target_percent == one.units[u].p_target_percent);
      }
    }
    // The draws do vary: not every unit keeps one rank.
    bool spread = false;
    for (const auto& u : one.units) spread = spread || u.rank_p5 != u.rank_p95;
    CHECK(spread);
  }
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

TEST_CASE("simulate_uncertainty: a unit of unknown % of max is bad input, named, per unit") {
  const auto t = tree();
  chiso::score_sheet unpublished;
  unpublished.criteria = "mc";
  unpublished.unit = {"B", "B", "tinh", true};
  unpublished.missing = chiso::missing_policy::unknown;
  unpublished.points = {{"1.1", d("8"), {}}, {"2.1", d("4"), {}}};  // 2.2 not published
  const std::vector<chiso::scorecard> cards = {unit(t, "A", "8", "4", "4"),
                                               chiso::score(t, unpublished)};
  chiso::uncertainty_spec spec;
  spec.draws = 10;
  spec.surveys = {{"2", 300, {}}};
  try {
    (void)chiso::simulate_uncertainty(t, cards, spec);
    FAIL("expected an input_error");
  } catch (const chiso::input_error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const auto& diagnostic = e.diagnostics().front();
    CHECK(diagnostic.code == "uncertainty-unknown-percent");
    CHECK(diagnostic.unit == "B");
    CHECK(!diagnostic.where.file);  // the caller knows where B was read
    CHECK(diagnostic.message ==
          "unit 'B' has no known % of max (some of its points are not published): give its "
          "points, or leave it out of the units this run reads");
  }
}

namespace {

chiso::uncertainty_spec parse_run(const std::string& yaml) {
  return chiso::parse_uncertainty_spec(yaml, "run.yaml", tree());
}

}  // namespace

TEST_CASE("uncertainty run file: the shipped example is what rank_uncertainty used to build") {
  const auto t = chiso::load_criteria(std::string(CHISO_SOURCE_DIR) +
                                      "/examples/data/simulation/constructed-index.yaml");
  const auto spec = chiso::load_uncertainty_spec(
      std::string(CHISO_SOURCE_DIR) + "/examples/data/simulation/uncertainty.yaml", t);
  CHECK(spec.draws == 2000u);
  CHECK(spec.seed == 20230606u);
  CHECK(spec.model == chiso::sampling_model::normal);
  REQUIRE(spec.surveys.size() == 1);
  CHECK(spec.surveys[0].code == "3");
  CHECK(spec.surveys[0].sample_size == 600);
  CHECK_FALSE(spec.surveys[0].half_width);
  CHECK(spec.excluded.empty());
  CHECK(spec.weight_jitter == d("0.05"));
  CHECK_FALSE(spec.target_percent);
  CHECK(spec.target_rank == 20u);
}

TEST_CASE("uncertainty run file: every field") {
  const auto spec = parse_run(R"(kind: chiso/uncertainty
format_version: 1
criteria: mc
note: largest seed, both kinds of declaration
draws: 10000000
seed: 18446744073709551615
model: binomial
surveys:
  - {code: "2", sample_size: 1200}
  - code: "2.2"
    half_width: 0.25
excluded: []
weight_jitter: 0
target_percent: 62.5
target_rank: 2
x-analyst: extensions are allowed
)");
  CHECK(spec.draws == 10000000u);
  CHECK(spec.seed == 18446744073709551615u);
  CHECK(spec.model == chiso::sampling_model::binomial);
  REQUIRE(spec.surveys.size() == 2);
  CHECK(spec.surveys[0].code == "2");
  CHECK(spec.surveys[0].sample_size == 1200);
  CHECK(spec.surveys[1].code == "2.2");
  CHECK(spec.surveys[1].half_width == d("0.25"));
  CHECK_FALSE(spec.surveys[1].sample_size);
  CHECK(spec.excluded.empty());
  CHECK(spec.weight_jitter == d("0"));
  CHECK(spec.target_percent == rational(125, 2));
  CHECK(spec.target_rank == 2u);

  // Defaults: the normal model, no jitter, no targets; a tree's survey leaves all excluded.
  const auto minimal = parse_run(R"(kind: chiso/uncertainty
format_version: 1
criteria: mc
draws: 1
seed: 0
excluded: ["2"]
)");
  CHECK(minimal.model == chiso::sampling_model::normal);
  CHECK(minimal.surveys.empty());
  CHECK_FALSE(minimal.weight_jitter);
  CHECK_FALSE(minimal.target_percent);
  CHECK_FALSE(minimal.target_rank);
  CHECK(minimal.excluded == std::vector<std::string>{"2"});
}

TEST_CASE("uncertainty run file: top-level problems are all reported at once") {
  CHECK_THROWS_WITH_AS(
      (void)parse_run(R"(kind: chiso/uncertainty
format_version: 1
criteria: other-index
draws: 0
seed: -1
model: binomal
surveys:
  - {code: "2", sample_size: 600}
weight_jitter: 0,05
target_percent: 101
target_rank: 0
drawz: 5
)"),
      "run.yaml:3:11: error[wrong-criteria]: uncertainty file: written for criteria "
      "'other-index', not 'mc'\n"
      "run.yaml:4:8: error[not-a-whole-number]: uncertainty file: 'draws' must be a whole number "
      "from 1 to 10000000, not 0\n"
      "run.yaml:5:7: error[not-a-whole-number]: uncertainty file: 'seed' must be a whole number "
      "from 0 to 18446744073709551615, not -1\n"
      "run.yaml:6:8: error[unknown-model]: uncertainty file: unknown model 'binomal' (did you "
      "mean 'binomial'?)\n"
      "run.yaml:9:16: error[not-a-number]: uncertainty file: 'weight_jitter' must be a "
      "decimal number, not '0,05': it uses a decimal comma (write decimals with a point: 0.05)\n"
      "run.yaml:10:17: error[percent-range]: uncertainty file: 'target_percent' must be "
      "between 0 and 100, not 101\n"
      "run.yaml:11:14: error[not-a-whole-number]: uncertainty file: 'target_rank' must be a whole "
      "number of at least 1, not 0\n"
      "run.yaml:12:1: error[unknown-key]: uncertainty file: unknown key 'drawz' (did you "
      "mean 'draws'?)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      (void)parse_run(R"(kind: chiso/uncertainty
format_version: 1
criteria: mc
draws: 2.5
draws: 10
weight_jitter: 1
excluded: "2"
)"),
      "run.yaml:1:1: error[missing-key]: uncertainty file: missing key 'seed' (the same seed "
      "gives the same result)\n"
      "run.yaml:4:8: error[not-a-whole-number]: uncertainty file: 'draws' must be a whole number "
      "from 1 to 10000000, not '2.5': a count has no decimals\n"
      "run.yaml:5:1: error[duplicate-key]: uncertainty file: duplicate key 'draws'; first "
      "defined at run.yaml:4:1\n"
      "run.yaml:6:16: error[uncertainty-jitter]: uncertainty file: 'weight_jitter' must be at "
      "least "
      "0 and below 1 (a fraction of each domain's weight), not 1\n"
      "run.yaml:7:11: error[not-a-list]: uncertainty file: 'excluded' must be a list of "
      "criterion codes",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      (void)parse_run("kind: chiso/uncertainty\nformat_version: 1\ncriteria: "
                      "mc\nseed: 1\nexcluded: [\"2\"]\n"),
      "run.yaml:1:1: error[missing-key]: uncertainty file: missing key 'draws' (the number "
      "of draws)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      (void)parse_run("kind: chiso/plan\nformat_version: 1\n"),
      "run.yaml:1:7: error[wrong-file-kind]: wrong file kind 'chiso/plan': expected "
      "'chiso/uncertainty'",
      chiso::input_error);
}

TEST_CASE("uncertainty run file: survey declarations are checked against the tree") {
  CHECK_THROWS_WITH_AS(
      (void)parse_run(R"(kind: chiso/uncertainty
format_version: 1
criteria: mc
draws: 100
seed: 1
surveys:
  - {code: "2.3", sample_size: 600}
  - {code: "1.1", sample_size: 600}
  - {code: "2.1", sample_size: 600, half_width: 0.5}
  - {code: "2.2"}
  - {code: "2", sample_size: -5}
  - {code: "2", half_width: -0.5, size: 3}
  - "2.1"
excluded: ["1", "2.x", {code: "2"}]
)"),
      "run.yaml:7:12: error[unknown-criterion]: survey 1: unknown criterion '2.3' (not in criteria "
      "'mc'); did you mean '2.1'?\n"
      "run.yaml:8:12: error[not-survey]: survey 2: criterion '1.1' is not measured by survey "
      "(no criterion with method 'survey' on it, above or below it)\n"
      "run.yaml:9:5: error[survey-size]: survey 3: give exactly one of 'sample_size' "
      "(respondents) or 'half_width' (points, 95% interval)\n"
      "run.yaml:10:5: error[survey-size]: survey 4: give exactly one of 'sample_size' "
      "(respondents) or 'half_width' (points, 95% interval)\n"
      "run.yaml:11:30: error[not-a-whole-number]: survey 5: 'sample_size' must be a whole number "
      "of "
      "at least 1, not -5\n"
      "run.yaml:12:12: error[survey-twice]: survey 6: '2' is already declared at "
      "run.yaml:11:12\n"
      "run.yaml:12:29: error[negative-value]: survey 6: 'half_width' must not be negative, not "
      "-0.5\n"
      "run.yaml:12:35: error[unknown-key]: survey 6: unknown key 'size' (expected 'code', "
      "'sample_size' or 'half_width')\n"
      "run.yaml:13:5: error[not-a-mapping]: survey 7 must be a mapping of keys to values\n"
      "run.yaml:14:12: error[not-survey]: excluded: criterion '1' is not measured by survey "
      "(no criterion with method 'survey' on it, above or below it)\n"
      "run.yaml:14:17: error[unknown-criterion]: excluded: unknown criterion '2.x' (not in "
      "criteria "
      "'mc'); did you mean '2.1'?\n"
      "run.yaml:14:24: error[not-text]: excluded: expected a criterion code",
      chiso::input_error);
}

TEST_CASE("uncertainty run file: nothing is varied or held fixed silently") {
  CHECK_THROWS_WITH_AS(
      (void)parse_run(R"(kind: chiso/uncertainty
format_version: 1
criteria: mc
draws: 100
seed: 1
surveys:
  - {code: "2.1", half_width: 0.1}
)"),
      "run.yaml:6:1: error[survey-undeclared]: uncertainty file: survey criteria neither in "
      "'surveys' nor 'excluded': 2.2 (nothing is varied or held fixed silently)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      (void)parse_run("kind: chiso/uncertainty\nformat_version: 1\ncriteria: "
                      "mc\ndraws: 100\nseed: 1\n"),
      "run.yaml:1:1: error[survey-undeclared]: uncertainty file: survey criteria neither in "
      "'surveys' nor 'excluded': 2.1, 2.2 (nothing is varied or held fixed "
      "silently)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      (void)parse_run(R"(kind: chiso/uncertainty
format_version: 1
criteria: mc
draws: 100
seed: 1
surveys:
  - {code: "2.1", sample_size: 300}
  - {code: "2", sample_size: 300}
excluded: ["2"]
)"),
      "run.yaml:8:5: error[survey-unused]: survey 2: '2' varies nothing: every survey criterion "
      "under it is excluded or declared more specifically",
      chiso::input_error);
}

TEST_CASE("simulate_uncertainty: with threads, progress still rises to the total, boundedly") {
  const auto t = tree();
  const std::vector<chiso::scorecard> cards = {unit(t, "A", "8", "4", "4"),
                                               unit(t, "B", "7", "4.5", "4")};
  chiso::uncertainty_spec spec;
  spec.draws = 1000;
  spec.seed = 3;
  spec.surveys = {{"2", 200, {}}};
  spec.threads = 4;
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  (void)chiso::simulate_uncertainty(t, cards, spec, [&](std::size_t done, std::size_t total) {
    calls.emplace_back(done, total);
  });
  REQUIRE(calls.size() >= 2);
  CHECK(calls.size() <= 101);
  CHECK(calls.front() == std::pair<std::size_t, std::size_t>(0, 1000));
  CHECK(calls.back() == std::pair<std::size_t, std::size_t>(1000, 1000));
  for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i].first > calls[i - 1].first);
}

TEST_CASE("simulate_uncertainty: progress is reported a bounded number of times, up to total") {
  const auto t = tree();
  const std::vector<chiso::scorecard> cards = {unit(t, "A", "8", "4", "4"),
                                               unit(t, "B", "7", "4.5", "4")};
  chiso::uncertainty_spec spec;
  spec.draws = 1000;
  spec.seed = 3;
  spec.surveys = {{"2", 200, {}}};
  // The exact count is for one thread; with more, the calling thread reports when it finishes
  // one of its draws, so at most as often (checked below).
  spec.threads = 1;
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  const auto r = chiso::simulate_uncertainty(
      t, cards, spec,
      [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  REQUIRE(calls.size() == 101);  // 0, every 10 draws from 10 to 990, and 1000
  CHECK(calls.front() == std::pair<std::size_t, std::size_t>(0, 1000));
  CHECK(calls[1] == std::pair<std::size_t, std::size_t>(10, 1000));
  CHECK(calls.back() == std::pair<std::size_t, std::size_t>(1000, 1000));
  for (std::size_t i = 1; i < calls.size(); ++i) {
    CHECK(calls[i].first > calls[i - 1].first);
    CHECK(calls[i].second == 1000u);
  }
  // Reporting does not change the run.
  const auto quiet = chiso::simulate_uncertainty(t, cards, spec);
  CHECK(quiet.units[1].mean_percent == r.units[1].mean_percent);
  CHECK(quiet.units[1].rank_median == r.units[1].rank_median);

  // Fewer draws than reports: one per draw, still ending at the total.
  spec.draws = 3;
  calls.clear();
  (void)chiso::simulate_uncertainty(t, cards, spec, [&](std::size_t done, std::size_t total) {
    calls.emplace_back(done, total);
  });
  CHECK(calls == std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}, {1, 3}, {2, 3}, {3, 3}});

  // A callback that throws cancels the run.
  spec.draws = 500;
  CHECK_THROWS_AS((void)chiso::simulate_uncertainty(t, cards, spec,
                                                    [](std::size_t done, std::size_t) {
                                                      if (done >= 100)
                                                        throw chiso::usage_error("cancelled");
                                                    }),
                  chiso::usage_error);
}
