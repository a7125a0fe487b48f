#include "chiso/table.hpp"

#include <algorithm>

#include "chiso/error.hpp"
#include "chiso/format.hpp"
#include "json_support.hpp"
#include "table_support.hpp"
#include "unicode_support.hpp"

namespace chiso {

std::optional<output_format> parse_output_format(std::string_view name) noexcept {
  if (name == "table") return output_format::table;
  if (name == "csv") return output_format::csv;
  if (name == "json") return output_format::json;
  if (name == "markdown") return output_format::markdown;
  return std::nullopt;
}

namespace {

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string json_number(const std::string& text) {
  if (text == "?" || text == "n/a" || text.empty()) return "null";
  std::string number = text;
  if (!number.empty() && number.back() == '%') number.pop_back();
  // Only the digits, sign and point of a number may reach JSON unquoted.
  const bool plain = std::all_of(number.begin(), number.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
  if (!plain)
    throw usage_error("write_table: numeric cell '" + text +
                      "' is not a plain number with a '.' separator (JSON has no decimal comma)");
  return number;
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

void write_terminal(std::ostream& out, const table& t) {
  std::vector<std::size_t> width(t.columns.size());
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    width[c] = display_width(t.columns[c].title);
    for (const auto& row : t.rows) width[c] = std::max(width[c], display_width(row.at(c)));
  }
  if (!t.title.empty()) out << t.title << "\n";
  const auto line = [&](const auto& cell_of) {
    std::string text;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (c) text += "  ";
      const std::string cell = cell_of(c);
      // The last column is not padded: no trailing blanks.
      if (t.columns[c].numeric)
        text += pad_left(cell, width[c]);
      else
        text += c + 1 == t.columns.size() ? cell : pad_right(cell, width[c]);
    }
    out << text << "\n";
  };
  line([&](std::size_t c) { return t.columns[c].title; });
  line([&](std::size_t c) {
    std::string rule;
    for (std::size_t i = 0; i < width[c]; ++i) rule += "─";
    return rule;
  });
  for (const auto& row : t.rows) line([&](std::size_t c) { return row.at(c); });
  for (const auto& note : t.notes) out << note << "\n";
}

// Every text of the table, for the UTF-8 check below.
template <typename Table, typename F>
void for_each_text(Table& t, F f) {
  f(t.title);
  for (auto& c : t.columns) {
    f(c.key);
    f(c.title);
  }
  for (auto& row : t.rows)
    for (auto& cell : row) f(cell);
  for (auto& note : t.notes) f(note);
}

}  // namespace

void detail::append_csv_row(std::string& out, std::span<const std::string> cells) {
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (c) out += ',';
    if (cells[c].find_first_of(",\"\n\r") == std::string::npos)
      out += cells[c];
    else
      out += csv_cell(cells[c]);
  }
  out += "\r\n";
}

void write_table(std::ostream& out, const table& t, output_format format) {
  for (const auto& row : t.rows)
    if (row.size() != t.columns.size())
      throw usage_error("write_table: a row has " + std::to_string(row.size()) + " cells for " +
                        std::to_string(t.columns.size()) + " columns");
  // The output is UTF-8 whatever a caller put in (JSON must be): an ill-formed byte becomes
  // U+FFFD. The readers refuse such bytes, so this copy is for tables built by hand.
  bool valid = true;
  for_each_text(t, [&](const std::string& s) { valid = valid && detail::is_valid_utf8(s); });
  if (!valid) {
    auto copy = t;
    for_each_text(copy, [](std::string& s) { s = detail::valid_utf8(s); });
    write_table(out, copy, format);
    return;
  }
  switch (format) {
    case output_format::table:
      write_terminal(out, t);
      break;
    case output_format::csv: {
      for (std::size_t c = 0; c < t.columns.size(); ++c)
        out << (c ? "," : "") << csv_cell(t.columns[c].key);
      out << "\r\n";
      // Rows gathered in one buffer and written in blocks: a stream insertion per cell was a
      // visible share of writing 10^6 rows.
      std::string block;
      for (const auto& row : t.rows) {
        detail::append_csv_row(block, row);
        if (block.size() >= (1U << 16)) {
          out.write(block.data(), static_cast<std::streamsize>(block.size()));
          block.clear();
        }
      }
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
      break;
    }
    case output_format::json: {
      out << "{\n  \"title\": " << detail::json_quoted(t.title) << ",\n  \"columns\": [";
      for (std::size_t c = 0; c < t.columns.size(); ++c)
        out << (c ? ", " : "") << detail::json_quoted(t.columns[c].key);
      out << "],\n  \"rows\": [";
      for (std::size_t r = 0; r < t.rows.size(); ++r) {
        out << (r ? ",\n    {" : "\n    {");
        for (std::size_t c = 0; c < t.columns.size(); ++c)
          out << (c ? ", " : "") << detail::json_quoted(t.columns[c].key) << ": "
              << (t.columns[c].numeric ? json_number(t.rows[r][c])
                                       : detail::json_quoted(t.rows[r][c]));
        out << "}";
      }
      out << (t.rows.empty() ? "],\n" : "\n  ],\n") << "  \"notes\": [";
      for (std::size_t n = 0; n < t.notes.size(); ++n)
        out << (n ? ", " : "") << detail::json_quoted(t.notes[n]);
      out << "]\n}\n";
      break;
    }
    case output_format::markdown:
      if (!t.title.empty()) out << "**" << markdown_cell(t.title) << "**\n\n";
      out << "|";
      for (const auto& c : t.columns) out << " " << markdown_cell(c.title) << " |";
      out << "\n|";
      for (const auto& c : t.columns) out << (c.numeric ? " ---: |" : " --- |");
      out << "\n";
      for (const auto& row : t.rows) {
        out << "|";
        for (const auto& cell : row) out << " " << markdown_cell(cell) << " |";
        out << "\n";
      }
      if (!t.notes.empty()) out << "\n";
      for (const auto& note : t.notes) out << "> " << markdown_cell(note) << "\n";
      break;
  }
}

}  // namespace chiso
