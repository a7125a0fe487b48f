// The `import-tree` subcommand (tools/chiso/import_tree.cpp).
#pragma once

#include <CLI/CLI.hpp>
#include <chiso/tree_import.hpp>

#include <string>

namespace chiso_cli {

struct import_tree_args {
  std::string table;
  std::string method;     ///< --method, a measurement name
  std::string separator;  ///< --separator: "," or ";"
  std::string output;     ///< -o: a file instead of stdout
  chiso::tree_import_options options;
};

/// Registers `import-tree` and its options on `app`; the values land in `a`.
CLI::App* add_import_tree_command(CLI::App& app, import_tree_args& a);

/// Prints the imported tree (stdout or -o), warnings on stderr; exit code 0. Input problems are
/// thrown as chiso::input_error for main's handler to print (exit code 1).
int run_import_tree(import_tree_args a);

}  // namespace chiso_cli
