#include "options.hpp"

#include "progress_bar.hpp"

#include <fstream>
#include <iostream>

namespace chiso_cli {

void add_output_options(CLI::App& cmd, output_options& o) {
  cmd.add_option("--format", o.format, "table, csv, json or markdown")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}))
      ->capture_default_str();
  auto* point = cmd.add_flag("--decimal-point", o.decimal_point,
                             "print 86.11 instead of 86,11 (JSON always uses a point)");
  cmd.add_flag("--decimal-comma", o.decimal_comma, "print 86,11 (the default)")->excludes(point);
  cmd.add_option("--precision", o.precision, "decimals of percentages")
      ->check(CLI::Range(0, 18))
      ->capture_default_str();
  cmd.add_option("--points-precision", o.points_precision, "decimals of points")
      ->check(CLI::Range(0, 18))
      ->capture_default_str();
  cmd.add_option("--rounding", o.rounding, "half_up, half_even or truncate (display only)")
      ->check(CLI::IsMember({"half_up", "half_even", "truncate"}))
      ->capture_default_str();
}

chiso::output_format format_of(const output_options& o) {
  return *chiso::parse_output_format(o.format);
}

chiso::report_options report_options_from(const output_options& o) {
  const auto format = format_of(o);
  const char separator = (o.decimal_point || format == chiso::output_format::json) ? '.' : ',';
  const auto mode = chiso::parse_rounding(o.rounding);
  chiso::report_options r;
  r.points = {o.points_precision, mode, separator};
  r.percent = {o.precision, mode, separator};
  return r;
}

chiso::criterion_tree tree_source::load() const {
  auto tree = chiso::load_criteria(file);
  return depth == 0 ? tree : chiso::collapse(tree, depth);
}

void add_criteria_option(CLI::App& cmd, tree_source& t) {
  cmd.add_option("-c,--criteria", t.file, "criteria tree")->required();
}

void add_depth_option(CLI::App& cmd, tree_source& t) {
  cmd.add_option("--depth", t.depth,
                 "score the tree cut at this depth (lĩnh vực = 1): for results published by "
                 "lĩnh vực or dimension")
      ->check(CLI::Range(1, 99));
}

void add_unit_source(CLI::App& cmd, unit_source& s, const std::string& prefix,
                     const std::string& what) {
  auto* dir = cmd.add_option("--" + prefix + "units", s.directory,
                             "directory of " + what + " score sheets (*.yaml)");
  auto* csv = cmd.add_option("--" + prefix + "csv", s.csv,
                             what + " points as CSV (unit,code,points or one row per unit)");
  dir->excludes(csv);
  cmd.add_option("--" + prefix + "year", s.year, "results year of the CSV (" + what + ")");
  cmd.add_option("--" + prefix + "missing", s.missing,
                 "an empty CSV cell is an error, zero, or unknown (not published: no total, no "
                 "rank)")
      ->check(CLI::IsMember({"error", "zero", "unknown"}))
      ->capture_default_str();
}

chiso::unit_set load_units(const chiso::criterion_tree& tree, const unit_source& s,
                           const std::string& prefix) {
  if (!s.directory.empty()) {
    progress_bar bar(stderr, s.progress, "chiso: loading units");
    return chiso::load_sheet_directory(
        s.directory, tree, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
  }
  if (s.year == 0)
    throw chiso::usage_error("--" + prefix + "csv needs --" + prefix +
                             "year: a CSV does not say its year");
  const auto missing = s.missing == "zero"      ? chiso::missing_policy::zero
                       : s.missing == "unknown" ? chiso::missing_policy::unknown
                                                : chiso::missing_policy::error;
  progress_bar bar(stderr, s.progress, "chiso: loading units");
  return chiso::load_units_csv(
      s.csv, tree, {s.year, chiso::scoring_stage::final, missing},
      [&](std::size_t done, std::size_t total) { bar.update(done, total); });
}

void require_units(const unit_source& s) {
  if (!s.given())
    throw chiso::usage_error("give the units with --units <dir> or --csv <file> --year <year>");
}

void add_no_progress(CLI::App& cmd, bool& no_progress) {
  cmd.add_flag("--no-progress", no_progress,
               "no progress bar on stderr (it is drawn only on a terminal)");
}

void add_mappings_option(CLI::App& cmd, std::string& file) {
  cmd.add_option("--mappings", file,
                 "renamed and merged units between the two years (kind: chiso/unit-mappings)");
}

void add_bands_option(CLI::App& cmd, std::string& file) {
  cmd.add_option("--bands", file, "band scheme (kind: chiso/bands)");
}

std::vector<chiso::unit_mapping> load_mappings(const std::string& file, bool have_previous) {
  if (file.empty()) return {};
  if (!have_previous)
    throw chiso::usage_error(
        "--mappings links two years: give the previous year too "
        "(--previous-units <dir> or --previous-csv <file> --previous-year)");
  return chiso::load_unit_mappings(file);
}

void add_ranking_inputs(CLI::App& cmd, ranking_inputs& r) {
  add_unit_source(cmd, r.current, "", "the units'");
  add_unit_source(cmd, r.previous, "previous-", "the previous year's");
  add_mappings_option(cmd, r.mappings_file);
  add_bands_option(cmd, r.bands_file);
}

ranking_data load_ranking_data(const chiso::criterion_tree& tree, ranking_inputs r, bool progress) {
  r.current.progress = r.previous.progress = progress;
  ranking_data d{load_units(tree, r.current, ""), std::nullopt, std::nullopt};
  if (r.previous.given()) d.previous = load_units(tree, r.previous, "previous-");
  if (!r.bands_file.empty()) d.bands = chiso::load_bands(r.bands_file);
  return d;
}

std::string rank_text(const std::optional<std::size_t>& rank) {
  return rank ? std::to_string(*rank) : std::string("–");
}

int write_page(const chiso::html_page& page, const std::string& html_file) {
  std::ofstream file(html_file, std::ios::binary);
  if (!file) {
    std::cerr << html_file << ": error: cannot write file\n";
    return exit_invalid_input;
  }
  chiso::write_html(file, page);
  std::cout << html_file << ": written\n";
  return exit_ok;
}

}  // namespace chiso_cli
