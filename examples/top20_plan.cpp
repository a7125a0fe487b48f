// The cheapest path into the top 20, on a CONSTRUCTED multi-unit data set.
//
//   top20_plan <criteria.yaml> <units-dir> <plan.yaml>
//
//   top20_plan examples/data/simulation/constructed-index.yaml
//       examples/data/simulation/units examples/data/simulation/top20-plan.yaml
//
// No published table gives all 63 provinces' per-criterion points, so the data set (30 units,
// 7 criteria) is invented: the figures show how the planner works, not any real province.
#include <chiso/chiso.hpp>
#include <chiso/planner.hpp>

#include <algorithm>
#include <iostream>
#include <vector>

namespace {

std::string pct(const chiso::rational& v) {
  return chiso::format_number(v, {2, chiso::rounding::half_up, ','});
}

std::string pts(const chiso::decimal& v) {
  return chiso::format_number(v, {2, chiso::rounding::half_up, ','});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: top20_plan <criteria.yaml> <units-dir> <plan.yaml>\n";
    return 2;
  }
  try {
    const auto tree = chiso::load_criteria(argv[1]);
    // One score sheet per unit, in file-name order.
    std::vector<chiso::scorecard> cards;
    std::vector<chiso::unit_info> units;
    for (const auto& sheet : chiso::load_sheet_directory(argv[2], tree).sheets) {
      cards.push_back(chiso::score(tree, sheet));
      units.push_back(cards.back().unit);
    }
    const auto request = chiso::load_plan_request(argv[3], tree, units);
    std::cout << "CONSTRUCTED data set (" << cards.size()
              << " units): figures are invented, not official.\n";

    const auto p = chiso::make_plan(tree, cards, request);
    std::cout << "Unit " << request.unit << ": " << pct(p.percent_before) << "% of max, rank "
              << *p.rank_before << "\n\n";

    // How far is each better rank? (others held fixed; equal % shares the better rank)
    const auto unit = static_cast<std::size_t>(
        std::find_if(cards.begin(), cards.end(),
                     [&](const auto& c) { return c.unit.id == request.unit; }) -
        cards.begin());
    const auto gain = chiso::rank_gain(tree, cards, unit, request.settings);
    std::cout << "Rank gains (points needed; criteria that could deliver it alone):\n";
    for (const auto& step : gain.steps) {
      if (step.rank < 18) break;  // the nearest ranks are the actionable ones
      std::cout << "  rank " << step.rank << ": +" << pts(step.points_needed) << " points;";
      for (const auto& code : step.single_criteria) std::cout << " " << code;
      if (step.single_criteria.empty()) std::cout << " none alone";
      std::cout << "\n";
    }

    std::cout << "\nPlan to reach top " << request.target.rank << " (" << pct(p.target_percent)
              << "%), least cost, within caps: " << pts(p.points_needed) << " points needed\n";
    for (const auto& step : p.steps)
      std::cout << "  " << tree[step.node].code << " " << tree[step.node].name << ": +"
                << pts(step.points_gained) << " (cost " << pts(step.cost) << ") -> "
                << pct(*step.percent) << "%, rank " << *step.rank << "\n";
    std::cout << "Total: +" << pts(p.total_points) << " points, cost " << pts(p.total_cost) << "\n";

    // The same target when a criterion is either raised to its cap or left alone.
    auto whole = request;
    whole.mode = chiso::plan_mode::whole_criterion;
    const auto w = chiso::make_plan(tree, cards, whole);
    std::cout << "\nWhole-criterion plan (each to its cap or untouched):\n";
    for (const auto& step : w.steps)
      std::cout << "  " << tree[step.node].code << ": +" << pts(step.points_gained) << " -> "
                << pct(*step.percent) << "%, rank " << *step.rank << "\n";
    std::cout << "Total: +" << pts(w.total_points) << " points, cost " << pts(w.total_cost) << "\n";
  } catch (const chiso::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
