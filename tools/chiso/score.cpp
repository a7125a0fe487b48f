// chiso score: points, max, % and gap of every criterion of one score sheet.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "printed_figures.hpp"
#include "subcommands.hpp"

#include <iostream>
#include <memory>
#include <string>

namespace chiso_cli {
namespace {

// Points in the notes as the JSON writer prints them: the tree's decimals, a decimal point.
chiso::number_format json_points(const chiso::criterion_tree& tree) {
  return {tree.info().decimals, chiso::rounding::half_up, '.'};
}

struct score_options {
  tree_source tree;
  std::string sheet;
  output_options out;
  bool strict = false;
};

int run_score(const score_options& o) {
  const auto tree = o.tree.load();
  const auto sheet = chiso::load_sheet(o.sheet, tree);
  if (report_printed(tree, {&sheet, 1}, o.strict, std::cerr)) return exit_invalid_input;
  const auto card = chiso::score(tree, sheet);
  const auto options = report_options_from(o.out, tree);
  if (wants_workbook(o.out))
    return write_workbook(
        o.out, {{"Điểm",
                 chiso::score_table(tree, card, options),
                 {{chiso::xlsx_chart::kind::bar, "% của điểm tối đa theo tiêu chí", "code",
                   "percent", "", "%"}}}});
  if (format_of(o.out) == chiso::output_format::json) {
    chiso::write_json(std::cout, tree, card, chiso::derived_notes(sheet, json_points(tree)));
    return exit_ok;
  }
  print_table(std::cout,
              with_derived_notes(chiso::score_table(tree, card, options), sheet, options.points),
              format_of(o.out));
  return exit_ok;
}

}  // namespace

subcommand add_score(CLI::App& app) {
  auto o = std::make_shared<score_options>();
  auto* cmd = app.add_subcommand("score", "points, max, % and gap of every criterion");
  add_criteria_option(*cmd, o->tree);
  add_depth_option(*cmd, o->tree);
  cmd->add_option("sheet", o->sheet, "score sheet")->required();
  add_output_options(*cmd, o->out, workbook::add_output);
  add_strict_flag(*cmd, o->strict);
  return {cmd, [o] { return run_score(*o); }};
}

}  // namespace chiso_cli
