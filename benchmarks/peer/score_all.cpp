// The chiso side of "score all nodes" in benchmarks/peer/run.py: a wide CSV in, the points of
// every inner node (total, lĩnh vực, tiêu chí) of every unit out, as pandas_score_all.py does.
//
//   chiso_peer_score_all TREE.yaml UNITS.csv OUT.csv
#include <chiso/batch.hpp>
#include <chiso/criteria_loader.hpp>
#include <chiso/error.hpp>
#include <chiso/unit_set.hpp>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: chiso_peer_score_all TREE.yaml UNITS.csv OUT.csv\n");
    return 2;
  }
  try {
    const auto tree = chiso::load_criteria(argv[1]);
    const auto matrix =
        chiso::load_unit_matrix_csv(argv[2], tree, {.year = 2024, .stage = {}, .missing = {}});
    std::vector<std::size_t> nodes;
    for (std::size_t i = 0; i < tree.size(); ++i)
      if (!tree.is_leaf(i) || i == 0) nodes.push_back(i);
    const auto scores = chiso::score_batch(matrix, nodes);
    std::FILE* out = std::fopen(argv[3], "wb");
    if (!out) throw chiso::usage_error(std::string("cannot write ") + argv[3]);
    std::string line = "unit";
    for (const auto n : nodes) line += "," + (n == 0 ? std::string("total") : tree[n].code);
    line += "\n";
    std::fputs(line.c_str(), out);
    // Points at the tree's scale, printed exactly from the integer (no floating point).
    const int scale = matrix.scale();
    std::vector<long long> divisor{1};
    for (int k = 0; k < scale; ++k) divisor.push_back(divisor.back() * 10);
    char cell[48];
    for (std::size_t u = 0; u < matrix.unit_count(); ++u) {
      line = matrix.units()[u].id;
      for (const auto n : nodes) {
        const auto s = scores.at(u, n);
        if (!s.points) {
          line += ",";
          continue;
        }
        const auto units = s.points->with_scale(scale).units();
        const auto d = divisor[static_cast<std::size_t>(scale)];
        const auto a = units < 0 ? -units : units;
        std::snprintf(cell, sizeof cell, ",%s%lld.%0*lld", units < 0 ? "-" : "",
                      static_cast<long long>(a / d), scale, static_cast<long long>(a % d));
        line += cell;
      }
      line += "\n";
      std::fputs(line.c_str(), out);
    }
    return std::fclose(out) == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chiso_peer_score_all: %s\n", e.what());
    return 1;
  }
}
