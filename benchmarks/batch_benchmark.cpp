// Score + rank of 10^6 units × 150 leaves (the scale target).
//
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCHISO_BUILD_BENCHMARKS=ON
//   cmake --build build-bench -j2 --target chiso_benchmarks
//   /usr/bin/time -v build-bench/benchmarks/chiso_benchmarks
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "chiso/batch.hpp"
#include "chiso/ranking.hpp"
#include "chiso/unit_set.hpp"

namespace {

// A PAR-INDEX-shaped tree: 8 lĩnh vực, 38 tiêu chí, 150 leaves, points to 4 decimals.
chiso::criterion_tree make_tree() {
  std::vector<chiso::criterion> nodes(1);
  int criterion_count = 0;
  for (int d = 1; d <= 8; ++d) {
    chiso::criterion domain;
    domain.code = std::to_string(d);
    domain.parent = 0;
    const auto di = static_cast<std::uint32_t>(nodes.size());
    nodes.push_back(domain);
    const int criteria = d <= 6 ? 5 : 4;
    for (int c = 1; c <= criteria; ++c) {
      chiso::criterion crit;
      crit.code = domain.code + "." + std::to_string(c);
      crit.parent = di;
      const auto ci = static_cast<std::uint32_t>(nodes.size());
      nodes.push_back(crit);
      // 38 tiêu chí × 4 leaves would be 152: the last two have 3.
      const int n = criterion_count++ < 36 ? 4 : 3;
      for (int l = 1; l <= n; ++l) {
        chiso::criterion leaf;
        leaf.code = crit.code + "." + std::to_string(l);
        leaf.parent = ci;
        leaf.max = chiso::decimal::from_units(10000, 4);
        nodes.push_back(leaf);
      }
    }
  }
  chiso::index_info info;
  info.id = "bench";
  info.decimals = 4;
  return chiso::criterion_tree(info, std::move(nodes));
}

struct data_set {
  chiso::criterion_tree tree = make_tree();
  std::unique_ptr<chiso::unit_matrix> matrix;
  explicit data_set(std::size_t units) {
    std::vector<chiso::unit_info> info(units);
    for (std::size_t u = 0; u < units; ++u) info[u].id = std::to_string(u);
    matrix = std::make_unique<chiso::unit_matrix>(tree, std::move(info));
    auto& cells = matrix->cells();
    std::uint64_t state = 88172645463325252ULL;  // xorshift: fast, reproducible points
    for (Eigen::Index c = 0; c < cells.cols(); ++c)
      for (Eigen::Index r = 0; r < cells.rows(); ++r) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        cells(r, c) = static_cast<std::int32_t>(state % 10001);
      }
  }
};

data_set& shared(std::size_t units) {
  static std::unique_ptr<data_set> data;
  if (!data || data->matrix->unit_count() != units) {
    data.reset();
    data = std::make_unique<data_set>(units);
  }
  return *data;
}

// Root and the 8 lĩnh vực: what a ranked table shows.
std::vector<std::size_t> table_nodes(const chiso::criterion_tree& tree) {
  std::vector<std::size_t> nodes{0};
  for (auto c : tree.children(0)) nodes.push_back(c);
  return nodes;
}

void BM_score_and_rank(benchmark::State& state) {
  auto& data = shared(static_cast<std::size_t>(state.range(0)));
  const auto nodes = table_nodes(data.tree);
  for (auto _ : state) {
    const auto scores = chiso::score_batch(*data.matrix, nodes);
    const auto values = scores.values(0);
    const auto ranks = chiso::rank(values);
    benchmark::DoNotOptimize(ranks.order().data());
  }
  state.counters["units"] = static_cast<double>(data.matrix->unit_count());
}

void BM_score_all_nodes(benchmark::State& state) {
  auto& data = shared(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const auto scores = chiso::score_batch(*data.matrix);
    benchmark::DoNotOptimize(scores.totals_bytes());
    state.counters["totals_MB"] = static_cast<double>(scores.totals_bytes()) / 1e6;
  }
}

void BM_rank_only(benchmark::State& state) {
  auto& data = shared(static_cast<std::size_t>(state.range(0)));
  const std::vector<std::size_t> root{0};
  const auto scores = chiso::score_batch(*data.matrix, root);
  const auto values = scores.values(0);
  for (auto _ : state) {
    const auto ranks = chiso::rank(values);
    benchmark::DoNotOptimize(ranks.order().data());
  }
}

// A CSV of many units through one score_sheet per unit (validated like a YAML sheet), then into
// the matrix. Wide form, 150 leaves, 4 decimals.
std::string wide_csv(const chiso::criterion_tree& tree, std::size_t units, std::size_t first = 0) {
  std::string text = "unit";
  for (auto leaf : tree.leaves()) text += "," + tree[leaf].code;
  text += "\n";
  std::uint64_t state = 88172645463325252ULL + first;
  for (std::size_t u = first; u < first + units; ++u) {
    text += 'u';
    text += std::to_string(u);
    for (std::size_t c = 0; c < tree.leaves().size(); ++c) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      const auto v = static_cast<unsigned>(state % 10001);
      std::array<char, 16> cell{};
      std::snprintf(cell.data(), cell.size(), ",%u.%04u", v / 10000, v % 10000);
      text += cell.data();
    }
    text += "\n";
  }
  return text;
}

void BM_load_csv(benchmark::State& state) {
  const auto tree = make_tree();
  const auto text = wide_csv(tree, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const auto set = chiso::parse_units_csv(text, "bench.csv", tree, {.year = 2024});
    const auto matrix = chiso::unit_matrix::from_sheets(tree, set.sheets);
    benchmark::DoNotOptimize(matrix.cells().data());
  }
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// The same file read straight into the matrix, row by row.
void BM_load_csv_matrix(benchmark::State& state) {
  const auto tree = make_tree();
  const auto text = wide_csv(tree, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const auto matrix = chiso::parse_unit_matrix_csv(text, "bench.csv", tree, {.year = 2024});
    benchmark::DoNotOptimize(matrix.cells().data());
  }
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// The same rows written to a file (not held in memory), then read by load_unit_matrix_csv: the
// disk-speed path, every core, the file read in chunks. Target: >= 400 MB/s for 10^6 units.
void BM_load_csv_matrix_file(benchmark::State& state) {
  const auto tree = make_tree();
  const auto units = static_cast<std::size_t>(state.range(0));
  const auto path =
      std::filesystem::temp_directory_path() / ("chiso_bench_" + std::to_string(units) + ".csv");
  std::size_t bytes = 0;
  {
    std::ofstream out(path, std::ios::binary);
    const std::size_t step = 10000;
    for (std::size_t first = 0; first < units; first += step) {
      auto text = wide_csv(tree, std::min(step, units - first), first);
      if (first > 0) text.erase(0, text.find('\n') + 1);  // one header
      bytes += text.size();
      out << text;
    }
  }
  for (auto _ : state) {
    const auto matrix = chiso::load_unit_matrix_csv(path, tree, {.year = 2024});
    benchmark::DoNotOptimize(matrix.cells().data());
  }
  std::filesystem::remove(path);
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
}

// The same kind of points in long form: a row per unit and leaf, unit after unit.
std::string long_csv(const chiso::criterion_tree& tree, std::size_t units) {
  std::string text = "unit,code,points\n";
  std::uint64_t state = 88172645463325252ULL;
  for (std::size_t u = 0; u < units; ++u) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "u" + string.
    std::string id = "u";
    id += std::to_string(u);
    id += ',';
    for (auto leaf : tree.leaves()) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      const auto v = static_cast<unsigned>(state % 10001);
      std::array<char, 16> cell{};
      std::snprintf(cell.data(), cell.size(), ",%u.%04u\n", v / 10000, v % 10000);
      text += id;
      text += tree[leaf].code;
      text += cell.data();
    }
  }
  return text;
}

// A long-form file through the sheets (the reference path, and the matrix's before issue 15)
// and straight into the matrix.
void BM_load_long_csv_sheets(benchmark::State& state) {
  const auto tree = make_tree();
  const auto text = long_csv(tree, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const auto set = chiso::parse_units_csv(text, "bench.csv", tree, {.year = 2024});
    const auto matrix = chiso::unit_matrix::from_sheets(tree, set.sheets);
    benchmark::DoNotOptimize(matrix.cells().data());
  }
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
}
void BM_load_long_csv_matrix(benchmark::State& state) {
  const auto tree = make_tree();
  const auto text = long_csv(tree, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const auto matrix = chiso::parse_unit_matrix_csv(text, "bench.csv", tree, {.year = 2024});
    benchmark::DoNotOptimize(matrix.cells().data());
  }
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(text.size()));
}

// The yardstick for score + rank: a copy of the matrix's bytes (10^6 × 150 × 4 = 600 MB) in
// the same run. BM_score_and_rank ÷ this is how far from the memory limit scoring is.
void BM_memcpy_cells(benchmark::State& state) {
  auto& data = shared(static_cast<std::size_t>(state.range(0)));
  const auto& cells = data.matrix->cells();
  const auto bytes = static_cast<std::size_t>(cells.size()) * sizeof(std::int32_t);
  std::vector<std::int32_t> copy(static_cast<std::size_t>(cells.size()));
  for (auto _ : state) {
    std::memcpy(copy.data(), cells.data(), bytes);
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
}

}  // namespace

BENCHMARK(BM_load_csv_matrix_file)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_memcpy_cells)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_load_csv)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_load_csv_matrix)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_load_long_csv_sheets)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_load_long_csv_matrix)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
// score_batch and rank() use every core (two here).
BENCHMARK(BM_score_and_rank)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_rank_only)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_score_all_nodes)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(2);

BENCHMARK_MAIN();
