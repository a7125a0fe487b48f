// chiso list: the criterion trees chiso ships, from the shipped catalog.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace chiso_cli {
namespace {

// Notes are written in English, as the library writes its own: JSON prints them as they are
// (the same in every locale, for programs) and the table views localize them for people.
std::string written(std::string_view pattern, const std::vector<std::string>& values = {}) {
  return chiso::translate(pattern, chiso::language::en, values);
}

struct list_options {
  std::string index;
  std::string level;
  int year = 0;
  output_options out;
};

int run_list(const list_options& o) {
  const auto catalog = chiso::load_catalog(chiso::shipped_criteria("catalog.yaml"));
  chiso::table t;
  t.title = "Cây tiêu chí: có sẵn, và các quyết định chưa có cây";
  t.columns = {{"criteria", "Bộ tiêu chí", false},
               {"index", "Chỉ số", false},
               {"level", "Cấp hành chính", false},
               {"years", "Năm", false},
               {"legal_basis", "Căn cứ pháp lý", false},
               {"status", "Trạng thái", false},
               {"file", "Tệp", false}};
  std::vector<std::string> not_shipped;
  for (const auto& e : catalog.entries) {
    if (!o.index.empty() && e.index != o.index) continue;
    if (!o.level.empty() && e.level != o.level) continue;
    if (o.year != 0 && std::find(e.years.begin(), e.years.end(), o.year) == e.years.end()) continue;
    std::string years;
    for (int y : e.years) years += (years.empty() ? "" : " ") + std::to_string(y);
    t.rows.push_back(
        {e.criteria, e.index, e.level, years, e.legal_basis,
         std::string(chiso::to_string(e.status)),
         // A program reads this column: no tree, no file name (status says not_shipped).
         e.has_tree() ? e.path.filename().string() : std::string()});
    if (!e.has_tree())
      not_shipped.push_back(
          written("{} ({}): its tree is not shipped; import the decision's annex "
                  "table with `chiso import-tree TABLE.csv > tree.yaml` "
                  "(docs/import-tree.md). {}",
                  {e.legal_basis, e.criteria, e.note}));
  }
  for (auto& note : not_shipped) t.notes.push_back(std::move(note));
  if (t.rows.empty())
    t.notes.push_back(written(
        "The catalog knows no tree and no decision for this index, level and year; a tree you "
        "have can be checked with `chiso validate`, and one from a decision's annex table made "
        "with `chiso import-tree`."));
  t.notes.push_back(written("Directory: {}", {chiso::shipped_criteria_dir().string()}));
  t.notes.push_back(written(
      "status: official = every maximum read in a cited source; partial = some maxima or "
      "criteria not found; unverified = some figures not read in a source; example = "
      "illustrative, not an official tree; not_shipped = the decision that applies, without a "
      "tree."));
  print_table(std::cout, t, format_of(o.out));
  return exit_ok;
}

}  // namespace

subcommand add_list(CLI::App& app) {
  auto o = std::make_shared<list_options>();
  auto* cmd = app.add_subcommand(
      "list", "the criterion trees chiso ships, and the decisions that apply without one");
  cmd->add_option("--index", o->index, "only this index family (par-index, papi, sipas…)");
  cmd->add_option("--level", o->level, "only this level (tinh, bo, so, huyen, xa)");
  cmd->add_option("--year", o->year, "the tree that applies to this results year");
  add_output_options(*cmd, o->out);
  return {cmd, [o] { return run_list(*o); }};
}

}  // namespace chiso_cli
