// What-if on Cần Thơ's 2022 PAR INDEX: criterion 5.4 at full points.
//
//   can_tho_what_if <criteria.yaml> <scores.yaml> <scenario.yaml>
//
//   can_tho_what_if criteria/par-index-province-876-seed004.yaml
//       examples/data/can-tho-2022.yaml examples/data/simulation/can-tho-5.4-full.yaml
//
// Seed 004 prints only the criteria below full marks, so the tree is partial: the maxima of the
// domains and of 6.1.1 are not printed. The gaps are known; the total and its % are not.
#include <chiso/chiso.hpp>
#include <chiso/scenario.hpp>

#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: can_tho_what_if <criteria.yaml> <scores.yaml> <scenario.yaml>\n";
    return 2;
  }
  try {
    const auto tree = chiso::load_criteria(argv[1]);
    const std::vector<chiso::score_sheet> sheets = {chiso::load_sheet(argv[2], tree)};
    const std::vector<chiso::unit_info> units = {sheets[0].unit};
    const auto scenario = chiso::load_scenario(argv[3], tree, units);

    const auto result = chiso::what_if(tree, sheets, scenario);
    const auto& before = result.baseline[0];
    const auto& after = result.card(0);
    const chiso::number_format points{4, chiso::rounding::truncate, ','};
    auto show = [&](const std::optional<chiso::decimal>& v) {
      return v ? chiso::format_number(*v, points) : std::string("?");
    };

    std::cout << "Scenario: " << scenario.name << " (" << before.unit.name << ", " << before.year
              << ")\n\n";
    std::cout << "Changed criteria (points before -> after, gap before -> after):\n";
    for (const auto& delta : result.find_changed(0)->deltas) {
      std::cout << "  " << (delta.node == 0 ? std::string("Tổng") : tree[delta.node].code) << ": "
                << show(delta.points_before) << " -> " << show(delta.points_after) << ", gap "
                << show(delta.gap_before) << " -> " << show(delta.gap_after) << "\n";
    }
    // The root's gap is unknown (6.1.1 has no printed maximum): sum the known leaf gaps instead.
    std::cout << "\nKnown gap of all printed criteria: "
              << chiso::format_number(chiso::gaps(tree, before).total, points) << " -> "
              << chiso::format_number(chiso::gaps(tree, after).total, points) << "\n";
    const auto domain5 = *tree.find("5");
    std::cout << "Domain 5 gap: " << show(before[domain5].gap) << " -> " << show(after[domain5].gap)
              << "\n";
    if (!after.total().percent())
      std::cout << "Total % of max: not stated. The tree is partial (seed 004 prints only the\n"
                   "criteria below full marks; the domain maxima and 6.1.1's maximum are not\n"
                   "printed), so the total points are unknown. Gaps are exact; the total is not.\n";
  } catch (const chiso::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
