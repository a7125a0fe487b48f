#include "chiso/unit_set.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "batch_support.hpp"
#include "chiso/error.hpp"
#include "chiso/score.hpp"
#include "csv_long_reader.hpp"
#include "csv_matrix_reader.hpp"
#include "printed_support.hpp"
#include "progress_support.hpp"
#include "sheet_support.hpp"
#include "unicode_support.hpp"
#include "yaml_support.hpp"

namespace chiso {

std::vector<unit_info> unit_set::units() const {
  std::vector<unit_info> out;
  out.reserve(sheets.size());
  for (const auto& s : sheets) out.push_back(s.unit);
  return out;
}

namespace {

using detail::diagnostics;
using detail::file_name_ptr;

constexpr std::string_view save_as_utf8 = "in Excel, save it as 'CSV UTF-8 (Comma delimited)'";

// A field's text and position; the file name is the reader's, so that a million rows do not
// copy a shared pointer per cell.
struct field {
  std::string text;
  std::uint32_t line = 0, column = 0;
};
using row = std::vector<field>;

// The dialect a file is read in, once `automatic` is resolved.
struct resolved_dialect {
  char separator = ',';
  char decimal = '.';
  bool detected = false;  // the separator was detected from the header (csv_separator::automatic)
};

std::string separator_name(char c) {
  return c == '\t' ? std::string("tab") : "'" + std::string(1, c) + "'";
}

std::string describe(const resolved_dialect& d) {
  return separator_name(d.separator) + " separator, decimal " +
         (d.decimal == ',' ? "comma" : "point");
}

// Spreadsheets write the list separator of the user's locale: ',' in English, ';' where the
// decimal mark is a comma (Vietnamese, most of Europe). The separator is the one that splits
// the header line (outside quotes) most often; a decimal comma goes with ';' because that is why
// Excel chose ';'.
resolved_dialect resolve_dialect(std::string_view text, const csv_dialect& asked) {
  resolved_dialect d;
  switch (asked.separator) {
    case csv_separator::comma:
      d.separator = ',';
      break;
    case csv_separator::semicolon:
      d.separator = ';';
      break;
    case csv_separator::tab:
      d.separator = '\t';
      break;
    case csv_separator::automatic: {
      std::size_t commas = 0, semicolons = 0, tabs = 0;
      bool quoted = false;
      for (const char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n') break;
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
      }
      if (semicolons > commas && semicolons >= tabs) d.separator = ';';
      if (tabs > commas && tabs > semicolons) d.separator = '\t';
      d.detected = true;
      break;
    }
  }
  switch (asked.decimal) {
    case csv_decimal::point:
      d.decimal = '.';
      break;
    case csv_decimal::comma:
      d.decimal = ',';
      break;
    case csv_decimal::automatic:
      d.decimal = d.separator == ';' ? ',' : '.';
      break;
  }
  return d;
}

// RFC 4180, one row at a time: fields separated by the dialect's separator, optionally quoted
// with "" for a literal quote. Columns count code points, not bytes, so that they match what an
// editor shows for Vietnamese text; they are counted as the reader advances. The reader also
// keeps what it did to the file's text, for the notes.
class csv_reader {
 public:
  csv_reader(std::string_view text, file_name_ptr file, resolved_dialect dialect, diagnostics& diag)
      : text_(text), file_(std::move(file)), dialect_(dialect), diag_(diag) {
    stops_[0] = dialect_.separator;
    counted_ = i_;
  }

  [[nodiscard]] source_location where(const field& f) const { return {file_, f.line, f.column}; }
  [[nodiscard]] const file_name_ptr& file() const { return file_; }
  [[nodiscard]] const resolved_dialect& dialect() const { return dialect_; }
  /// Bytes read so far, for progress.
  [[nodiscard]] std::size_t offset() const { return i_; }

  // The next row with content into `out`, reusing its buffers; false at the end of the text.
  bool next(row& out) {
    const char separator = dialect_.separator;
    while (i_ <= text_.size() && !done_) {
      std::size_t used = 0;
      bool has_content = false;
      for (;;) {
        if (used == out.size()) out.emplace_back();
        auto& f = out[used++];
        f.text.clear();
        f.line = line_;
        f.column = column();
        if (i_ < text_.size() && text_[i_] == '"') {
          read_quoted(f);
          has_content = true;
        } else {
          const auto end = text_.find_first_of(std::string_view(stops_, 2), i_);
          const auto stop = end == std::string_view::npos ? text_.size() : end;
          f.text.assign(text_.substr(i_, stop - i_));
          i_ = stop;
          if (!f.text.empty() && f.text.back() == '\r') f.text.pop_back();
          if (!f.text.empty()) has_content = true;
        }
        if (i_ < text_.size() && text_[i_] == separator) {
          ++i_;
          has_content = true;
          continue;
        }
        break;
      }
      // End of line or of text.
      if (i_ >= text_.size())
        done_ = true;
      else
        new_line(++i_);
      if (has_content) {
        out.resize(used);
        return true;
      }
    }
    return false;
  }

  // A cell without the spaces, tabs and no-break spaces (U+00A0, which copying from Word and
  // web pages brings) around it: none of them is part of a value. `nbsp` tells whether a
  // no-break space was removed.
  static std::string_view strip(std::string_view s, bool& nbsp) {
    for (;;) {
      if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
      } else if (s.starts_with("\xC2\xA0")) {
        s.remove_prefix(2);
        nbsp = true;
      } else {
        break;
      }
    }
    for (;;) {
      if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
      } else if (s.ends_with("\xC2\xA0")) {
        s.remove_suffix(2);
        nbsp = true;
      } else {
        break;
      }
    }
    return s;
  }
  static bool is_blank(const field& f) {
    bool nbsp = false;
    return strip(f.text, nbsp).empty();
  }
  static std::string as_written(const field& f) {
    bool nbsp = false;
    return std::string(strip(f.text, nbsp));
  }
  // The value of a cell, trimmed; each cell is read through here once, so that the no-break
  // spaces removed are counted once for the note.
  std::string trim(const field& f) {
    bool nbsp = false;
    const auto s = strip(f.text, nbsp);
    if (nbsp && nbsp_trimmed_++ == 0)
      first_nbsp_ = "'" + std::string(s) + "' on line " + std::to_string(f.line) + ", column " +
                    std::to_string(f.column);
    return std::string(s);
  }
  // A cell's text trimmed and in NFC, the form every comparison uses.
  std::string text(const field& f) {
    auto t = trim(f);
    detail::normalise_nfc(t);
    return t;
  }
  // A cell that is compared with other files' (unit id, group, code): a no-break space inside
  // it would make 'Sở Tư pháp' two groups that print alike, so it is refused.
  std::string identifier(const field& f, std::string_view what) {
    auto t = text(f);
    if (t.find("\xC2\xA0") != std::string::npos)
      diag_.add("csv-nbsp", where(f),
                std::string(what) + " '" + t +
                    "' contains U+00A0 (no-break space), which prints as a space but is not "
                    "one: replace it with a normal space");
    return t;
  }

  void blank_row(std::uint32_t line) {
    if (blank_rows_++ == 0) first_blank_ = line;
  }
  void ignore(std::string note) { notes_.push_back(std::move(note)); }

  /// What the reader decided or ignored, for the user to see.
  [[nodiscard]] std::vector<std::string> notes(const csv_dialect& asked) const {
    std::vector<std::string> out;
    if (dialect_.detected && (dialect_.separator != ',' || dialect_.decimal != '.'))
      out.push_back("CSV dialect: " + describe(dialect_) +
                    " (detected from the header line; choose it with --csv-dialect)");
    else if (!dialect_.detected && asked.separator != csv_separator::automatic &&
             (dialect_.separator != ',' || dialect_.decimal != '.'))
      out.push_back("CSV dialect: " + describe(dialect_));
    out.insert(out.end(), notes_.begin(), notes_.end());
    if (blank_rows_)
      out.push_back("skipped " + std::to_string(blank_rows_) + " blank row" +
                    (blank_rows_ == 1 ? "" : "s") + " (only separators), the first on line " +
                    std::to_string(first_blank_));
    if (nbsp_trimmed_)
      out.push_back("removed no-break spaces (U+00A0) around " + std::to_string(nbsp_trimmed_) +
                    " cell" + (nbsp_trimmed_ == 1 ? "" : "s") + ", the first " + first_nbsp_);
    if (empty_read_) out.push_back(detail::empty_cells_note(empty_as_, empty_read_, first_empty_));
    return out;
  }

  /// An empty cell read as `policy` (zero or unknown): counted for notes(), so that what was
  /// read for the user is said, with where the first one is.
  void empty_read_as(missing_policy policy, const std::string& unit, const std::string& code,
                     const field& f) {
    empty_as_ = policy;
    if (empty_read_++ == 0) first_empty_ = detail::empty_cell_where(unit, code, f.line, f.column);
  }

 private:
  std::uint32_t column() {
    for (; counted_ < i_; ++counted_)
      if ((static_cast<unsigned char>(text_[counted_]) & 0xC0) != 0x80) ++column_;
    return column_;
  }
  void new_line(std::size_t start) {
    ++line_;
    counted_ = start;
    column_ = 1;
  }
  void read_quoted(field& f) {
    const source_location opened = where(f);
    const char separator = dialect_.separator;
    ++i_;
    bool closed = false;
    while (i_ < text_.size()) {
      if (text_[i_] == '"') {
        if (i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
          f.text += '"';
          i_ += 2;
          continue;
        }
        ++i_;
        closed = true;
        break;
      }
      f.text += text_[i_];
      if (text_[i_++] == '\n') new_line(i_);
    }
    if (!closed) diag_.add("csv-unterminated-quote", opened, "unterminated quoted field");
    if (i_ < text_.size() && text_[i_] != separator && text_[i_] != '\n' && text_[i_] != '\r')
      diag_.add("csv-text-after-quote", {file_, line_, column()},
                "unexpected text after a quoted field");
    while (i_ < text_.size() && text_[i_] != separator && text_[i_] != '\n') ++i_;
  }

  std::string_view text_;
  file_name_ptr file_;
  resolved_dialect dialect_;
  char stops_[2] = {',', '\n'};
  diagnostics& diag_;
  std::size_t i_ = 0, counted_ = 0;  // counted_: where column_ was last brought up to date
  std::uint32_t line_ = 1, column_ = 1;
  bool done_ = false;
  std::size_t blank_rows_ = 0, nbsp_trimmed_ = 0;
  std::uint32_t first_blank_ = 0;
  std::string first_nbsp_;
  std::size_t empty_read_ = 0;
  missing_policy empty_as_ = missing_policy::error;
  std::string first_empty_;
  std::vector<std::string> notes_;
};

// A number in the file's dialect. With a decimal comma, '.' is refused rather than read:
// Vietnamese and European spreadsheets use it to group thousands ("1.500" is 1500).
std::optional<decimal> parse_number(const std::string& text, char decimal_mark) {
  if (decimal_mark == '.') return decimal::parse(text);
  if (text.find('.') != std::string::npos) return std::nullopt;
  auto point = text;
  std::replace(point.begin(), point.end(), ',', '.');
  return decimal::parse(point);
}

// The unit groups the group cells are checked against: the tree's and the caller's (a band
// table's, csv_options::groups).
std::vector<std::string> declared_unit_groups(const criterion_tree& tree,
                                              const csv_options& options) {
  auto known = tree.info().groups;
  for (const auto& g : options.groups)
    if (std::find(known.begin(), known.end(), g) == known.end()) known.push_back(g);
  return known;
}

// A file written in the other decimal mark has it in every cell: a thousand cells are one
// mistake, so the first cell is reported in full and the others are counted into one more
// error (at the second such cell), with the same remedy.
struct decimal_mark_tally {
  std::size_t count = 0;
  source_location second;
  std::string second_unit, second_code, second_message, summary_head, remedy;
  std::uint32_t last_line = 0;

  void finish(diagnostics& diag) const {
    if (count == 2) diag.add("csv-decimal-mark", second, second_message, second_unit, second_code);
    if (count > 2)
      diag.add("csv-decimal-mark", second,
               summary_head + " and " + std::to_string(count - 2) + " more cells (to line " +
                   std::to_string(last_line) + ") have " + remedy,
               second_unit, second_code);
  }
};

std::optional<decimal> read_points(const std::string& text, const source_location& where,
                                   diagnostics& diag, const resolved_dialect& dialect,
                                   const std::string& unit, const std::string& code,
                                   decimal_mark_tally& tally) {
  if (auto value = parse_number(text, dialect.decimal)) return value;
  // The first cell in full; the second kept in case it is the last; the rest counted.
  const auto report_mark = [&](std::string message, std::string remedy) {
    ++tally.count;
    if (tally.count == 1) {
      diag.add("csv-decimal-mark", where, std::move(message), unit, code);
    } else if (tally.count == 2) {
      tally.second = where;
      tally.second_unit = unit;
      tally.second_code = code;
      tally.second_message = std::move(message);
      tally.summary_head = "unit '" + unit + "', criterion '" + code + "': '" + text + "'";
      tally.remedy = std::move(remedy);
    }
    tally.last_line = where.line;
  };
  const std::string what = "unit '" + unit + "', criterion '" + code + "'";
  const bool digits = text.find_first_of("0123456789") != std::string::npos;
  const auto with = [&](char from, char to) {
    auto fixed = text;
    std::replace(fixed.begin(), fixed.end(), from, to);
    return fixed;
  };
  const std::string how =
      dialect.detected && dialect.separator != ',' ? ", detected from the header" : "";
  if (digits && dialect.decimal == '.' && text.find(',') != std::string::npos &&
      text.find('.') == std::string::npos && decimal::parse(with(',', '.'))) {
    std::string message = what + ": '" + text + "' has a decimal comma, but this file (" +
                          describe(dialect) + how + ") writes decimals with a point: write " +
                          with(',', '.');
    const std::string dialect_name = dialect.separator == ';' ? "semicolon" : "tab-decimal-comma";
    if (dialect.separator != ',')
      message += ", or read the file with --csv-dialect " + dialect_name;
    report_mark(std::move(message),
                dialect.separator != ','
                    ? "a decimal comma too: read the file with --csv-dialect " + dialect_name
                    : std::string("a decimal comma too: write them with a decimal point"));
  } else if (digits && dialect.decimal == ',' && text.find('.') != std::string::npos &&
             decimal::parse(text)) {
    // "1.500" may be 1500 with '.' grouping thousands, as this dialect's locales write.
    const auto point = text.find('.');
    const bool grouping =
        text.size() - point == 4 && text.find('.', point + 1) == std::string::npos;
    const std::string dialect_name = dialect.separator == '\t' ? "tab" : "semicolon-decimal-point";
    report_mark(what + ": '" + text + "' has a decimal point, but this file (" + describe(dialect) +
                    how + ") writes decimals with a comma: write " + with('.', ',') +
                    (grouping ? " (or " + text.substr(0, point) + text.substr(point + 1) +
                                    " if the '.' groups thousands)"
                              : std::string()) +
                    ", or read the file with --csv-dialect " + dialect_name,
                "a decimal point too: read the file with --csv-dialect " + dialect_name);
  } else {
    // Digits that do not fit (too many, too many decimals, two points) get the reason; other
    // text is plainly not a number.
    const bool number_shaped =
        digits && text.find_first_not_of("+-0123456789.") == std::string::npos;
    diag.add("csv-not-a-number", where,
             what + " must be a decimal number or n/a, not '" + text + "'" +
                 (number_shaped ? ": " + decimal::parse_failure(text) : std::string()),
             unit, code);
  }
  return std::nullopt;
}

struct attribute_columns {
  std::optional<std::size_t> name, group, ranked;
};

// Excel writes TRUE/FALSE; the meaning is the same in any case.
std::optional<bool> read_bool(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (value == "true" || value.empty()) return true;
  if (value == "false") return false;
  return std::nullopt;
}

// Sets a unit's attributes from a row; in long form later rows must agree with the first.
void read_attributes(const row& r, csv_reader& in, const attribute_columns& cols, unit_info& unit,
                     std::uint32_t first_line, bool first, diagnostics& diag,
                     const std::vector<std::string>& known_groups, bool with_bands) {
  const auto set = [&](std::optional<std::size_t> col, std::string& target, const char* key,
                       bool identifier) {
    if (!col) return;
    const auto value = identifier ? in.identifier(r[*col], key) : in.text(r[*col]);
    if (first)
      target = value;
    else if (value != target)
      diag.add("csv-attribute-differs", in.where(r[*col]),
               "unit '" + unit.id + "': " + key + " '" + value + "' differs from '" + target +
                   "' on its first row (line " + std::to_string(first_line) + ")",
               unit.id);
  };
  set(cols.name, unit.name, "name", false);
  set(cols.group, unit.group, "group", true);
  // A tree (or a band table) that declares its unit groups catches a misspelt one here, where
  // it was written.
  if (first && cols.group && !known_groups.empty() &&
      std::find(known_groups.begin(), known_groups.end(), unit.group) == known_groups.end()) {
    std::string listed;
    for (const auto& g : known_groups) listed += (listed.empty() ? "" : " ") + g;
    std::string guessed;
    if (const auto guess = detail::nearest(
            unit.group, std::vector<std::string_view>(known_groups.begin(), known_groups.end())))
      guessed = "; did you mean '" + *guess + "'?";
    if (with_bands)
      diag.add("unknown-unit-group", in.where(r[*cols.group]),
               "unit '" + unit.id + "': group '" + unit.group +
                   "' is not a unit group of the criteria or bands (groups: " + listed + ")" +
                   guessed,
               unit.id);
    else
      diag.add("unknown-unit-group", in.where(r[*cols.group]),
               "unit '" + unit.id + "': group '" + unit.group +
                   "' is not a unit group of the criteria (groups: " + listed + ")" + guessed,
               unit.id);
  }
  if (cols.ranked) {
    const auto value = in.trim(r[*cols.ranked]);
    const auto ranked = read_bool(value);
    if (!ranked)
      diag.add("csv-ranked", in.where(r[*cols.ranked]),
               "unit '" + unit.id + "': ranked must be true or false, not '" + value + "'",
               unit.id);
    else if (first)
      unit.ranked = *ranked;
    else if (*ranked != unit.ranked)
      diag.add("csv-attribute-differs", in.where(r[*cols.ranked]),
               "unit '" + unit.id + "': ranked differs from its first row (line " +
                   std::to_string(first_line) + ")",
               unit.id);
  }
}

// Suggestions for a mistyped column: only leaves that have no column yet ('3.3.1', present, is
// no suggestion for '3.3.33' when '3.3.3' is the one missing).
std::vector<std::string_view> leaf_codes(const criterion_tree& tree, const row& header) {
  std::set<std::string> present;
  for (const auto& f : header) present.insert(csv_reader::as_written(f));
  std::vector<std::string_view> out;
  for (auto l : tree.leaves())
    if (!present.contains(tree[l].code)) out.push_back(tree[l].code);
  return out;
}

// What the header row says: the form, and where each column is.
struct csv_header {
  std::size_t width = 0;        // fields in the header
  std::size_t named_width = 0;  // up to the last named column; the rest are trailing empties
  std::size_t unit = 0;
  bool long_form = false;
  std::size_t code = 0, points = 0;  // long form
  attribute_columns attributes;
  std::vector<std::pair<std::size_t, std::size_t>> leaves;  // wide form: column, tree node
  detail::printed_columns printed;                          // wide form: printed:<code>…
  std::vector<std::string> names;  // as written, to name the cells a short row lacks
};

// A long-form header with its names capitalised (as offices type them) or 'points' misspelt
// would otherwise be read as a wide header: a missing 'unit' and an unknown criterion per
// column, none of which names the fix. Such a header (a 'unit' and a 'code' in any case, and a
// column that is, or is close to, 'points') gets one error, at its first misnamed column, with
// every rename; it throws. Names stay case-sensitive, as criterion codes and the other files'
// keys are: a renamed column is one edit, a silently accepted one a second spelling.
void misnamed_long_form_header(const std::vector<std::string>& names, const row& header,
                               const std::vector<bool>& ignored, std::size_t width, csv_reader& in,
                               diagnostics& diag) {
  const auto lower = [](std::string s) {
    for (auto& ch : s)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return s;
  };
  static const std::vector<std::string_view> standard = {"unit", "code",  "points",
                                                         "name", "group", "ranked"};
  bool unit = false, code = false, points = false;
  std::vector<std::pair<std::size_t, std::string>> renames;  // column, its right name
  for (std::size_t c = 0; c < width; ++c) {
    if (names[c].empty() || ignored[c]) continue;
    auto right = lower(names[c]);
    if (std::find(standard.begin(), standard.end(), right) == standard.end()) {
      // Only 'points' is guessed: a wide header's criterion codes are never close to it.
      const auto guess = detail::nearest(right, {"points"});
      if (!guess) continue;
      right = *guess;
    }
    unit = unit || right == "unit";
    code = code || right == "code";
    points = points || right == "points";
    if (right != names[c]) renames.emplace_back(c, right);
  }
  if (!unit || !code || !points || renames.empty()) return;
  std::string list;
  for (const auto& [c, right] : renames)
    list += (list.empty() ? "'" : ", '") + names[c] + "' → '" + right + "'";
  diag.add("csv-long-form-header", in.where(header[renames.front().first]),
           "header: rename " + list +
               " (a long-form header is 'unit', 'code', 'points', then 'name', 'group', "
               "'ranked' if given, in lowercase)");
  diag.throw_if_any();
}

// Reads the header; throws with every problem, since the rows cannot be read without it.
csv_header read_header(csv_reader& in, const criterion_tree& tree, diagnostics& diag) {
  row header;
  if (!in.next(header)) {
    diag.add("csv-empty", {in.file(), 1, 1},
             "CSV file is empty: expected a header row starting with 'unit'");
    diag.throw_if_any();
  }
  csv_header h;
  h.width = header.size();
  for (const auto& f : header) h.names.push_back(csv_reader::as_written(f));
  // The commonest cause of a header without 'unit': a file in another dialect, whose header is
  // then one column.
  if (const auto first = csv_reader::as_written(header.front());
      header.size() == 1 && first.find_first_of(";,\t") != std::string::npos &&
      first[first.find_first_of(";,\t")] != in.dialect().separator) {
    const char sep = first[first.find_first_of(";,\t")];
    diag.add("csv-separator", in.where(header.front()),
             "the header uses " + separator_name(sep) + " as separator, not " +
                 separator_name(in.dialect().separator) + ": read the file with --csv-dialect " +
                 (sep == ';'    ? "semicolon"
                  : sep == '\t' ? "tab"
                                : "comma") +
                 " (or auto, which detects it)");
    diag.throw_if_any();
  }
  std::vector<std::string> names(header.size()), raw(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    raw[c] = csv_reader::as_written(header[c]);
    names[c] = in.identifier(header[c], "header: column");
    if (!names[c].empty()) h.named_width = c + 1;
  }
  if (h.named_width < h.width)
    in.ignore("ignored " + std::to_string(h.width - h.named_width) + " empty column" +
              (h.width - h.named_width == 1 ? "" : "s") +
              " at the end of the header (trailing separators, as spreadsheets write)");
  std::map<std::string, std::size_t> column;
  std::vector<bool> ignored(header.size(), false);
  for (std::size_t c = 0; c < h.named_width; ++c) {
    const auto& name = names[c];
    if (name.empty()) {
      diag.add("csv-header-empty-column", in.where(header[c]),
               "header: empty column name (name it, or 'x-…' to have it ignored)");
      continue;
    }
    if (name.starts_with("x-")) {
      ignored[c] = true;
      in.ignore("ignored column '" + name + "' (line " + std::to_string(header[c].line) +
                ", column " + std::to_string(header[c].column) +
                "): columns named 'x-…' are the user's own");
      continue;
    }
    if (const auto [it, inserted] = column.emplace(name, c); !inserted) {
      std::string message = "header: column '" + name + "' appears twice";
      if (const auto why = detail::normalisation_difference(raw[it->second], raw[c]); !why.empty())
        message += ": " + why;
      diag.add("csv-header-duplicate", in.where(header[c]), message);
    }
  }
  const auto col = [&](const char* name) -> std::optional<std::size_t> {
    const auto it = column.find(name);
    return it == column.end() ? std::nullopt : std::optional(it->second);
  };
  if (!(col("code") && col("points")))
    misnamed_long_form_header(names, header, ignored, h.named_width, in, diag);
  if (!col("unit"))
    diag.add("csv-header-missing-unit", in.where(header.front()), "header: missing column 'unit'");
  h.unit = col("unit").value_or(0);
  h.long_form = col("code") && col("points");
  if (h.long_form) {
    h.code = *col("code");
    h.points = *col("points");
  }
  h.attributes = {col("name"), col("group"), col("ranked")};
  const std::set<std::string> fixed =
      h.long_form ? std::set<std::string>{"unit", "code", "points", "name", "group", "ranked"}
                  : std::set<std::string>{"unit", "name", "group", "ranked"};
  for (std::size_t c = 0; c < h.named_width; ++c) {
    const auto& name = names[c];
    if (name.empty() || ignored[c] || fixed.contains(name)) continue;
    const auto where = in.where(header[c]);
    if (h.long_form) {
      std::string message = "header: unknown column '" + name +
                            "' (long form has unit, code, "
                            "points, name, group, ranked; 'x-…' columns are ignored)";
      if (auto guess = detail::nearest(name, {"unit", "code", "points", "name", "group", "ranked"}))
        message += "; did you mean '" + *guess + "'?";
      diag.add("csv-unknown-column", where, message);
      continue;
    }
    if (detail::read_printed_header(name, c, where, tree, h.printed, diag)) continue;
    const auto node = tree.find(name);
    if (!node) {
      std::string message =
          "header: unknown criterion '" + name + "' (not in criteria '" + tree.info().id + "')";
      if (auto guess = detail::nearest(name, leaf_codes(tree, header)))
        message += "; did you mean '" + *guess + "'?";
      diag.add("csv-unknown-criterion", where, message, {}, name);
    } else if (!tree.is_leaf(*node)) {
      diag.add("csv-not-leaf", where,
               "header: criterion '" + name +
                   "' has sub-criteria: give a column per leaf, or cut the tree at its "
                   "level (collapse(tree, " +
                   std::to_string(tree[*node].depth) + "); chiso --depth " +
                   std::to_string(tree[*node].depth) + ")",
               {}, name);
    } else {
      h.leaves.emplace_back(c, *node);
    }
  }
  // Every unit of a tree that declares unit groups is in one of them; without the column each
  // unit's group would be '' and only ranking would notice, without a position.
  if (const auto& known = tree.info().groups; !known.empty() && !h.attributes.group) {
    std::string listed;
    for (const auto& g : known) listed += (listed.empty() ? "" : ", ") + g;
    diag.add("csv-group-missing", {in.file(), 1, 1},
             "header: no 'group' column, but the criteria '" + tree.info().id +
                 "' declare unit groups (" + listed + "): add a 'group' column");
  }
  diag.throw_if_any();
  return h;
}

// A row's unit id, as read (trimmed) and in NFC; nullopt for a blank row (noted) or after
// reporting a malformed row.
struct unit_id {
  std::string id, as_written;
};
std::optional<unit_id> row_unit(const row& fields, const csv_header& h, csv_reader& in,
                                diagnostics& diag) {
  // Spreadsheets write a row of separators for an empty line: it holds nothing to read.
  if (std::all_of(fields.begin(), fields.end(), csv_reader::is_blank)) {
    in.blank_row(fields.front().line);
    return std::nullopt;
  }
  // Trailing empty fields are the trailing separators of the header's empty columns.
  if (fields.size() < h.named_width) {
    // At the row's last cell, naming the columns it lacks: a missing separator or a row cut
    // short shows there, not at the row's start.
    std::string lacking;
    for (std::size_t c = fields.size(); c < h.named_width && c < fields.size() + 3; ++c)
      lacking += (lacking.empty() ? "'" : ", '") + h.names[c] + "'";
    if (h.named_width - fields.size() > 3) lacking += ", …";
    diag.add("csv-row-width", in.where(fields.back()),
             "row has " + std::to_string(fields.size()) +
                 (fields.size() == 1 ? " field" : " fields") + ", the header has " +
                 std::to_string(h.named_width) + ": no cell for " + lacking +
                 (h.named_width - fields.size() > 1
                      ? " (columns " + std::to_string(fields.size() + 1) + "–" +
                            std::to_string(h.named_width) + ")"
                      : " (column " + std::to_string(h.named_width) + ")") +
                 (csv_reader::as_written(fields.front()).starts_with("#")
                      ? "; a CSV has no comment rows: delete this one"
                      : ""));
    return std::nullopt;
  }
  for (std::size_t c = h.named_width; c < fields.size(); ++c) {
    if (csv_reader::is_blank(fields[c])) continue;
    // Text under a header column without a name is csv-unnamed-column; past the header's last
    // column the row is too wide (csv-row-width, as one too short is).
    if (c < h.width)
      diag.add("csv-unnamed-column", in.where(fields[c]),
               "'" + fields[c].text + "' in column " + std::to_string(c + 1) +
                   ", which has no name in the header (name it, or 'x-…' to have it ignored)");
    else
      diag.add("csv-row-width", in.where(fields[c]),
               "row has " + std::to_string(fields.size()) + " fields, the header has " +
                   std::to_string(h.named_width));
    return std::nullopt;
  }
  unit_id unit;
  unit.as_written = csv_reader::as_written(fields[h.unit]);
  unit.id = in.identifier(fields[h.unit], "unit id");
  if (unit.id.empty()) {
    diag.add("csv-empty-unit", in.where(fields[h.unit]), "row: empty unit id");
    return std::nullopt;
  }
  return unit;
}

// A CSV does not say its year: the caller must, and it must be one of the tree's years.
void check_csv_year(const csv_options& options, const criterion_tree& tree,
                    const std::string& file_name) {
  if (options.year == 0)
    throw usage_error(file_name +
                      ": csv_options::year is 0: a CSV does not say its results "
                      "year, give it");
  const auto& years = tree.info().years;
  if (years.empty() || std::find(years.begin(), years.end(), options.year) != years.end()) return;
  std::string listed;
  for (int y : years) listed += (listed.empty() ? "" : ", ") + std::to_string(y);
  throw input_error("year-not-in-tree", {std::make_shared<const std::string>(file_name), 0, 0},
                    "results year " + std::to_string(options.year) +
                        " is not a year of criteria '" + tree.info().id + "' (years: " + listed +
                        "): give the year the points are for, or add it to the criteria's "
                        "'years:' if they apply to it");
}

std::string second_row_message(const std::string& unit, std::uint32_t first_line,
                               const std::string& first_written, const std::string& written) {
  std::string message =
      "unit '" + unit + "' has a second row (first on line " + std::to_string(first_line) + ")";
  if (const auto why = detail::normalisation_difference(first_written, written); !why.empty())
    message += ": " + why;
  return message;
}

// Under `missing: error` a row's empty cells are one error at the first of them: the cell to
// fill is where the user looks, and the remedy is the reader's option, not a sheet's key.
std::string empty_cells_message(const criterion_tree& tree,
                                const std::vector<std::size_t>& leaves) {
  constexpr std::string_view remedy =
      " (--missing zero reads empty cells as 0, --missing unknown as not published)";
  if (leaves.size() == 1)
    return "empty cell for criterion '" + tree[leaves.front()].code +
           "': write its points, or n/a if it does not apply" + std::string(remedy);
  std::string codes;
  for (std::size_t k = 0; k < leaves.size() && k < 10; ++k)
    codes += (codes.empty() ? "" : ", ") + tree[leaves[k]].code;
  if (leaves.size() > 10) codes += ", … (" + std::to_string(leaves.size()) + " in all)";
  return "empty cells for criteria " + codes +
         ": write their points, or n/a where they do not apply" + std::string(remedy);
}

// The leaves a wide header has no column for (tree indices, in tree order).
std::vector<std::size_t> uncovered_leaves(const criterion_tree& tree, const csv_header& h) {
  std::vector<bool> covered(tree.size(), false);
  for (const auto& column : h.leaves) covered[column.second] = true;
  std::vector<std::size_t> out;
  for (auto leaf : tree.leaves())
    if (!covered[leaf]) out.push_back(leaf);
  return out;
}

// Read under --missing zero or unknown, the leaves the header has no column for are said in a
// note: every unit gets 0 (or unknown) for them, which is not to pass unseen.
void note_uncovered(const criterion_tree& tree, const std::vector<std::size_t>& uncovered,
                    missing_policy missing, csv_reader& in) {
  if (uncovered.empty() || missing == missing_policy::error) return;
  std::vector<std::string> codes;
  for (const auto leaf : uncovered) codes.push_back(tree[leaf].code);
  in.ignore(detail::missing_columns_note(missing, codes));
}

// In long form, a (unit, criterion) pair without a row read under --missing zero or unknown:
// counted in a note naming the first (sheets in file order, leaves in tree order).
void note_missing_rows(const criterion_tree& tree, const std::vector<score_sheet>& sheets,
                       missing_policy missing, bool empty_points, std::vector<std::string>& notes) {
  if (missing == missing_policy::error) return;
  std::size_t count = 0;
  std::string unit, code;
  const bool by_group = has_group_applicability(tree);
  for (const auto& sheet : sheets) {
    auto covered = by_group ? not_applicable_to_group(tree, sheet.unit.group)
                            : std::vector<bool>(tree.size(), false);
    for (const auto& p : sheet.points) covered[*tree.find(p.code)] = true;
    for (const auto& in : sheet.inputs) covered[*tree.find(in.code)] = true;
    for (const auto& na : sheet.not_applicable) {
      const auto node = *tree.find(na.code);
      for (auto j = node; j < tree[node].subtree_end; ++j) covered[j] = true;
    }
    for (const auto leaf : tree.leaves())
      if (!covered[leaf] && count++ == 0) {
        unit = sheet.unit.id;
        code = tree[leaf].code;
      }
  }
  if (count) notes.push_back(detail::missing_rows_note(missing, count, unit, code, empty_points));
}

constexpr std::string_view nbsp = "\xC2\xA0";

// Built anew rather than replaced in place: GCC 12 -O3 warns on that replace (-Wrestrict, a
// false positive in char_traits, GCC bug 105329).
std::string without_nbsp(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, nbsp.size()) == nbsp) {
      out += ' ';
      i += nbsp.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

// A cell of a rejected row, read without reporting (the row's error is reported): trimmed, in
// NFC, a no-break space read as the space it was meant to be; "" when the row is too short.
std::string salvage(const row& fields, std::size_t column) {
  if (column >= fields.size()) return {};
  auto text = csv_reader::as_written(fields[column]);
  detail::normalise_nfc(text);
  return without_nbsp(std::move(text));
}

// Long-form rows refused before their points were read (a width error, an empty unit id or
// code, a no-break space in one): what each may have given, so that no unit is told it has "no
// rows for" a criterion whose row is among them. A row whose unit or criterion is unknown may
// have been any unit's or any criterion's row.
struct rejected_rows {
  std::map<std::string, std::vector<std::string>, std::less<>> codes;  // unit: codes
  std::set<std::string, std::less<>> any_code;                         // units
  std::vector<std::string> any_unit;                                   // codes
  bool anything = false;                                               // neither known

  void add(const std::string& unit, const std::string& code, const criterion_tree& tree) {
    const bool known_code = !code.empty() && tree.find(code);
    if (!unit.empty() && known_code)
      codes[unit].push_back(code);
    else if (!unit.empty())
      any_code.insert(unit);
    else if (known_code)
      any_unit.push_back(code);
    else
      anything = true;
  }
};

// A leaf the header has no column for is missing from every row: said once, at the header,
// with the number of units it leaves without points.
void report_uncovered(const criterion_tree& tree, const std::vector<std::size_t>& uncovered,
                      const std::vector<std::size_t>& units_needing, const file_name_ptr& file,
                      diagnostics& diag) {
  std::vector<std::size_t> leaves;
  std::size_t units = 0;
  for (std::size_t k = 0; k < uncovered.size(); ++k)
    if (units_needing[k] > 0) {
      leaves.push_back(uncovered[k]);
      units = std::max(units, units_needing[k]);
    }
  if (leaves.empty()) return;
  std::string codes;
  for (std::size_t k = 0; k < leaves.size() && k < 10; ++k)
    codes += (codes.empty() ? "" : ", ") + tree[leaves[k]].code;
  if (leaves.size() > 10) codes += ", … (" + std::to_string(leaves.size()) + " in all)";
  const auto n = std::to_string(units);
  const std::string code = leaves.size() == 1 ? tree[leaves.front()].code : "";
  if (leaves.size() == 1)
    diag.add("csv-missing-criterion-column", {file, 1, 1},
             "header: no column for criterion '" + codes + "' (units without its points: " + n +
                 "): add the column, or read the file with --missing zero to score it 0, or "
                 "--missing unknown if it was not published",
             "", code);
  else
    diag.add("csv-missing-criterion-column", {file, 1, 1},
             "header: no column for criteria " + codes + " (units without their points: " + n +
                 "): add the columns, or read the file with --missing zero to score them 0, or "
                 "--missing unknown if they were not published",
             "", code);
}

}  // namespace

std::optional<csv_dialect> parse_csv_dialect(std::string_view name) {
  using s = csv_separator;
  using d = csv_decimal;
  if (name == "auto") return csv_dialect{s::automatic, d::automatic};
  if (name == "comma") return csv_dialect{s::comma, d::point};
  if (name == "semicolon") return csv_dialect{s::semicolon, d::comma};
  if (name == "semicolon-decimal-point") return csv_dialect{s::semicolon, d::point};
  if (name == "tab") return csv_dialect{s::tab, d::point};
  if (name == "tab-decimal-comma") return csv_dialect{s::tab, d::comma};
  return std::nullopt;
}

unit_set parse_units_csv(std::string_view text, std::string file_name, const criterion_tree& tree,
                         const csv_options& options, const progress_callback& progress) {
  check_csv_year(options, tree, file_name);
  diagnostics diag;
  const auto file = std::make_shared<const std::string>(std::move(file_name));
  text = detail::check_text_encoding(text, file, {"csv-utf16", "csv-not-utf8"}, save_as_utf8);
  detail::check_line_endings(text, file, "csv-cr-line-endings", save_as_utf8);
  csv_reader in(text, file, resolve_dialect(text, options.dialect), diag);
  const auto h = read_header(in, tree, diag);
  unit_set set{tree.info().id, options.year, options.stage, {}, {}};
  struct first_row {
    std::size_t sheet;
    std::string as_written;
  };
  std::map<std::string, first_row> sheet_of;
  std::map<std::size_t, std::vector<std::string>> unreadable;  // per sheet: values not read
  // Wide form: leaves the header has no column for, and leaves a group is not scored on.
  const auto uncovered = h.long_form ? std::vector<std::size_t>{} : uncovered_leaves(tree, h);
  note_uncovered(tree, uncovered, options.missing, in);
  std::vector<std::size_t> units_needing(uncovered.size(), 0);
  const bool by_group = has_group_applicability(tree);
  std::map<std::string, std::vector<bool>, std::less<>> excluded_by_group;
  detail::progress_reporter report(progress, text.size());
  decimal_mark_tally marks;
  bool empty_points = false;  // long form: an empty points cell read as no row
  const auto known_groups = declared_unit_groups(tree, options);
  const bool with_bands = !options.groups.empty();
  row fields;
  rejected_rows rejected;
  while (in.next(fields)) {
    report.at(in.offset());
    const auto unit = row_unit(fields, h, in, diag);
    if (!unit) {
      if (h.long_form) rejected.add(salvage(fields, h.unit), salvage(fields, h.code), tree);
      continue;
    }
    const auto line = fields.front().line;
    // An id with a no-break space (csv-nbsp, reported) would start a unit of its own, missing
    // every other criterion: the row is rejected instead, as the unit it was meant for.
    if (h.long_form && unit->id.find(nbsp) != std::string::npos) {
      rejected.add(without_nbsp(unit->id), salvage(fields, h.code), tree);
      continue;
    }
    auto [it, inserted] =
        sheet_of.try_emplace(unit->id, first_row{set.sheets.size(), unit->as_written});
    if (inserted) {
      score_sheet sheet;
      sheet.criteria = tree.info().id;
      sheet.unit.id = unit->id;
      sheet.year = options.year;
      sheet.stage = options.stage;
      sheet.missing = options.missing;
      sheet.where = {in.file(), line, 1};
      set.sheets.push_back(std::move(sheet));
    } else if (!h.long_form) {
      diag.add("csv-duplicate-unit", in.where(fields[h.unit]),
               second_row_message(unit->id, set.sheets[it->second.sheet].where.line,
                                  it->second.as_written, unit->as_written),
               unit->id);
      continue;
    }
    const auto sheet_index = it->second.sheet;  // a lambda below cannot capture `it` (clang 14)
    auto& sheet = set.sheets[sheet_index];
    read_attributes(fields, in, h.attributes, sheet.unit, sheet.where.line, inserted, diag,
                    known_groups, with_bands);
    const auto add_cell = [&](const field& cell, const std::string& code,
                              const source_location& where) {
      const auto value = in.trim(cell);
      if (value == "n/a") {
        sheet.not_applicable.push_back({code, where});
      } else if (auto points = read_points(value, in.where(cell), diag, in.dialect(), unit->id,
                                           code, marks)) {
        sheet.points.push_back({code, *points, where});
      } else {
        unreadable[sheet_index].push_back(code);
      }
    };
    if (h.long_form) {
      const auto& code_field = fields[h.code];
      const auto code = in.identifier(code_field, "criterion code");
      const auto& points_field = fields[h.points];
      if (code.empty()) {
        diag.add("csv-empty-code", in.where(code_field), "row: empty criterion code", unit->id);
        rejected.add(unit->id, "", tree);
      } else if (code.find(nbsp) != std::string::npos) {
        rejected.add(unit->id, without_nbsp(code), tree);  // csv-nbsp, reported
      } else if (!csv_reader::is_blank(points_field)) {
        add_cell(points_field, code, in.where(code_field));
      } else if (options.missing == missing_policy::error) {
        // What pandas.melt writes for a blank cell of a wide sheet.
        diag.add("csv-empty-cell", in.where(points_field),
                 "unit '" + unit->id + "', criterion '" + code +
                     "': empty points cell: write its points, n/a if it does not apply, or "
                     "delete the row (--missing zero reads empty cells as 0, --missing unknown "
                     "as not published)",
                 unit->id, code);
        unreadable[sheet_index].push_back(code);
      } else if (tree.find(code)) {
        empty_points = true;  // read as the row were not there: counted in the rows' note
      } else {
        // Refused by check_sheet() as any row with this code is; the value is never read.
        sheet.points.push_back({code, decimal{}, in.where(code_field)});
      }
    } else {
      const std::vector<bool>* excluded = nullptr;
      if (by_group) {
        auto g = excluded_by_group.find(sheet.unit.group);
        if (g == excluded_by_group.end())
          g = excluded_by_group
                  .emplace(sheet.unit.group, not_applicable_to_group(tree, sheet.unit.group))
                  .first;
        excluded = &g->second;
      }
      std::vector<std::size_t> empty;
      source_location first_empty;
      for (const auto& [c, node] : h.leaves) {
        if (!csv_reader::is_blank(fields[c])) {
          add_cell(fields[c], tree[node].code, in.where(fields[c]));
        } else if (options.missing != missing_policy::error) {
          if (!(excluded && (*excluded)[node]))
            in.empty_read_as(options.missing, unit->id, tree[node].code, fields[c]);
        } else if (!(excluded && (*excluded)[node])) {
          if (empty.empty()) first_empty = in.where(fields[c]);
          empty.push_back(node);
          // Reported here, at the cell: not also as the sheet's missing points.
          unreadable[sheet_index].push_back(tree[node].code);
        }
      }
      if (!empty.empty())
        diag.add("csv-empty-cell", first_empty,
                 "unit '" + unit->id + "': " + empty_cells_message(tree, empty), unit->id,
                 tree[empty.front()].code);
      if (options.missing == missing_policy::error)
        for (std::size_t k = 0; k < uncovered.size(); ++k) {
          if (excluded && (*excluded)[uncovered[k]]) continue;
          ++units_needing[k];
          unreadable[sheet_index].push_back(tree[uncovered[k]].code);
        }
      detail::read_printed_row(
          h.printed,
          [&](std::size_t c) { return std::pair(in.trim(fields[c]), in.where(fields[c])); },
          unit->id, sheet.where, sheet.printed, diag);
    }
  }
  marks.finish(diag);
  report_uncovered(tree, uncovered, units_needing, in.file(), diag);
  for (std::size_t k = 0; k < set.sheets.size(); ++k) {
    // A rejected row may be the one a missing criterion's points were on: it is reported, a
    // "no rows for" it would point away from it.
    const auto& id = set.sheets[k].unit.id;
    const auto& sheet = set.sheets[k];
    auto& given = unreadable[k];
    // Only for a criterion the unit has no row for: one it has is no "points twice".
    const auto add = [&](const std::string& code) {
      const auto named = [&](const auto& entry) { return entry.code == code; };
      if (std::none_of(sheet.points.begin(), sheet.points.end(), named) &&
          std::none_of(sheet.not_applicable.begin(), sheet.not_applicable.end(), named))
        given.push_back(code);
    };
    if (const auto r = rejected.codes.find(id); r != rejected.codes.end())
      std::for_each(r->second.begin(), r->second.end(), add);
    std::for_each(rejected.any_unit.begin(), rejected.any_unit.end(), add);
    const bool check_missing = !rejected.anything && !rejected.any_code.contains(id);
    detail::check_sheet(set.sheets[k], tree, diag, check_missing, given, h.long_form);
  }
  // A header alone would rank nothing and compare every unit of the other year as gone (rows
  // that were refused are reported already).
  if (set.sheets.empty() && diag.empty())
    diag.add("csv-no-units", {in.file(), 1, 1}, "CSV file has a header but no unit rows");
  report.finish();
  diag.throw_if_any();
  set.notes = in.notes(options.dialect);
  if (h.long_form) note_missing_rows(tree, set.sheets, options.missing, empty_points, set.notes);
  return set;
}

// The fast reader (csv_matrix_reader.hpp) reads ',' with decimal points: another dialect, and a
// tree that applies criteria by group, need the reference reader's checks. (The fast reader
// itself declines what the reference reader would report or note: an undeclared unit group,
// text that is not UTF-8, no-break spaces at a field's ends or in an id or group.)
bool fast_path_allowed(const criterion_tree& tree, const csv_options& options) {
  const auto sep = options.dialect.separator;
  const auto mark = options.dialect.decimal;
  return (sep == csv_separator::automatic || sep == csv_separator::comma) &&
         (mark == csv_decimal::automatic || mark == csv_decimal::point) &&
         !has_group_applicability(tree);
}

// Its header line is checked here by the reference reader's own code, so that the dialect, the
// columns and the notes are the ones parse_units_csv() finds.
std::optional<unit_matrix> detail::read_long_form_direct(const detail::csv_bytes& bytes,
                                                         const std::string& file_name,
                                                         const criterion_tree& tree,
                                                         const csv_options& options,
                                                         const progress_callback& progress) {
  detail::csv_chunk buffer;
  std::string header;
  for (std::size_t want = 4096;; want *= 2) {
    const auto head = bytes.read(0, want, buffer);
    if (head.empty()) return std::nullopt;
    if (const auto nl = head.find('\n'); nl != std::string_view::npos) {
      header.assign(head.substr(0, nl + 1));
      break;
    }
    if (head.size() >= bytes.size()) return std::nullopt;  // a header without rows
  }
  if (header.find('"') != std::string::npos) return std::nullopt;
  try {
    diagnostics diag;
    const auto file = std::make_shared<const std::string>(file_name);
    const auto text =
        detail::check_text_encoding(header, file, {"csv-utf16", "csv-not-utf8"}, save_as_utf8);
    if (text.starts_with("\n") || text.starts_with("\r\n")) return std::nullopt;
    csv_reader in(text, file, resolve_dialect(text, options.dialect), diag);
    const auto h = read_header(in, tree, diag);
    if (!h.long_form || !diag.empty()) return std::nullopt;
    detail::long_form_layout layout;
    layout.separator = in.dialect().separator;
    layout.decimal_mark = in.dialect().decimal;
    layout.columns.assign(h.named_width, detail::long_column::ignored);
    layout.columns.at(h.unit) = detail::long_column::unit;
    layout.columns.at(h.code) = detail::long_column::code;
    layout.columns.at(h.points) = detail::long_column::points;
    if (h.attributes.name) layout.columns.at(*h.attributes.name) = detail::long_column::name;
    if (h.attributes.group) layout.columns.at(*h.attributes.group) = detail::long_column::group;
    if (h.attributes.ranked) layout.columns.at(*h.attributes.ranked) = detail::long_column::ranked;
    auto m = detail::read_long_matrix_fast(bytes, header.size(), layout, tree, options, progress);
    // A row that would add a note declines: the header's notes, then the pairs without a row.
    if (m) {
      auto notes = in.notes(options.dialect);
      notes.insert(notes.end(), m->notes().begin(), m->notes().end());
      m->set_notes(std::move(notes));
    }
    return m;
  } catch (const input_error&) {
    return std::nullopt;  // the reference reader reports it, with the rest
  }
}

namespace {

// The reference reader: every row checked and every problem reported with its position.
unit_matrix read_unit_matrix_by_rows(std::string_view text, std::string file_name,
                                     const criterion_tree& tree, const csv_options& options,
                                     const progress_callback& progress) {
  diagnostics diag;
  const auto file = std::make_shared<const std::string>(file_name);
  text = detail::check_text_encoding(text, file, {"csv-utf16", "csv-not-utf8"}, save_as_utf8);
  detail::check_line_endings(text, file, "csv-cr-line-endings", save_as_utf8);
  csv_reader in(text, file, resolve_dialect(text, options.dialect), diag);
  const auto h = read_header(in, tree, diag);
  if (h.long_form) {
    // A long-form file the direct reader declined (a problem, or what it leaves to this
    // reader) goes through the sheets, whose checks report it as parse_units_csv() does.
    diag.throw_if_any();
    const auto set = parse_units_csv(text, std::move(file_name), tree, options, progress);
    auto m = unit_matrix::from_sheets(tree, set.sheets);
    m.set_notes(set.notes);
    return m;
  }
  // Rows go straight into row-major cells; the matrix is built once their number is known.
  const auto leaves = tree.leaves().size();
  std::vector<std::uint32_t> column_of(tree.size(), 0);
  for (std::size_t c = 0; c < leaves; ++c)
    column_of[tree.leaves()[c]] = static_cast<std::uint32_t>(c);
  const int scale = tree.info().decimals;
  std::vector<unit_info> units;
  std::vector<std::int32_t> cells;
  std::vector<std::vector<cell_state>> states;  // per unit whose leaves are not all known
  std::vector<std::size_t> state_owner;
  std::unordered_map<std::string, std::pair<std::uint32_t, std::string>> line_of;
  std::vector<cell_state> row_states(leaves);
  std::vector<std::size_t> missing;
  source_location first_empty;
  const auto uncovered = uncovered_leaves(tree, h);
  note_uncovered(tree, uncovered, options.missing, in);
  std::vector<std::size_t> units_needing(uncovered.size(), 0);
  // Leaves a unit's group is not scored on (`groups:` / `not_groups:`), per group.
  const bool by_group = has_group_applicability(tree);
  std::map<std::string, std::vector<bool>, std::less<>> excluded_by_group;
  detail::progress_reporter report(progress, text.size());
  decimal_mark_tally marks;
  const auto known_groups = declared_unit_groups(tree, options);
  const bool with_bands = !options.groups.empty();
  row fields;
  while (in.next(fields)) {
    report.at(in.offset());
    const auto unit = row_unit(fields, h, in, diag);
    if (!unit) continue;
    const auto line = fields.front().line;
    if (const auto [it, inserted] =
            line_of.try_emplace(unit->id, std::pair(line, unit->as_written));
        !inserted) {
      diag.add("csv-duplicate-unit", in.where(fields[h.unit]),
               second_row_message(unit->id, it->second.first, it->second.second, unit->as_written),
               unit->id);
      continue;
    }
    unit_info info;
    info.id = unit->id;
    read_attributes(fields, in, h.attributes, info, line, true, diag, known_groups, with_bands);
    const std::vector<bool>* excluded = nullptr;
    if (by_group) {
      if (info.group.empty())
        diag.add("unit-group-missing", {in.file(), line, 1},
                 detail::missing_group_message(tree, unit->id), unit->id);
      auto it = excluded_by_group.find(info.group);
      if (it == excluded_by_group.end())
        it = excluded_by_group.emplace(info.group, not_applicable_to_group(tree, info.group)).first;
      excluded = &it->second;
    }
    const auto base = cells.size();
    cells.resize(base + leaves, 0);
    std::fill(row_states.begin(), row_states.end(), cell_state::known);
    missing.clear();
    for (const auto& [c, node] : h.leaves) {
      const auto column = column_of[node];
      const auto value = in.trim(fields[c]);
      if (excluded && (*excluded)[node]) {
        row_states[column] = cell_state::not_applicable;
        if (!value.empty() && value != "n/a")
          diag.add("not-applicable-to-group", in.where(fields[c]),
                   detail::group_exclusion_message(tree, node, info.group), unit->id,
                   tree[node].code);
        continue;
      }
      if (value.empty()) {
        if (options.missing == missing_policy::error) {
          if (missing.empty()) first_empty = in.where(fields[c]);
          missing.push_back(node);
        }
        if (options.missing == missing_policy::unknown) row_states[column] = cell_state::unknown;
        if (options.missing != missing_policy::error)
          in.empty_read_as(options.missing, unit->id, tree[node].code, fields[c]);
        continue;
      }
      if (value == "n/a") {
        row_states[column] = cell_state::not_applicable;
        continue;
      }
      // The common case without building a source position per cell.
      const auto& leaf = tree[node];
      if (const auto fast = parse_number(value, in.dialect().decimal);
          fast && *fast >= leaf.min && (!leaf.max || *fast <= *leaf.max)) {
        if (const auto cell = detail::scaled_cell(*fast, scale)) {
          cells[base + column] = *cell;
          continue;
        }
      }
      const auto where = in.where(fields[c]);
      const auto points = read_points(value, where, diag, in.dialect(), unit->id, leaf.code, marks);
      // Reported where it was read: not also "no points" (a second, wrong piece of advice).
      if (!points) continue;
      if (!detail::check_leaf_points(tree, node, *points, where, diag)) continue;
      if (const auto cell = detail::scaled_cell(*points, scale))
        cells[base + column] = *cell;
      else
        diag.add("csv-cell-range", where,
                 "criterion '" + leaf.code + "': points " + points->to_string() +
                     " do not fit a 32-bit cell at " + std::to_string(scale) + " decimals",
                 unit->id, leaf.code);
    }
    // A leaf without a column is missing from every row (reported once, after the rows).
    for (std::size_t k = 0; k < uncovered.size(); ++k) {
      const auto node = uncovered[k];
      if (excluded && (*excluded)[node]) {
        row_states[column_of[node]] = cell_state::not_applicable;
        continue;
      }
      if (options.missing == missing_policy::error) ++units_needing[k];
      if (options.missing == missing_policy::unknown)
        row_states[column_of[node]] = cell_state::unknown;
    }
    if (!missing.empty())
      diag.add("csv-empty-cell", first_empty,
               "unit '" + unit->id + "': " + empty_cells_message(tree, missing), unit->id,
               tree[missing.front()].code);
    if (std::any_of(row_states.begin(), row_states.end(),
                    [](cell_state s) { return s != cell_state::known; })) {
      states.push_back(row_states);
      state_owner.push_back(units.size());
    }
    units.push_back(std::move(info));
  }
  marks.finish(diag);
  report_uncovered(tree, uncovered, units_needing, in.file(), diag);
  if (units.empty() && diag.empty())
    diag.add("csv-no-units", {in.file(), 1, 1}, "CSV file has a header but no unit rows");
  report.finish();
  diag.throw_if_any();
  unit_matrix m(tree, std::move(units));
  auto& out = m.cells();
  for (Eigen::Index c = 0; c < out.cols(); ++c)
    for (Eigen::Index u = 0; u < out.rows(); ++u)
      out(u, c) = cells[static_cast<std::size_t>(u) * leaves + static_cast<std::size_t>(c)];
  for (std::size_t k = 0; k < states.size(); ++k)
    m.set_states(state_owner[k], std::move(states[k]));
  m.set_notes(in.notes(options.dialect));
  return m;
}

}  // namespace

unit_matrix parse_unit_matrix_csv(std::string_view text, std::string file_name,
                                  const criterion_tree& tree, const csv_options& options,
                                  const progress_callback& progress) {
  check_csv_year(options, tree, file_name);
  // Well-formed files at disk speed; anything else (and every problem) row by row.
  const detail::csv_bytes bytes(text);
  if (fast_path_allowed(tree, options))
    if (auto fast = detail::read_unit_matrix_fast(bytes, tree, options, {}, progress))
      return std::move(*fast);
  if (auto direct = detail::read_long_form_direct(bytes, file_name, tree, options, progress))
    return std::move(*direct);
  return read_unit_matrix_by_rows(text, std::move(file_name), tree, options, progress);
}

unit_matrix load_unit_matrix_csv(const std::filesystem::path& file, const criterion_tree& tree,
                                 const csv_options& options, const progress_callback& progress) {
  // The file is read in chunks: memory holds the matrix, not the file's text.
  check_csv_year(options, tree, file.string());
  std::optional<detail::csv_bytes> bytes;
  try {
    bytes.emplace(file);
  } catch (const std::filesystem::filesystem_error&) {  // read_file() reports it
  }
  if (bytes && fast_path_allowed(tree, options))
    if (auto fast = detail::read_unit_matrix_fast(*bytes, tree, options, {}, progress))
      return std::move(*fast);
  if (bytes)
    if (auto direct = detail::read_long_form_direct(*bytes, file.string(), tree, options, progress))
      return std::move(*direct);
  return read_unit_matrix_by_rows(detail::read_file(file), file.string(), tree, options, progress);
}

unit_set load_units_csv(const std::filesystem::path& file, const criterion_tree& tree,
                        const csv_options& options, const progress_callback& progress) {
  return parse_units_csv(detail::read_file(file), file.string(), tree, options, progress);
}

namespace {
// Editors and Windows save YAML as .yml or .YAML as often as .yaml: skipping those would drop
// units from a ranking without a word.
bool is_yaml_name(const std::filesystem::path& file) {
  auto ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".yaml" || ext == ".yml";
}

// The directory's sheet files, in file-name order, and a note of the hidden ones left out.
struct sheet_listing {
  std::vector<std::filesystem::path> files;
  std::vector<std::string> notes;
};

sheet_listing sheet_files(const std::filesystem::path& directory) {
  // The error_code overloads: an unreadable directory is bad input, not a filesystem_error.
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error))
    throw input_error("units-not-a-directory",
                      {std::make_shared<const std::string>(directory.string()), 0, 0},
                      "not a directory of score sheets");
  sheet_listing out;
  std::vector<std::string> hidden;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file(error) || !is_yaml_name(it->path())) continue;
    // Files whose names start with '.' are other programs' (macOS writes `._name.yaml` beside
    // each file it copies to a USB stick, editors their locks): read as sheets they fail as
    // binary or as a second sheet of a unit. Left out, and said.
    if (it->path().filename().string().starts_with('.'))
      hidden.push_back(it->path().filename().string());
    else
      out.files.push_back(it->path());
  }
  if (error)
    throw input_error("cannot-open-file",
                      {std::make_shared<const std::string>(directory.string()), 0, 0},
                      "cannot read the directory: " + error.message());
  std::sort(out.files.begin(), out.files.end());
  std::sort(hidden.begin(), hidden.end());
  if (!hidden.empty())
    out.notes.push_back("skipped " + std::to_string(hidden.size()) + " hidden file" +
                        (hidden.size() == 1 ? "" : "s") + " ('" + hidden.front() + "'" +
                        (hidden.size() == 1 ? "" : ", …") +
                        "): a name starting with '.' is another program's file, not a sheet");
  return out;
}

struct year_and_stage {
  int year = 0;
  scoring_stage stage = scoring_stage::final;
};

// Reads `files` one by one and hands each sheet to `take(k, sheet)` (k: the file's index) before
// the next is read, so that a caller keeps what it needs of a sheet and not the sheet. The
// sheets must share the first one's year and stage and have distinct unit ids; the problems of
// all files (and what `take` throws as input_error) are thrown together at the end.
template <class Take>
year_and_stage read_sheets(const std::filesystem::path& directory,
                           const std::vector<std::filesystem::path>& files,
                           const criterion_tree& tree, const progress_callback& progress,
                           Take&& take) {
  diagnostics diag;
  std::optional<year_and_stage> first;
  std::map<std::string, std::string> file_of_unit;
  // Sheets of a year the tree lacks are reported once per message (the message names the year,
  // not the unit), at the first sheet, counting the others: 30 sheets of an old year would
  // otherwise print 30 identical lines (a CSV says it once).
  std::vector<std::pair<diagnostic, std::size_t>> off_year;
  detail::progress_reporter report(progress, files.size());
  for (std::size_t k = 0; k < files.size(); ++k) {
    const auto& f = files[k];
    report.at(k);
    try {
      auto sheet = load_sheet(f, tree);
      if (!first) {
        first = year_and_stage{sheet.year, sheet.stage};
      } else if (sheet.year != first->year || sheet.stage != first->stage) {
        diag.add("units-year-differs", sheet.where,
                 "sheet of unit '" + sheet.unit.id + "' is for " + std::to_string(sheet.year) +
                     " " + std::string(to_string(sheet.stage)) + ", the others for " +
                     std::to_string(first->year) + " " + std::string(to_string(first->stage)));
      }
      if (const auto [it, inserted] = file_of_unit.emplace(sheet.unit.id, f.string()); !inserted)
        diag.add("units-duplicate-sheet", sheet.where,
                 "unit '" + sheet.unit.id + "' already has a sheet: " + it->second, sheet.unit.id);
      take(k, std::move(sheet));
    } catch (const input_error& e) {
      for (const auto& d : e.diagnostics()) {
        if (d.code != "year-not-in-tree") {
          diag.add(d.code, d.where, d.message, d.unit, d.criterion);
          continue;
        }
        const auto same = std::find_if(off_year.begin(), off_year.end(),
                                       [&](const auto& o) { return o.first.message == d.message; });
        if (same == off_year.end())
          off_year.emplace_back(d, 0);
        else
          ++same->second;
      }
    }
  }
  for (const auto& [d, more] : off_year)
    diag.add("year-not-in-tree", d.where,
             more == 0 ? d.message
                       : d.message + "; " + std::to_string(more) +
                             (more == 1 ? " more sheet of the directory is"
                                        : " more sheets of the directory are") +
                             " for that year too",
             d.unit, d.criterion);
  report.finish();
  if (files.empty())
    diag.add("units-no-sheets", {std::make_shared<const std::string>(directory.string()), 0, 0},
             "no *.yaml or *.yml score sheets in the directory");
  diag.throw_if_any();
  return first.value_or(year_and_stage{});
}

}  // namespace

unit_set load_sheet_directory(const std::filesystem::path& directory, const criterion_tree& tree,
                              const progress_callback& progress) {
  auto listing = sheet_files(directory);
  const auto& files = listing.files;
  unit_set set{tree.info().id, 0, scoring_stage::final, {}, std::move(listing.notes)};
  const auto read = read_sheets(
      directory, files, tree, progress,
      [&](std::size_t, score_sheet&& sheet) { set.sheets.push_back(std::move(sheet)); });
  set.year = read.year;
  set.stage = read.stage;
  return set;
}

sheet_directory_matrix load_sheet_directory_matrix(const std::filesystem::path& directory,
                                                   const criterion_tree& tree,
                                                   const progress_callback& progress) {
  auto listing = sheet_files(directory);
  auto& files = listing.files;
  // Each file gives its row, or the whole load fails: the rows can be laid out before reading.
  unit_matrix m(tree, std::vector<unit_info>(files.size()));
  std::vector<printed_mismatch> printed;
  const auto read =
      read_sheets(directory, files, tree, progress, [&](std::size_t k, score_sheet&& sheet) {
        m.set_unit(k, sheet);
        if (sheet.printed.figures.empty()) return;
        auto found = check_printed(tree, sheet, score(tree, sheet));
        printed.insert(printed.end(), std::make_move_iterator(found.begin()),
                       std::make_move_iterator(found.end()));
      });
  m.set_notes(std::move(listing.notes));
  return {std::move(m), read.year, read.stage, std::move(files), std::move(printed)};
}

}  // namespace chiso
