// The gap report of one unit: which criteria lost points, and how many.
//
//   gap_report <criteria.yaml> <scores.yaml> [--by-percent]
//
// Example: Cần Thơ's 2022 PAR INDEX gap list from seed 004, Phụ lục I:
//   gap_report criteria/par-index-province-876-seed004.yaml examples/data/can-tho-2022.yaml
#include <chiso/chiso.hpp>

#include <iostream>
#include <string_view>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: gap_report <criteria.yaml> <scores.yaml> [--by-percent]\n";
    return 2;
  }
  try {
    const auto tree = chiso::load_criteria(argv[1]);
    const auto sheet = chiso::load_sheet(argv[2], tree);
    chiso::report_options options;
    if (argc > 3 && std::string_view(argv[3]) == "--by-percent")
      options.order = chiso::gap_order::by_percent;
    chiso::print_gap_report(std::cout, tree, chiso::score(tree, sheet), options);
  } catch (const chiso::input_error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
