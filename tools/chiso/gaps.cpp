// chiso gaps: the criteria of one score sheet below their maximum, or subtotals per lĩnh vực.
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

struct gaps_options {
  tree_source tree;
  std::string sheet;
  std::string order = "gap";
  bool by_domain = false;
  output_options out;
  bool strict = false;
};

int run_gaps(const gaps_options& o) {
  const auto tree = o.tree.load();
  auto options = report_options_from(o.out, tree);
  const auto sheet = chiso::load_sheet(o.sheet, tree);
  if (report_printed(tree, {&sheet, 1}, o.strict, std::cerr)) return exit_invalid_input;
  const auto card = chiso::score(tree, sheet);
  options.order = o.order == "percent" ? chiso::gap_order::by_percent
                  : o.order == "code"  ? chiso::gap_order::by_code
                                       : chiso::gap_order::by_gap;
  if (wants_workbook(o.out)) {
    auto t = o.by_domain ? chiso::domain_gap_table(tree, card, options)
                         : chiso::gap_table(tree, card, options);
    const auto category = "code";
    return write_workbook(
        o.out, {{"Thiếu điểm",
                 with_derived_notes(t, sheet, options.points),
                 {{chiso::xlsx_chart::kind::bar,
                   "Điểm thiếu theo " + std::string(o.by_domain ? "lĩnh vực" : "tiêu chí"),
                   category, "gap", "", "điểm"}}}});
  }
  if (format_of(o.out) == chiso::output_format::json) {
    // One document whatever --by-domain says: the list and the lĩnh vực subtotals.
    chiso::write_json(std::cout, tree, card, chiso::gaps(tree, card, options.order),
                      chiso::derived_notes(sheet, json_points(tree)));
    return exit_ok;
  }
  print_table(std::cout,
              with_derived_notes(o.by_domain ? chiso::domain_gap_table(tree, card, options)
                                             : chiso::gap_table(tree, card, options),
                                 sheet, options.points),
              format_of(o.out));
  return exit_ok;
}

}  // namespace

subcommand add_gaps(CLI::App& app) {
  auto o = std::make_shared<gaps_options>();
  auto* cmd = app.add_subcommand("gaps", "criteria below their maximum (không đạt điểm tối đa)");
  add_criteria_option(*cmd, o->tree);
  add_depth_option(*cmd, o->tree);
  cmd->add_option("sheet", o->sheet, "score sheet")->required();
  cmd->add_option("--order", o->order, "gap (points lost), percent (lowest % first) or code")
      ->check(CLI::IsMember({"gap", "percent", "code"}))
      ->capture_default_str();
  cmd->add_flag("--by-domain", o->by_domain, "subtotals per lĩnh vực");
  add_output_options(*cmd, o->out, workbook::add_output);
  add_strict_flag(*cmd, o->strict);
  return {cmd, [o] { return run_gaps(*o); }};
}

}  // namespace chiso_cli
