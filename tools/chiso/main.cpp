// chiso: the command-line tool over the library, for people who work with spreadsheets.
//
// Exit codes: 0 ok, 1 invalid input (every problem printed as file:line:col: error: …),
// 2 bad usage (unknown option, missing argument).
#include <CLI/CLI.hpp>
#include <chiso/chiso.hpp>
#include <chiso/file_kind.hpp>
#include <chiso/table.hpp>

#include <algorithm>
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

int validate(const std::vector<std::string>& files, const std::string& criteria_file) {
  int status = exit_ok;
  std::optional<chiso::criterion_tree> tree;
  const auto load_tree = [&]() -> const chiso::criterion_tree& {
    if (!tree) tree = chiso::load_criteria(criteria_file);
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"chiso — scores, gaps and ranks of Vietnam's administrative-reform indices"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("chiso ") + CHISO_VERSION_STRING);

  std::vector<std::string> validate_files;
  std::string criteria_file;
  auto* validate_cmd = app.add_subcommand("validate", "check criteria and score-sheet files");
  validate_cmd->add_option("files", validate_files, "files to check")->required();
  validate_cmd->add_option("-c,--criteria", criteria_file, "criteria tree for score sheets");

  std::string sheet_file;
  output_options out;
  auto* score_cmd = app.add_subcommand("score", "points, max, % and gap of every criterion");
  score_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  score_cmd->add_option("sheet", sheet_file, "score sheet")->required();
  add_output_options(*score_cmd, out);

  std::string order = "gap";
  bool by_domain = false;
  auto* gaps_cmd =
      app.add_subcommand("gaps", "criteria below their maximum (không đạt điểm tối đa)");
  gaps_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
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

  std::string html_file;
  auto* report_cmd =
      app.add_subcommand("report", "a self-contained HTML page: scores, gaps, gap bars");
  report_cmd->add_option("-c,--criteria", criteria_file, "criteria tree")->required();
  report_cmd->add_option("sheet", sheet_file, "score sheet")->required();
  report_cmd->add_option("-o,--output", html_file, "HTML file to write")->required();
  add_output_options(*report_cmd, out);

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

  try {
    if (*validate_cmd) return validate(validate_files, criteria_file);
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
    const auto tree = chiso::load_criteria(criteria_file);
    const auto card = chiso::score(tree, chiso::load_sheet(sheet_file, tree));
    auto options = report_options_from(out);
    const auto format = *chiso::parse_output_format(out.format);
    if (*report_cmd) {
      chiso::html_page page;
      page.title = tree.info().name + " — " +
                   (card.unit.name.empty() ? card.unit.id : card.unit.name) + " " +
                   std::to_string(card.year);
      page.notes = chiso::report_notes(tree, options);
      page.tables.push_back(chiso::domain_gap_table(tree, card, options));
      page.tables.back().notes.clear();
      page.charts.push_back(chiso::gap_chart(tree, card, options));
      std::ofstream file(html_file, std::ios::binary);
      if (!file) {
        std::cerr << html_file << ": error: cannot write file\n";
        return exit_invalid_input;
      }
      chiso::write_html(file, page);
      std::cout << html_file << ": written\n";
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
