// chiso: the command-line tool over the library, for people who work with spreadsheets.
// Each subcommand lives in its own file (subcommands.hpp); this file registers them and maps
// what they throw to exit codes.
//
// Exit codes: 0 ok, 1 invalid input (every problem printed as file:line:col: error: …),
// 2 bad usage (unknown option, missing argument).
#include <CLI/CLI.hpp>
#include <chiso/error.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace chiso_cli;
  CLI::App app{"chiso — scores, gaps and ranks of Vietnam's administrative-reform indices"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("chiso ") + CHISO_VERSION_STRING);

  const std::vector<subcommand> commands = {
      add_validate(app), add_score(app),    add_gaps(app), add_list(app),        add_rank(app),
      add_compare(app),  add_simulate(app), add_plan(app), add_uncertainty(app), add_report(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_usage;
  }

  try {
    for (const auto& c : commands)
      if (*c.cmd) return c.run();
  } catch (const chiso::input_error& e) {
    std::cerr << e.what() << "\n";
    return exit_invalid_input;
  } catch (const chiso::error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_usage;
  }
  return exit_ok;
}
