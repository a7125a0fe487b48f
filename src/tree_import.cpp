#include "chiso/tree_import.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <utility>

#include "chiso/criteria_loader.hpp"
#include "chiso/decimal.hpp"
#include "chiso/messages.hpp"
#include "unicode_support.hpp"
#include "yaml_support.hpp"

namespace chiso {
namespace {

using detail::diagnostics;
using detail::file_name_ptr;

// One CSV field with its position (1-based line, column in code points).
struct cell {
  std::string text;
  std::uint32_t line = 0, column = 0;
};
using record = std::vector<cell>;

// RFC 4180 with a chosen separator, a BOM skipped, CRLF accepted. Kept apart from the import
// logic so that a shared CSV reader (spreadsheet dialects) can replace it: the import needs only
// records of located cells.
std::vector<record> read_records(std::string_view text, char separator, const file_name_ptr& file,
                                 diagnostics& diag) {
  std::vector<record> out;
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::uint32_t line = 1, column = 1;
  const auto advance = [&](std::size_t n) {
    for (std::size_t k = 0; k < n && i < text.size(); ++k, ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
  };
  record current;
  bool content = false;
  while (i < text.size()) {
    cell c{{}, line, column};
    if (text[i] == '"') {
      const std::uint32_t open_line = line, open_column = column;
      advance(1);
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            c.text += '"';
            advance(2);
            continue;
          }
          advance(1);
          closed = true;
          break;
        }
        c.text += text[i];
        advance(1);
      }
      if (!closed)
        diag.add("csv-unterminated-quote", {file, open_line, open_column},
                 "unterminated quoted field");
      while (i < text.size() && text[i] != separator && text[i] != '\n') {
        if (text[i] != '\r' && text[i] != ' ')
          diag.add("csv-text-after-quote", {file, line, column},
                   "unexpected text after a quoted field");
        advance(1);
      }
      content = true;
    } else {
      while (i < text.size() && text[i] != separator && text[i] != '\n') {
        c.text += text[i];
        advance(1);
      }
      if (!c.text.empty() && c.text.back() == '\r') c.text.pop_back();
      if (c.text.find_first_not_of(" \t") != std::string::npos) content = true;
    }
    // Names typed on a Mac or copied from a PDF come decomposed (NFD): the tree's names are
    // compared and shown as NFC, like its ids. Positions were counted on the text as written.
    detail::normalise_nfc(c.text);
    current.push_back(std::move(c));
    if (i < text.size() && text[i] == separator) {
      advance(1);
      continue;
    }
    advance(1);  // the newline, if any
    if (content) out.push_back(std::move(current));
    current.clear();
    content = false;
  }
  return out;
}

// The header row decides: the separator it has most of outside quotes (',' on a tie), as the
// unit CSV reader detects it (resolve_dialect in src/unit_set.cpp): a tab when Excel saved the
// table as "Text (Tab delimited)", ';' when it saved CSV in a Vietnamese locale.
char guess_separator(std::string_view text) {
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char ch : text) {
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    if (ch == '\n') {
      if (commas + semicolons + tabs > 0) break;
      continue;
    }
    commas += ch == ',' ? 1U : 0U;
    semicolons += ch == ';' ? 1U : 0U;
    tabs += ch == '\t' ? 1U : 0U;
  }
  if (tabs > commas && tabs > semicolons) return '\t';
  return semicolons > commas ? ';' : ',';
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// Vietnamese letters (precomposed, NFC) and their base letters, for matching headers and method
// names typed with or without diacritics. Combining marks (NFD text) are dropped.
constexpr std::string_view accented[] = {"àáảãạăằắẳẵặâầấẩẫậ",
                                         "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
                                         "đ",
                                         "Đ",
                                         "èéẻẽẹêềếểễệ",
                                         "ÈÉẺẼẸÊỀẾỂỄỆ",
                                         "ìíỉĩị",
                                         "ÌÍỈĨỊ",
                                         "òóỏõọôồốổỗộơờớởỡợ",
                                         "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
                                         "ùúủũụưừứửữự",
                                         "ÙÚỦŨỤƯỪỨỬỮỰ",
                                         "ỳýỷỹỵ",
                                         "ỲÝỶỸỴ"};
constexpr char accented_base[] = {'a', 'a', 'd', 'd', 'e', 'e', 'i',
                                  'i', 'o', 'o', 'u', 'u', 'y', 'y'};

std::size_t utf8_length(unsigned char lead) {
  return lead < 0x80           ? 1
         : (lead >> 5) == 0x6  ? 2
         : (lead >> 4) == 0xE  ? 3
         : (lead >> 3) == 0x1E ? 4
                               : 1;
}

// Lower case, no diacritics, punctuation as spaces, single spaces: "Điểm tối đa (điểm)" →
// "diem toi da diem".
std::string fold(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t n = std::min(utf8_length(lead), s.size() - i);
    const std::string_view ch = s.substr(i, n);
    i += n;
    char base = 0;
    if (n == 1) {
      base = static_cast<char>(std::tolower(lead));
      if (!std::isalnum(lead)) base = ' ';
    } else if (ch >= "\xCC\x80" && ch <= "\xCD\xAF" && n == 2) {
      continue;  // U+0300–U+036F combining marks
    } else {
      for (std::size_t k = 0; k < std::size(accented) && base == 0; ++k)
        for (std::size_t p = 0; p < accented[k].size() && base == 0;) {
          const std::size_t m = utf8_length(static_cast<unsigned char>(accented[k][p]));
          if (accented[k].substr(p, m) == ch) base = accented_base[k];
          p += m;
        }
      if (base == 0) base = ' ';
    }
    if (base == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += base;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

enum class column_role { code, name, max, method, group, lead_agency, note, ignored };

column_role role_of(const std::string& folded) {
  static const std::vector<std::pair<column_role, std::vector<std::string_view>>> names = {
      {column_role::code,
       {"stt", "tt", "so tt", "so thu tu", "ma", "ma so", "ma tieu chi", "ky hieu", "code", "no",
        "number"}},
      {column_role::name,
       {"tieu chi", "ten tieu chi", "noi dung", "ten", "tieu chi tieu chi thanh phan",
        "linh vuc tieu chi tieu chi thanh phan", "linh vuc tieu chi", "noi dung tieu chi", "name",
        "criterion", "criteria", "criterion name"}},
      {column_role::max,
       {"diem toi da", "diem chuan", "thang diem", "diem", "so diem toi da", "max", "maximum",
        "max points", "maximum points", "points"}},
      {column_role::method,
       {"phuong phap", "phuong phap danh gia", "phuong phap cham diem", "hinh thuc danh gia",
        "cach danh gia", "method", "assessment method"}},
      {column_role::group, {"nhom", "nhom tieu chi", "linh vuc", "group", "domain"}},
      {column_role::lead_agency, {"co quan chu tri", "don vi chu tri", "lead agency"}},
      {column_role::note, {"ghi chu", "note", "notes"}},
  };
  for (const auto& [role, list] : names)
    if (std::find(list.begin(), list.end(), folded) != list.end()) return role;
  return column_role::ignored;
}

std::optional<measurement> method_of(const std::string& folded) {
  static const std::vector<std::pair<measurement, std::vector<std::string_view>>> names = {
      {measurement::self_assessed,
       {"tu danh gia", "tu cham", "tu cham diem", "tu danh gia cham diem", "self assessed",
        "self assessment"}},
      {measurement::appraised, {"tham dinh", "appraised", "appraisal"}},
      {measurement::survey, {"dieu tra xa hoi hoc", "dtxhh", "dieu tra", "khao sat", "survey"}},
      {measurement::official_data,
       {"so lieu", "so lieu thong ke", "du lieu", "thong ke", "official data"}},
  };
  for (const auto& [m, list] : names)
    if (std::find(list.begin(), list.end(), folded) != list.end()) return m;
  std::string underscored = folded;
  std::replace(underscored.begin(), underscored.end(), ' ', '_');
  if (auto m = parse_measurement(underscored); m && *m != measurement::unspecified) return m;
  return std::nullopt;
}

bool is_roman(std::string_view s) {
  static const std::vector<std::string_view> numerals = {
      "I",  "II",  "III",  "IV",  "V",  "VI",  "VII",  "VIII",  "IX",  "X",
      "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"};
  return std::find(numerals.begin(), numerals.end(), s) != numerals.end();
}

bool valid_code(std::string_view code) {
  if (code.empty() || code.front() == '.' || code.back() == '.') return false;
  for (std::size_t k = 0; k < code.size(); ++k) {
    const auto ch = static_cast<unsigned char>(code[k]);
    if (ch == '.') {
      if (code[k - 1] == '.') return false;
    } else if (!std::isalnum(ch)) {
      return false;
    }
  }
  return true;
}

std::string parent_code(const std::string& code) {
  const auto dot = code.rfind('.');
  return dot == std::string::npos ? std::string() : code.substr(0, dot);
}

// A YAML double-quoted scalar: safe for any text.
std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + '"';
}

struct node {
  std::string code;
  std::string name;
  std::optional<decimal> max;
  measurement method = measurement::unspecified;
  std::string lead_agency, note;
  source_location row;     // the row's first cell
  source_location max_at;  // the maximum's cell (or the row)
  std::size_t parent = 0;  // index into nodes + 1; 0 = the index
  std::vector<std::size_t> children;
  bool partial = false;
};

class importer {
 public:
  importer(std::string_view text, std::string file_name, const tree_import_options& options)
      : file_(std::make_shared<const std::string>(std::move(file_name))), options_(options) {
    // The annex tables come from the same spreadsheets as unit files, with the same faults.
    constexpr std::string_view fix = "in Excel, save it as 'CSV UTF-8 (Comma delimited)'";
    text = detail::check_text_encoding(text, file_, {"csv-utf16", "csv-not-utf8"}, fix);
    detail::check_line_endings(text, file_, "csv-cr-line-endings", fix);
    const char sep = options.separator != '\0' ? options.separator : guess_separator(text);
    if (sep != ',' && sep != ';' && sep != '\t')
      throw input_error("import-tree-separator", {file_, 0, 0},
                        "the separator must be ',', ';' or a tab");
    records_ = read_records(text, sep, file_, diag_);
  }

  imported_tree run() {
    if (records_.empty())
      throw input_error("import-tree-header", {file_, 1, 1}, "the table is empty");
    read_header(records_.front());
    diag_.throw_if_any();
    for (std::size_t r = 1; r < records_.size(); ++r) read_row(records_[r]);
    diag_.throw_if_any();
    link();
    diag_.throw_if_any();
    check_sums();
    check_methods();
    diag_.throw_if_any();
    imported_tree out;
    out.warnings = std::move(warnings_);
    out.criteria = nodes_.size();
    out.yaml = write(out.warnings);
    // The file must load as the user will load it; a failure here is chiso's bug, not the
    // table's, but it is reported rather than handed on.
    (void)parse_criteria(out.yaml, *file_ + " (imported)");
    return out;
  }

 private:
  source_location at(const cell& c) const { return {file_, c.line, c.column}; }
  void warn(std::string code, source_location where, std::string message) {
    warnings_.push_back({std::move(where), std::move(message), std::move(code), {}, {}});
  }

  void read_header(const record& header) {
    for (std::size_t k = 0; k < header.size(); ++k) {
      const auto text = trim(header[k].text);
      if (text.empty()) continue;
      auto folded = fold(text);
      // "Điểm tối đa (điểm)", "Max (points)": the parenthesis is a unit, not the name.
      if (auto p = text.find('('); p != std::string::npos && p > 0) {
        const auto head = fold(text.substr(0, p));
        if (role_of(head) != column_role::ignored) folded = head;
      }
      const auto role = role_of(folded);
      if (role == column_role::ignored) {
        warn("import-tree-column-ignored", at(header[k]),
             "column '" + text + "' is not one import-tree reads; ignored");
        continue;
      }
      auto& slot = columns_[role];
      if (slot) {
        diag_.add("import-tree-header", at(header[k]),
                  "column '" + text + "' repeats the column at " + at(header[*slot]).to_string() +
                      "; keep one");
        continue;
      }
      slot = k;
    }
    // One whole sentence per role, so that each has its Vietnamese shape (details.inc).
    if (!columns_[column_role::code])
      diag_.add("import-tree-header", at(header.front()),
                "the header has no code column (STT, Mã)");
    if (!columns_[column_role::name])
      diag_.add("import-tree-header", at(header.front()),
                "the header has no name column (Tên tiêu chí, Nội dung)");
    if (!columns_[column_role::max])
      diag_.add("import-tree-header", at(header.front()),
                "the header has no maximum column (Điểm tối đa, Điểm chuẩn)");
  }

  std::optional<cell> get(const record& row, column_role role) const {
    const auto found = columns_.find(role);
    if (found == columns_.end() || !found->second || *found->second >= row.size())
      return std::nullopt;
    const auto& slot = found->second;
    auto c = row[*slot];
    c.text = trim(c.text);
    return c;
  }

  std::optional<decimal> read_max(const cell& c, const std::string& code) {
    std::string text;
    for (char ch : c.text)
      if (ch != ' ' && ch != '\t') text += ch;
    const auto folded = fold(text);
    if (text.empty() || text == "?" || text == "-" || folded == "unknown" || folded == "chua ro")
      return std::nullopt;
    if (text.find(',') != std::string::npos && text.find('.') != std::string::npos) {
      diag_.add("import-tree-max", at(c),
                "criterion '" + code + "': maximum '" + c.text +
                    "' has both a decimal point and a comma; write one decimal mark",
                {}, code);
      return std::nullopt;
    }
    std::replace(text.begin(), text.end(), ',', '.');
    const auto value = decimal::parse(text);
    if (!value || *value <= decimal{}) {
      diag_.add("import-tree-max", at(c),
                "criterion '" + code + "': maximum '" + c.text +
                    "' is not a positive decimal number (leave it empty when the table does not "
                    "print it)",
                {}, code);
      return std::nullopt;
    }
    return value;
  }

  void read_row(const record& row) {
    const auto code_cell = get(row, column_role::code);
    const auto name_cell = get(row, column_role::name);
    const auto max_cell = get(row, column_role::max);
    std::string code = code_cell ? code_cell->text : std::string();
    const source_location row_at = at(row.front());
    // The total row: no code and a name "Tổng…", or "Tổng cộng" written in the STT column.
    const auto folded_code = fold(code);
    const bool total_in_code =
        folded_code.rfind("tong", 0) == 0 || folded_code.rfind("total", 0) == 0;
    if (code.empty() || total_in_code) {
      const auto name = total_in_code ? folded_code
                        : name_cell   ? fold(name_cell->text)
                                      : std::string();
      if (name.rfind("tong", 0) == 0 || name.rfind("total", 0) == 0) {
        if (total_)
          diag_.add("import-tree-code", row_at,
                    "a second total row; the first is at " + total_at_.to_string());
        total_at_ = max_cell ? at(*max_cell) : row_at;
        if (max_cell) total_ = read_max(*max_cell, "total");
        return;
      }
      diag_.add("import-tree-code", row_at,
                "a row without a code (STT); every criterion needs one, and only a 'Tổng' row "
                "may have none");
      return;
    }
    while (!code.empty() && (code.back() == '.' || code.back() == ')')) code.pop_back();
    if (!valid_code(code)) {
      diag_.add("import-tree-code", at(*code_cell),
                "code '" + code_cell->text +
                    "' is not a dotted code (2, 2.4, 2.4.1) or a Roman numeral (I, II)");
      return;
    }
    // Roman numerals open a lĩnh vực; Arabic codes below it are numbered inside it.
    if (is_roman(code)) {
      roman_ = code;
    } else if (!roman_.empty() && !is_roman(code.substr(0, code.find('.')))) {
      code = roman_ + "." + code;
    }
    node n;
    n.code = code;
    n.row = row_at;
    n.name = name_cell ? name_cell->text : std::string();
    if (n.name.empty())
      diag_.add("import-tree-name", name_cell ? at(*name_cell) : row_at,
                "criterion '" + code + "' has no name", {}, code);
    n.max_at = max_cell ? at(*max_cell) : row_at;
    if (max_cell) n.max = read_max(*max_cell, code);
    if (const auto m = get(row, column_role::method); m && !m->text.empty()) {
      if (auto parsed = method_of(fold(m->text)))
        n.method = *parsed;
      else
        diag_.add("import-tree-method", at(*m),
                  "criterion '" + code + "': unknown method '" + m->text +
                      "' (tự đánh giá, thẩm định, điều tra xã hội học or số liệu thống kê)",
                  {}, code);
    }
    if (const auto a = get(row, column_role::lead_agency)) n.lead_agency = a->text;
    if (const auto g = get(row, column_role::note)) n.note = g->text;
    if (const auto g = get(row, column_role::group); g && !g->text.empty())
      groups_.push_back({nodes_.size(), *g});
    if (const auto seen = index_.find(code); seen != index_.end()) {
      diag_.add("import-tree-duplicate-code", row_at,
                "criterion '" + code + "' is listed twice; first at " +
                    nodes_[seen->second].row.to_string(),
                {}, code);
      return;
    }
    index_[code] = nodes_.size();
    nodes_.push_back(std::move(n));
  }

  // A group column names the top-level node of rows whose top code is not a row of its own.
  void add_groups() {
    std::map<std::string, std::pair<std::string, source_location>> named;  // top code → group
    for (const auto& [row, c] : groups_) {
      const auto& code = nodes_[row].code;
      const auto top = code.substr(0, code.find('.'));
      if (top == code) continue;  // the row is itself a top-level node
      if (auto it = named.find(top); it != named.end()) {
        if (it->second.first != c.text)
          diag_.add("import-tree-group", at(c),
                    "criterion '" + code + "' is in group '" + c.text + "' but code " + top +
                        " is group '" + it->second.first + "' at " + it->second.second.to_string(),
                    {}, code);
        continue;
      }
      named.emplace(top, std::make_pair(c.text, at(c)));
    }
    for (const auto& [top, group] : named) {
      if (index_.count(top) != 0) continue;
      node n;
      n.code = top;
      n.name = group.first;
      n.row = n.max_at = group.second;
      index_[top] = nodes_.size();
      nodes_.push_back(std::move(n));
    }
  }

  void link() {
    add_groups();
    // Table order, with each group node placed before its first member.
    std::vector<std::size_t> order(nodes_.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
      std::string p = parent_code(nodes_[k].code);
      while (!p.empty() && index_.count(p) == 0) p = parent_code(p);
      nodes_[k].parent = p.empty() ? 0 : index_[p] + 1;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::make_pair(nodes_[a].row.line, nodes_[a].row.column) <
             std::make_pair(nodes_[b].row.line, nodes_[b].row.column);
    });
    for (auto k : order)
      (nodes_[k].parent == 0 ? top_ : nodes_[nodes_[k].parent - 1].children).push_back(k);
  }

  // The node's maximum: given, or the sum of its children's when every one is known.
  std::optional<decimal> effective_max(std::size_t k) {
    const auto& n = nodes_[k];
    if (n.max) return n.max;
    if (n.children.empty()) return std::nullopt;
    decimal sum;
    for (auto c : n.children) {
      const auto m = effective_max(c);
      if (!m) return std::nullopt;
      sum += *m;
    }
    return sum;
  }

  void check_children(const std::vector<std::size_t>& children, const std::optional<decimal>& max,
                      const std::string& code, const source_location& where, node* parent) {
    if (!max || children.empty()) return;
    decimal sum;
    bool all_known = true;
    std::string terms;
    for (auto c : children) {
      const auto m = effective_max(c);
      if (!m) {
        all_known = false;
        continue;
      }
      sum += *m;
      terms += (terms.empty() ? "" : " + ") + nodes_[c].code + " (" + m->to_string() + ")";
    }
    const std::string who = code.empty() ? "the total" : "criterion '" + code + "'";
    if (sum > *max) {
      diag_.add("import-tree-sum", where,
                who + ": children's maxima add up to " + sum.to_string() + ", more than its max " +
                    max->to_string() + ": " + terms,
                {}, code);
    } else if (all_known && sum < *max) {
      const std::string message = who + ": children's maxima add up to " + sum.to_string() +
                                  ", not its max " + max->to_string() + ": " + terms;
      if (options_.allow_partial && parent != nullptr) {
        parent->partial = true;
        warn("import-tree-partial", where, message + "; written as partial (unlisted: unknown)");
      } else {
        diag_.add(
            "import-tree-sum", where,
            message + (parent != nullptr
                           ? " (--partial writes it as a partial node when the table is an excerpt)"
                           : ""),
            {}, code);
      }
    }
  }

  void check_sums() {
    for (auto& n : nodes_) check_children(n.children, n.max, n.code, n.max_at, &n);
    check_children(top_, total_, "", total_at_, nullptr);
  }

  void check_methods() {
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
      if (!nodes_[k].children.empty()) continue;
      bool known = options_.default_method != measurement::unspecified;
      for (std::size_t p = k + 1; p != 0 && !known; p = nodes_[p - 1].parent)
        known = nodes_[p - 1].method != measurement::unspecified;
      if (!known)
        diag_.add("import-tree-method", nodes_[k].row,
                  "criterion '" + nodes_[k].code +
                      "' has no method and inherits none: fill in its method column "
                      "(tự đánh giá, điều tra xã hội học…) or give a default (--method)",
                  {}, nodes_[k].code);
    }
  }

  void write_node(std::string& y, std::size_t k, const std::string& pad) {
    const auto& n = nodes_[k];
    y += pad + "- code: " + yaml_quoted(n.code) + "\n";
    const std::string in = pad + "  ";
    y += in + "name: " + yaml_quoted(n.name) + "\n";
    if (n.max)
      y += in + "max: " + n.max->to_string() + "\n";
    else if (n.children.empty())
      y += in + "max: unknown  # " + t("not printed in the table") + "\n";
    else
      y += in + "# " + t("max not printed in the table: the sum of its children's") + "\n";
    if (n.method != measurement::unspecified)
      y += in + "method: " + std::string(to_string(n.method)) + "\n";
    if (n.partial)
      y += in + "partial: {unlisted: unknown, note: " +
           yaml_quoted("the table's children add up to less than this maximum") + "}\n";
    if (!n.lead_agency.empty()) y += in + "lead_agency: " + yaml_quoted(n.lead_agency) + "\n";
    if (!n.note.empty()) y += in + "note: " + yaml_quoted(n.note) + "\n";
    y += in + "source: \"\"  # " +
         t("fill in: where the decision prints it (imported from {})", {n.row.to_string()}) + "\n";
    if (n.children.empty()) return;
    y += in + "children:\n";
    for (auto c : n.children) write_node(y, c, in + "  ");
  }

  // A comment for the person who completes the file, in the language asked for.
  std::string t(std::string_view text, const std::vector<std::string>& values = {}) const {
    return translate(text, options_.lang, values);
  }

  std::string write(const std::vector<diagnostic>& warnings) {
    std::string y;
    y += "# " +
         t("Imported by `chiso import-tree` from {} ({} criteria).",
           {*file_, std::to_string(nodes_.size())}) +
         "\n";
    y += "# " + t("Check the index: block, and fill in every `source:` with where the decision") +
         "\n# " +
         t("prints the node (decision, annex, page) before relying on the tree. Then: chiso "
           "validate FILE.") +
         "\n";
    for (const auto& w : warnings) y += "# " + to_string(w, options_.lang, true) + "\n";
    y += "kind: chiso/criteria\nformat_version: 1\nindex:\n";
    const auto stem = std::filesystem::path(*file_).stem().string();
    y += "  id: " + yaml_quoted(options_.id.empty() ? stem : options_.id) + "\n";
    y += "  name: " + yaml_quoted(options_.name.empty() ? stem : options_.name) + "\n";
    if (!options_.legal_basis.empty())
      y += "  legal_basis: " + yaml_quoted(options_.legal_basis) + "\n";
    if (!options_.level.empty()) y += "  level: " + yaml_quoted(options_.level) + "\n";
    if (!options_.years.empty()) {
      std::string list;
      for (int year : options_.years) list += (list.empty() ? "" : ", ") + std::to_string(year);
      y += "  years: [" + list + "]\n";
    }
    int decimals = 4;
    for (const auto& n : nodes_)
      if (n.max) decimals = std::max(decimals, n.max->scale());
    if (total_) decimals = std::max(decimals, total_->scale());
    y += "  decimals: " + std::to_string(decimals) + "\n";
    if (total_) y += "  max: " + total_->to_string() + "\n";
    if (options_.default_method != measurement::unspecified)
      y += "  method: " + std::string(to_string(options_.default_method)) + "\n";
    y += "  source: \"\"  # " +
         t("fill in: the decision and its annex (imported from {})", {*file_}) + "\n";
    y += "criteria:\n";
    for (auto k : top_) write_node(y, k, "  ");
    // The options (--name, --legal-basis) and the file name may be NFD too.
    return detail::to_nfc(y);
  }

  file_name_ptr file_;
  const tree_import_options& options_;
  diagnostics diag_;
  std::vector<diagnostic> warnings_;
  std::vector<record> records_;
  std::map<column_role, std::optional<std::size_t>> columns_;
  std::vector<node> nodes_;
  std::map<std::string, std::size_t> index_;
  std::vector<std::pair<std::size_t, cell>> groups_;
  std::vector<std::size_t> top_;
  std::string roman_;
  std::optional<decimal> total_;
  source_location total_at_;
};

}  // namespace

imported_tree import_tree_csv(std::string_view text, std::string file_name,
                              const tree_import_options& options) {
  // The level is written as given, and `chiso list --level` finds trees by the ids only.
  if (!options.level.empty())
    if (const auto id = level_id(options.level); id != options.level)
      throw usage_error("tree_import_options::level '" + options.level +
                        "' is not a level id (tinh, bo, so, huyen or xa)" +
                        (id ? "; did you mean '" + *id + "'?" : std::string()));
  return importer(text, std::move(file_name), options).run();
}

imported_tree import_tree_file(const std::filesystem::path& file,
                               const tree_import_options& options) {
  return import_tree_csv(detail::read_file(file), file.string(), options);
}

}  // namespace chiso
