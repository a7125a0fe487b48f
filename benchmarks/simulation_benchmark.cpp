// Simulation speed at realistic sizes: the PAR INDEX has 88 sub-criteria at 4 decimals and 63
// provinces. Targets: a whole-criterion plan in under a second, 1000 Monte Carlo draws over 63
// provinces in under a second.
#include <chiso/planner.hpp>
#include <chiso/score.hpp>
#include <chiso/uncertainty.hpp>

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

namespace {

// 8 domains × 11 leaves of max 1.1364 (≈100 points), decimals 4; the last 4 domains are
// surveys. Points are random (CONSTRUCTED).
struct data_set {
  chiso::criterion_tree tree;
  std::vector<chiso::scorecard> cards;
};

data_set make(std::size_t units) {
  std::vector<chiso::criterion> nodes(1);
  for (std::uint32_t d = 1; d <= 8; ++d) {
    chiso::criterion dom;
    dom.code = std::to_string(d);
    dom.parent = 0;
    dom.depth = 1;
    dom.max = chiso::decimal::from_units(11 * 11364, 4);
    if (d > 4) dom.method = chiso::measurement::survey;
    const auto di = static_cast<std::uint32_t>(nodes.size());
    nodes.push_back(dom);
    for (int l = 1; l <= 11; ++l) {
      chiso::criterion leaf;
      leaf.code = dom.code + "." + std::to_string(l);
      leaf.parent = di;
      leaf.depth = 2;
      leaf.max = chiso::decimal::from_units(11364, 4);
      nodes.push_back(leaf);
    }
  }
  nodes[0].max = chiso::decimal::from_units(88 * 11364, 4);
  chiso::index_info info;
  info.id = "bench";
  info.decimals = 4;
  chiso::criterion_tree tree(info, nodes);
  std::mt19937_64 g(63);
  std::vector<chiso::scorecard> cards;
  for (std::size_t u = 0; u < units; ++u) {
    chiso::score_sheet s;
    s.criteria = "bench";
    s.unit = {"u" + std::to_string(u), "", "tinh", true};
    for (const auto leaf : tree.leaves())
      s.points.push_back(
          {tree[leaf].code,
           chiso::decimal::from_units(static_cast<std::int64_t>(6000 + g() % 5364), 4),
           {}});
    cards.push_back(chiso::score(tree, s));
  }
  return {std::move(tree), std::move(cards)};
}

void whole_criterion_plan(benchmark::State& state) {
  const auto data = make(63);
  chiso::plan_request req;
  req.unit = "u40";
  req.target = chiso::plan_target::top(static_cast<std::size_t>(state.range(0)));
  req.mode = chiso::plan_mode::whole_criterion;
  req.objective = chiso::plan_objective::cost;
  req.default_cost = chiso::decimal(1);
  req.settings = {{"5", chiso::rational(90), {}, chiso::decimal(3), {}}};
  for (auto _ : state) benchmark::DoNotOptimize(chiso::make_plan(data.tree, data.cards, req));
}
BENCHMARK(whole_criterion_plan)->Arg(20)->Arg(1)->Unit(benchmark::kMillisecond);

void monte_carlo(benchmark::State& state) {
  const auto data = make(63);
  chiso::uncertainty_spec spec;
  spec.draws = static_cast<std::size_t>(state.range(0));
  spec.seed = 1;
  spec.surveys = {{"5", 1000, {}}, {"6", 1000, {}}, {"7", 1000, {}}, {"8", 1000, {}}};
  spec.weight_jitter = *chiso::decimal::parse("0.05");
  spec.target_rank = 20;
  for (auto _ : state)
    benchmark::DoNotOptimize(chiso::simulate_uncertainty(data.tree, data.cards, spec));
}
BENCHMARK(monte_carlo)->Arg(1000)->Unit(benchmark::kMillisecond);

// The same run reporting progress (as chiso uncertainty does for its bar): the callback is called
// about a hundred times per run, so this should match monte_carlo within noise.
void monte_carlo_with_progress(benchmark::State& state) {
  const auto data = make(63);
  chiso::uncertainty_spec spec;
  spec.draws = static_cast<std::size_t>(state.range(0));
  spec.seed = 1;
  spec.surveys = {{"5", 1000, {}}, {"6", 1000, {}}, {"7", 1000, {}}, {"8", 1000, {}}};
  spec.weight_jitter = *chiso::decimal::parse("0.05");
  spec.target_rank = 20;
  std::size_t calls = 0;
  const chiso::progress_callback progress = [&](std::size_t, std::size_t) { ++calls; };
  for (auto _ : state)
    benchmark::DoNotOptimize(chiso::simulate_uncertainty(data.tree, data.cards, spec, progress));
  state.counters["calls_per_run"] =
      static_cast<double>(calls) / static_cast<double>(state.iterations());
}
BENCHMARK(monte_carlo_with_progress)->Arg(1000)->Unit(benchmark::kMillisecond);

// The Monte Carlo target: 10^4 draws × 63 units × 150 leaves, 45 of them (30 %) survey
// leaves (normal model, n = 1000), re-ranked every draw; range(1) threads (0: every core).
// The result is the same for every thread count (tests/uncertainty_test.cpp checks it).
void monte_carlo_150_leaves(benchmark::State& state) {
  std::vector<chiso::criterion> nodes(1);
  for (std::uint32_t d = 1; d <= 10; ++d) {
    chiso::criterion dom;
    dom.code = std::to_string(d);
    dom.parent = 0;
    dom.depth = 1;
    dom.max = chiso::decimal::from_units(15 * 10000, 4);
    if (d > 7) dom.method = chiso::measurement::survey;  // 3 × 15 = 45 survey leaves
    const auto di = static_cast<std::uint32_t>(nodes.size());
    nodes.push_back(dom);
    for (int l = 1; l <= 15; ++l) {
      chiso::criterion leaf;
      leaf.code = dom.code + "." + std::to_string(l);
      leaf.parent = di;
      leaf.depth = 2;
      leaf.max = chiso::decimal::from_units(10000, 4);
      nodes.push_back(leaf);
    }
  }
  nodes[0].max = chiso::decimal::from_units(150 * 10000, 4);
  chiso::index_info info;
  info.id = "bench";
  info.decimals = 4;
  const chiso::criterion_tree tree(info, nodes);
  std::mt19937_64 g(63);
  std::vector<chiso::scorecard> cards;
  for (std::size_t u = 0; u < 63; ++u) {
    chiso::score_sheet s;
    s.criteria = "bench";
    s.unit = {"u" + std::to_string(u), "", "tinh", true};
    for (const auto leaf : tree.leaves())
      s.points.push_back(
          {tree[leaf].code,
           chiso::decimal::from_units(static_cast<std::int64_t>(5000 + g() % 5001), 4),
           {}});
    cards.push_back(chiso::score(tree, s));
  }
  chiso::uncertainty_spec spec;
  spec.draws = static_cast<std::size_t>(state.range(0));
  spec.seed = 1;
  spec.surveys = {{"8", 1000, {}}, {"9", 1000, {}}, {"10", 1000, {}}};
  spec.target_rank = 20;
  spec.threads = static_cast<unsigned>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(chiso::simulate_uncertainty(tree, cards, spec));
}
BENCHMARK(monte_carlo_150_leaves)
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Args({10000, 0})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
