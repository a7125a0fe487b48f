// The chiso side of "score all nodes" in benchmarks/peer/run.py: a wide CSV in, the points of
// every inner node (total, lĩnh vực, tiêu chí) of every unit out, as pandas_score_all.py does.
//
//   chiso_peer_score_all TREE.yaml UNITS.csv OUT.csv
#include <chiso/batch.hpp>
#include <chiso/criteria_loader.hpp>
#include <chiso/error.hpp>
#include <chiso/unit_set.hpp>

#include <cstdint>
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
    // Points at the tree's scale, printed exactly from the integer sum (no floating point, no
    // printf: formatting a million rows is otherwise most of the run).
    const int scale = matrix.scale();
    const auto append = [&](std::string& to, std::int64_t units) {
      char digits[32];
      int n = 0;
      auto a = static_cast<std::uint64_t>(units < 0 ? -units : units);
      do {
        digits[n++] = static_cast<char>('0' + a % 10);
        a /= 10;
      } while (a != 0 || n <= scale);
      if (units < 0) to += '-';
      for (int k = n - 1; k >= 0; --k) {
        to += digits[k];
        if (k == scale && scale > 0) to += '.';
      }
    };
    for (std::size_t u = 0; u < matrix.unit_count(); ++u) {
      line = matrix.units()[u].id;
      for (const auto n : nodes) {
        line += ',';
        const auto s = scores.at(u, n);
        if (s.points) append(line, s.points->with_scale(scale).units());
      }
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), out);
    }
    return std::fclose(out) == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chiso_peer_score_all: %s\n", e.what());
    return 1;
  }
}
