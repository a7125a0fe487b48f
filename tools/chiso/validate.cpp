// chiso validate: check criteria, score-sheet, band, catalog, mapping, uncertainty, scenario and
// plan files, printing every problem of each file.
#include <chiso/chiso.hpp>
#include <chiso/file_kind.hpp>

#include "options.hpp"
#include "subcommands.hpp"

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
};

int run_validate(validate_options o) {
  o.units.progress = !o.no_progress;
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
        if (criteria_file.empty() || !o.units.given()) {
          std::cerr << file << ": error: a " << kind.substr(6) << " file is checked against its "
                    << "criteria and units: add --criteria <criteria.yaml> and --units <dir> (or "
                    << "--csv <file> --year <year>)\n";
          return exit_usage;
        }
        std::vector<chiso::unit_info> units;
        for (const auto& s : load_units(load_tree(), o.units, "").sheets) units.push_back(s.unit);
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

}  // namespace

subcommand add_validate(CLI::App& app) {
  auto o = std::make_shared<validate_options>();
  auto* cmd = app.add_subcommand("validate", "check criteria and score-sheet files");
  cmd->add_option("files", o->files, "files to check")->required();
  cmd->add_option("-c,--criteria", o->tree.file,
                  "criteria tree for score sheets, scenario, plan and uncertainty files");
  add_depth_option(*cmd, o->tree);
  add_unit_source(*cmd, o->units, "", "the units' (for scenario and plan files)");
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_validate(*o); }};
}

}  // namespace chiso_cli
