// Option wiring shared by the subcommands of the chiso tool: output options, unit sources and
// the loaders behind them. Each subcommand lives in its own file and registers itself through
// one add_<name>() function declared in subcommands.hpp.
#pragma once

#include <CLI/CLI.hpp>
#include <chiso/chiso.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chiso_cli {

// Exit codes: 0 ok, 1 invalid input (every problem printed as file:line:col: error: …),
// 2 bad usage (unknown option, missing argument).
constexpr int exit_ok = 0;
constexpr int exit_invalid_input = 1;
constexpr int exit_usage = 2;

struct output_options {
  std::string format = "table";
  bool decimal_point = false;
  bool decimal_comma = false;
  int precision = 2;
  int points_precision = 4;
  std::string rounding = "half_up";
};

/// --format, --decimal-point/--decimal-comma, --precision, --points-precision, --rounding.
void add_output_options(CLI::App& cmd, output_options& o);
[[nodiscard]] chiso::report_options report_options_from(const output_options& o);
[[nodiscard]] chiso::output_format format_of(const output_options& o);

/// -c/--criteria and --depth: the tree a subcommand scores on, cut at a depth when asked.
struct tree_source {
  std::string file;
  std::size_t depth = 0;
  [[nodiscard]] chiso::criterion_tree load() const;
};
/// -c/--criteria, required, with the usual help text.
void add_criteria_option(CLI::App& cmd, tree_source& t);
void add_depth_option(CLI::App& cmd, tree_source& t);

/// The units of one year: a directory of score sheets or a CSV file with its year.
struct unit_source {
  std::string directory;
  std::string csv;
  int year = 0;
  std::string missing = "error";
  bool progress = true;  ///< a bar on stderr while a directory loads (on a terminal only)
  [[nodiscard]] bool given() const { return !directory.empty() || !csv.empty(); }
};

/// --<prefix>units, --<prefix>csv, --<prefix>year, --<prefix>missing.
void add_unit_source(CLI::App& cmd, unit_source& s, const std::string& prefix,
                     const std::string& what);
/// Throws chiso::usage_error for a CSV without its year; input_error from the loaders.
[[nodiscard]] chiso::unit_set load_units(const chiso::criterion_tree& tree, const unit_source& s,
                                         const std::string& prefix);
/// Throws chiso::usage_error unless no units were given at all.
void require_units(const unit_source& s);

/// --no-progress: long runs draw a bar on stderr only when it is a terminal.
void add_no_progress(CLI::App& cmd, bool& no_progress);

/// --mappings (kind: chiso/unit-mappings).
void add_mappings_option(CLI::App& cmd, std::string& file);
/// --bands (kind: chiso/bands).
void add_bands_option(CLI::App& cmd, std::string& file);
[[nodiscard]] std::vector<chiso::unit_mapping> load_mappings(const std::string& file,
                                                             bool have_previous);

/// The inputs of a ranked table: the units of a year, optionally the previous year's with the
/// mappings between them, and a band scheme (rank, compare year over year, report).
struct ranking_inputs {
  unit_source current;
  unit_source previous;
  std::string mappings_file;
  std::string bands_file;
};
/// --units…, --previous-units…, --mappings, --bands, in that order.
void add_ranking_inputs(CLI::App& cmd, ranking_inputs& r);

/// The loaded units (and previous units and bands when given); mappings load on demand.
struct ranking_data {
  chiso::unit_set current;
  std::optional<chiso::unit_set> previous;
  std::optional<chiso::band_scheme> bands;
  [[nodiscard]] const chiso::band_scheme* bands_or_null() const {
    return bands ? &*bands : nullptr;
  }
  [[nodiscard]] const chiso::unit_set* previous_or_null() const {
    return previous ? &*previous : nullptr;
  }
};
/// Loads in the order current, previous, bands; `progress` switches the loading bars.
[[nodiscard]] ranking_data load_ranking_data(const chiso::criterion_tree& tree, ranking_inputs r,
                                             bool progress);

/// A rank, or "–" when the unit is not ranked.
[[nodiscard]] std::string rank_text(const std::optional<std::size_t>& rank);

/// Writes an HTML page to a file and says so on stdout.
int write_page(const chiso::html_page& page, const std::string& html_file);

}  // namespace chiso_cli
