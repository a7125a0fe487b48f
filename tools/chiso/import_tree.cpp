// `chiso import-tree TABLE.csv > tree.yaml`: a criterion tree from a decision's annex table
// (docs/import-tree.md). The work is the library's (chiso/tree_import.hpp); this prints it.
#include <CLI/CLI.hpp>
#include <chiso/tree_import.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "import_tree.hpp"

namespace chiso_cli {

CLI::App* add_import_tree_command(CLI::App& app, import_tree_args& a) {
  auto* cmd = app.add_subcommand(
      "import-tree", "a criterion tree (YAML, on stdout) from a decision's annex table (CSV)");
  cmd->add_option("table", a.table, "the annex table: STT, tên tiêu chí, điểm tối đa, phương pháp")
      ->required();
  cmd->add_option("--id", a.options.id, "index id (default: the table's file name)");
  cmd->add_option("--name", a.options.name, "index name (default: the table's file name)");
  cmd->add_option("--legal-basis", a.options.legal_basis, "the decision, e.g. \"892/QĐ-BNV\"");
  cmd->add_option("--level", a.options.level, "tinh, bo, so, huyen or xa");
  cmd->add_option("--year", a.options.years, "a results year the tree applies to (repeatable)");
  cmd->add_option("--method", a.method, "method of rows that state none and inherit none")
      ->check(CLI::IsMember({"self_assessed", "appraised", "survey", "official_data"}));
  cmd->add_flag("--partial", a.options.allow_partial,
                "children adding up to less than their parent: write it partial, not an error");
  cmd->add_option("--separator", a.separator, "field separator (default: guessed from the header)")
      ->check(CLI::IsMember({",", ";"}));
  cmd->add_option("-o,--output", a.output, "write the tree to this file instead of stdout");
  return cmd;
}

int run_import_tree(import_tree_args a) {
  if (!a.method.empty()) a.options.default_method = *chiso::parse_measurement(a.method);
  if (!a.separator.empty()) a.options.separator = a.separator.front();
  const auto imported = chiso::import_tree_file(a.table, a.options);
  for (const auto& w : imported.warnings)
    std::cerr << w.where.to_string() << ": warning[" << w.code << "]: " << w.message << "\n";
  if (a.output.empty()) {
    std::cout << imported.yaml;
  } else {
    std::ofstream file(a.output, std::ios::binary);
    if (!file || !(file << imported.yaml)) {
      std::cerr << a.output << ": error: cannot write file\n";
      return 1;
    }
  }
  std::cerr << "chiso: " << imported.criteria << " criteria read from " << a.table
            << "; fill in every 'source:', then run: chiso validate "
            << (a.output.empty() ? "FILE" : a.output) << "\n";
  return 0;
}

}  // namespace chiso_cli
