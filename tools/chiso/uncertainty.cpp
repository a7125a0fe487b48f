// chiso uncertainty: Monte Carlo — how sure each rank is under survey sampling error and
// uncertain domain weights (docs/simulation.md).
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "progress_bar.hpp"
#include "subcommands.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chiso_cli {
namespace {

// A Monte Carlo mean (a double, not an exact score) with a fixed number of decimals.
std::string format_estimate(double value, int decimals, char separator) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  std::replace(text.begin(), text.end(), '.', separator);
  return text;
}

constexpr int probability_decimals = 3;

// A probability is hits ÷ draws: recovered exactly from the double (draws ≤ 10^7), so that it is
// rounded under the stated rule like any exact figure (1153 of 2000 = 0,5765 → 0,577 half up).
std::string format_probability(double p, std::size_t draws, chiso::number_format f) {
  const auto hits = std::llround(p * static_cast<double>(draws));
  f.precision = probability_decimals;
  return chiso::format_number(chiso::rational(hits, static_cast<long long>(draws)), f);
}

struct uncertainty_options {
  tree_source tree;
  unit_source units;
  std::string run_file;
  output_options out;
  bool no_progress = false;
};

int run_uncertainty(uncertainty_options o) {
  const bool show_progress = !o.no_progress;
  const auto& out = o.out;
  const auto tree = o.tree.load();
  require_units(o.units);
  const auto spec = chiso::load_uncertainty_spec(o.run_file, tree);
  // Per row, the sheet the unit was read from (a directory): the simulation reports a unit
  // without a position (uncertainty-unknown-percent), and a person needs the file to fix.
  std::vector<std::filesystem::path> files;
  std::optional<chiso::unit_matrix> loaded;
  if (!o.units.directory.empty()) {
    auto source = o.units;
    source.progress = show_progress;
    auto directory = load_directory_matrix(tree, source);
    files = std::move(directory.files);
    loaded.emplace(std::move(directory.units));
  } else {
    loaded.emplace(load_unit_matrix(tree, o.units, o.no_progress));
  }
  const auto& units = *loaded;
  chiso::uncertainty_result r;
  try {
    progress_bar bar(stderr, show_progress, "chiso uncertainty");
    r = chiso::simulate_uncertainty(
        units, spec, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
  } catch (const chiso::input_error& e) {
    auto located = e.diagnostics();
    for (auto& d : located) {
      if (d.where.file || d.unit.empty()) continue;
      std::string file = o.units.csv;
      for (std::size_t i = 0; i < files.size() && i < units.units().size(); ++i)
        if (units.units()[i].id == d.unit) file = files[i].string();
      d.where.file = std::make_shared<const std::string>(file);
    }
    throw chiso::input_error(std::move(located));
  }
  const auto options = report_options_from(out, tree);
  const auto format = *chiso::parse_output_format(out.format);
  const char separator = options.percent.decimal_separator;
  chiso::table t;
  t.title = "Rank uncertainty: Monte Carlo estimates from " + std::to_string(r.draws) +
            " draws, seed " + std::to_string(r.seed);
  t.columns = {{"unit", "Đơn vị", false},      {"baseline_rank", "Hạng gốc", true},
               {"rank_p5", "Hạng p5", true},   {"rank_median", "Hạng trung vị", true},
               {"rank_p95", "Hạng p95", true}, {"mean_percent", "% TB (ước lượng)", true}};
  std::string target_percent_text;
  if (spec.target_percent) {
    // As written in the run file: "80", not "80,00".
    auto f = options.percent;
    if (const auto exact = chiso::decimal::from_rational(*spec.target_percent))
      f.precision = exact->normalized().scale();
    target_percent_text = chiso::format_number(*spec.target_percent, f);
    t.columns.push_back({"p_target_percent", "P(% ≥ " + target_percent_text + ")", true});
  }
  if (spec.target_rank)
    t.columns.push_back(
        {"p_target_rank", "P(hạng ≤ " + std::to_string(*spec.target_rank) + ")", true});
  t.columns.push_back({"name", "Tên", false});
  for (const auto& u : r.units) {
    const auto& info = units.units()[u.unit];
    std::vector<std::string> row = {info.id,
                                    rank_text(u.baseline_rank),
                                    std::to_string(u.rank_p5),
                                    std::to_string(u.rank_median),
                                    std::to_string(u.rank_p95),
                                    format_estimate(u.mean_percent, out.precision, separator)};
    if (u.p_target_percent)
      row.push_back(format_probability(*u.p_target_percent, r.draws, options.percent));
    if (u.p_target_rank)
      row.push_back(format_probability(*u.p_target_rank, r.draws, options.percent));
    row.push_back(info.name);
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back(
      "Monte Carlo estimates (" + std::to_string(r.draws) + " draws, seed " +
      std::to_string(r.seed) +
      "; the same seed gives the same figures). Mean %: " + std::to_string(out.precision) +
      " decimals, rounded to nearest. Probabilities: the share of draws reaching the target, " +
      std::to_string(probability_decimals) + " decimals, " + out.rounding +
      ". Ranks: nearest-rank 5th/50th/95th percentiles of competition ranks among the ranked "
      "units; baseline rank: the exact scores, nothing varied.");
  std::string what = r.describe(tree);
  for (std::size_t start = 0; start < what.size();) {
    const auto end = what.find('\n', start);
    t.notes.push_back(what.substr(start, end - start));
    start = end == std::string::npos ? what.size() : end + 1;
  }
  // The first note is the rounding of points, which this table does not print.
  auto notes = chiso::report_notes(tree, options);
  for (std::size_t i = 1; i < notes.size(); ++i) t.notes.push_back(std::move(notes[i]));
  print_table(std::cout, t, format);
  return exit_ok;
}

}  // namespace

subcommand add_uncertainty(CLI::App& app) {
  auto o = std::make_shared<uncertainty_options>();
  auto* cmd = app.add_subcommand(
      "uncertainty", "Monte Carlo: how sure each rank is (survey sampling error, domain weights)");
  add_criteria_option(*cmd, o->tree);
  add_unit_source(*cmd, o->units, "", "the units'");
  cmd->add_option("--run", o->run_file, "uncertainty run (kind: chiso/uncertainty)")->required();
  add_output_options(*cmd, o->out);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_uncertainty(*o); }};
}

}  // namespace chiso_cli
