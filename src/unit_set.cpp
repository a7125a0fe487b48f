#include "chiso/unit_set.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "chiso/error.hpp"
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

void add_all(diagnostics& diag, const input_error& e) {
  for (const auto& d : e.diagnostics()) diag.add(d.where, d.message);
}

struct field {
  std::string text;
  source_location where;
};
using row = std::vector<field>;

// Columns count code points, not bytes, so that they match what an editor shows for
// Vietnamese text.
std::uint32_t column_at(std::string_view text, std::size_t line_start, std::size_t offset) {
  std::uint32_t col = 1;
  for (auto i = line_start; i < offset; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  return col;
}

// RFC 4180: fields separated by commas, optionally quoted with "" for a literal quote.
std::vector<row> read_csv(std::string_view text, const file_name_ptr& file, diagnostics& diag) {
  std::vector<row> rows;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // a BOM from spreadsheet exports
  std::uint32_t line = 1;
  std::size_t line_start = i;
  row current;
  bool row_has_content = false;
  while (i <= text.size()) {
    field f;
    f.where = {file, line, column_at(text, line_start, i)};
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            f.text += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n') {
          ++line;
          line_start = i + 1;
        }
        f.text += text[i++];
      }
      if (!closed) diag.add(f.where, "unterminated quoted field");
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        diag.add({file, line, column_at(text, line_start, i)},
                 "unexpected text after a quoted field");
      while (i < text.size() && text[i] != ',' && text[i] != '\n') ++i;
      row_has_content = true;
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\n') f.text += text[i++];
      if (!f.text.empty() && f.text.back() == '\r') f.text.pop_back();
      if (!f.text.empty()) row_has_content = true;
    }
    current.push_back(std::move(f));
    if (i < text.size() && text[i] == ',') {
      ++i;
      row_has_content = true;
      continue;
    }
    // End of line or of text.
    if (row_has_content) rows.push_back(std::move(current));
    current.clear();
    row_has_content = false;
    if (i >= text.size()) break;
    ++i;
    ++line;
    line_start = i;
  }
  return rows;
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::optional<decimal> read_points(const field& f, diagnostics& diag, const std::string& what) {
  const auto text = trim(f.text);
  if (auto value = decimal::parse(text)) return value;
  std::string message = what + " must be a decimal number or n/a, not '" + text + "'";
  if (text.find(',') != std::string::npos && text.find('.') == std::string::npos) {
    auto fixed = text;
    std::replace(fixed.begin(), fixed.end(), ',', '.');
    message += " (write decimals with a point: " + fixed + ")";
  }
  diag.add(f.where, message);
  return std::nullopt;
}

struct attribute_columns {
  std::optional<std::size_t> name, group, ranked;
};

// Sets a unit's attributes from a row; in long form later rows must agree with the first.
void read_attributes(const row& r, const attribute_columns& cols, score_sheet& sheet, bool first,
                     diagnostics& diag) {
  const auto set = [&](std::optional<std::size_t> col, std::string& target, const char* key) {
    if (!col) return;
    const auto value = trim(r[*col].text);
    if (first)
      target = value;
    else if (value != target)
      diag.add(r[*col].where, "unit '" + sheet.unit.id + "': " + key + " '" + value +
                                  "' differs from '" + target + "' on its first row (line " +
                                  std::to_string(sheet.where.line) + ")");
  };
  set(cols.name, sheet.unit.name, "name");
  set(cols.group, sheet.unit.group, "group");
  if (cols.ranked) {
    const auto value = trim(r[*cols.ranked].text);
    std::optional<bool> ranked;
    if (value == "true" || value.empty()) ranked = true;
    if (value == "false") ranked = false;
    if (!ranked)
      diag.add(r[*cols.ranked].where,
               "unit '" + sheet.unit.id + "': ranked must be true or false, not '" + value + "'");
    else if (first)
      sheet.unit.ranked = *ranked;
    else if (*ranked != sheet.unit.ranked)
      diag.add(r[*cols.ranked].where, "unit '" + sheet.unit.id +
                                          "': ranked differs from its first row (line " +
                                          std::to_string(sheet.where.line) + ")");
  }
}

std::vector<std::string_view> leaf_codes(const criterion_tree& tree) {
  std::vector<std::string_view> out;
  for (auto l : tree.leaves()) out.push_back(tree[l].code);
  return out;
}

}  // namespace

unit_set parse_units_csv(std::string_view text, std::string file_name, const criterion_tree& tree,
                         const csv_options& options) {
  auto file = std::make_shared<const std::string>(std::move(file_name));
  diagnostics diag;
  auto rows = read_csv(text, file, diag);
  unit_set set{tree.info().id, options.year, options.stage, {}};
  if (rows.empty()) {
    diag.add({file, 1, 1}, "CSV file is empty: expected a header row starting with 'unit'");
    diag.throw_if_any();
  }
  const row& header = rows.front();
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const auto name = trim(header[c].text);
    if (name.empty())
      diag.add(header[c].where, "header: empty column name");
    else if (!column.emplace(name, c).second)
      diag.add(header[c].where, "header: column '" + name + "' appears twice");
  }
  const auto col = [&](const char* name) -> std::optional<std::size_t> {
    const auto it = column.find(name);
    return it == column.end() ? std::nullopt : std::optional(it->second);
  };
  if (!col("unit")) diag.add(header.front().where, "header: missing column 'unit'");
  const bool long_form = col("code") && col("points");
  const attribute_columns attrs{col("name"), col("group"), col("ranked")};
  const std::set<std::string> fixed =
      long_form ? std::set<std::string>{"unit", "code", "points", "name", "group", "ranked"}
                : std::set<std::string>{"unit", "name", "group", "ranked"};
  std::vector<std::pair<std::size_t, std::string>> code_columns;  // wide form
  for (std::size_t c = 0; c < header.size(); ++c) {
    const auto name = trim(header[c].text);
    if (name.empty() || fixed.contains(name)) continue;
    if (long_form) {
      std::string message = "header: unknown column '" + name +
                            "' (long form has unit, code, "
                            "points, name, group, ranked)";
      if (auto guess = detail::nearest(name, {"unit", "code", "points", "name", "group", "ranked"}))
        message += "; did you mean '" + *guess + "'?";
      diag.add(header[c].where, message);
      continue;
    }
    const auto node = tree.find(name);
    if (!node || name.empty()) {
      std::string message =
          "header: unknown criterion '" + name + "' (not in criteria '" + tree.info().id + "')";
      if (auto guess = detail::nearest(name, leaf_codes(tree)))
        message += "; did you mean '" + *guess + "'?";
      diag.add(header[c].where, message);
    } else if (!tree.is_leaf(*node)) {
      diag.add(header[c].where,
               "header: criterion '" + name +
                   "' has sub-criteria: give a column per leaf, or cut the tree at its level "
                   "(collapse(tree, " +
                   std::to_string(tree[*node].depth) + "); chiso --depth " +
                   std::to_string(tree[*node].depth) + ")");
    } else {
      code_columns.emplace_back(c, name);
    }
  }
  diag.throw_if_any();  // the rows cannot be read against a broken header

  std::map<std::string, std::size_t> sheet_of;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const row& fields = rows[r];
    const auto line = fields.front().where.line;
    if (fields.size() != header.size()) {
      diag.add(fields.front().where, "row has " + std::to_string(fields.size()) +
                                         " fields, the header has " +
                                         std::to_string(header.size()));
      continue;
    }
    const auto unit = trim(fields[*col("unit")].text);
    if (unit.empty()) {
      diag.add(fields[*col("unit")].where, "row: empty unit id");
      continue;
    }
    auto [it, inserted] = sheet_of.try_emplace(unit, set.sheets.size());
    if (inserted) {
      score_sheet sheet;
      sheet.criteria = tree.info().id;
      sheet.unit.id = unit;
      sheet.year = options.year;
      sheet.stage = options.stage;
      sheet.missing = options.missing;
      sheet.where = {file, line, 1};
      set.sheets.push_back(std::move(sheet));
    } else if (!long_form) {
      diag.add(fields[*col("unit")].where, "unit '" + unit + "' has a second row (first on line " +
                                               std::to_string(set.sheets[it->second].where.line) +
                                               ")");
      continue;
    }
    auto& sheet = set.sheets[it->second];
    read_attributes(fields, attrs, sheet, inserted, diag);
    const auto add_cell = [&](const field& cell, const std::string& code,
                              const source_location& where) {
      const auto value = trim(cell.text);
      if (value == "n/a") {
        sheet.not_applicable.push_back({code, where});
      } else if (auto points =
                     read_points(cell, diag, "unit '" + unit + "', criterion '" + code + "'")) {
        sheet.points.push_back({code, *points, where});
      }
    };
    if (long_form) {
      const auto& code_field = fields[*col("code")];
      const auto code = trim(code_field.text);
      if (code.empty())
        diag.add(code_field.where, "row: empty criterion code");
      else
        add_cell(fields[*col("points")], code, code_field.where);
    } else {
      for (const auto& [c, code] : code_columns)
        if (!trim(fields[c].text).empty()) add_cell(fields[c], code, fields[c].where);
    }
  }
  for (const auto& sheet : set.sheets) {
    try {
      validate_sheet(sheet, tree);
    } catch (const input_error& e) {
      add_all(diag, e);
    }
  }
  diag.throw_if_any();
  return set;
}

unit_set load_units_csv(const std::filesystem::path& file, const criterion_tree& tree,
                        const csv_options& options) {
  return parse_units_csv(detail::read_file(file), file.string(), tree, options);
}

unit_set load_sheet_directory(const std::filesystem::path& directory, const criterion_tree& tree,
                              const progress_callback& progress) {
  if (!std::filesystem::is_directory(directory))
    throw input_error({std::make_shared<const std::string>(directory.string()), 0, 0},
                      "not a directory of score sheets");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  diagnostics diag;
  unit_set set{tree.info().id, 0, scoring_stage::final, {}};
  std::map<std::string, std::string> file_of_unit;
  const std::size_t report_every = std::max<std::size_t>(1, files.size() / 100);
  if (progress) progress(0, files.size());
  for (std::size_t k = 0; k < files.size(); ++k) {
    const auto& f = files[k];
    if (progress && k > 0 && k % report_every == 0) progress(k, files.size());
    try {
      auto sheet = load_sheet(f, tree);
      if (set.sheets.empty()) {
        set.year = sheet.year;
        set.stage = sheet.stage;
      } else if (sheet.year != set.year || sheet.stage != set.stage) {
        diag.add(sheet.where,
                 "sheet of unit '" + sheet.unit.id + "' is for " + std::to_string(sheet.year) +
                     " " + std::string(to_string(sheet.stage)) + ", the others for " +
                     std::to_string(set.year) + " " + std::string(to_string(set.stage)));
      }
      if (const auto [it, inserted] = file_of_unit.emplace(sheet.unit.id, f.string()); !inserted)
        diag.add(sheet.where, "unit '" + sheet.unit.id + "' already has a sheet: " + it->second);
      set.sheets.push_back(std::move(sheet));
    } catch (const input_error& e) {
      add_all(diag, e);
    }
  }
  if (progress) progress(files.size(), files.size());
  if (files.empty())
    diag.add({std::make_shared<const std::string>(directory.string()), 0, 0},
             "no *.yaml score sheets in the directory");
  diag.throw_if_any();
  return set;
}

}  // namespace chiso
