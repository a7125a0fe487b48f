// chiso score: points, max, % and gap of every criterion of one score sheet.
#include <chiso/chiso.hpp>
#include <chiso/table.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <iostream>
#include <memory>
#include <string>

namespace chiso_cli {
namespace {

struct score_options {
  tree_source tree;
  std::string sheet;
  output_options out;
};

int run_score(const score_options& o) {
  const auto tree = o.tree.load();
  const auto card = chiso::score(tree, chiso::load_sheet(o.sheet, tree));
  chiso::write_table(std::cout, chiso::score_table(tree, card, report_options_from(o.out)),
                     format_of(o.out));
  return exit_ok;
}

}  // namespace

subcommand add_score(CLI::App& app) {
  auto o = std::make_shared<score_options>();
  auto* cmd = app.add_subcommand("score", "points, max, % and gap of every criterion");
  add_criteria_option(*cmd, o->tree);
  add_depth_option(*cmd, o->tree);
  cmd->add_option("sheet", o->sheet, "score sheet")->required();
  add_output_options(*cmd, o->out);
  return {cmd, [o] { return run_score(*o); }};
}

}  // namespace chiso_cli
