// Reading alone (issue 15, item 2: "peak memory ≤ 1,3 × the matrix"): a wide CSV into the unit
// matrix, then the matrix's bytes, the peak resident memory of the whole process and their
// ratio. A whole process, as a user runs it; measured, never asserted.
//
//   chiso_read_peak TREE.yaml UNITS.csv YEAR
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/unit_set.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: chiso_read_peak TREE.yaml UNITS.csv YEAR\n");
    return 2;
  }
  try {
    const auto tree = chiso::load_criteria(argv[1]);
    const auto start = std::chrono::steady_clock::now();
    const auto m = chiso::load_unit_matrix_csv(argv[2], tree,
                                               {std::atoi(argv[3]), chiso::scoring_stage::final});
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double matrix_mb = static_cast<double>(m.cells().size()) * sizeof(std::int32_t) / 1e6;
    const double peak_mb = static_cast<double>(usage.ru_maxrss) * 1024 / 1e6;
    std::printf("units %zu, leaves %zu, read in %.3f s\n", m.unit_count(), m.leaf_count(),
                took.count());
    std::printf("matrix %.1f MB, peak resident %.1f MB, peak / matrix %.2f\n", matrix_mb, peak_mb,
                peak_mb / matrix_mb);
  } catch (const chiso::error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chiso_read_peak: %s\n", e.what());
    return 3;
  }
  return 0;
}
