#include "csv_long_reader.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <string>
#include <string_view>

#include "csv_matrix_reader.hpp"
#include "progress_support.hpp"
#include "unicode_support.hpp"

namespace chiso::detail {

namespace {

constexpr auto none = std::numeric_limits<std::uint32_t>::max();

// What the rows said about a cell, before the leaves without a row are read as missing.
enum mark : std::uint8_t { mark_none = 0, mark_points = 1, mark_not_applicable = 2 };

// Units are stored in blocks of rows (row-major) while the file is read: their number is known
// only at its end, and a block is moved into the column-major matrix and freed at once.
constexpr std::size_t block_units = 1024;

struct leaf_range {
  std::int64_t low = 0, high = 0;
};

// The bytes rule of the reference reader's trim() for ASCII; a no-break space left at either
// end after it is the caller's to decline (the reference reader trims it with a note).
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A plain decimal ([+-]digits[mark digits], as the wide reader's cells) as a count of
// 10^-scale points; nullopt for anything else, which the reference reader decides about.
std::optional<std::int64_t> scan_points(std::string_view s, char mark, int scale) {
  std::int64_t units = 0;
  const char* e = s.data() + s.size();
  if (scan_decimal(s.data(), e, mark, scale, units) != e) return std::nullopt;
  return units;
}

std::uint64_t hash(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

class long_reader {
 public:
  long_reader(const long_form_layout& layout, const criterion_tree& tree,
              const csv_options& options)
      : layout_(layout),
        tree_(tree),
        options_(options),
        leaves_(tree.leaves().size()),
        scale_(tree.info().decimals),
        column_of_(tree.size(), none) {
    for (std::size_t c = 0; c < leaves_; ++c)
      column_of_[tree.leaves()[c]] = static_cast<std::uint32_t>(c);
    known_groups_ = tree.info().groups;
    for (const auto& g : options.groups)
      if (std::find(known_groups_.begin(), known_groups_.end(), g) == known_groups_.end())
        known_groups_.push_back(g);
    for (auto k = std::size_t{0}; k < layout.columns.size(); ++k) {
      if (layout.columns[k] == long_column::name) has_name_ = true;
      if (layout.columns[k] == long_column::group) has_group_ = true;
      if (layout.columns[k] == long_column::ranked) has_ranked_ = true;
    }
    slots_.assign(1024, none);
  }

  // False for what the reader does not read itself: the matrix is then the reference reader's.
  bool ranges() {
    ranges_.resize(leaves_);
    for (std::size_t c = 0; c < leaves_; ++c) {
      const auto& leaf = tree_[tree_.leaves()[c]];
      const auto range = cell_range_of(leaf, scale_);
      if (!range) return false;
      ranges_[c] = {range->low, range->high};
    }
    return true;
  }

  // One line without its '\n'.
  bool line(const char* p, const char* e) {
    if (e > p && e[-1] == '\r') --e;
    if (p == e) return true;  // no content: the reference reader skips it without a note
    // A carriage return or NUL inside a line, and bytes that are not UTF-8, are the reference
    // reader's (its checks and its notes).
    bool ascii = true;
    for (const char* q = p; q < e; ++q) {
      const auto c = static_cast<unsigned char>(*q);
      if (c == '\r' || c == 0) return false;
      if (c >= 0x80) ascii = false;
    }
    if (!ascii && !is_valid_utf8(std::string_view(p, static_cast<std::size_t>(e - p))))
      return false;
    const char sep = layout_.separator;
    const auto width = layout_.columns.size();
    std::string_view value[7];
    for (std::size_t c = 0;; ++c) {
      std::string_view text;
      if (p < e && *p == '"') {
        // One buffer per role: the values of a row are views into them.
        auto& buffer = quoted_[static_cast<std::size_t>(c < width ? layout_.columns[c]
                                                                  : long_column::ignored)];
        buffer.clear();
        ++p;
        for (;;) {
          const auto* q =
              static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(e - p)));
          if (!q) return false;  // a line break inside quotes, or no closing quote
          buffer.append(p, q);
          p = q + 1;
          if (p < e && *p == '"') {
            buffer += '"';
            ++p;
            continue;
          }
          break;
        }
        if (p < e && *p != sep) return false;  // text after the closing quote
        text = buffer;
      } else {
        const auto* q =
            static_cast<const char*>(std::memchr(p, sep, static_cast<std::size_t>(e - p)));
        if (!q) q = e;
        text = std::string_view(p, static_cast<std::size_t>(q - p));
        p = q;
      }
      text = trim(text);
      if (c < width) {
        value[static_cast<std::size_t>(layout_.columns[c])] = text;
      } else if (!text.empty()) {
        return false;  // a cell in a column without a name
      }
      if (p == e) {
        if (c + 1 < width) return false;  // a short row
        break;
      }
      ++p;  // the separator
    }
    return row(value, ascii);
  }

  // The matrix, once every line is read; nullopt when the file needs the reference reader.
  std::optional<unit_matrix> finish() {
    if (units_.empty()) return std::nullopt;  // the reference reader's csv-no-units
    // n/a on a parent covers its leaves.
    for (const auto& [unit, node] : parent_not_applicable_)
      for (auto j = node; j < tree_[node].subtree_end; ++j) {
        if (column_of_[j] == none) continue;
        auto& m = mark_at(unit, column_of_[j]);
        if (m == mark_points) return std::nullopt;  // points-not-applicable
        m = mark_not_applicable;
      }
    const auto n = units_.size();
    const bool by_group = has_group_applicability(tree_);
    std::size_t missing = 0;
    std::pair<std::size_t, std::size_t> first_missing;  // unit, matrix column
    std::map<std::string, std::vector<bool>, std::less<>> excluded_by_group;
    // Every check before the cells move: a file that declines costs no matrix.
    for (std::size_t u = 0; u < n; ++u) {
      const std::vector<bool>* excluded = nullptr;
      if (by_group) {
        const auto& group = units_[u].group;
        if (group.empty()) return std::nullopt;  // unit-group-missing
        auto it = excluded_by_group.find(group);
        if (it == excluded_by_group.end())
          it = excluded_by_group.emplace(group, not_applicable_to_group(tree_, group)).first;
        excluded = &it->second;
      }
      const auto* marks = &marks_[u / block_units][(u % block_units) * leaves_];
      for (std::size_t c = 0; c < leaves_; ++c) {
        const bool out = excluded && (*excluded)[tree_.leaves()[c]];
        if (out && marks[c] == mark_points) return std::nullopt;  // not-applicable-to-group
        if (out || marks[c] != mark_none) continue;
        if (options_.missing == missing_policy::error) return std::nullopt;  // points-missing
        if (missing++ == 0) first_missing = {u, c};
      }
    }
    // Read as 0 or unknown: said, as the reference reader says it.
    std::vector<std::string> notes;
    if (missing)
      notes.push_back(missing_rows_note(options_.missing, missing, units_[first_missing.first].id,
                                        tree_[tree_.leaves()[first_missing.second]].code,
                                        empty_points_));
    unit_matrix::cells_type cells(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(leaves_));
    for (std::size_t b = 0; b < cells_.size(); ++b) {
      const auto first = b * block_units;
      const auto count = std::min(block_units, n - first);
      const auto* src = cells_[b].data();
      for (std::size_t c = 0; c < leaves_; ++c) {
        auto* dst = cells.data() + c * n + first;
        for (std::size_t k = 0; k < count; ++k) dst[k] = src[k * leaves_ + c];
      }
      std::vector<std::int32_t>().swap(cells_[b]);
    }
    unit_matrix m(tree_, std::move(units_), std::move(cells));
    std::vector<cell_state> states(leaves_);
    for (std::size_t u = 0; u < n; ++u) {
      const std::vector<bool>* excluded = nullptr;
      if (by_group) excluded = &excluded_by_group.find(m.units()[u].group)->second;
      const auto* marks = &marks_[u / block_units][(u % block_units) * leaves_];
      bool special = false;
      for (std::size_t c = 0; c < leaves_; ++c) {
        auto state = cell_state::known;
        if ((excluded && (*excluded)[tree_.leaves()[c]]) || marks[c] == mark_not_applicable)
          state = cell_state::not_applicable;
        else if (marks[c] == mark_none && options_.missing == missing_policy::unknown)
          state = cell_state::unknown;
        states[c] = state;
        special = special || state != cell_state::known;
      }
      if (special) m.set_states(u, states);
      if ((u + 1) % block_units == 0) std::vector<std::uint8_t>().swap(marks_[u / block_units]);
    }
    m.set_notes(std::move(notes));
    return m;
  }

 private:
  enum field : std::size_t { f_unit, f_code, f_points, f_name, f_group, f_ranked };

  std::uint8_t& mark_at(std::uint32_t unit, std::uint32_t column) {
    return marks_[unit / block_units][(unit % block_units) * leaves_ + column];
  }

  // Text as the reference reader keeps it: ASCII as is, other UTF-8 in NFC. A no-break space
  // at either end (trimmed there with a note) declines, as does one inside an identifier (a
  // unit id, a code, a group: csv-nbsp).
  bool text(std::string_view& value, bool ascii, bool identifier, std::string& storage) {
    if (ascii || is_ascii(value)) return true;
    constexpr std::string_view nbsp = "\xC2\xA0";
    if (value.starts_with(nbsp) || value.ends_with(nbsp) ||
        (identifier && value.find(nbsp) != std::string_view::npos))
      return false;
    storage = to_nfc(value);
    value = storage;
    return true;
  }

  // Excel writes TRUE/FALSE: the reference reader's read_bool().
  static std::optional<bool> ranked(std::string_view value) {
    const auto is = [&](std::string_view word) {
      if (value.size() != word.size()) return false;
      for (std::size_t k = 0; k < word.size(); ++k) {
        const char ch = value[k];
        if ((ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch) != word[k])
          return false;
      }
      return true;
    };
    if (value.empty() || is("true")) return true;
    if (is("false")) return false;
    return std::nullopt;
  }

  bool row(std::string_view (&value)[7], bool ascii) {
    auto id = value[f_unit];
    if (!text(id, ascii, true, normalised_[f_unit]) || id.empty()) return false;
    std::uint32_t unit = last_unit_;
    const bool same = unit != none && id == units_[unit].id;
    if (!same) {
      unit = find_or_add(id);
      if (unit == none) return false;
    }
    auto& info = units_[unit];
    const bool first = unit == added_;
    added_ = none;
    last_unit_ = unit;
    if (has_name_) {
      auto name = value[f_name];
      if (!text(name, ascii, false, normalised_[f_name])) return false;
      if (first)
        info.name.assign(name);
      else if (name != info.name)
        return false;  // csv-attribute-differs
    }
    if (has_group_) {
      auto group = value[f_group];
      if (!text(group, ascii, true, normalised_[f_group])) return false;
      if (first) {
        info.group.assign(group);
        if (!known_groups_.empty() && std::find(known_groups_.begin(), known_groups_.end(),
                                                info.group) == known_groups_.end())
          return false;  // unknown-unit-group
      } else if (group != info.group) {
        return false;
      }
    }
    if (has_ranked_) {
      const auto r = ranked(value[f_ranked]);
      if (!r) return false;  // csv-ranked
      if (first)
        info.ranked = *r;
      else if (*r != info.ranked)
        return false;
    }
    auto code = value[f_code];
    if (!text(code, ascii, true, normalised_[f_code]) || code.empty()) return false;
    // Rows come leaf after leaf of a unit, or unit after unit of a leaf: the last node or the
    // next leaf is nearly always the code.
    std::size_t node = tree_.size();
    if (last_node_ < tree_.size() && tree_[last_node_].code == code) {
      node = last_node_;
    } else if (last_node_ < tree_.size() && column_of_[last_node_] != none &&
               column_of_[last_node_] + 1 < leaves_ &&
               tree_[tree_.leaves()[column_of_[last_node_] + 1]].code == code) {
      node = tree_.leaves()[column_of_[last_node_] + 1];
    } else if (const auto found = tree_.find(code)) {
      node = *found;
    } else {
      return false;  // unknown-criterion
    }
    last_node_ = node;
    const auto points = value[f_points];
    if (points.empty()) {
      // An empty points cell (pandas.melt's blank) is no row; under --missing error the
      // reference reader's csv-empty-cell.
      if (options_.missing == missing_policy::error) return false;
      empty_points_ = true;
      return true;
    }
    const auto column = column_of_[node];
    if (points == "n/a") {
      if (column == none) {
        parent_not_applicable_.emplace_back(unit, node);
        return true;
      }
      auto& m = mark_at(unit, column);
      if (m == mark_points) return false;  // points-not-applicable
      m = mark_not_applicable;
      return true;
    }
    if (column == none) return false;  // points-on-parent
    const auto v = scan_points(points, layout_.decimal_mark, scale_);
    if (!v || *v < ranges_[column].low || *v > ranges_[column].high) return false;
    auto& m = mark_at(unit, column);
    if (m != mark_none) return false;  // points-twice, points-not-applicable
    m = mark_points;
    cells_[unit / block_units][(unit % block_units) * leaves_ + column] =
        static_cast<std::int32_t>(*v);
    return true;
  }

  // The unit of an id, or a new one (then added_); none when there are too many.
  std::uint32_t find_or_add(std::string_view id) {
    const auto mask = slots_.size() - 1;
    auto k = hash(id) & mask;
    for (; slots_[k] != none; k = (k + 1) & mask)
      if (units_[slots_[k]].id == id) return slots_[k];
    const auto n = units_.size();
    if (n + 1 >= none) return none;
    if (n % block_units == 0) {
      cells_.emplace_back(block_units * leaves_, 0);
      marks_.emplace_back(block_units * leaves_, mark_none);
    }
    units_.push_back(unit_info{std::string(id), {}, {}, true});
    slots_[k] = static_cast<std::uint32_t>(n);
    added_ = static_cast<std::uint32_t>(n);
    if ((n + 1) * 2 > slots_.size()) grow();
    return added_;
  }

  void grow() {
    slots_.assign(slots_.size() * 2, none);
    const auto mask = slots_.size() - 1;
    for (std::uint32_t u = 0; u < units_.size(); ++u) {
      auto k = hash(units_[u].id) & mask;
      while (slots_[k] != none) k = (k + 1) & mask;
      slots_[k] = u;
    }
  }

  const long_form_layout& layout_;
  const criterion_tree& tree_;
  const csv_options& options_;
  std::size_t leaves_;
  int scale_;
  std::vector<std::uint32_t> column_of_;  // per node: leaf column or none
  std::vector<leaf_range> ranges_;        // per leaf column
  std::vector<std::string> known_groups_;
  bool has_name_ = false, has_group_ = false, has_ranked_ = false;
  bool empty_points_ = false;
  std::vector<unit_info> units_;
  std::vector<std::uint32_t> slots_;  // open addressing: unit per slot
  std::vector<std::vector<std::int32_t>> cells_;
  std::vector<std::vector<std::uint8_t>> marks_;
  std::vector<std::pair<std::uint32_t, std::size_t>> parent_not_applicable_;
  std::uint32_t last_unit_ = none, added_ = none;
  std::size_t last_node_ = std::numeric_limits<std::size_t>::max();
  std::string quoted_[7], normalised_[6];
};

}  // namespace

std::optional<unit_matrix> read_long_matrix_fast(const csv_bytes& bytes, std::size_t rows_begin,
                                                 const long_form_layout& layout,
                                                 const criterion_tree& tree,
                                                 const csv_options& options,
                                                 const progress_callback& progress) {
  long_reader reader(layout, tree, options);
  if (!reader.ranges()) return std::nullopt;
  const auto size = bytes.size();
  csv_chunk buffer;
  std::size_t bom = 0;
  if (bytes.read(0, 3, buffer) == "\xEF\xBB\xBF") bom = 3;
  detail::progress_reporter report(progress, size - bom);
  // A text in memory is read in place at once; a file a chunk at a time.
  const std::size_t chunk = std::size_t{8} << 20;
  const bool ok = for_each_line(
      bytes, rows_begin, size, chunk, buffer, nullptr,
      [&](const char* p, const char* e) { return reader.line(p, e); },
      [&](std::size_t offset) { report.at(offset - bom); });
  if (!ok) return std::nullopt;
  auto m = reader.finish();
  if (m) report.finish();
  return m;
}

}  // namespace chiso::detail
