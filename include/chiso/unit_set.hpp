// Many units' data: a directory of YAML sheets, or one CSV file in long or wide form.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/batch.hpp"
#include "chiso/export.hpp"
#include "chiso/printed_check.hpp"
#include "chiso/progress.hpp"
#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// Score sheets of many units for one tree, year and stage.
struct unit_set {
  std::string criteria;
  int year = 0;
  scoring_stage stage = scoring_stage::final;
  std::vector<score_sheet> sheets;  ///< one per unit, in file (or file name) order
  /// What a CSV reader decided or ignored without it being an error, one sentence each, for the
  /// user to see (the CLI prints them as notes): a detected dialect, ignored `x-…` and trailing
  /// empty columns, skipped blank rows, trimmed no-break spaces. Empty for plain files.
  std::vector<std::string> notes;

  [[nodiscard]] std::vector<unit_info> units() const;
};

/// Loads every `*.yaml` or `*.yml` sheet (any case) of a directory (in file-name order); hidden
/// files (names starting with '.': macOS `._name.yaml`, editors' locks) are skipped and said in
/// `unit_set::notes` (the matrix's notes for load_sheet_directory_matrix()). Problems
/// of all files are collected and thrown together; the sheets must share year and stage and have
/// distinct unit ids. `progress`, when set, is told how many of the files are read.
[[nodiscard]] CHISO_EXPORT unit_set load_sheet_directory(const std::filesystem::path& directory,
                                                         const criterion_tree& tree,
                                                         const progress_callback& progress = {});

/// A directory of score sheets read into a unit_matrix (load_sheet_directory_matrix()).
struct sheet_directory_matrix {
  unit_matrix units;  ///< one row per sheet, in file-name order
  int year = 0;       ///< the sheets' results year and stage
  scoring_stage stage = scoring_stage::final;
  /// Per row, the sheet's file: to read a unit's sheet again for what a matrix does not hold (a
  /// rule's raw inputs, n/a marks on inner nodes, printed figures).
  std::vector<std::filesystem::path> files;
  /// check_printed() of every sheet that states printed figures, in file order: mismatches and
  /// figures that cannot be checked (empty when all agree or none is stated).
  std::vector<printed_mismatch> printed;
};

/// load_sheet_directory() straight into a unit_matrix: each sheet is read (load_sheet(), with
/// its own checks and positions), written into its row as unit_matrix::from_sheets() would
/// (unit_matrix::set_unit()), its printed figures checked against score(), and dropped before
/// the next file is read. Memory: the matrix (files × leaves × 4 bytes, laid out before reading),
/// the file names and one sheet at a time, not every sheet. The same files, order, problems,
/// codes and messages as load_sheet_directory(): `units-not-a-directory`, `cannot-open-file`,
/// `units-no-sheets`, `units-year-differs`, `units-duplicate-sheet` and each file's own, all
/// collected and thrown together as one input_error. `progress`, when set, is told how many of
/// the files are read. The tree must outlive the matrix.
[[nodiscard]] CHISO_EXPORT sheet_directory_matrix
load_sheet_directory_matrix(const std::filesystem::path& directory, const criterion_tree& tree,
                            const progress_callback& progress = {});
// The matrix refers to its tree: a temporary tree would dangle.
sheet_directory_matrix load_sheet_directory_matrix(const std::filesystem::path&,
                                                   const criterion_tree&&,
                                                   const progress_callback& = {}) = delete;

/// The field separator of a CSV file. `automatic` takes the one of ',', ';' and tab that occurs
/// most often in the header line outside quotes (',' on a tie or when none occurs).
enum class csv_separator { automatic, comma, semicolon, tab };
/// The decimal mark of points. `automatic` is a comma with ';' separators (Excel writes ';'
/// exactly where the locale's decimal mark is a comma, as in Vietnamese) and a point otherwise.
enum class csv_decimal { automatic, point, comma };

/// How a spreadsheet wrote the file. Nothing is guessed per cell: with decimal commas, "1.5" is
/// an error (a '.' groups thousands there), and with decimal points "1,5" is an error.
struct csv_dialect {
  csv_separator separator = csv_separator::automatic;
  csv_decimal decimal = csv_decimal::automatic;
};

/// The dialect named `auto`, `comma` (',' and decimal point), `semicolon` (';' and decimal
/// comma, Excel in a Vietnamese locale), `semicolon-decimal-point`, `tab` or
/// `tab-decimal-comma`; nullopt for any other name.
[[nodiscard]] CHISO_EXPORT std::optional<csv_dialect> parse_csv_dialect(std::string_view name);

/// What a CSV file does not say itself.
struct csv_options {
  int year = 0;
  scoring_stage stage = scoring_stage::final;
  missing_policy missing = missing_policy::error;
  csv_dialect dialect{};
  /// Threads reading a wide file into a unit_matrix (parse/load_unit_matrix_csv): 0 uses every
  /// core for files of several megabytes and one thread below; n splits any file into up to n
  /// parts. The result is the same whatever the number.
  unsigned threads = 0;
  /// Unit groups declared besides the tree's `groups:` — a band table's (band_scheme's tables'
  /// `groups`), which rank_units() accepts too. A group cell outside the tree's and these is
  /// `unknown-unit-group` at the cell, with the nearest group. Empty, with a tree that declares
  /// none: any group is read.
  std::vector<std::string> groups{};
};

/// Reads units' points from CSV (RFC 4180 quoting, separator and decimal mark from
/// `options.dialect`, UTF-8 with or without a byte-order mark, header row):
///  - long form, header `unit,code,points`: one row per unit and leaf;
///  - wide form, header `unit,<code>,<code>…`: one row per unit, one column per leaf.
/// Both may add the unit attribute columns `name`, `group` and `ranked` (true/false); in long
/// form they must agree across a unit's rows. A points cell `n/a` marks the criterion not
/// applicable; an empty wide-form cell is a missing value, and so is an empty long-form points
/// cell (pandas.melt's blank: under `missing` zero or unknown the row is read as absent and
/// counted in the note on pairs without a row; under error `csv-empty-cell` at the cell). A
/// long-form header with capitalised names or a misspelt `points` is one `csv-long-form-header`
/// error naming the renames (names are lowercase). `ranked` may be written TRUE/FALSE.
/// Ids, groups, names and header codes are compared in Unicode NFC; two unit ids that differ
/// only in normalisation are one unit (reported as a second row in wide form).
/// Accepted and listed in `unit_set::notes`: columns named `x-…` (ignored), empty columns at the
/// end of the header, rows of separators only (skipped), spaces and U+00A0 around cells.
/// Refused: UTF-16 (`csv-utf16`) and bytes that are not UTF-8 such as Windows-1258
/// (`csv-not-utf8`), a header in another separator than the dialect's (`csv-separator`), a
/// decimal mark that is not the dialect's (`csv-decimal-mark`), U+00A0 inside an id (`csv-nbsp`).
/// Every problem is reported as `file:line:col` with its code (docs/errors.md) and all are
/// thrown together as one input_error. `progress`, when set, is told the bytes read (of the
/// text's size, less a byte-order mark).
/// Safe to call from several threads at once against one shared tree.
[[nodiscard]] CHISO_EXPORT unit_set parse_units_csv(std::string_view text, std::string file_name,
                                                    const criterion_tree& tree,
                                                    const csv_options& options,
                                                    const progress_callback& progress = {});
[[nodiscard]] CHISO_EXPORT unit_set load_units_csv(const std::filesystem::path& file,
                                                   const criterion_tree& tree,
                                                   const csv_options& options,
                                                   const progress_callback& progress = {});

/// The same CSV read straight into a unit_matrix, for very many units: a well-formed wide-form
/// file is parsed from its bytes into the cells by every core, without a string per cell or a
/// score_sheet per unit (memory: the matrix, the unit ids and a few megabytes; the file is read
/// in chunks by load_unit_matrix_csv()). A well-formed long-form file (any dialect) is parsed
/// the same way by one core, its units numbered in order of their first row (memory: the
/// matrix, a byte per cell while reading, the unit ids and a chunk of the file). A file with
/// any problem, or a row the reader would note, is read again row by row, with the same checks
/// and messages as parse_units_csv(). Either way the matrix (units, cells, n/a and unknown
/// states, notes) equals unit_matrix::from_sheets() of parse_units_csv()'s sheets.
/// The tree must outlive the matrix.
[[nodiscard]] CHISO_EXPORT unit_matrix
parse_unit_matrix_csv(std::string_view text, std::string file_name, const criterion_tree& tree,
                      const csv_options& options, const progress_callback& progress = {});
[[nodiscard]] CHISO_EXPORT unit_matrix load_unit_matrix_csv(const std::filesystem::path& file,
                                                            const criterion_tree& tree,
                                                            const csv_options& options,
                                                            const progress_callback& progress = {});
// The matrix refers to its tree: a temporary tree would dangle.
unit_matrix parse_unit_matrix_csv(std::string_view, std::string, const criterion_tree&&,
                                  const csv_options&, const progress_callback& = {}) = delete;
unit_matrix load_unit_matrix_csv(const std::filesystem::path&, const criterion_tree&&,
                                 const csv_options&, const progress_callback& = {}) = delete;

}  // namespace chiso
