// chiso import-tree TABLE.csv > tree.yaml: a criterion tree from a decision's annex table
// (docs/import-tree.md). The work is the library's (chiso/tree_import.hpp); this prints it.
#include <chiso/tree_import.hpp>

#include "options.hpp"
#include "subcommands.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <string>

namespace chiso_cli {
namespace {

struct import_tree_options {
  std::string table;
  std::string method;     // --method, a measurement name
  std::string separator;  // --separator: "," or ";"
  std::string output;     // -o: a file instead of stdout
  chiso::tree_import_options library;
};

int run_import_tree(import_tree_options o) {
  if (!o.method.empty()) o.library.default_method = *chiso::parse_measurement(o.method);
  if (!o.separator.empty()) o.library.separator = o.separator.front();
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
  cmd->add_option("--level", o->library.level, "tinh, bo, so, huyen or xa");
  cmd->add_option("--year", o->library.years, "a results year the tree applies to (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--method", o->method, "method of rows that state none and inherit none")
      ->check(CLI::IsMember({"self_assessed", "appraised", "survey", "official_data"}));
  cmd->add_flag("--partial", o->library.allow_partial,
                "children adding up to less than their parent: write it partial, not an error");
  cmd->add_option("--separator", o->separator, "field separator (default: guessed from the header)")
      ->check(CLI::IsMember({",", ";"}));
  cmd->add_option("-o,--output", o->output, "write the tree to this file instead of stdout");
  return {cmd, [o] { return run_import_tree(*o); }};
}

}  // namespace chiso_cli
