// chiso simulate: what if — apply a scenario file, show the changed scores and ranks.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "printed_figures.hpp"
#include "subcommands.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace chiso_cli {
namespace {

struct simulate_options {
  tree_source tree;
  std::string sheet;
  unit_source units;
  std::string scenario_file;
  output_options out;
  bool no_progress = false;
};

// The table of a what-if result: what_if_result (sheets) or what_if_changes (a unit matrix).
template <class Result>
chiso::table what_if_table(const chiso::criterion_tree& tree, const chiso::report_options& options,
                           const Result& result) {
  const auto pts = [&](const std::optional<chiso::decimal>& v) {
    return v ? chiso::format_number(*v, options.points) : std::string("?");
  };
  const auto pct = [&](const std::optional<chiso::rational>& v) {
    return v ? chiso::format_number(*v, options.percent) : std::string("?");
  };
  chiso::table t;
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
  return t;
}

int run_simulate(simulate_options o) {
  const auto tree = o.tree.load();
  const auto options = report_options_from(o.out, tree);
  chiso::table t;
  chiso::scenario s;
  if (!o.units.csv.empty()) {
    // Many units: the batch engine; only the units the scenario selects become sheets.
    const auto units = load_unit_matrix(tree, o.units, o.no_progress);
    s = chiso::load_scenario(o.scenario_file, tree, units.units());
    t = what_if_table(tree, options, chiso::what_if(units, s));
  } else if (o.units.given()) {
    // A directory: the batch engine too, but the units the scenario selects are read again from
    // their files, which may give a rule's raw inputs that a `rule_input` change edits, or mark
    // an inner node n/a: what the matrix does not hold.
    auto units = o.units;
    units.progress = !o.no_progress;
    const auto read = load_directory_matrix(tree, units);
    static_cast<void>(report_printed(read.printed, false, std::cerr));
    s = chiso::load_scenario(o.scenario_file, tree, read.units.units());
    t = what_if_table(tree, options, chiso::what_if(read.units, s, [&](std::size_t u) {
                        return chiso::load_sheet(read.files[u], tree);
                      }));
  } else if (!o.sheet.empty()) {
    const std::vector<chiso::score_sheet> sheets{chiso::load_sheet(o.sheet, tree)};
    s = chiso::load_scenario(o.scenario_file, tree, std::vector{sheets.front().unit});
    t = what_if_table(tree, options, chiso::what_if(tree, sheets, s));
  } else {
    throw chiso::usage_error(
        "give the units with --units <dir> or --csv <file> --year <year>, or one score sheet");
  }
  const std::string name = s.name.empty() ? o.scenario_file : s.name;
  t.notes = chiso::report_notes(tree, options);
  const auto scenario_note_at = static_cast<std::ptrdiff_t>(t.notes.size());
  t.notes.push_back(
      "Ranks: competition ranking of all units in the data set by exact % of "
      "the applicable maximum; '?' = not determined (partial tree).");
  const auto format = format_of(o.out);
  // The scenario's name and note are the user's words: put in after the rest is localized, so
  // that a name that reads like one of chiso's texts ("5.4 at full points") stays as written.
  if (format != chiso::output_format::json) t = chiso::localized(std::move(t), ui_language());
  t.title = format == chiso::output_format::json ? "What if: " + name : tr("What if: {}", {name});
  if (!s.note.empty()) t.notes.insert(t.notes.begin() + scenario_note_at, s.note);
  chiso::write_table(std::cout, t, format);
  return exit_ok;
}

}  // namespace

subcommand add_simulate(CLI::App& app) {
  auto o = std::make_shared<simulate_options>();
  auto* cmd = app.add_subcommand("simulate",
                                 "what if: apply a scenario file, show changed scores and ranks");
  add_criteria_option(*cmd, o->tree);
  cmd->add_option("sheet", o->sheet, "score sheet of one unit");
  add_unit_source(*cmd, o->units, "", "the units'");
  cmd->add_option("--scenario", o->scenario_file, "scenario (kind: chiso/scenario)")->required();
  add_output_options(*cmd, o->out);
  add_no_progress(*cmd, o->no_progress);
  return {cmd, [o] { return run_simulate(*o); }};
}

}  // namespace chiso_cli
