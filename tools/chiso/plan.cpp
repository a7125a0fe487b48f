// chiso plan: the least improvement (or cost) that takes one unit to a target % or rank.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace chiso_cli {
namespace {

struct plan_options {
  tree_source tree;
  unit_source units;
  std::string plan_file;
  output_options out;
  bool no_progress = false;
};

int run_plan(plan_options o) {
  const auto tree = o.tree.load();
  const auto options = report_options_from(o.out, tree);
  require_units(o.units);
  const auto units = load_unit_matrix(tree, o.units, o.no_progress);
  const auto pts = [&](const std::optional<chiso::decimal>& v) {
    return v ? chiso::format_number(*v, options.points) : std::string("?");
  };
  const auto pct = [&](const std::optional<chiso::rational>& v) {
    return v ? chiso::format_number(*v, options.percent) : std::string("?");
  };
  const auto request = chiso::load_plan_request(o.plan_file, tree, units.units());
  const auto p = chiso::make_plan(units, request);
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
    t.notes.push_back("Total: +" + pts(p.total_points) + " points (needed " + pts(p.points_needed) +
                      "), cost " + pts(p.total_cost) + ".");
  print_table(std::cout, t, format_of(o.out));
  return exit_ok;
}

}  // namespace

subcommand add_plan(CLI::App& app) {
  auto o = std::make_shared<plan_options>();
  auto* cmd = app.add_subcommand("plan", "the least improvement (or cost) that reaches a target");
  add_criteria_option(*cmd, o->tree);
  add_unit_source(*cmd, o->units, "", "the units'");
  cmd->add_option("--plan", o->plan_file, "plan request (kind: chiso/plan)")->required();
  add_output_options(*cmd, o->out);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_plan(*o); }};
}

}  // namespace chiso_cli
