// chiso: the command-line tool over the library, for people who work with spreadsheets.
// Each subcommand lives in its own file (subcommands.hpp); this file registers them and maps
// what they throw to exit codes.
//
// Exit codes: 0 ok, 1 invalid input (every problem printed as file:line:col: error: …),
// 2 bad usage (unknown option, missing argument), 3 internal error (a bug or out of memory: never
// a chiso::error).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chiso/error.hpp>
#include <chiso/messages.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <iostream>
#include <new>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  using namespace chiso_cli;
  // Decided before anything registers: the help texts are written as the options are added.
  set_ui_language(language_of(argc, argv));
  CLI::App app{"chiso — scores, gaps and ranks of Vietnam's administrative-reform indices"};
  // The help's usage line names the tool as people type it, not the path it was run from.
  app.name("chiso");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("chiso ") + CHISO_VERSION_STRING);

  const std::vector<subcommand> commands = {
      add_validate(app),    add_score(app),   add_gaps(app),       add_list(app),
      add_rank(app),        add_compare(app), add_simulate(app),   add_plan(app),
      add_uncertainty(app), add_report(app),  add_import_tree(app)};
  localize_help(app);
  app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
    std::string message = CLI::FailureMessage::simple(failed, e);
    // CLI11 writes its errors in English: in Vietnamese by the shape of each (the names and
    // values it quotes kept); one it does not catalogue prints as CLI11 wrote it.
    const std::string what = e.what();
    if (message.starts_with(what))
      if (auto vi = ui_language() == chiso::language::vi
                        ? chiso::localize_message(what, ui_language())
                        : std::nullopt)
        message.replace(0, what.size(), *vi);
    const std::string run_help = "Run with --help for more information.";
    if (const auto at = message.find(run_help); at != std::string::npos)
      message.replace(at, run_help.size(), tr(run_help));
    return message;
  });

  if (argc > 1 && std::string_view(argv[1]) == "help") {  // as git and cargo take it
    std::cout << app.help();
    return exit_ok;
  }
  // CLI11 calls a mistyped subcommand "A subcommand is required": name it and the subcommands.
  // The first word that is not an option (nor --lang's value: `chiso --lang en frob`).
  int first_word = 1;
  while (first_word < argc && argv[first_word][0] == '-')
    first_word += std::string_view(argv[first_word]) == "--lang" ? 2 : 1;
  if (first_word < argc &&
      app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == argv[first_word]; })
          .empty()) {
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    std::cerr << tr("error") << ": "
              << chiso::translate("unknown subcommand '{}' (the subcommands: {})", ui_language(),
                                  {argv[first_word], CLI::detail::join(names, ", ")})
              << "\n"
              << tr("Run with --help for more information.") << "\n";
    return exit_usage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Arguments CLI11 did not recognise, in the order typed (ExtrasError joins them last first).
    std::vector<std::string> extras = app.remaining();
    for (const auto* sub : app.get_subcommands())
      for (auto& arg : sub->remaining()) extras.push_back(std::move(arg));
    std::reverse(extras.begin(), extras.end());
    // CLI11 checks the required options before the unknown ones: `rank --critera x.yaml` would
    // say only "--criteria is required", hiding the typo that caused it. The unknown argument
    // is the thing to fix, so it is named first.
    if (!extras.empty() && (dynamic_cast<const CLI::ExtrasError*>(&e) ||
                            dynamic_cast<const CLI::RequiredError*>(&e))) {
      app.exit(CLI::ExtrasError(extras));
      return exit_usage;
    }
    app.exit(e);
    return exit_usage;
  }

  try {
    for (const auto& c : commands)
      if (*c.cmd) return c.run();
  } catch (const already_reported&) {
    return exit_invalid_input;
  } catch (const chiso::input_error& e) {
    std::cerr << chiso::to_string(e, ui_language()) << "\n";
    return exit_invalid_input;
  } catch (const chiso::error& e) {
    // A usage error's text has a detail's shape ("criteria 'x' has no criterion '9' …") or a
    // note's.
    auto text = chiso::localize_message(e.what(), ui_language());
    std::cerr << tr("error") << ": "
              << (text ? *text : chiso::localize_text(e.what(), ui_language())) << "\n";
    return exit_usage;
  } catch (const std::bad_alloc&) {
    std::cerr << "chiso: " << tr("error") << ": " << tr("out of memory") << "\n";
    return exit_internal;
  } catch (const std::exception& e) {
    // Last resort: loaders turn every failure into chiso::error, so this is a bug in chiso.
    std::cerr << "chiso: " << tr("internal error") << ": " << e.what() << " ("
              << tr("please report it") << ")\n";
    return exit_internal;
  }
  return exit_ok;
}
