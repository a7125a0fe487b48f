// chiso rank: rank many units (per group by default), with bands and year-over-year columns, or
// the number of units per band.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
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
};

int run_rank(const rank_options& o) {
  const auto tree = o.tree.load();
  require_units(o.inputs.current);
  const auto data = load_ranking_data(tree, o.inputs, !o.no_progress);
  chiso::ranking_report_options r;
  r.format = report_options_from(o.out);
  r.method = o.method == "dense"        ? chiso::rank_method::dense
             : o.method == "fractional" ? chiso::rank_method::fractional
             : o.method == "ordinal"    ? chiso::rank_method::ordinal
                                        : chiso::rank_method::competition;
  r.by_group = !o.all_groups;
  r.node = o.node;
  if (o.measure == "points") r.value = chiso::value_kind::points;
  const auto format = format_of(o.out);
  if (o.band_counts) {
    if (!data.bands) throw chiso::usage_error("--band-counts needs --bands <file>");
    chiso::write_table(std::cout, chiso::band_count_table(tree, data.current, *data.bands, r),
                       format);
  } else {
    chiso::write_table(
        std::cout,
        chiso::ranking_table(tree, data.current, data.bands_or_null(), r, data.previous_or_null(),
                             load_mappings(o.inputs.mappings_file, data.previous.has_value())),
        format);
  }
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
  add_output_options(*cmd, o->out);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_rank(*o); }};
}

}  // namespace chiso_cli
