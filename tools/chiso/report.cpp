// chiso report: a self-contained HTML page — for many units the ranked table, band counts and
// one unit's gap bars; for one score sheet its lĩnh vực table and gap bars.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <algorithm>
#include <memory>
#include <string>

namespace chiso_cli {
namespace {

struct report_command_options {
  tree_source tree;
  std::string sheet;
  ranking_inputs inputs;
  std::string unit;
  std::string html_file;
  output_options out;
  bool no_progress = false;
};

int report_units(const chiso::criterion_tree& tree, const report_command_options& o) {
  const auto options = report_options_from(o.out);
  const auto data = load_ranking_data(tree, o.inputs, !o.no_progress);
  chiso::ranking_report_options r;
  r.format = options;
  chiso::html_page page;
  page.title = "Xếp hạng " + tree.info().name + " năm " + std::to_string(data.current.year);
  page.notes = chiso::report_notes(tree, options);
  const auto mappings = load_mappings(o.inputs.mappings_file, data.previous.has_value());
  page.tables.push_back(chiso::ranking_table(tree, data.current, data.bands_or_null(), r,
                                             data.previous_or_null(), mappings));
  if (data.bands)
    page.tables.push_back(chiso::band_count_table(tree, data.current, *data.bands, r));
  const auto& sheets = data.current.sheets;
  const auto it = std::find_if(sheets.begin(), sheets.end(), [&](const chiso::score_sheet& s) {
    return o.unit.empty() ? true : s.unit.id == o.unit;
  });
  if (it == sheets.end())
    throw chiso::usage_error("--unit '" + o.unit + "' is not among the units");
  page.charts.push_back(chiso::gap_chart(tree, chiso::score(tree, *it), options));
  return write_page(page, o.html_file);
}

int report_sheet(const chiso::criterion_tree& tree, const report_command_options& o) {
  const auto options = report_options_from(o.out);
  const auto card = chiso::score(tree, chiso::load_sheet(o.sheet, tree));
  chiso::html_page page;
  page.title = tree.info().name + " — " + (card.unit.name.empty() ? card.unit.id : card.unit.name) +
               " " + std::to_string(card.year);
  page.notes = chiso::report_notes(tree, options);
  page.tables.push_back(chiso::domain_gap_table(tree, card, options));
  page.tables.back().notes.clear();
  page.charts.push_back(chiso::gap_chart(tree, card, options));
  return write_page(page, o.html_file);
}

int run_report(const report_command_options& o) {
  const auto tree = o.tree.load();
  if (o.inputs.current.given()) return report_units(tree, o);
  if (o.sheet.empty())
    throw chiso::usage_error("report needs a score sheet, or --units/--csv for many units");
  return report_sheet(tree, o);
}

}  // namespace

subcommand add_report(CLI::App& app) {
  auto o = std::make_shared<report_command_options>();
  auto* cmd = app.add_subcommand(
      "report", "a self-contained HTML page: ranked table, band counts and gap bars");
  add_criteria_option(*cmd, o->tree);
  add_depth_option(*cmd, o->tree);
  cmd->add_option("sheet", o->sheet, "score sheet of one unit");
  add_ranking_inputs(*cmd, o->inputs);
  cmd->add_option("--unit", o->unit, "unit whose gap bars are drawn (many units)");
  cmd->add_option("-o,--output", o->html_file, "HTML file to write")->required();
  add_output_options(*cmd, o->out);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_report(*o); }};
}

}  // namespace chiso_cli
