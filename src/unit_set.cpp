#include "chiso/unit_set.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "batch_support.hpp"
#include "chiso/error.hpp"
#include "csv_matrix_reader.hpp"
#include "progress_support.hpp"
#include "sheet_support.hpp"
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

// A field's text and position; the file name is the reader's, so that a million rows do not
// copy a shared pointer per cell.
struct field {
  std::string text;
  std::uint32_t line = 0, column = 0;
};
using row = std::vector<field>;

// RFC 4180, one row at a time: fields separated by commas, optionally quoted with "" for a
// literal quote. Columns count code points, not bytes, so that they match what an editor shows
// for Vietnamese text; they are counted as the reader advances.
class csv_reader {
 public:
  csv_reader(std::string_view text, file_name_ptr file, diagnostics& diag)
      : text_(text), file_(std::move(file)), diag_(diag) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a BOM from spreadsheet exports
    counted_ = i_;
  }

  [[nodiscard]] source_location where(const field& f) const { return {file_, f.line, f.column}; }
  [[nodiscard]] const file_name_ptr& file() const { return file_; }
  /// Bytes read so far, for progress.
  [[nodiscard]] std::size_t offset() const { return i_; }

  // The next row with content into `out`, reusing its buffers; false at the end of the text.
  bool next(row& out) {
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
          const auto end = text_.find_first_of(",\n", i_);
          const auto stop = end == std::string_view::npos ? text_.size() : end;
          f.text.assign(text_.substr(i_, stop - i_));
          i_ = stop;
          if (!f.text.empty() && f.text.back() == '\r') f.text.pop_back();
          if (!f.text.empty()) has_content = true;
        }
        if (i_ < text_.size() && text_[i_] == ',') {
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
    if (!closed) diag_.add(opened, "unterminated quoted field");
    if (i_ < text_.size() && text_[i_] != ',' && text_[i_] != '\n' && text_[i_] != '\r')
      diag_.add({file_, line_, column()}, "unexpected text after a quoted field");
    while (i_ < text_.size() && text_[i_] != ',' && text_[i_] != '\n') ++i_;
  }

  std::string_view text_;
  file_name_ptr file_;
  diagnostics& diag_;
  std::size_t i_ = 0, counted_ = 0;  // counted_: where column_ was last brought up to date
  std::uint32_t line_ = 1, column_ = 1;
  bool done_ = false;
};

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

std::optional<decimal> read_points(const std::string& text, const source_location& where,
                                   diagnostics& diag, const std::string& unit,
                                   const std::string& code) {
  if (auto value = decimal::parse(text)) return value;
  std::string message = "unit '" + unit + "', criterion '" + code +
                        "' must be a decimal number or n/a, not '" + text + "'";
  if (text.find(',') != std::string::npos && text.find('.') == std::string::npos) {
    auto fixed = text;
    std::replace(fixed.begin(), fixed.end(), ',', '.');
    message += " (write decimals with a point: " + fixed + ")";
  }
  diag.add(where, message);
  return std::nullopt;
}

struct attribute_columns {
  std::optional<std::size_t> name, group, ranked;
};

// Sets a unit's attributes from a row; in long form later rows must agree with the first.
void read_attributes(const row& r, const csv_reader& in, const attribute_columns& cols,
                     unit_info& unit, std::uint32_t first_line, bool first, diagnostics& diag) {
  const auto set = [&](std::optional<std::size_t> col, std::string& target, const char* key) {
    if (!col) return;
    const auto value = trim(r[*col].text);
    if (first)
      target = value;
    else if (value != target)
      diag.add(in.where(r[*col]), "unit '" + unit.id + "': " + key + " '" + value +
                                      "' differs from '" + target + "' on its first row (line " +
                                      std::to_string(first_line) + ")");
  };
  set(cols.name, unit.name, "name");
  set(cols.group, unit.group, "group");
  if (cols.ranked) {
    const auto value = trim(r[*cols.ranked].text);
    std::optional<bool> ranked;
    if (value == "true" || value.empty()) ranked = true;
    if (value == "false") ranked = false;
    if (!ranked)
      diag.add(in.where(r[*cols.ranked]),
               "unit '" + unit.id + "': ranked must be true or false, not '" + value + "'");
    else if (first)
      unit.ranked = *ranked;
    else if (*ranked != unit.ranked)
      diag.add(in.where(r[*cols.ranked]), "unit '" + unit.id +
                                              "': ranked differs from its first row (line " +
                                              std::to_string(first_line) + ")");
  }
}

std::vector<std::string_view> leaf_codes(const criterion_tree& tree) {
  std::vector<std::string_view> out;
  for (auto l : tree.leaves()) out.push_back(tree[l].code);
  return out;
}

// What the header row says: the form, and where each column is.
struct csv_header {
  std::size_t width = 0;
  std::size_t unit = 0;
  bool long_form = false;
  std::size_t code = 0, points = 0;  // long form
  attribute_columns attributes;
  std::vector<std::pair<std::size_t, std::size_t>> leaves;  // wide form: column, tree node
};

// Reads the header; throws with every problem, since the rows cannot be read without it.
csv_header read_header(csv_reader& in, const criterion_tree& tree, diagnostics& diag) {
  row header;
  if (!in.next(header)) {
    diag.add({in.file(), 1, 1}, "CSV file is empty: expected a header row starting with 'unit'");
    diag.throw_if_any();
  }
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const auto name = trim(header[c].text);
    if (name.empty())
      diag.add(in.where(header[c]), "header: empty column name");
    else if (!column.emplace(name, c).second)
      diag.add(in.where(header[c]), "header: column '" + name + "' appears twice");
  }
  const auto col = [&](const char* name) -> std::optional<std::size_t> {
    const auto it = column.find(name);
    return it == column.end() ? std::nullopt : std::optional(it->second);
  };
  csv_header h;
  h.width = header.size();
  if (!col("unit")) diag.add(in.where(header.front()), "header: missing column 'unit'");
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
  for (std::size_t c = 0; c < header.size(); ++c) {
    const auto name = trim(header[c].text);
    if (name.empty() || fixed.contains(name)) continue;
    const auto where = in.where(header[c]);
    if (h.long_form) {
      std::string message = "header: unknown column '" + name +
                            "' (long form has unit, code, "
                            "points, name, group, ranked)";
      if (auto guess = detail::nearest(name, {"unit", "code", "points", "name", "group", "ranked"}))
        message += "; did you mean '" + *guess + "'?";
      diag.add(where, message);
      continue;
    }
    const auto node = tree.find(name);
    if (!node) {
      std::string message =
          "header: unknown criterion '" + name + "' (not in criteria '" + tree.info().id + "')";
      if (auto guess = detail::nearest(name, leaf_codes(tree)))
        message += "; did you mean '" + *guess + "'?";
      diag.add(where, message);
    } else if (!tree.is_leaf(*node)) {
      diag.add(where, "header: criterion '" + name +
                          "' has sub-criteria: give a column per leaf, or cut the tree at its "
                          "level (collapse(tree, " +
                          std::to_string(tree[*node].depth) + "); chiso --depth " +
                          std::to_string(tree[*node].depth) + ")");
    } else {
      h.leaves.emplace_back(c, *node);
    }
  }
  diag.throw_if_any();
  return h;
}

// The row's unit id, or nullopt after reporting a malformed row.
std::optional<std::string> row_unit(const row& fields, const csv_header& h, const csv_reader& in,
                                    diagnostics& diag) {
  if (fields.size() != h.width) {
    diag.add(in.where(fields.front()), "row has " + std::to_string(fields.size()) +
                                           " fields, the header has " + std::to_string(h.width));
    return std::nullopt;
  }
  auto unit = trim(fields[h.unit].text);
  if (unit.empty()) {
    diag.add(in.where(fields[h.unit]), "row: empty unit id");
    return std::nullopt;
  }
  return unit;
}

std::string second_row_message(const std::string& unit, std::uint32_t first_line) {
  return "unit '" + unit + "' has a second row (first on line " + std::to_string(first_line) + ")";
}

}  // namespace

unit_set parse_units_csv(std::string_view text, std::string file_name, const criterion_tree& tree,
                         const csv_options& options, const progress_callback& progress) {
  diagnostics diag;
  csv_reader in(text, std::make_shared<const std::string>(std::move(file_name)), diag);
  const auto h = read_header(in, tree, diag);
  unit_set set{tree.info().id, options.year, options.stage, {}};
  std::map<std::string, std::size_t> sheet_of;
  detail::progress_reporter report(progress, text.size());
  row fields;
  while (in.next(fields)) {
    report.at(in.offset());
    const auto unit = row_unit(fields, h, in, diag);
    if (!unit) continue;
    const auto line = fields.front().line;
    auto [it, inserted] = sheet_of.try_emplace(*unit, set.sheets.size());
    if (inserted) {
      score_sheet sheet;
      sheet.criteria = tree.info().id;
      sheet.unit.id = *unit;
      sheet.year = options.year;
      sheet.stage = options.stage;
      sheet.missing = options.missing;
      sheet.where = {in.file(), line, 1};
      set.sheets.push_back(std::move(sheet));
    } else if (!h.long_form) {
      diag.add(in.where(fields[h.unit]),
               second_row_message(*unit, set.sheets[it->second].where.line));
      continue;
    }
    auto& sheet = set.sheets[it->second];
    read_attributes(fields, in, h.attributes, sheet.unit, sheet.where.line, inserted, diag);
    const auto add_cell = [&](const field& cell, const std::string& code,
                              const source_location& where) {
      const auto value = trim(cell.text);
      if (value == "n/a") {
        sheet.not_applicable.push_back({code, where});
      } else if (auto points = read_points(value, in.where(cell), diag, *unit, code)) {
        sheet.points.push_back({code, *points, where});
      }
    };
    if (h.long_form) {
      const auto& code_field = fields[h.code];
      const auto code = trim(code_field.text);
      if (code.empty())
        diag.add(in.where(code_field), "row: empty criterion code");
      else
        add_cell(fields[h.points], code, in.where(code_field));
    } else {
      for (const auto& [c, node] : h.leaves)
        if (!trim(fields[c].text).empty())
          add_cell(fields[c], tree[node].code, in.where(fields[c]));
    }
  }
  for (const auto& sheet : set.sheets) {
    try {
      validate_sheet(sheet, tree);
    } catch (const input_error& e) {
      add_all(diag, e);
    }
  }
  report.finish();
  diag.throw_if_any();
  return set;
}

unit_matrix parse_unit_matrix_csv(std::string_view text, std::string file_name,
                                  const criterion_tree& tree, const csv_options& options,
                                  const progress_callback& progress) {
  // Well-formed wide files at disk speed; anything else (and every problem) row by row below.
  if (auto fast =
          detail::read_unit_matrix_fast(detail::csv_bytes(text), tree, options, {}, progress))
    return std::move(*fast);
  diagnostics diag;
  csv_reader in(text, std::make_shared<const std::string>(file_name), diag);
  const auto h = read_header(in, tree, diag);
  if (h.long_form) {
    // Long form spreads a unit over many rows: it goes through the sheets.
    diag.throw_if_any();
    const auto set = parse_units_csv(text, std::move(file_name), tree, options, progress);
    return unit_matrix::from_sheets(tree, set.sheets);
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
  std::unordered_map<std::string, std::uint32_t> line_of;
  std::vector<cell_state> row_states(leaves);
  std::vector<std::size_t> missing;
  std::vector<std::size_t> uncovered;  // leaves the header has no column for
  {
    std::vector<bool> covered(tree.size(), false);
    for (const auto& column : h.leaves) covered[column.second] = true;
    for (auto leaf : tree.leaves())
      if (!covered[leaf]) uncovered.push_back(leaf);
  }
  detail::progress_reporter report(progress, text.size());
  row fields;
  while (in.next(fields)) {
    report.at(in.offset());
    const auto unit = row_unit(fields, h, in, diag);
    if (!unit) continue;
    const auto line = fields.front().line;
    if (const auto [it, inserted] = line_of.try_emplace(*unit, line); !inserted) {
      diag.add(in.where(fields[h.unit]), second_row_message(*unit, it->second));
      continue;
    }
    unit_info info;
    info.id = *unit;
    read_attributes(fields, in, h.attributes, info, line, true, diag);
    const auto base = cells.size();
    cells.resize(base + leaves, 0);
    std::fill(row_states.begin(), row_states.end(), cell_state::known);
    missing.clear();
    for (const auto& [c, node] : h.leaves) {
      const auto column = column_of[node];
      const auto value = trim(fields[c].text);
      if (value.empty()) {
        if (options.missing == missing_policy::error) missing.push_back(node);
        if (options.missing == missing_policy::unknown) row_states[column] = cell_state::unknown;
        continue;
      }
      if (value == "n/a") {
        row_states[column] = cell_state::not_applicable;
        continue;
      }
      // The common case without building a source position per cell.
      const auto& leaf = tree[node];
      if (const auto fast = decimal::parse(value);
          fast && *fast >= leaf.min && (!leaf.max || *fast <= *leaf.max)) {
        if (const auto cell = detail::scaled_cell(*fast, scale)) {
          cells[base + column] = *cell;
          continue;
        }
      }
      const auto where = in.where(fields[c]);
      const auto points = read_points(value, where, diag, *unit, leaf.code);
      if (!points) {
        // As in a sheet, an unreadable value leaves the leaf without points.
        if (options.missing == missing_policy::error) missing.push_back(node);
        continue;
      }
      if (!detail::check_leaf_points(tree, node, *points, where, diag)) continue;
      if (const auto cell = detail::scaled_cell(*points, scale))
        cells[base + column] = *cell;
      else
        diag.add(where, "criterion '" + leaf.code + "': points " + points->to_string() +
                            " do not fit a 32-bit cell at " + std::to_string(scale) + " decimals");
    }
    // A leaf without a column is missing from every row, as in a sheet.
    for (auto node : uncovered) {
      if (options.missing == missing_policy::error) missing.push_back(node);
      if (options.missing == missing_policy::unknown)
        row_states[column_of[node]] = cell_state::unknown;
    }
    if (!missing.empty()) {
      std::sort(missing.begin(), missing.end());
      diag.add({in.file(), line, 1}, detail::missing_leaves_message(tree, *unit, missing));
    }
    if (std::any_of(row_states.begin(), row_states.end(),
                    [](cell_state s) { return s != cell_state::known; })) {
      states.push_back(row_states);
      state_owner.push_back(units.size());
    }
    units.push_back(std::move(info));
  }
  report.finish();
  diag.throw_if_any();
  unit_matrix m(tree, std::move(units));
  auto& out = m.cells();
  for (Eigen::Index c = 0; c < out.cols(); ++c)
    for (Eigen::Index u = 0; u < out.rows(); ++u)
      out(u, c) = cells[static_cast<std::size_t>(u) * leaves + static_cast<std::size_t>(c)];
  for (std::size_t k = 0; k < states.size(); ++k)
    m.set_states(state_owner[k], std::move(states[k]));
  return m;
}

unit_matrix load_unit_matrix_csv(const std::filesystem::path& file, const criterion_tree& tree,
                                 const csv_options& options, const progress_callback& progress) {
  // The file is read in chunks: memory holds the matrix, not the file's text.
  std::optional<detail::csv_bytes> bytes;
  try {
    bytes.emplace(file);
  } catch (const std::filesystem::filesystem_error&) {  // read_file() reports it
  }
  if (bytes)
    if (auto fast = detail::read_unit_matrix_fast(*bytes, tree, options, {}, progress))
      return std::move(*fast);
  return parse_unit_matrix_csv(detail::read_file(file), file.string(), tree, options, progress);
}

unit_set load_units_csv(const std::filesystem::path& file, const criterion_tree& tree,
                        const csv_options& options, const progress_callback& progress) {
  return parse_units_csv(detail::read_file(file), file.string(), tree, options, progress);
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
  detail::progress_reporter report(progress, files.size());
  for (std::size_t k = 0; k < files.size(); ++k) {
    const auto& f = files[k];
    report.at(k);
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
  report.finish();
  if (files.empty())
    diag.add({std::make_shared<const std::string>(directory.string()), 0, 0},
             "no *.yaml score sheets in the directory");
  diag.throw_if_any();
  return set;
}

}  // namespace chiso
