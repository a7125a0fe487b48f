// Internal: a long-form CSV (a row per unit and criterion) read straight into a unit_matrix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chiso/batch.hpp"
#include "chiso/progress.hpp"
#include "chiso/tree.hpp"
#include "chiso/unit_set.hpp"
#include "csv_matrix_reader.hpp"

namespace chiso::detail {

/// What a column of a long-form file holds; `ignored` is a user's `x-…` column.
enum class long_column : std::uint8_t { unit, code, points, name, group, ranked, ignored };

/// A long-form header as the reference reader checked it (parse_units_csv's read_header): the
/// dialect it resolved and the role of each column up to the last named one (fields after it
/// must be blank, as the trailing empty columns of a spreadsheet's header).
struct long_form_layout {
  char separator = ',';
  char decimal_mark = '.';
  std::vector<long_column> columns;
};

/// The rows of a long-form file (from byte `rows_begin`, after the header line) as a matrix,
/// when they are well formed: every row has a unit id, a criterion code of the tree and points
/// (a plain decimal within the leaf's range that fits a cell) or `n/a` (on a leaf or on a
/// parent, whose leaves it covers); a leaf has at most one row per unit; a unit's name, group
/// and ranked agree across its rows; groups are the declared ones; and the leaves without a row
/// are read as `options.missing` says (zero or unknown; under `error` none may lack a row).
/// Units are numbered in order of their first row, as parse_units_csv() orders its sheets;
/// cells, n/a and unknown states are what unit_matrix::from_sheets() makes of those sheets.
///
/// Returns nullopt for anything else — any problem the reference reader would report, any row
/// it would note (blank rows, no-break spaces around a cell), quoted line breaks, text that is
/// not UTF-8 or has carriage returns or NUL bytes inside a line — and the caller reads the file
/// with the reference reader, which reports with positions. The notes are the header's
/// (the caller's): a row that would add one declines.
///
/// Memory: the cells and a byte per cell while reading (in blocks of units, moved into the
/// matrix one block at a time), the unit ids and a chunk of the file; no score_sheet per unit.
/// `progress` is told the bytes read (of the size less a byte-order mark).
[[nodiscard]] std::optional<unit_matrix> read_long_matrix_fast(
    const csv_bytes& bytes, std::size_t rows_begin, const long_form_layout& layout,
    const criterion_tree& tree, const csv_options& options, const progress_callback& progress);

/// A long-form file straight into a matrix when it is well formed (read_long_matrix_fast()),
/// its header line checked by the reference reader's code, whose dialect and notes it keeps
/// (the notes are parse_units_csv()'s). nullopt for a wide file, a header with quotes or after
/// a blank line, and whatever read_long_matrix_fast() declines: the caller then reads the file
/// with the reference reader. Defined in unit_set.cpp, beside that reader.
[[nodiscard]] std::optional<unit_matrix> read_long_form_direct(const csv_bytes& bytes,
                                                               const std::string& file_name,
                                                               const criterion_tree& tree,
                                                               const csv_options& options,
                                                               const progress_callback& progress);

}  // namespace chiso::detail
