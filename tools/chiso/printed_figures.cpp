#include "printed_figures.hpp"

#include "options.hpp"

namespace chiso_cli {

void add_strict_flag(CLI::App& cmd, bool& strict) {
  cmd.add_flag("--strict", strict,
               "a printed figure (printed: in a score sheet) that disagrees with what chiso "
               "computes is an error (exit 1), not a warning");
}

bool report_printed(std::span<const chiso::printed_mismatch> mismatches, bool strict,
                    std::ostream& err) {
  for (const auto& m : mismatches)
    err << chiso::to_string(chiso::diagnostic{m.where, m.message(), m.code, m.unit, m.criterion},
                            ui_language(), !strict)
        << "\n";
  return strict && !mismatches.empty();
}

bool report_printed(const chiso::criterion_tree& tree, std::span<const chiso::score_sheet> sheets,
                    bool strict, std::ostream& err) {
  bool any = false;
  for (const auto& sheet : sheets) {
    if (sheet.printed.figures.empty()) continue;
    any =
        report_printed(chiso::check_printed(tree, sheet, chiso::score(tree, sheet)), strict, err) ||
        any;
  }
  return any;
}

chiso::table with_derived_notes(chiso::table t, const chiso::score_sheet& sheet,
                                const chiso::number_format& fmt) {
  for (auto& note : chiso::derived_notes(sheet, fmt)) t.notes.push_back(std::move(note));
  return t;
}

}  // namespace chiso_cli
