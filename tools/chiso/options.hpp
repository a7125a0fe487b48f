// Option wiring shared by the subcommands of the chiso tool: output options, unit sources and
// the loaders behind them. Each subcommand lives in its own file and registers itself through
// one add_<name>() function declared in subcommands.hpp.
#pragma once

#include <CLI/CLI.hpp>
#include <chiso/chiso.hpp>
#include <chiso/language.hpp>
#include <chiso/messages.hpp>
#include <chiso/xlsx.hpp>

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
constexpr int exit_internal = 3;
/// Thrown after the problems were printed (printed figures under --strict): exit 1.
struct already_reported {};
constexpr int exit_internal_unused_marker = 0;  ///< a bug or out of memory: never a chiso::error

/// The language of what the tool prints for people. main() decides it once, before the
/// subcommands register their options (the help is written then): --lang, else the locale.
/// CLI::Range(lowest, highest) described in the help's language ("INT in [0 - 18]").
[[nodiscard]] CLI::Validator whole_number_range(int lowest, int highest);
[[nodiscard]] chiso::language ui_language();
void set_ui_language(chiso::language lang);
/// chiso::translate(text, ui_language()), and with `{}` filled by `values`.
[[nodiscard]] std::string tr(std::string_view text);
[[nodiscard]] std::string tr(std::string_view pattern, const std::vector<std::string>& values);
/// The language asked for by `--lang X` or `--lang=X` among the arguments, else by the locale
/// (LC_ALL, LC_MESSAGES, LANG); an unknown X is left for the parser to refuse.
[[nodiscard]] chiso::language language_of(int argc, const char* const* argv);
/// --lang vi|en on `app` and every subcommand; their descriptions, option descriptions and help
/// headings in ui_language().
void localize_help(CLI::App& app);
/// chiso::write_table of `t` in ui_language() (chiso::localized: headings, title, notes).
void print_table(std::ostream& out, const chiso::table& t, chiso::output_format format);
/// The same for a table no longer needed: its rows are not copied (10^6 rows are 100s of MB).
void print_table(std::ostream& out, chiso::table&& t, chiso::output_format format);

struct output_options {
  std::string format = "table";
  bool decimal_point = false;
  bool decimal_comma = false;
  int precision = 2;
  std::optional<int> points_precision;  ///< unset: the tree's declared decimals
  std::string rounding = "half_up";
  std::string output_file;  ///< -o: the workbook --format xlsx writes
};

/// Whether a subcommand writes workbooks: not at all, to its own -o/--output, or to the -o
/// add_output_options() adds.
enum class workbook { none, own_output, add_output };
/// --format, --decimal-point/--decimal-comma, --precision, --points-precision, --rounding and,
/// for a subcommand that writes workbooks, `xlsx` among the formats (with -o/--output).
void add_output_options(CLI::App& cmd, output_options& o, workbook xlsx = workbook::none);
/// --format xlsx was asked for.
[[nodiscard]] bool wants_workbook(const output_options& o);
/// True when `file` ends with `extension` (".xlsx"), in any case.
[[nodiscard]] bool has_extension(const std::string& file, std::string_view extension);
/// Writes `sheets` (and a notes sheet) as an Excel workbook to -o FILE and says so on stdout;
/// throws chiso::usage_error without -o.
int write_workbook(const output_options& o, const std::vector<chiso::xlsx_sheet>& sheets,
                   const std::vector<std::string>& notes = {});
/// One sheet per value of column `key` (the unit group, when ranks are per group), each with
/// `charts` whose titles end in the value (" — so"); the whole table on one sheet named `name`
/// when it has no such column. Split, the sheets carry no notes: the table's notes are about
/// all of them, for the workbook's notes (write_workbook's `notes`), not the first group's.
[[nodiscard]] std::vector<chiso::xlsx_sheet> sheets_by(
    const chiso::table& t, const std::string& key, const std::string& name,
    const std::vector<chiso::xlsx_chart>& charts);
/// The rounding rule (format.hpp) for `tree`, with what the user asked instead.
[[nodiscard]] chiso::report_options report_options_from(const output_options& o,
                                                        const chiso::criterion_tree& tree);
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
  std::string dialect = "auto";  ///< --csv-dialect: a name of chiso::parse_csv_dialect
  bool progress = true;          ///< a bar on stderr while a directory loads (on a terminal only)
  /// Unit groups of the band tables (--bands), checked at each group cell (csv_options::groups).
  std::vector<std::string> groups;
  [[nodiscard]] bool given() const { return !directory.empty() || !csv.empty(); }
};

/// --<prefix>units, --<prefix>csv, --<prefix>year, --<prefix>missing.
void add_unit_source(CLI::App& cmd, unit_source& s, const std::string& prefix,
                     const std::string& what);
/// The unit groups the tables of `bands` name, for unit_source::groups.
[[nodiscard]] std::vector<std::string> band_groups(const chiso::band_scheme& bands);
/// What the CSV loaders need from a unit source (year, missing policy, dialect); throws
/// chiso::usage_error for a CSV without its year.
[[nodiscard]] chiso::csv_options csv_options_of(const unit_source& s, const std::string& prefix);
/// Prints what the CSV reader detected or ignored (chiso::unit_set::notes) on stderr as
/// `FILE: note: …`, so that stdout stays the table.
void print_csv_notes(const std::string& file, const std::vector<std::string>& notes);
/// Throws chiso::usage_error for a CSV without its year; input_error from the loaders.
[[nodiscard]] chiso::unit_set load_units(const chiso::criterion_tree& tree, const unit_source& s,
                                         const std::string& prefix);
/// Throws chiso::usage_error unless no units were given at all.
void require_units(const unit_source& s);

/// A directory of sheets (`s.directory`) straight into the matrix, with a progress bar when
/// `s.progress`: the sheets' files and printed-figure checks come with it.
[[nodiscard]] chiso::sheet_directory_matrix load_directory_matrix(const chiso::criterion_tree& tree,
                                                                  const unit_source& s);
/// A year's units in the batch engine: a CSV straight into the matrix (no sheet per unit), a
/// directory of sheets or a CSV stating printed figures through the sheets, whose printed
/// figures are checked (warnings, or errors under `strict`: then already_reported is thrown).
/// `year` is set to the results year.
[[nodiscard]] chiso::unit_matrix load_matrix(const chiso::criterion_tree& tree,
                                             const unit_source& s, const std::string& prefix,
                                             int& year, bool strict);

/// The units of `simulate`, `plan` and `uncertainty`: load_matrix() with a progress bar unless
/// `no_progress`; printed figures that disagree are warnings there (those commands have no
/// --strict).
[[nodiscard]] chiso::unit_matrix load_unit_matrix(const chiso::criterion_tree& tree, unit_source s,
                                                  bool no_progress);

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

/// A rank, or "–" when the unit is not ranked.
[[nodiscard]] std::string rank_text(const std::optional<std::size_t>& rank);

/// Writes an HTML page to a file and says so on stdout.
int write_page(const chiso::html_page& page, const std::string& html_file);

}  // namespace chiso_cli
