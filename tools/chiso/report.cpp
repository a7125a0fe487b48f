// chiso report: a self-contained HTML page — for many units the ranked table, band counts and
// one unit's gap bars; for one score sheet its lĩnh vực table and gap bars.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "ranked_output.hpp"
#include "subcommands.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
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

// --format json: the value behind the page (chiso::write_json), written to -o FILE as the page
// would be.
template <typename Write>
int write_json_file(const std::string& file_name, Write write) {
  std::ofstream file(file_name, std::ios::binary);
  if (!file) {
    std::cerr << file_name << ": " << tr("error") << ": " << tr("cannot write file") << "\n";
    return exit_invalid_input;
  }
  write(file);
  std::cout << file_name << ": " << tr("written") << "\n";
  return exit_ok;
}

int report_units(const chiso::criterion_tree& tree, const report_command_options& o) {
  const auto options = report_options_from(o.out, tree);
  const auto run = rank_inputs(tree, o.inputs, printed_as({}, tree, o.out), !o.no_progress);
  if (format_of(o.out) == chiso::output_format::json)
    return write_json_file(o.html_file,
                           [&](std::ostream& out) { chiso::write_json(out, run.results); });
  chiso::html_page page;
  page.title = "Xếp hạng " + tree.info().name + " năm " + std::to_string(run.results.year);
  page.notes = chiso::report_notes(tree, options);
  page.tables.push_back(chiso::ranking_table(tree, run.results, options));
  if (run.bands)
    page.tables.push_back(chiso::band_count_table(run.results, *run.bands, options.lang));
  const auto& units = run.current->units();
  const auto it = std::find_if(units.begin(), units.end(), [&](const chiso::unit_info& u) {
    return o.unit.empty() ? true : u.id == o.unit;
  });
  if (it == units.end()) throw chiso::usage_error("--unit '" + o.unit + "' is not among the units");
  const auto scores = chiso::score_batch(*run.current);
  auto card = scores.card(static_cast<std::size_t>(it - units.begin()));
  card.year = run.results.year;
  if (wants_workbook(o.out)) {
    auto out = o.out;
    out.output_file = o.html_file;
    const auto gaps = chiso::domain_gap_table(tree, card, options);
    return write_ranked_workbook(
        tree, run, out,
        {{"Thiếu điểm " + it->id,
          gaps,
          {{chiso::xlsx_chart::kind::bar, "Điểm thiếu theo lĩnh vực: " + it->id, "code", "gap", "",
            "điểm"}}}});
  }
  for (auto& chart : chiso::ranked_charts(run.results, options))
    page.charts.push_back(std::move(chart));
  page.charts.push_back(chiso::gap_chart(tree, card, options));
  return write_page(page, o.html_file);
}

int report_sheet(const chiso::criterion_tree& tree, const report_command_options& o) {
  const auto options = report_options_from(o.out, tree);
  const auto card = chiso::score(tree, chiso::load_sheet(o.sheet, tree));
  if (format_of(o.out) == chiso::output_format::json)
    return write_json_file(o.html_file, [&](std::ostream& out) {
      chiso::write_json(out, tree, card, chiso::gaps(tree, card, options.order));
    });
  chiso::html_page page;
  page.title = tree.info().name + " — " + (card.unit.name.empty() ? card.unit.id : card.unit.name) +
               " " + std::to_string(card.year);
  page.notes = chiso::report_notes(tree, options);
  page.tables.push_back(chiso::domain_gap_table(tree, card, options));
  page.tables.back().notes.clear();
  if (wants_workbook(o.out)) {
    auto out = o.out;
    out.output_file = o.html_file;
    return write_workbook(
        out,
        {{"Thiếu điểm",
          chiso::domain_gap_table(tree, card, options),
          {{chiso::xlsx_chart::kind::bar, "Điểm thiếu theo lĩnh vực", "code", "gap", "", "điểm"}}}},
        page.notes);
  }
  page.charts.push_back(chiso::gap_chart(tree, card, options));
  return write_page(page, o.html_file);
}

// Without --format, the file's extension says what to write: `-o ranks.json` is JSON and
// `-o ranks.xlsx` a workbook, never an HTML page under a .json name.
report_command_options with_format_from_extension(report_command_options o) {
  const auto ends_with = [&](std::string_view tail) { return has_extension(o.html_file, tail); };
  const std::string_view as_written = ends_with(".json")                        ? "json"
                                      : ends_with(".xlsx")                      ? "xlsx"
                                      : ends_with(".html") || ends_with(".htm") ? "table"
                                      : ends_with(".csv") || ends_with(".md")   ? "other"
                                                                                : "";
  if (o.out.format == "table" && (as_written == "json" || as_written == "xlsx"))
    o.out.format = std::string(as_written);
  // A page under a name that says otherwise would be opened by the wrong program.
  else if (as_written == "other" || (!as_written.empty() && as_written != o.out.format))
    throw chiso::usage_error(
        tr("report -o {}: the name does not match what is written ({}); "
           "use .html, .json or .xlsx",
           {o.html_file, o.out.format == "table" ? "html" : o.out.format}));
  return o;
}

int run_report(const report_command_options& given) {
  const auto o = with_format_from_extension(given);
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
  cmd->add_option("-o,--output", o->html_file,
                  "HTML file to write (the workbook with --format xlsx, the ranked results or "
                  "the sheet's gaps as JSON with --format json)")
      ->required();
  add_output_options(*cmd, o->out, workbook::own_output);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_report(*o); }};
}

}  // namespace chiso_cli
