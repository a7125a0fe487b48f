// chiso import-tree TABLE.csv > tree.yaml: a criterion tree from a decision's annex table
// (docs/import-tree.md). The work is the library's (chiso/tree_import.hpp); this prints it.
#include <chiso/tree_import.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace chiso_cli {
namespace {

struct import_tree_options {
  std::string table;
  std::string method;     // --method, a measurement name
  std::string separator;  // --separator: comma, semicolon or tab ("," and ";" read as those)
  std::string output;     // -o: a file instead of stdout
  chiso::tree_import_options library;
};

// `chiso list --level` finds a tree only by a level id: another spelling is refused, naming
// the id it means (chiso::level_id reads diacritics, capitals, NFD and English).
void check_level(const std::string& level) {
  if (level.empty()) return;
  const auto meant = chiso::level_id(level);
  if (meant == level) return;
  if (meant)
    throw chiso::usage_error(
        tr("--level '{}' is not a level chiso knows (tinh, bo, so, huyen or "
           "xa): did you mean '{}'?",
           {level, *meant}));
  throw chiso::usage_error(
      tr("--level '{}' is not a level chiso knows (tinh, bo, so, huyen or xa)", {level}));
}

int run_import_tree(import_tree_options o) {
  check_level(o.library.level);
  if (!o.method.empty()) o.library.default_method = *chiso::parse_measurement(o.method);
  if (o.separator == "comma")
    o.library.separator = ',';
  else if (o.separator == "semicolon")
    o.library.separator = ';';
  else if (o.separator == "tab")
    o.library.separator = '\t';
  o.library.lang = ui_language();
  const auto imported = chiso::import_tree_file(o.table, o.library);
  for (const auto& w : imported.warnings)
    std::cerr << chiso::to_string(w, ui_language(), true) << "\n";
  if (o.output.empty()) {
    std::cout << imported.yaml;
  } else {
    std::ofstream file(o.output, std::ios::binary);
    if (!file || !(file << imported.yaml)) {
      std::cerr << o.output << ": " << tr("error") << ": " << tr("cannot write file") << "\n";
      return exit_invalid_input;
    }
  }
  std::cerr << "chiso: "
            << tr("{} criteria read from {}; fill in every 'source:', then run: chiso validate {}",
                  {std::to_string(imported.criteria), o.table,
                   o.output.empty() ? tr("FILE") : o.output})
            << "\n";
  return exit_ok;
}

}  // namespace

subcommand add_import_tree(CLI::App& app) {
  auto o = std::make_shared<import_tree_options>();
  auto* cmd = app.add_subcommand(
      "import-tree", "a criterion tree (YAML, on stdout) from a decision's annex table (CSV)");
  cmd->add_option("table", o->table,
                  "the annex table (CSV): STT, tên tiêu chí, điểm tối đa, phương pháp")
      ->required();
  cmd->add_option("--id", o->library.id, "index id (default: the table's file name)");
  cmd->add_option("--name", o->library.name, "index name (default: the table's file name)");
  cmd->add_option("--legal-basis", o->library.legal_basis, "the decision, e.g. \"892/QĐ-BNV\"");
  cmd->add_option("--level", o->library.level,
                  "tinh, bo, so, huyen or xa (as chiso list --level finds it)");
  cmd->add_option("--year", o->library.years, "a results year the tree applies to (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--method", o->method, "method of rows that state none and inherit none")
      ->check(CLI::IsMember({"self_assessed", "appraised", "survey", "official_data"}));
  cmd->add_flag("--partial", o->library.allow_partial,
                "children adding up to less than their parent: write it partial, not an error");
  // The choices are words: CLI11 prints them as {comma,semicolon,tab}, which `,` and `;` are not
  // readable in (and the bash completion reads them from the help). "," and ";" still work.
  cmd->add_option("--separator", o->separator,
                  "field separator: comma, semicolon or tab (default: guessed from the header)")
      ->check(CLI::IsMember({"comma", "semicolon", "tab"}))
      ->transform(CLI::Validator(
          [](std::string& value) {
            if (value == ",") value = "comma";
            if (value == ";") value = "semicolon";
            return std::string();
          },
          "", "separator-mark"));
  cmd->add_option("-o,--output", o->output, "write the tree to this file instead of stdout");
  return {cmd, [o] { return run_import_tree(*o); }};
}

}  // namespace chiso_cli
