// chiso: the command-line tool over the library, for people who work with spreadsheets.
//
// Exit codes: 0 ok, 1 invalid input (every problem printed as file:line:col: error: …),
// 2 bad usage (unknown option, missing argument).
#include <CLI/CLI.hpp>
#include <chiso/chiso.hpp>
#include <chiso/file_kind.hpp>
#include <chiso/table.hpp>

#include "progress_bar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr int exit_ok = 0;
constexpr int exit_invalid_input = 1;
constexpr int exit_usage = 2;

struct output_options {
  std::string format = "table";
  bool decimal_point = false;
  bool decimal_comma = false;
  int precision = 2;
  int points_precision = 4;
  std::string rounding = "half_up";
};

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

chiso::report_options report_options_from(const output_options& o) {
  const auto format = *chiso::parse_output_format(o.format);
  const char separator = (o.decimal_point || format == chiso::output_format::json) ? '.' : ',';
  const auto mode = chiso::parse_rounding(o.rounding);
  chiso::report_options r;
  r.points = {o.points_precision, mode, separator};
  r.percent = {o.precision, mode, separator};
  return r;
}

struct unit_source {
  std::string directory;
  std::string csv;
  int year = 0;
  std::string missing = "error";
  std::string dialect = "auto";  ///< --csv-dialect: a name of chiso::parse_csv_dialect
  bool progress = true;          ///< a bar on stderr while a directory loads (on a terminal only)
  [[nodiscard]] bool given() const { return !directory.empty() || !csv.empty(); }
};

// --csv-dialect: how a spreadsheet wrote the CSV (docs/cli.md). What the reader detected or
// ignored is printed as notes on stderr (print_csv_notes), so stdout stays the table.
void add_csv_dialect_option(CLI::App& cmd, std::string& dialect, const std::string& prefix) {
  cmd.add_option("--" + prefix + "csv-dialect", dialect,
                 "separator and decimal mark of the CSV: auto (detected from the header, shown "
                 "in a note), comma, semicolon (';' and decimal comma, Excel in Vietnamese), "
                 "semicolon-decimal-point, tab or tab-decimal-comma")
      ->check(CLI::IsMember(
          {"auto", "comma", "semicolon", "semicolon-decimal-point", "tab", "tab-decimal-comma"}))
      ->capture_default_str();
}

void print_csv_notes(const std::string& file, const std::vector<std::string>& notes) {
  for (const auto& note : notes) std::cerr << file << ": note: " << note << "\n";
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
  add_csv_dialect_option(cmd, s.dialect, prefix);
}

chiso::unit_set load_units(const chiso::criterion_tree& tree, const unit_source& s,
                           const std::string& prefix) {
  if (!s.directory.empty()) {
    chiso_cli::progress_bar bar(stderr, s.progress, "chiso: loading units");
    return chiso::load_sheet_directory(
        s.directory, tree, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
  }
  if (s.year == 0)
    throw chiso::usage_error("--" + prefix + "csv needs --" + prefix +
                             "year: a CSV does not say its year");
  const auto missing = s.missing == "zero"      ? chiso::missing_policy::zero
                       : s.missing == "unknown" ? chiso::missing_policy::unknown
                                                : chiso::missing_policy::error;
  chiso::csv_options options{s.year, chiso::scoring_stage::final, missing};
  options.dialect = chiso::parse_csv_dialect(s.dialect).value_or(chiso::csv_dialect{});
  chiso::unit_set units;
  {
    chiso_cli::progress_bar bar(stderr, s.progress, "chiso: loading units");
    units = chiso::load_units_csv(s.csv, tree, options, [&](std::size_t done, std::size_t total) {
      bar.update(done, total);
    });
  }
  print_csv_notes(s.csv, units.notes);
  return units;
}

std::vector<chiso::unit_mapping> load_mappings(const std::string& file, bool have_previous) {
  if (file.empty()) return {};
  if (!have_previous)
    throw chiso::usage_error(
        "--mappings links two years: give the previous year too "
        "(--previous-units <dir> or --previous-csv <file> --previous-year)");
  return chiso::load_unit_mappings(file);
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

chiso::criterion_tree load_criteria_at(const std::string& file, std::size_t depth) {
  auto tree = chiso::load_criteria(file);
  return depth == 0 ? tree : chiso::collapse(tree, depth);
}

int validate(const std::vector<std::string>& files, const std::string& criteria_file,
             std::size_t depth, const unit_source& units_source) {
  int status = exit_ok;
  std::optional<chiso::criterion_tree> tree;
  const auto load_tree = [&]() -> const chiso::criterion_tree& {
    if (!tree) tree = load_criteria_at(criteria_file, depth);
    return *tree;
  };
  for (const auto& file : files) {
    try {
      const auto kind = chiso::read_file_kind(file);
      if (kind == "chiso/criteria") {
        const auto t = chiso::load_criteria(file);
        std::cout << file << ": ok: criteria '" << t.info().id << "', " << t.size() - 1
                  << " criteria, " << t.leaves().size() << " leaves"
                  << (t.is_partial() ? ", PARTIAL (the source lists only part of the index)" : "")
                  << "\n";
      } else if (kind == "chiso/scores") {
        if (criteria_file.empty()) {
          std::cerr << file << ": error: a score sheet is checked against its criteria: add "
                    << "--criteria <criteria.yaml>\n";
          return exit_usage;
        }
        const auto sheet = chiso::load_sheet(file, load_tree());
        std::cout << file << ": ok: scores of '" << sheet.unit.id << "' for " << sheet.year << ", "
                  << sheet.points.size() << " points\n";
      } else if (kind == "chiso/bands") {
        const auto bands = chiso::load_bands(file);
        std::cout << file << ": ok: bands '" << bands.id << "', " << bands.tables.size()
                  << " table(s)" << (bands.unverified.empty() ? "" : ", UNVERIFIED thresholds")
                  << "\n";
      } else if (kind == "chiso/catalog") {
        const auto catalog = chiso::load_catalog(file);
        std::cout << file << ": ok: catalog of " << catalog.entries.size() << " trees\n";
      } else if (kind == "chiso/unit-mappings") {
        const auto mappings = chiso::load_unit_mappings(file);
        std::cout << file << ": ok: " << mappings.size() << " unit mapping(s)\n";
      } else if (kind == "chiso/uncertainty") {
        if (criteria_file.empty()) {
          std::cerr << file << ": error: an uncertainty run file is checked against its criteria: "
                    << "add --criteria <criteria.yaml>\n";
          return exit_usage;
        }
        const auto spec = chiso::load_uncertainty_spec(file, load_tree());
        std::cout << file << ": ok: uncertainty run of " << spec.draws << " draws, seed "
                  << spec.seed << ", " << spec.surveys.size() << " survey declaration(s)\n";
      } else if (kind == "chiso/scenario" || kind == "chiso/plan") {
        if (criteria_file.empty() || !units_source.given()) {
          std::cerr << file << ": error: a " << kind.substr(6) << " file is checked against its "
                    << "criteria and units: add --criteria <criteria.yaml> and --units <dir> (or "
                    << "--csv <file> --year <year>)\n";
          return exit_usage;
        }
        std::vector<chiso::unit_info> units;
        for (const auto& s : load_units(load_tree(), units_source, "").sheets)
          units.push_back(s.unit);
        if (kind == "chiso/scenario") {
          const auto s = chiso::load_scenario(file, load_tree(), units);
          std::cout << file << ": ok: scenario '" << s.name << "', " << s.changes.size()
                    << " change(s)\n";
        } else {
          const auto p = chiso::load_plan_request(file, load_tree(), units);
          std::cout << file << ": ok: plan for unit '" << p.unit << "'\n";
        }
      } else {
        std::cerr << file << ":1:1: error: this chiso cannot validate files of kind '" << kind
                  << "'\n";
        status = exit_invalid_input;
      }
    } catch (const chiso::input_error& e) {
      std::cerr << e.what() << "\n";
      status = exit_invalid_input;
    }
  }
  return status;
}

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

int uncertainty(const chiso::criterion_tree& tree, const unit_source& units_source,
                const std::string& run_file, const output_options& out, bool show_progress) {
  if (!units_source.given())
    throw chiso::usage_error("give the units with --units <dir> or --csv <file> --year <year>");
  const auto spec = chiso::load_uncertainty_spec(run_file, tree);
  const auto units = load_units(tree, units_source, "");
  std::vector<chiso::scorecard> cards;
  cards.reserve(units.sheets.size());
  for (const auto& s : units.sheets) cards.push_back(chiso::score(tree, s));
  chiso::uncertainty_result r;
  {
    chiso_cli::progress_bar bar(stderr, show_progress, "chiso uncertainty");
    r = chiso::simulate_uncertainty(
        tree, cards, spec, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
  }
  const auto options = report_options_from(out);
  const auto format = *chiso::parse_output_format(out.format);
  const char separator = options.percent.decimal_separator;
  const auto rank_text = [](const std::optional<std::size_t>& rank) {
    return rank ? std::to_string(*rank) : std::string("–");
  };
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
    const auto& info = cards[u.unit].unit;
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
  for (auto& note : chiso::report_notes(tree, options))
    if (note.rfind("Rounding for display only", 0) != 0) t.notes.push_back(std::move(note));
  chiso::write_table(std::cout, t, format);
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"chiso — scores, gaps and ranks of Vietnam's administrative-reform indices"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("chiso ") + CHISO_VERSION_STRING);

  // Long runs draw a bar on stderr, only when it is a terminal; --no-progress turns it off.
  bool no_progress = false;
  const auto add_no_progress = [&](CLI::App* cmd) {
    cmd->add_flag("--no-progress", no_progress,
                  "no progress bar on stderr (it is drawn only on a terminal)");
  };

  std::vector<std::string> validate_files;
  std::string criteria_file;
  std::size_t depth = 0;
  const auto add_depth_option = [&depth](CLI::App& cmd) {
    cmd.add_option("--depth", depth,
                   "score the tree cut at this depth (lĩnh vực = 1): for results published by "
                   "lĩnh vực or dimension")
        ->check(CLI::Range(1, 99));
  };
  auto* validate_cmd = app.add_subcommand("validate", "check criteria and score-sheet files");
  validate_cmd->add_option("files", validate_files, "files to check")->required();
  validate_cmd->add_option("-c,--criteria", criteria_file,
                           "criteria tree for score sheets, scenario, plan and uncertainty files");
  add_depth_option(*validate_cmd);

  std::string sheet_file;
  output_options out;
  auto* score_cmd = app.add_subcommand("score", "points, max, % and gap of every criterion");
  score_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  add_depth_option(*score_cmd);
  score_cmd->add_option("sheet", sheet_file, "score sheet")->required();
  add_output_options(*score_cmd, out);

  std::string order = "gap";
  bool by_domain = false;
  auto* gaps_cmd =
      app.add_subcommand("gaps", "criteria below their maximum (không đạt điểm tối đa)");
  gaps_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  add_depth_option(*gaps_cmd);
  gaps_cmd->add_option("sheet", sheet_file, "score sheet")->required();
  gaps_cmd->add_option("--order", order, "gap (points lost), percent (lowest % first) or code")
      ->check(CLI::IsMember({"gap", "percent", "code"}))
      ->capture_default_str();
  gaps_cmd->add_flag("--by-domain", by_domain, "subtotals per lĩnh vực");
  add_output_options(*gaps_cmd, out);

  std::string list_index, list_level;
  int list_year = 0;
  auto* list_cmd = app.add_subcommand("list", "the criterion trees chiso ships, with their status");
  list_cmd->add_option("--index", list_index, "only this index family (par-index, papi, sipas…)");
  list_cmd->add_option("--level", list_level, "only this level (tinh, bo, so, huyen, xa)");
  list_cmd->add_option("--year", list_year, "the tree that applies to this results year");
  add_output_options(*list_cmd, out);

  unit_source current_units, previous_units;
  std::string mappings_file;
  add_unit_source(*validate_cmd, current_units, "", "the units' (for scenario and plan files)");
  std::string bands_file, method = "competition", rank_node, measure = "percent";
  bool all_groups = false;
  auto* rank_cmd =
      app.add_subcommand("rank", "rank many units, with bands and year-over-year columns");
  rank_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  add_depth_option(*rank_cmd);
  add_unit_source(*rank_cmd, current_units, "", "the units'");
  add_unit_source(*rank_cmd, previous_units, "previous-", "the previous year's");
  rank_cmd->add_option(
      "--mappings", mappings_file,
      "renamed and merged units between the two years (kind: chiso/unit-mappings)");
  rank_cmd->add_option("--bands", bands_file, "band scheme (kind: chiso/bands)");
  rank_cmd
      ->add_option("--method", method,
                   "competition, dense, fractional or ordinal (ties by unit id)")
      ->check(CLI::IsMember({"competition", "dense", "fractional", "ordinal"}))
      ->capture_default_str();
  rank_cmd->add_option("--node", rank_node, "rank on this criterion instead of the total");
  rank_cmd
      ->add_option("--measure", measure,
                   "percent (of the applicable maximum) or points (PAPI publishes points)")
      ->check(CLI::IsMember({"percent", "points"}))
      ->capture_default_str();
  rank_cmd->add_flag("--all-groups", all_groups, "rank all units together, not within each group");
  rank_cmd->add_flag("--band-counts", by_domain, "print the number of units per band instead");
  add_output_options(*rank_cmd, out);

  std::string self_file, appraised_file, final_file;
  auto* compare_cmd = app.add_subcommand(
      "compare",
      "year over year (--units/--csv with --previous-…) or stages (--self, --appraised)");
  compare_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  add_depth_option(*compare_cmd);
  add_unit_source(*compare_cmd, current_units, "", "the units'");
  add_unit_source(*compare_cmd, previous_units, "previous-", "the previous year's");
  compare_cmd->add_option(
      "--mappings", mappings_file,
      "renamed and merged units between the two years (kind: chiso/unit-mappings)");
  compare_cmd->add_option("--bands", bands_file, "band scheme (kind: chiso/bands)");
  compare_cmd->add_option("--self", self_file, "self-assessed sheet of one unit");
  compare_cmd->add_option("--appraised", appraised_file, "appraised sheet of the same unit");
  compare_cmd->add_option("--final", final_file, "final sheet of the same unit");
  add_output_options(*compare_cmd, out);

  std::string scenario_file;
  auto* simulate_cmd = app.add_subcommand(
      "simulate", "what if: apply a scenario file, show changed scores and ranks");
  simulate_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  simulate_cmd->add_option("sheet", sheet_file, "score sheet of one unit");
  add_unit_source(*simulate_cmd, current_units, "", "the units'");
  simulate_cmd->add_option("--scenario", scenario_file, "scenario (kind: chiso/scenario)")
      ->required();
  add_output_options(*simulate_cmd, out);

  std::string plan_file;
  auto* plan_cmd =
      app.add_subcommand("plan", "the least improvement (or cost) that reaches a target");
  plan_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  add_unit_source(*plan_cmd, current_units, "", "the units'");
  plan_cmd->add_option("--plan", plan_file, "plan request (kind: chiso/plan)")->required();
  add_output_options(*plan_cmd, out);

  std::string run_file;
  auto* uncertainty_cmd = app.add_subcommand(
      "uncertainty", "Monte Carlo: how sure each rank is (survey sampling error, domain weights)");
  uncertainty_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  add_unit_source(*uncertainty_cmd, current_units, "", "the units'");
  uncertainty_cmd->add_option("--run", run_file, "uncertainty run (kind: chiso/uncertainty)")
      ->required();
  add_output_options(*uncertainty_cmd, out);

  std::string html_file;
  std::string report_unit;
  auto* report_cmd = app.add_subcommand(
      "report", "a self-contained HTML page: ranked table, band counts and gap bars");
  report_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  add_depth_option(*report_cmd);
  report_cmd->add_option("sheet", sheet_file, "score sheet of one unit");
  add_unit_source(*report_cmd, current_units, "", "the units'");
  add_unit_source(*report_cmd, previous_units, "previous-", "the previous year's");
  report_cmd->add_option(
      "--mappings", mappings_file,
      "renamed and merged units between the two years (kind: chiso/unit-mappings)");
  report_cmd->add_option("--bands", bands_file, "band scheme (kind: chiso/bands)");
  report_cmd->add_option("--unit", report_unit, "unit whose gap bars are drawn (many units)");
  report_cmd->add_option("-o,--output", html_file, "HTML file to write")->required();
  add_output_options(*report_cmd, out);

  for (auto* cmd :
       {validate_cmd, rank_cmd, compare_cmd, simulate_cmd, plan_cmd, report_cmd, uncertainty_cmd})
    add_no_progress(cmd);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_usage;
  }

  current_units.progress = previous_units.progress = !no_progress;
  try {
    if (*validate_cmd) return validate(validate_files, criteria_file, depth, current_units);
    if (*list_cmd) {
      const auto catalog = chiso::load_catalog(chiso::shipped_criteria("catalog.yaml"));
      chiso::table t;
      t.title = "Shipped criterion trees";
      t.columns = {{"criteria", "Criteria", false},
                   {"index", "Index", false},
                   {"level", "Level", false},
                   {"years", "Years", false},
                   {"legal_basis", "Legal basis", false},
                   {"status", "Status", false},
                   {"file", "File", false}};
      for (const auto& e : catalog.entries) {
        if (!list_index.empty() && e.index != list_index) continue;
        if (!list_level.empty() && e.level != list_level) continue;
        if (list_year != 0 && std::find(e.years.begin(), e.years.end(), list_year) == e.years.end())
          continue;
        std::string years;
        for (int y : e.years) years += (years.empty() ? "" : " ") + std::to_string(y);
        t.rows.push_back({e.criteria, e.index, e.level, years, e.legal_basis,
                          std::string(chiso::to_string(e.status)), e.path.filename().string()});
      }
      t.notes.push_back("Directory: " + chiso::shipped_criteria_dir().string());
      t.notes.push_back(
          "status: official = every maximum read in a cited source; partial = some maxima or "
          "criteria not found; unverified = some figures not read in a source; example = "
          "illustrative, not an official tree.");
      chiso::write_table(std::cout, t, *chiso::parse_output_format(out.format));
      return exit_ok;
    }
    const auto tree = load_criteria_at(criteria_file, depth);
    if (*uncertainty_cmd) return uncertainty(tree, current_units, run_file, out, !no_progress);
    auto options = report_options_from(out);
    const auto format = *chiso::parse_output_format(out.format);
    if (*simulate_cmd || *plan_cmd) {
      std::vector<chiso::score_sheet> sheets;
      if (current_units.given())
        sheets = load_units(tree, current_units, "").sheets;
      else if (*simulate_cmd && !sheet_file.empty())
        sheets.push_back(chiso::load_sheet(sheet_file, tree));
      else
        throw chiso::usage_error("give the units with --units <dir> or --csv <file> --year <year>" +
                                 std::string(*simulate_cmd ? ", or one score sheet" : ""));
      std::vector<chiso::unit_info> units;
      for (const auto& s : sheets) units.push_back(s.unit);
      const auto pts = [&](const std::optional<chiso::decimal>& v) {
        return v ? chiso::format_number(*v, options.points) : std::string("?");
      };
      const auto pct = [&](const std::optional<chiso::rational>& v) {
        return v ? chiso::format_number(*v, options.percent) : std::string("?");
      };
      const auto rank_text = [](const std::optional<std::size_t>& r) {
        return r ? std::to_string(*r) : std::string("–");
      };
      if (*simulate_cmd) {
        const auto s = chiso::load_scenario(scenario_file, tree, units);
        const auto result = chiso::what_if(tree, sheets, s);
        chiso::table t;
        t.title = "What if: " + (s.name.empty() ? scenario_file : s.name);
        t.columns = {{"unit", "Đơn vị", false},
                     {"code", "Mã", false},
                     {"points_before", "Điểm trước", true},
                     {"points_after", "Điểm sau", true},
                     {"gap_before", "Thiếu trước", true},
                     {"gap_after", "Thiếu sau", true},
                     {"percent_after", "% sau", true},
                     {"rank_before", "Hạng trước", true},
                     {"rank_after", "Hạng sau", true}};
        for (const auto& c : result.changed)
          for (const auto& d : c.deltas) {
            const bool total = d.node == 0;
            t.rows.push_back({c.card.unit.id, total ? "" : tree[d.node].code, pts(d.points_before),
                              pts(d.points_after), pts(d.gap_before), pts(d.gap_after),
                              pct(c.card[d.node].percent()),
                              total ? rank_text(result.baseline_ranks[c.index]) : "",
                              total ? rank_text(result.ranks[c.index]) : ""});
          }
        t.notes = chiso::report_notes(tree, options);
        if (!s.note.empty()) t.notes.push_back(s.note);
        t.notes.push_back(
            "Ranks: competition ranking of all units in the data set by exact % of "
            "the applicable maximum; '?' = not determined (partial tree).");
        chiso::write_table(std::cout, t, format);
        return exit_ok;
      }
      std::vector<chiso::scorecard> cards;
      for (const auto& s : sheets) cards.push_back(chiso::score(tree, s));
      const auto request = chiso::load_plan_request(plan_file, tree, units);
      const auto p = chiso::make_plan(tree, cards, request);
      chiso::table t;
      t.title = "Plan for " + request.unit + ": " + pct(p.percent_before) + "% now, rank " +
                rank_text(p.rank_before) + "; target " + pct(p.target_percent) + "%" +
                (request.target.type == chiso::plan_target::kind::rank
                     ? " (top " + std::to_string(request.target.rank) + ")"
                     : std::string());
      t.columns = {{"step", "Bước", true},
                   {"code", "Mã", false},
                   {"points_gained", "Điểm tăng", true},
                   {"cost", "Chi phí", true},
                   {"percent_after", "% sau", true},
                   {"rank_after", "Hạng sau", true},
                   {"name", "Tiêu chí", false}};
      std::size_t n = 0;
      for (const auto& step : p.steps)
        t.rows.push_back({std::to_string(++n), tree[step.node].code, pts(step.points_gained),
                          pts(step.cost), pct(step.percent), rank_text(step.rank),
                          tree[step.node].name});
      t.notes = chiso::report_notes(tree, options);
      t.notes.push_back(std::string("Mode: ") +
                        (request.mode == chiso::plan_mode::fractional
                             ? "fractional (any amount up to each cap)"
                             : "whole criterion (each raised to its cap or left alone)") +
                        "; objective: least " +
                        (request.objective == chiso::plan_objective::points ? "points" : "cost") +
                        "; the optimum is exact (docs/simulation.md).");
      if (p.already_met)
        t.notes.push_back("The target is already met: nothing to do.");
      else if (!p.feasible)
        t.notes.push_back("NOT FEASIBLE: " + pts(p.points_needed) + " points needed, only " +
                          pts(p.points_available) + " available within the caps.");
      else
        t.notes.push_back("Total: +" + pts(p.total_points) + " points (needed " +
                          pts(p.points_needed) + "), cost " + pts(p.total_cost) + ".");
      chiso::write_table(std::cout, t, format);
      return exit_ok;
    }
    if (*report_cmd && current_units.given()) {
      const auto units = load_units(tree, current_units, "");
      std::optional<chiso::unit_set> previous;
      if (previous_units.given()) previous = load_units(tree, previous_units, "previous-");
      std::optional<chiso::band_scheme> bands;
      if (!bands_file.empty()) bands = chiso::load_bands(bands_file);
      chiso::ranking_report_options r;
      r.format = options;
      chiso::html_page page;
      page.title = "Xếp hạng " + tree.info().name + " năm " + std::to_string(units.year);
      page.notes = chiso::report_notes(tree, options);
      const auto mappings = load_mappings(mappings_file, previous.has_value());
      auto ranked = chiso::ranking_table(tree, units, bands ? &*bands : nullptr, r,
                                         previous ? &*previous : nullptr, mappings);
      page.tables.push_back(std::move(ranked));
      if (bands) page.tables.push_back(chiso::band_count_table(tree, units, *bands, r));
      const auto& sheets = units.sheets;
      const auto it = std::find_if(sheets.begin(), sheets.end(), [&](const chiso::score_sheet& s) {
        return report_unit.empty() ? true : s.unit.id == report_unit;
      });
      if (it == sheets.end())
        throw chiso::usage_error("--unit '" + report_unit + "' is not among the units");
      page.charts.push_back(chiso::gap_chart(tree, chiso::score(tree, *it), options));
      return write_page(page, html_file);
    }
    if (*report_cmd && sheet_file.empty())
      throw chiso::usage_error("report needs a score sheet, or --units/--csv for many units");
    if (*rank_cmd || (*compare_cmd && self_file.empty())) {
      if (!current_units.given())
        throw chiso::usage_error("give the units with --units <dir> or --csv <file> --year <year>");
      if (*compare_cmd && !previous_units.given())
        throw chiso::usage_error(
            "compare needs the previous year: --previous-units <dir> or --previous-csv <file> "
            "--previous-year <year> (or --self/--appraised for stages)");
      const auto units = load_units(tree, current_units, "");
      std::optional<chiso::unit_set> previous;
      if (previous_units.given()) previous = load_units(tree, previous_units, "previous-");
      std::optional<chiso::band_scheme> bands;
      if (!bands_file.empty()) bands = chiso::load_bands(bands_file);
      chiso::ranking_report_options r;
      r.format = options;
      r.method = method == "dense"        ? chiso::rank_method::dense
                 : method == "fractional" ? chiso::rank_method::fractional
                 : method == "ordinal"    ? chiso::rank_method::ordinal
                                          : chiso::rank_method::competition;
      r.by_group = !all_groups;
      r.node = rank_node;
      if (measure == "points") r.value = chiso::value_kind::points;
      if (*rank_cmd && by_domain) {
        if (!bands) throw chiso::usage_error("--band-counts needs --bands <file>");
        chiso::write_table(std::cout, chiso::band_count_table(tree, units, *bands, r), format);
      } else {
        chiso::write_table(std::cout,
                           chiso::ranking_table(tree, units, bands ? &*bands : nullptr, r,
                                                previous ? &*previous : nullptr,
                                                load_mappings(mappings_file, previous.has_value())),
                           format);
      }
      return exit_ok;
    }
    if (*compare_cmd) {
      if (appraised_file.empty())
        throw chiso::usage_error("--self needs --appraised <sheet> (and optionally --final)");
      const auto self = chiso::score(tree, chiso::load_sheet(self_file, tree));
      const auto appraised = chiso::score(tree, chiso::load_sheet(appraised_file, tree));
      const auto comparison =
          final_file.empty()
              ? chiso::compare_stages(tree, self, appraised)
              : chiso::compare_stages(tree, self, appraised,
                                      chiso::score(tree, chiso::load_sheet(final_file, tree)));
      chiso::write_table(std::cout, chiso::stage_table(tree, comparison, options), format);
      return exit_ok;
    }
    const auto card = chiso::score(tree, chiso::load_sheet(sheet_file, tree));
    if (*report_cmd) {
      chiso::html_page page;
      page.title = tree.info().name + " — " +
                   (card.unit.name.empty() ? card.unit.id : card.unit.name) + " " +
                   std::to_string(card.year);
      page.notes = chiso::report_notes(tree, options);
      page.tables.push_back(chiso::domain_gap_table(tree, card, options));
      page.tables.back().notes.clear();
      page.charts.push_back(chiso::gap_chart(tree, card, options));
      return write_page(page, html_file);
    } else if (*score_cmd) {
      chiso::write_table(std::cout, chiso::score_table(tree, card, options), format);
    } else if (*gaps_cmd) {
      options.order = order == "percent" ? chiso::gap_order::by_percent
                      : order == "code"  ? chiso::gap_order::by_code
                                         : chiso::gap_order::by_gap;
      chiso::write_table(std::cout,
                         by_domain ? chiso::domain_gap_table(tree, card, options)
                                   : chiso::gap_table(tree, card, options),
                         format);
    }
  } catch (const chiso::input_error& e) {
    std::cerr << e.what() << "\n";
    return exit_invalid_input;
  } catch (const chiso::error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_usage;
  }
  return exit_ok;
}
