// chiso list: the criterion trees chiso ships, from the shipped catalog.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>

namespace chiso_cli {
namespace {

struct list_options {
  std::string index;
  std::string level;
  int year = 0;
  output_options out;
};

int run_list(const list_options& o) {
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
    if (!o.index.empty() && e.index != o.index) continue;
    if (!o.level.empty() && e.level != o.level) continue;
    if (o.year != 0 && std::find(e.years.begin(), e.years.end(), o.year) == e.years.end()) continue;
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
  chiso::write_table(std::cout, t, format_of(o.out));
  return exit_ok;
}

}  // namespace

subcommand add_list(CLI::App& app) {
  auto o = std::make_shared<list_options>();
  auto* cmd = app.add_subcommand("list", "the criterion trees chiso ships, with their status");
  cmd->add_option("--index", o->index, "only this index family (par-index, papi, sipas…)");
  cmd->add_option("--level", o->level, "only this level (tinh, bo, so, huyen, xa)");
  cmd->add_option("--year", o->year, "the tree that applies to this results year");
  add_output_options(*cmd, o->out);
  return {cmd, [o] { return run_list(*o); }};
}

}  // namespace chiso_cli
