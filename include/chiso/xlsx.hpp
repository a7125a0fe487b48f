// Excel workbooks: the same tables the other views print, as real cells, with native charts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "chiso/export.hpp"
#include "chiso/language.hpp"
#include "chiso/table.hpp"

namespace chiso {

/// A native Excel chart drawn from two columns of its sheet's table.
struct xlsx_chart {
  enum class kind {
    bar,     ///< horizontal bars: long unit names stay readable
    column,  ///< vertical columns: few categories (band counts)
  };
  kind type = kind::bar;
  std::string title;
  std::string category_column;  ///< key of the column that labels each bar (unit, band, code)
  std::string value_column;     ///< key of the numeric column drawn
  /// Key of a column whose distinct values colour the bars (the band, xếp loại), one colour per
  /// value in order of first appearance; "" draws every bar in one colour.
  std::string colour_column;
  std::string value_axis_title;  ///< "% của điểm tối đa", "Số đơn vị"…
};

/// One worksheet: a table and the charts drawn from it.
struct xlsx_sheet {
  /// The tab's name. Excel allows 31 characters and none of `[]:*?/\`: longer names are cut
  /// and those characters replaced by '-', and a name already used gets " (2)", " (3)"…
  std::string name;
  table content;
  std::vector<xlsx_chart> charts;
};

/// A workbook: the sheets in order, then one sheet "Ghi chú" ("Notes" in English) of the notes
/// (rounding rule, partial or unverified trees, band thresholds, ties) when there are any.
struct xlsx_workbook {
  std::vector<xlsx_sheet> sheets;
  std::vector<std::string> notes;
  /// Of the notes sheet's name and headings ("Ghi chú" / "Notes"); the sheets' own texts are
  /// written as given.
  language lang = language::vi;
};

/// Writes `book` to `file` with libxlsxwriter.
///
/// Each sheet has the table's title in row 1, its column titles (as the table has them: Vietnamese,
/// or localized) in row 2 — frozen, with an autofilter — and one row per table row below. A numeric
/// column's cells are Excel numbers, not text: the value printed by the other views (already
/// rounded under the stated rule) with a number format of as many decimals as printed, so Excel
/// shows `86,11` or `86.11` by the reader's locale; "?", "n/a" and "–" stay text. Every other cell
/// is text, so a rank such as `03/4` or a band name is never read as a date or a formula. Excel
/// keeps numbers as binary doubles: a printed figure of up to 15 significant digits reads back
/// exactly as printed. The table's notes go to the notes sheet under the sheet's name.
///
/// Throws usage_error for a numeric cell that is not a plain number (with '.' or ',' as the
/// decimal separator) or a chart naming a column the table lacks, and chiso::error when the
/// file cannot be written.
CHISO_EXPORT void write_xlsx(const std::filesystem::path& file, const xlsx_workbook& book);

}  // namespace chiso
