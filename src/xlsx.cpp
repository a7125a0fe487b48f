#include "chiso/xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "chiso/error.hpp"
#include "chiso/messages.hpp"

namespace chiso {
namespace {

// A cell of a numeric column as Excel wants it: the value and the decimals it was printed with.
struct printed_number {
  double value = 0;
  int decimals = 0;
};

// Cells that say "no value" in every view; they stay text in a numeric column.
bool is_placeholder(std::string_view text) {
  return text.empty() || text == "?" || text == "n/a" || text == "–" || text == "-";
}

printed_number parse_printed(const std::string& text) {
  std::string number = text;
  if (!number.empty() && number.back() == '%') number.pop_back();
  int decimals = 0;
  bool separator = false, digit = false;
  for (std::size_t i = 0; i < number.size(); ++i) {
    char& c = number[i];
    if (c >= '0' && c <= '9') {
      digit = true;
      if (separator) ++decimals;
    } else if ((c == ',' || c == '.') && !separator) {
      separator = true;
      c = '.';
    } else if ((c == '-' || c == '+') && i == 0) {
      continue;
    } else {
      digit = false;
      break;
    }
  }
  printed_number out;
  const char* first = number.data() + (number.starts_with('+') ? 1 : 0);
  const auto [end, ec] = std::from_chars(first, number.data() + number.size(), out.value);
  if (!digit || ec != std::errc() || end != number.data() + number.size())
    throw usage_error("write_xlsx: numeric cell '" + text + "' is not a plain number");
  out.decimals = decimals;
  return out;
}

std::string sheet_name(std::string name, std::vector<std::string>& used) {
  for (char& c : name)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
  if (name.empty()) name = "Sheet";
  // Excel allows 31 characters (UTF-16 units; a Vietnamese letter is one): cut at a code point.
  const auto cut = [](std::string s, std::size_t limit) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto byte = static_cast<unsigned char>(s[i]);
      if ((byte & 0xC0) == 0x80) continue;
      if (units + (byte >= 0xF0 ? 2U : 1U) > limit) return s.substr(0, i);
      units += byte >= 0xF0 ? 2U : 1U;
    }
    return s;
  };
  std::string candidate = cut(name, 31);
  for (int k = 2; std::find(used.begin(), used.end(), candidate) != used.end(); ++k) {
    const std::string suffix = " (" + std::to_string(k) + ")";
    candidate = cut(name, 31 - suffix.size()) + suffix;
  }
  used.push_back(candidate);
  return candidate;
}

std::size_t column_index(const table& t, const std::string& key) {
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c].key == key) return c;
  throw usage_error("write_xlsx: the chart names column '" + key + "', which the table '" +
                    t.title + "' does not have");
}

// Band colours: distinguishable, printable in grey scale, in the order bands first appear.
constexpr lxw_color_t palette[] = {0x2E7D32, 0x1565C0, 0xF9A825, 0xC62828,
                                   0x6A1B9A, 0x00838F, 0x8D6E63, 0x546E7A};

class writer {
 public:
  explicit writer(const std::filesystem::path& file) : file_(file.string()) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = nullptr;
    options.use_zip64 = LXW_FALSE;
    book_ = workbook_new_opt(file_.c_str(), &options);
    if (!book_) throw error(file_ + ": cannot create the workbook");
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    header_ = workbook_add_format(book_);
    format_set_bold(header_);
    format_set_text_wrap(header_);
    format_set_bg_color(header_, 0xE8EEF4);
    format_set_border(header_, LXW_BORDER_THIN);
    text_ = workbook_add_format(book_);
    format_set_num_format(text_, "@");
  }
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;
  ~writer() {
    // Only when an exception left the workbook open: no half-written file is left behind.
    if (!book_) return;
    workbook_close(book_);
    std::error_code ignored;
    std::filesystem::remove(file_, ignored);
  }

  void add(const xlsx_sheet& sheet) {
    const auto name = sheet_name(sheet.name, used_);
    lxw_worksheet* ws = workbook_add_worksheet(book_, name.c_str());
    const table& t = sheet.content;
    const auto n_rows = static_cast<lxw_row_t>(t.rows.size());
    const auto n_cols = static_cast<lxw_col_t>(t.columns.size());
    worksheet_write_string(ws, 0, 0, t.title.c_str(), bold_);
    for (lxw_col_t c = 0; c < n_cols; ++c) {
      worksheet_write_string(ws, 1, c, t.columns[c].title.c_str(), header_);
      std::size_t width = t.columns[c].title.size();
      for (const auto& row : t.rows) width = std::max(width, row[c].size());
      worksheet_set_column(ws, c, c, std::clamp(static_cast<double>(width) * 0.9, 6.0, 60.0),
                           nullptr);
    }
    for (lxw_row_t r = 0; r < n_rows; ++r)
      for (lxw_col_t c = 0; c < n_cols; ++c) {
        const std::string& cell = t.rows[r][c];
        if (t.columns[c].numeric && !is_placeholder(cell)) {
          const auto number = parse_printed(cell);
          worksheet_write_number(ws, r + 2, c, number.value, number_format(number.decimals));
        } else {
          worksheet_write_string(ws, r + 2, c, cell.c_str(), text_);
        }
      }
    worksheet_freeze_panes(ws, 2, 0);
    if (n_cols > 0) worksheet_autofilter(ws, 1, 0, static_cast<lxw_row_t>(1 + n_rows), n_cols - 1);
    lxw_row_t chart_row = 1;
    for (const auto& chart : sheet.charts) {
      add_chart(ws, name, t, chart, chart_row, n_cols + 1);
      chart_row += 22;
    }
    for (const auto& note : t.notes) notes_.push_back({name, note});
  }

  void close(const std::vector<std::string>& notes, language lang) {
    if (!notes.empty() || !notes_.empty()) {
      const std::string notes_title(translate("Ghi chú", lang));
      const auto name = sheet_name(notes_title, used_);
      lxw_worksheet* ws = workbook_add_worksheet(book_, name.c_str());
      worksheet_set_column(ws, 0, 0, 24, nullptr);
      worksheet_set_column(ws, 1, 1, 120, nullptr);
      worksheet_write_string(ws, 0, 0, std::string(translate("Trang tính", lang)).c_str(), header_);
      worksheet_write_string(ws, 0, 1, notes_title.c_str(), header_);
      lxw_row_t row = 1;
      for (const auto& note : notes) worksheet_write_string(ws, row++, 1, note.c_str(), text_);
      for (const auto& [sheet, note] : notes_) {
        // A note of the whole workbook (the rounding rule) is not repeated for one sheet.
        if (std::find(notes.begin(), notes.end(), note) != notes.end()) continue;
        worksheet_write_string(ws, row, 0, sheet.c_str(), text_);
        worksheet_write_string(ws, row++, 1, note.c_str(), text_);
      }
      worksheet_freeze_panes(ws, 1, 0);
    }
    lxw_workbook* book = book_;
    book_ = nullptr;
    const lxw_error status = workbook_close(book);
    if (status != LXW_NO_ERROR)
      throw error(file_ + ": cannot write the workbook: " + lxw_strerror(status));
  }

 private:
  lxw_format* number_format(int decimals) {
    auto& f = number_formats_[decimals];
    if (!f) {
      f = workbook_add_format(book_);
      const std::string code =
          decimals == 0 ? "0" : "0." + std::string(static_cast<std::size_t>(decimals), '0');
      format_set_num_format(f, code.c_str());
    }
    return f;
  }

  void add_chart(lxw_worksheet* ws, const std::string& sheet, const table& t,
                 const xlsx_chart& spec, lxw_row_t at_row, lxw_col_t at_col) {
    const auto category = static_cast<lxw_col_t>(column_index(t, spec.category_column));
    const auto value = static_cast<lxw_col_t>(column_index(t, spec.value_column));
    if (t.rows.empty()) return;
    lxw_chart* chart = workbook_add_chart(
        book_, spec.type == xlsx_chart::kind::bar ? LXW_CHART_BAR : LXW_CHART_COLUMN);
    const auto last = static_cast<lxw_row_t>(t.rows.size() + 1);
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, sheet.c_str(), 2, category, last, category);
    chart_series_set_values(series, sheet.c_str(), 2, value, last, value);
    chart_series_set_name(series, t.columns[value].title.c_str());
    chart_title_set_name(chart, spec.title.c_str());
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    if (!spec.value_axis_title.empty())
      chart_axis_set_name(chart->y_axis, spec.value_axis_title.c_str());
    if (spec.type == xlsx_chart::kind::bar) chart_axis_set_reverse(chart->x_axis);
    if (!spec.colour_column.empty()) {
      const auto colour = column_index(t, spec.colour_column);
      std::map<std::string, lxw_color_t> colours;
      std::vector<lxw_chart_fill> fills(t.rows.size());
      std::vector<lxw_chart_point> points(t.rows.size());
      std::vector<lxw_chart_point*> list;
      for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& key = t.rows[r][colour];
        const auto it = colours.try_emplace(key, palette[colours.size() % std::size(palette)]);
        fills[r].color = it.first->second;
        points[r].fill = &fills[r];
        list.push_back(&points[r]);
      }
      list.push_back(nullptr);
      chart_series_set_points(series, list.data());  // libxlsxwriter copies the points
    }
    worksheet_insert_chart(ws, at_row, at_col, chart);
  }

  std::string file_;
  lxw_workbook* book_ = nullptr;
  lxw_format* bold_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* text_ = nullptr;
  std::map<int, lxw_format*> number_formats_;  // owned by the workbook
  std::vector<std::string> used_;
  std::vector<std::pair<std::string, std::string>> notes_;
};

}  // namespace

void write_xlsx(const std::filesystem::path& file, const xlsx_workbook& book) {
  writer w(file);
  for (const auto& sheet : book.sheets) w.add(sheet);
  w.close(book.notes, book.lang);
}

}  // namespace chiso
