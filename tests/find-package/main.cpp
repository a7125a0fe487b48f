// A program outside chiso that uses the installed library the way a first user would: the
// shipped criteria found through shipped_criteria_dir(), Cần Thơ's 2022 points (seed 004,
// Phụ lục I) scored, and a chiso exception caught across the library boundary.
//
//   consumer <scores.yaml>
#include <chiso/chiso.hpp>

#include <iostream>
#include <string_view>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer <scores.yaml>\n";
    return 2;
  }
  // Headers and library must come from the same chiso.
  if (chiso::library_version() != std::string_view(CHISO_VERSION_STRING)) {
    std::cerr << "headers are chiso " << CHISO_VERSION_STRING << ", library is chiso "
              << chiso::library_version() << "\n";
    return 1;
  }
  std::cout << "chiso " << chiso::library_version() << "\n";
  try {
    std::cout << "criteria: " << chiso::shipped_criteria_dir().string() << "\n";
    const auto tree =
        chiso::load_criteria(chiso::shipped_criteria("par-index-province-876-seed004.yaml"));
    const auto card = chiso::score(tree, chiso::load_sheet(argv[1], tree));

    const chiso::number_format points{4, chiso::rounding::truncate, ','};
    const auto& sipas = card[tree.find("8.1").value()];
    std::cout << "8.1 SIPAS: " << chiso::format_number(sipas.points.value(), points) << " / "
              << chiso::format_number(sipas.max.value(), points) << " = "
              << chiso::format_number(sipas.percent().value(), {2, chiso::rounding::truncate, ','})
              << "%\n";
    std::cout << "known gaps: " << chiso::format_number(chiso::gaps(tree, card).total, points)
              << "\n";
  } catch (const chiso::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }

  // The exception's type must survive the library boundary (exported typeinfo).
  try {
    (void)chiso::parse_criteria("kind: chiso/scores\nformat_version: 1\n", "wrong-kind.yaml");
    std::cerr << "a scores file was accepted as criteria\n";
    return 1;
  } catch (const chiso::input_error& e) {
    std::cout << "caught chiso::input_error with " << e.diagnostics().size()
              << " diagnostic(s): " << e.diagnostics().front().to_string() << "\n";
  }
  return 0;
}
