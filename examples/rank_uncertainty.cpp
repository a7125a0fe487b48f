// How sure is a rank? Monte Carlo over survey sampling error and domain weights, on the
// CONSTRUCTED data set of the top-20 example.
//
//   rank_uncertainty <criteria.yaml> <units-dir> <run.yaml> [unit-id]
//
//   rank_uncertainty examples/data/simulation/constructed-index.yaml
//       examples/data/simulation/units examples/data/simulation/uncertainty.yaml p23
#include <chiso/chiso.hpp>
#include <chiso/uncertainty.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: rank_uncertainty <criteria.yaml> <units-dir> <run.yaml> [unit-id]\n";
    return 2;
  }
  try {
    const auto tree = chiso::load_criteria(argv[1]);
    // One score sheet per unit, in file-name order.
    std::vector<chiso::scorecard> cards;
    for (const auto& sheet : chiso::load_sheet_directory(argv[2], tree).sheets)
      cards.push_back(chiso::score(tree, sheet));
    const std::string focus = argc > 4 ? argv[4] : "p23";

    // What is uncertain is declared in the run file (kind: chiso/uncertainty): the satisfaction
    // survey (domain 3) of 600 respondents per province (an assumption), ±5% on each domain's
    // weight, and the probability of the top 20.
    const auto spec = chiso::load_uncertainty_spec(argv[3], tree);
    if (!spec.target_rank) {
      std::cerr << argv[3] << ": this example needs 'target_rank'\n";
      return 1;
    }
    const auto r = chiso::simulate_uncertainty(tree, cards, spec);

    std::cout << "CONSTRUCTED data set: figures are invented, not official.\n"
              << r.describe(tree) << "\n";
    std::cout << "unit  rank now  median  5th-95th  P(top " << *spec.target_rank << ")\n";
    for (const auto& u : r.units) {
      const auto& id = cards[u.unit].unit.id;
      // The focus unit and its neighbours around the cut-off.
      if (id != focus && (*u.baseline_rank < 17 || *u.baseline_rank > 24)) continue;
      char line[128];
      std::snprintf(line, sizeof line, "%-5s %8zu %7zu %5zu-%-3zu %9.3f%s\n", id.c_str(),
                    *u.baseline_rank, u.rank_median, u.rank_p5, u.rank_p95, *u.p_target_rank,
                    id == focus ? "  <-" : "");
      std::cout << line;
    }
  } catch (const chiso::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
