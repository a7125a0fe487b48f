#include "ranked_output.hpp"

#include "printed_figures.hpp"
#include "progress_bar.hpp"

#include <fstream>
#include <iostream>

namespace chiso_cli {

chiso::ranked_results_options ranking_options_from(const std::string& method, bool all_groups,
                                                   const std::string& node,
                                                   const std::string& measure) {
  chiso::ranked_results_options r;
  r.method = method == "dense"        ? chiso::rank_method::dense
             : method == "fractional" ? chiso::rank_method::fractional
             : method == "ordinal"    ? chiso::rank_method::ordinal
                                      : chiso::rank_method::competition;
  r.by_group = !all_groups;
  r.node = node;
  if (measure == "points") r.value = chiso::value_kind::points;
  return r;
}

chiso::ranked_results_options printed_as(chiso::ranked_results_options options,
                                         const chiso::criterion_tree& tree,
                                         const output_options& o) {
  const auto format = report_options_from(o, tree);
  options.printed = options.value == chiso::value_kind::points ? format.points : format.percent;
  return options;
}

ranked_run rank_inputs(const chiso::criterion_tree& tree, ranking_inputs inputs,
                       const chiso::ranked_results_options& options, bool progress, bool strict) {
  inputs.current.progress = inputs.previous.progress = progress;
  if (!inputs.previous.given() && inputs.previous.year != 0)
    throw chiso::usage_error(
        tr("--previous-year is the year of --previous-csv, which is not given"));
  int year = 0;
  int previous_year = 0;
  ranked_run run;
  // The bands first: their unit groups are checked where the units file writes them.
  if (!inputs.bands_file.empty()) {
    run.bands = chiso::load_bands(inputs.bands_file);
    inputs.current.groups = inputs.previous.groups = band_groups(*run.bands);
  }
  run.current.emplace(load_matrix(tree, inputs.current, "", year, strict));
  std::optional<chiso::unit_matrix> previous;
  if (inputs.previous.given())
    previous.emplace(load_matrix(tree, inputs.previous, "previous-", previous_year, strict));
  const auto mappings = load_mappings(inputs.mappings_file, previous.has_value());
  run.results = chiso::rank_units(*run.current, year, options, run.bands ? &*run.bands : nullptr,
                                  previous ? &*previous : nullptr, previous_year, mappings);
  return run;
}

int write_ranked_workbook(const chiso::criterion_tree& tree, const ranked_run& run,
                          const output_options& o, std::vector<chiso::xlsx_sheet> extra) {
  const auto table = chiso::ranking_table(tree, run.results, report_options_from(o, tree), true);
  const auto value_key =
      run.results.options.value == chiso::value_kind::points ? "points" : "percent";
  std::vector<chiso::xlsx_chart> charts = {
      {chiso::xlsx_chart::kind::bar,
       "Xếp hạng: " +
           std::string(value_key == std::string("points") ? "điểm" : "% của điểm tối đa") +
           " theo đơn vị, màu theo xếp loại",
       "unit", value_key, "band", value_key == std::string("points") ? "điểm" : "%"}};
  if (run.results.previous_year)
    charts.push_back({chiso::xlsx_chart::kind::bar,
                      "Thay đổi hạng so với " + std::to_string(*run.results.previous_year) +
                          " (dương: tăng bậc)",
                      "unit", "rank_change", "", "bậc"});
  auto sheets = sheets_by(table, "group", "Xếp hạng", charts);
  if (run.bands)
    sheets.push_back({"Số đơn vị theo xếp loại",
                      chiso::band_count_table(run.results, *run.bands, ui_language()),
                      {{chiso::xlsx_chart::kind::column, "Số đơn vị theo xếp loại", "band", "count",
                        "band", "số đơn vị"}}});
  for (auto& s : extra) sheets.push_back(std::move(s));
  // The ranking's notes are about every group's sheet: the workbook's, after the rounding rule.
  auto notes = chiso::report_notes(tree, report_options_from(o, tree));
  if (sheets.empty() || sheets.front().content.notes.empty())
    notes.insert(notes.end(), table.notes.begin(), table.notes.end());
  return write_workbook(o, sheets, notes);
}

void write_ranked(std::ostream& out, const chiso::criterion_tree& tree,
                  const chiso::ranked_results& results, const output_options& o) {
  const auto format = format_of(o);
  if (format == chiso::output_format::json) {
    chiso::write_json(out, results);
    return;
  }
  if (format == chiso::output_format::csv) {  // row by row: 10^6 rows are not held as a table
    chiso::write_ranking_csv(out, results, report_options_from(o, tree));
    return;
  }
  print_table(out,
              chiso::ranking_table(tree, results, report_options_from(o, tree),
                                   format == chiso::output_format::csv),
              format);
}

}  // namespace chiso_cli
