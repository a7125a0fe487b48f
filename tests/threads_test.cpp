// The concurrency contract (docs/guide.md "Threads"): one loaded tree, matrix and batch result
// shared read-only by many threads, while other threads load their own trees, sheets and CSV
// files. Also built alone as chiso_threads_test, so that CI can run it under ThreadSanitizer
// (-DCHISO_SANITIZE=thread) without building the whole suite.
#include <doctest/doctest.h>

#include <chiso/chiso.hpp>

#include <cstddef>
#include <exception>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const std::filesystem::path source_dir = CHISO_SOURCE_DIR;
const auto simulation = source_dir / "examples" / "data" / "simulation";
const auto units_csv = source_dir / "examples" / "data" / "can-tho-units-2023-constructed.csv";
const auto so_huyen_tree = source_dir / "examples" / "data" / "so-huyen-constructed-criteria.yaml";
const auto so_huyen_bands = source_dir / "criteria" / "bands" / "can-tho-so-huyen-2017.yaml";

// Everything a thread computes, as text, so that the main thread can compare it exactly with
// the single-threaded run (doctest's CHECK may not be called from other threads).
struct results {
  std::vector<std::string> totals;  // score(): each unit's root points
  std::vector<std::string> batch;   // score_batch(): each unit's root points
  std::vector<std::string> ranks;   // rank() of the batch's root %
  std::vector<std::string> shared;  // the shared batch result read concurrently
  std::string table;                // ranking_table() from a CSV loaded in the thread
  std::size_t own_tree_nodes = 0;   // a tree loaded in the thread
  std::string failure;              // an exception's message, if any
};

std::string text(const std::optional<chiso::decimal>& d) {
  return d ? d->to_string() : "n/a";
}

std::vector<std::string> rank_texts(const chiso::batch_scores& b) {
  const auto values = b.values(0);
  const auto r = chiso::rank(values);
  std::vector<std::string> out;
  for (std::size_t u = 0; u < values.size(); ++u) {
    const auto k = r.rank(u);
    out.push_back(k ? std::to_string(*k) : "-");
  }
  return out;
}

// One thread's work over the shared, read-only objects.
results work(const chiso::criterion_tree& tree, const chiso::unit_set& units,
             const chiso::unit_matrix& matrix, const chiso::batch_scores& shared) {
  results r;
  try {
    r.own_tree_nodes = chiso::load_criteria(simulation / "constructed-index.yaml").nodes().size();
    // A sheet loaded in this thread against the shared tree, and every sheet scored.
    const auto sheet = chiso::load_sheet(simulation / "units" / "p01.yaml", tree);
    r.totals.push_back(text(chiso::score(tree, sheet).total().points));
    for (const auto& s : units.sheets)
      r.totals.push_back(text(chiso::score(tree, s).total().points));
    // A batch of its own over the shared matrix, and the shared batch read at the same time.
    const auto mine = chiso::score_batch(matrix);
    for (std::size_t u = 0; u < mine.unit_count(); ++u) {
      r.batch.push_back(text(mine.at(u, 0).points));
      r.shared.push_back(text(shared.at(u, 0).points));
    }
    r.ranks = rank_texts(mine);
    // Loaded here, shared by nobody: a CSV, its tree and bands, and the ranked table.
    const auto own = chiso::load_criteria(so_huyen_tree);
    const chiso::csv_options options{2023, chiso::scoring_stage::final,
                                     chiso::missing_policy::error};
    const auto csv = chiso::load_units_csv(units_csv, own, options);
    const auto bands = chiso::load_bands(so_huyen_bands);
    std::ostringstream out;
    chiso::write_table(out, chiso::ranking_table(own, csv, &bands, {}), chiso::output_format::csv);
    r.table = out.str();
  } catch (const std::exception& e) {
    r.failure = e.what();
  }
  return r;
}

}  // namespace

TEST_CASE("threads: one shared tree scored, batch-scored and ranked at once equals one thread") {
  const auto tree = chiso::load_criteria(simulation / "constructed-index.yaml");
  const auto units = chiso::load_sheet_directory(simulation / "units", tree);
  REQUIRE(units.sheets.size() == 30);
  const auto matrix = chiso::unit_matrix::from_sheets(tree, units.sheets);
  const auto shared = chiso::score_batch(matrix);

  const auto alone = work(tree, units, matrix, shared);
  REQUIRE(alone.failure.empty());
  // The single-threaded run agrees with itself across the three paths before it is the yardstick.
  REQUIRE(alone.totals.size() == 31);
  CHECK(std::vector(alone.totals.begin() + 1, alone.totals.end()) == alone.batch);
  CHECK(alone.batch == alone.shared);
  CHECK(alone.ranks.size() == 30);
  CHECK(alone.table.find("noi-vu") != std::string::npos);

  constexpr std::size_t thread_count = 4;
  std::vector<results> found(thread_count);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < thread_count; ++t)
      threads.emplace_back([&, t] { found[t] = work(tree, units, matrix, shared); });
  }
  for (const auto& r : found) {
    CHECK(r.failure == "");
    CHECK(r.own_tree_nodes == alone.own_tree_nodes);
    CHECK(r.totals == alone.totals);
    CHECK(r.batch == alone.batch);
    CHECK(r.ranks == alone.ranks);
    CHECK(r.shared == alone.shared);
    CHECK(r.table == alone.table);
  }
}
