// The subcommands of the chiso tool, one file each. add_<name>() registers the subcommand and
// its options on `app` and returns the function that runs it once the command line is parsed;
// main() maps what it throws to exit codes.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace chiso_cli {

struct subcommand {
  CLI::App* cmd = nullptr;
  std::function<int()> run;  ///< an exit code; throws chiso::error (see main.cpp)
};

subcommand add_validate(CLI::App& app);
subcommand add_score(CLI::App& app);
subcommand add_gaps(CLI::App& app);
subcommand add_list(CLI::App& app);
subcommand add_rank(CLI::App& app);
subcommand add_compare(CLI::App& app);
subcommand add_simulate(CLI::App& app);
subcommand add_plan(CLI::App& app);
subcommand add_uncertainty(CLI::App& app);
subcommand add_report(CLI::App& app);

}  // namespace chiso_cli
