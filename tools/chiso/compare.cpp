// chiso compare: year over year (the ranked table with the previous year's columns) or the
// stages of one unit's assessment (self-assessed, appraised, final).
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "ranked_output.hpp"
#include "subcommands.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace chiso_cli {
namespace {

struct compare_options {
  tree_source tree;
  ranking_inputs inputs;
  std::string self_file;
  std::string appraised_file;
  std::string final_file;
  output_options out;
  bool no_progress = false;
};

int compare_years(const chiso::criterion_tree& tree, const compare_options& o) {
  require_units(o.inputs.current);
  if (!o.inputs.previous.given())
    throw chiso::usage_error(
        "compare needs the previous year: --previous-units <dir> or --previous-csv <file> "
        "--previous-year <year> (or --self/--appraised for stages)");
  const auto run = rank_inputs(tree, o.inputs, printed_as({}, tree, o.out), !o.no_progress);
  if (wants_workbook(o.out)) return write_ranked_workbook(tree, run, o.out);
  write_ranked(std::cout, tree, run.results, o.out);
  return exit_ok;
}

int compare_stages(const chiso::criterion_tree& tree, const compare_options& o) {
  if (o.appraised_file.empty())
    throw chiso::usage_error("--self needs --appraised <sheet> (and optionally --final)");
  const auto self = chiso::load_sheet(o.self_file, tree);
  const auto appraised = chiso::load_sheet(o.appraised_file, tree);
  std::optional<chiso::score_sheet> final_sheet;
  if (!o.final_file.empty()) final_sheet = chiso::load_sheet(o.final_file, tree);
  const auto comparison =
      chiso::compare_stages(tree, self, appraised, final_sheet ? &*final_sheet : nullptr);
  if (wants_workbook(o.out))
    return write_workbook(o.out,
                          {{"Giai đoạn",
                            chiso::stage_table(tree, comparison, report_options_from(o.out, tree)),
                            {}}});
  if (format_of(o.out) == chiso::output_format::json) {
    chiso::write_json(std::cout, tree, comparison);
    return exit_ok;
  }
  print_table(std::cout, chiso::stage_table(tree, comparison, report_options_from(o.out, tree)),
              format_of(o.out));
  return exit_ok;
}

int run_compare(const compare_options& o) {
  const auto tree = o.tree.load();
  return o.self_file.empty() ? compare_years(tree, o) : compare_stages(tree, o);
}

}  // namespace

subcommand add_compare(CLI::App& app) {
  auto o = std::make_shared<compare_options>();
  auto* cmd = app.add_subcommand(
      "compare",
      "year over year (--units/--csv with --previous-…) or stages (--self, --appraised)");
  add_criteria_option(*cmd, o->tree);
  add_depth_option(*cmd, o->tree);
  add_ranking_inputs(*cmd, o->inputs);
  cmd->add_option("--self", o->self_file, "self-assessed sheet of one unit");
  cmd->add_option("--appraised", o->appraised_file, "appraised sheet of the same unit");
  cmd->add_option("--final", o->final_file, "final sheet of the same unit");
  add_output_options(*cmd, o->out, workbook::add_output);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_compare(*o); }};
}

}  // namespace chiso_cli
