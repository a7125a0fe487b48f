// chiso rank: rank many units (per group by default), with bands and year-over-year columns, or
// the number of units per band.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "printed_figures.hpp"
#include "ranked_output.hpp"
#include "subcommands.hpp"

#include <iostream>
#include <memory>
#include <string>

namespace chiso_cli {
namespace {

struct rank_options {
  tree_source tree;
  ranking_inputs inputs;
  std::string method = "competition";
  std::string node;
  std::string measure = "percent";
  bool all_groups = false;
  bool band_counts = false;
  output_options out;
  bool no_progress = false;
  bool strict = false;
};

int run_rank(const rank_options& o) {
  const auto tree = o.tree.load();
  require_units(o.inputs.current);
  if (o.band_counts && o.inputs.bands_file.empty())
    throw chiso::usage_error("--band-counts needs --bands <file>");
  const auto run = rank_inputs(
      tree, o.inputs,
      printed_as(ranking_options_from(o.method, o.all_groups, o.node, o.measure), tree, o.out),
      !o.no_progress, o.strict);
  if (wants_workbook(o.out)) return write_ranked_workbook(tree, run, o.out);
  // JSON is the whole value, band counts included.
  if (o.band_counts && format_of(o.out) != chiso::output_format::json)
    print_table(
        std::cout,
        chiso::band_count_table(run.results, *run.bands, report_options_from(o.out, tree).lang),
        format_of(o.out));
  else
    write_ranked(std::cout, tree, run.results, o.out);
  return exit_ok;
}

}  // namespace

subcommand add_rank(CLI::App& app) {
  auto o = std::make_shared<rank_options>();
  auto* cmd = app.add_subcommand("rank", "rank many units, with bands and year-over-year columns");
  add_criteria_option(*cmd, o->tree);
  add_depth_option(*cmd, o->tree);
  add_ranking_inputs(*cmd, o->inputs);
  cmd->add_option("--method", o->method,
                  "competition, dense, fractional or ordinal (ties by unit id)")
      ->check(CLI::IsMember({"competition", "dense", "fractional", "ordinal"}))
      ->capture_default_str();
  cmd->add_option("--node", o->node, "rank on this criterion instead of the total");
  cmd->add_option("--measure", o->measure,
                  "percent (of the applicable maximum) or points (PAPI publishes points)")
      ->check(CLI::IsMember({"percent", "points"}))
      ->capture_default_str();
  cmd->add_flag("--all-groups", o->all_groups, "rank all units together, not within each group");
  cmd->add_flag("--band-counts", o->band_counts, "print the number of units per band instead");
  add_output_options(*cmd, o->out, workbook::add_output);
  add_strict_flag(*cmd, o->strict);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_rank(*o); }};
}

}  // namespace chiso_cli
