// A criterion tree from the annex table of a decision: CSV in, `kind: chiso/criteria` YAML out.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/error.hpp"
#include "chiso/export.hpp"
#include "chiso/language.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// What the table does not say: the `index:` block of the produced file, and two choices.
struct tree_import_options {
  std::string id;           ///< index id; "" → the table file's stem
  std::string name;         ///< index name; "" → the table file's stem
  std::string legal_basis;  ///< "892/QĐ-BNV, 05/12/2024"; "" → left out
  /// "tinh", "bo", "so", "huyen", "xa"; "" → left out. Another spelling, even one level_id()
  /// reads ("tỉnh"), is a usage_error naming the id: `chiso list --level` finds trees by the
  /// ids only.
  std::string level;
  std::vector<int> years;  ///< results years; empty → left out
  /// Method of the rows whose method cell is empty (and that inherit none): the index's
  /// `method:`. Without it such a leaf is an error, since every leaf must say how it is measured.
  measurement default_method = measurement::unspecified;
  /// Children whose maxima add up to less than their parent's: by default an error; when true
  /// the parent is written `partial: {unlisted: unknown}` and a warning says so. More than the
  /// parent is always an error.
  bool allow_partial = false;
  /// Field separator: a comma, a semicolon or a tab (Excel's "Text (Tab delimited)"); the NUL
  /// character (the default) guesses from the header row: the one it has most of, as the unit CSV
  /// reader does. Another: input_error `import-tree-separator`. Maxima may use a decimal point or
  /// comma whatever the separator.
  char separator = '\0';
  /// Language of the comments written into the file for the person who completes it (what to
  /// fill in, the warnings); keys and values are the same in both.
  language lang = language::en;
};

/// The produced file and the warnings it carries (also written as comments at its top).
struct imported_tree {
  std::string yaml;                  ///< a `kind: chiso/criteria` file that parse_criteria loads
  std::vector<diagnostic> warnings;  ///< located, with stable codes (docs/errors.md)
  std::size_t criteria = 0;          ///< criteria written (rows with a code)
};

/// Reads the annex table `text` (CSV or tab-separated; `file_name` is used in diagnostics and the
/// comments). Every cell is brought to Unicode NFC, so names typed decomposed (NFD) are written
/// NFC, like the codes.
///
/// Columns, recognised by their header in Vietnamese with or without diacritics, or English
/// (docs/import-tree.md): code (STT, TT, Mã), name (Tên tiêu chí, Tiêu chí, Nội dung), maximum
/// (Điểm tối đa, Điểm chuẩn, Thang điểm), and optionally method (Phương pháp: tự đánh giá,
/// thẩm định, điều tra xã hội học, số liệu thống kê), group (Nhóm, Lĩnh vực), lead agency
/// (Cơ quan chủ trì) and note (Ghi chú). Other columns are ignored with a warning.
///
/// The hierarchy comes from the codes: `2.4.1` hangs under the longest code printed above it
/// that it extends (`2.4`, else `2`). Roman numerals (I, II…) are lĩnh vực: the Arabic-coded
/// rows after `II` hang under it as `II.3`, `II.3.1`. Maxima may use a decimal point or comma
/// ("1,5"); a row without a code whose name starts with "Tổng" is the index total.
///
/// Where a parent's and all its children's maxima are given, they must add up exactly; every
/// problem (`import-tree-sum`, `import-tree-code`, …) is collected and thrown as one input_error.
/// The produced YAML leaves every `source:` empty for the user to fill in (which page of the
/// decision prints the row), and is checked by parsing it back with parse_criteria. Throws
/// usage_error for an `options.level` that is not a level id.
[[nodiscard]] CHISO_EXPORT imported_tree import_tree_csv(std::string_view text,
                                                         std::string file_name,
                                                         const tree_import_options& options);

/// Same, from a file; its stem is the default id and name.
[[nodiscard]] CHISO_EXPORT imported_tree import_tree_file(const std::filesystem::path& file,
                                                          const tree_import_options& options);

}  // namespace chiso
