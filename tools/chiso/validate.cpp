// chiso validate: check criteria, score-sheet, band, catalog, mapping, uncertainty, scenario and
// plan files, printing every problem of each file.
#include <chiso/chiso.hpp>
#include <chiso/file_kind.hpp>

#include "options.hpp"
#include "printed_figures.hpp"
#include "subcommands.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chiso_cli {
namespace {

struct validate_options {
  std::vector<std::string> files;
  tree_source tree;
  unit_source units;
  bool no_progress = false;
  bool strict = false;
};

int run_validate(validate_options o) {
  o.units.progress = !o.no_progress;
  if (o.files.empty() && !o.units.given())
    throw chiso::usage_error(
        tr("give the files to check, or units with --units <dir> or --csv <file> --year <year>"));
  const auto& criteria_file = o.tree.file;
  int status = exit_ok;
  std::optional<chiso::criterion_tree> tree;
  const auto load_tree = [&]() -> const chiso::criterion_tree& {
    if (!tree) tree = o.tree.load();
    return *tree;
  };
  for (const auto& file : o.files) {
    try {
      const auto kind = chiso::read_file_kind(file);
      if (kind == "chiso/criteria") {
        const auto t = chiso::load_criteria(file);
        std::cout << file << ": "
                  << tr("ok: criteria '{}', {} criteria, {} leaves",
                        {t.info().id, std::to_string(t.size() - 1),
                         std::to_string(t.leaves().size())})
                  << (t.is_partial() ? tr(", PARTIAL (the source lists only part of the index)")
                                     : "")
                  << "\n";
      } else if (kind == "chiso/scores") {
        if (criteria_file.empty()) {
          std::cerr
              << file << ": " << tr("error") << ": "
              << tr("a score sheet is checked against its criteria: add --criteria <criteria.yaml>")
              << "\n";
          return exit_usage;
        }
        const auto sheet = chiso::load_sheet(file, load_tree());
        if (report_printed(load_tree(), {&sheet, 1}, o.strict, std::cerr)) {
          status = exit_invalid_input;
          continue;
        }
        std::cout << file << ": "
                  << tr("ok: scores of '{}' for {}, {} points",
                        {sheet.unit.id, std::to_string(sheet.year),
                         std::to_string(sheet.points.size())})
                  << "\n";
      } else if (kind == "chiso/bands") {
        const auto bands = chiso::load_bands(file);
        // With the criteria: the groups the tables name are theirs ('huyện' for 'huyen').
        if (!criteria_file.empty()) chiso::check_band_groups(bands, load_tree());
        std::cout << file << ": "
                  << tr("ok: bands '{}', {} table(s)",
                        {bands.id, std::to_string(bands.tables.size())})
                  << (bands.unverified.empty() ? "" : tr(", UNVERIFIED thresholds")) << "\n";
      } else if (kind == "chiso/catalog") {
        const auto catalog = chiso::load_catalog(file);
        const auto shipped = static_cast<std::size_t>(
            std::count_if(catalog.entries.begin(), catalog.entries.end(),
                          [](const chiso::catalog_entry& e) { return e.has_tree(); }));
        std::cout << file << ": " << tr("ok: catalog of {} trees", {std::to_string(shipped)});
        if (shipped != catalog.entries.size())
          std::cout << tr(" and {} decisions without a shipped tree",
                          {std::to_string(catalog.entries.size() - shipped)});
        std::cout << "\n";
      } else if (kind == "chiso/unit-mappings") {
        const auto mappings = chiso::load_unit_mappings(file);
        std::cout << file << ": " << tr("ok: {} unit mapping(s)", {std::to_string(mappings.size())})
                  << "\n";
      } else if (kind == "chiso/uncertainty") {
        if (criteria_file.empty()) {
          std::cerr << file << ": " << tr("error") << ": "
                    << tr("an uncertainty run file is checked against its criteria: add --criteria "
                          "<criteria.yaml>")
                    << "\n";
          return exit_usage;
        }
        const auto spec = chiso::load_uncertainty_spec(file, load_tree());
        std::cout << file << ": ok: uncertainty run of " << spec.draws << " draws, seed "
                  << spec.seed << ", " << spec.surveys.size() << " survey declaration(s)\n";
      } else if (kind == "chiso/scenario" || kind == "chiso/plan") {
        if (criteria_file.empty() || !o.units.given()) {
          std::cerr << file << ": " << tr("error") << ": "
                    << tr("a {} file is checked against its criteria and units: add --criteria "
                          "<criteria.yaml> and --units <dir> (or --csv <file> --year <year>)",
                          {kind.substr(6)})
                    << "\n";
          return exit_usage;
        }
        std::vector<chiso::unit_info> units;
        for (const auto& s : load_units(load_tree(), o.units, "").sheets) units.push_back(s.unit);
        if (kind == "chiso/scenario") {
          const auto s = chiso::load_scenario(file, load_tree(), units);
          std::cout << file << ": "
                    << tr("ok: scenario '{}', {} change(s)",
                          {s.name, std::to_string(s.changes.size())})
                    << "\n";
        } else {
          const auto p = chiso::load_plan_request(file, load_tree(), units);
          std::cout << file << ": " << tr("ok: plan for unit '{}'", {p.unit}) << "\n";
        }
      } else {
        std::cerr << file << ":1:1: " << tr("error") << ": "
                  << tr("this chiso cannot validate files of kind '{}'", {kind}) << "\n";
        status = exit_invalid_input;
      }
    } catch (const chiso::input_error& e) {
      std::cerr << chiso::to_string(e, ui_language()) << "\n";
      status = exit_invalid_input;
    }
  }
  // The units themselves, read as rank reads them: every problem of every row or sheet.
  if (o.units.given() && o.files.empty()) {
    if (criteria_file.empty()) {
      std::cerr << (o.units.csv.empty() ? o.units.directory : o.units.csv) << ": " << tr("error")
                << ": "
                << tr("units are checked against their criteria: add --criteria <criteria.yaml>")
                << "\n";
      return exit_usage;
    }
    try {
      const auto units = load_units(load_tree(), o.units, "");
      std::size_t groups = 0;
      std::vector<std::string> seen;
      for (const auto& s : units.sheets)
        if (std::find(seen.begin(), seen.end(), s.unit.group) == seen.end()) {
          seen.push_back(s.unit.group);
          ++groups;
        }
      std::cout << (o.units.csv.empty() ? o.units.directory : o.units.csv) << ": "
                << tr("ok: {} unit(s) in {} group(s) for {}, criteria '{}'",
                      {std::to_string(units.sheets.size()), std::to_string(groups),
                       std::to_string(units.year), load_tree().info().id})
                << "\n";
    } catch (const chiso::input_error& e) {
      std::cerr << chiso::to_string(e, ui_language()) << "\n";
      status = exit_invalid_input;
    }
  }
  return status;
}

}  // namespace

subcommand add_validate(CLI::App& app) {
  auto o = std::make_shared<validate_options>();
  auto* cmd = app.add_subcommand("validate", "check criteria and score-sheet files");
  cmd->add_option("files", o->files, "files to check (or none, with --units/--csv: the units)");
  cmd->add_option("-c,--criteria", o->tree.file,
                  "criteria tree for score sheets, scenario, plan and uncertainty files");
  add_depth_option(*cmd, o->tree);
  add_unit_source(*cmd, o->units, "",
                  "the units' (checked as rank reads them; also for scenario and plan files)");
  add_strict_flag(*cmd, o->strict);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_validate(*o); }};
}

}  // namespace chiso_cli
