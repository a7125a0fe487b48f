#include "csv_matrix_reader.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress_support.hpp"
#include "unicode_support.hpp"

namespace chiso::detail {

csv_bytes::descriptor::~descriptor() {
  ::close(fd);
}

csv_bytes::csv_bytes(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw std::filesystem::filesystem_error("cannot open", file,
                                            std::error_code(errno, std::generic_category()));
  file_ = std::make_shared<const descriptor>(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    throw std::filesystem::filesystem_error("cannot size", file,
                                            std::error_code(errno, std::generic_category()));
  size_ = static_cast<std::size_t>(st.st_size);
}

void csv_chunk::unmap() noexcept {
  if (mapping_) ::munmap(mapping_, mapped_);
  mapping_ = nullptr;
  mapped_ = 0;
}

// The file's pages are mapped rather than copied into a buffer: reading 10^6 units twice (rows
// counted, then parsed) through read(2) was an eighth of `chiso rank`'s time, the kernel's
// copy. A mapping of one chunk at a time keeps the resident memory bounded as the buffer did.
std::string_view csv_bytes::read(std::size_t offset, std::size_t length, csv_chunk& chunk) const {
  if (offset >= size_) return {};
  length = std::min(length, size_ - offset);
  if (in_memory_) return text_.substr(offset, length);
  chunk.unmap();
  // A file that shrank since it was sized would fault in a mapping past its end: the caller
  // gets no bytes and declines, as with a failed read.
  struct stat st {};
  if (::fstat(file_->fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < offset + length)
    return {};
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const auto start = offset / page * page;
  const auto span = length + (offset - start);
  void* p = ::mmap(nullptr, span, PROT_READ, MAP_PRIVATE | MAP_POPULATE, file_->fd,
                   static_cast<off_t>(start));
  if (p != MAP_FAILED) {
    chunk.mapping_ = p;
    chunk.mapped_ = span;
    return {static_cast<const char*>(p) + (offset - start), length};
  }
  // Files that cannot be mapped (some special file systems) are read.
  if (chunk.buffer_.size() < length) chunk.buffer_.resize(length);
  std::size_t got = 0;
  while (got < length) {
    const auto n = ::pread(file_->fd, chunk.buffer_.data() + got, length - got,
                           static_cast<off_t>(offset + got));
    if (n <= 0) return {};
    got += static_cast<std::size_t>(n);
  }
  return {chunk.buffer_.data(), length};
}

std::string empty_cell_where(std::string_view unit, std::string_view code, std::size_t line,
                             std::size_t column) {
  return "for unit '" + std::string(unit) + "', criterion '" + std::string(code) + "' on line " +
         std::to_string(line) + ", column " + std::to_string(column);
}

std::string empty_cells_note(missing_policy policy, std::size_t count, std::string_view first) {
  const std::string cells =
      "read " + std::to_string(count) + " empty cell" + (count == 1 ? "" : "s");
  return cells +
         (policy == missing_policy::unknown
              ? " as not published (--missing unknown: no total, no rank), the first "
              : " as 0 points (--missing zero), the first ") +
         std::string(first);
}

std::string missing_columns_note(missing_policy policy, const std::vector<std::string>& codes) {
  std::string list;
  for (std::size_t k = 0; k < codes.size() && k < 10; ++k)
    list += (list.empty() ? "" : ", ") + codes[k];
  if (codes.size() > 10) list += ", … (" + std::to_string(codes.size()) + " in all)";
  const bool one = codes.size() == 1;
  return (one ? "no column for criterion '" + list + "' in the header: read as "
              : "no columns for criteria " + list + " in the header: read as ") +
         (policy == missing_policy::unknown ? "not published" : "0 points") +
         (one ? " for every unit it applies to" : " for every unit they apply to") +
         (policy == missing_policy::unknown ? " (--missing unknown: no total, no rank)"
                                            : " (--missing zero)");
}

std::string missing_rows_note(missing_policy policy, std::size_t count, std::string_view unit,
                              std::string_view code, bool empty_points) {
  return std::string(empty_points ? "no row or an empty points cell for " : "no row for ") +
         std::to_string(count) + " (unit, criterion) pair" + (count == 1 ? "" : "s") +
         ": read as " +
         (policy == missing_policy::unknown ? "not published (--missing unknown: no total, no rank)"
                                            : "0 points (--missing zero)") +
         ", the first for unit '" + std::string(unit) + "', criterion '" + std::string(code) + "'";
}

std::optional<cell_range> cell_range_of(const criterion& leaf, int scale) {
  const auto bound = [&](const decimal& d) -> std::optional<std::int64_t> {
    if (d.normalized().scale() > scale) return std::nullopt;
    try {
      return d.with_scale(scale).units();
    } catch (const std::exception&) {
      return std::nullopt;
    }
  };
  cell_range range{std::numeric_limits<std::int32_t>::min(),
                   std::numeric_limits<std::int32_t>::max()};
  const auto low = bound(leaf.min);
  if (!low) return std::nullopt;
  range.low = std::max(range.low, *low);
  if (leaf.max) {
    const auto high = bound(*leaf.max);
    if (!high) return std::nullopt;
    range.high = std::min(range.high, *high);
  }
  return range;
}

const char* scan_decimal(const char* p, const char* e, char mark, int scale, std::int64_t& units) {
  bool negative = false;
  if (p < e && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    ++p;
  }
  std::uint64_t value = 0;
  int digits = 0;
  while (p < e && static_cast<unsigned>(*p - '0') < 10u) {
    value = value * 10 + static_cast<unsigned>(*p - '0');
    ++digits;
    ++p;
  }
  if (digits == 0) return nullptr;
  int fraction = 0, kept = 0;
  if (p < e && *p == mark) {
    ++p;
    while (p < e && static_cast<unsigned>(*p - '0') < 10u) {
      if (kept < scale) {
        value = value * 10 + static_cast<unsigned>(*p - '0');
        ++kept;
      } else if (*p != '0') {
        return nullptr;  // finer than the tree: the reference reader reports it
      }
      ++fraction;
      ++p;
    }
    if (fraction == 0) return nullptr;  // "1." is not plain notation
  }
  // At most 18 significant digits keeps every step inside 64 bits; longer text (and more
  // fraction digits than a decimal holds) is left to the reference reader.
  if (digits + scale > 18 || fraction > decimal::max_scale) return nullptr;
  for (; kept < scale; ++kept) value *= 10;
  units = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
  return p;
}

namespace {

constexpr auto none = std::numeric_limits<std::uint32_t>::max();

// What a header column holds.
enum class role : std::uint8_t { unit, name, group, ranked, leaf };

struct column {
  role what = role::leaf;
  std::uint32_t leaf = 0;  // matrix column
};

struct leaf_range {
  std::int64_t low = 0, high = std::numeric_limits<std::int64_t>::max();
};

// The same bytes rule as the reference reader's trim().
bool blank(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// A numeric cell read straight from the bytes.
enum class cell_kind : std::uint8_t { number, empty, not_applicable };

struct cell {
  cell_kind kind = cell_kind::empty;
  std::int64_t units = 0;  // at the tree's scale
};

// Reads a cell from `p`, up to the separator or `e`: blanks, then a plain decimal ([+-]digits
// [mark digits]), `n/a` or nothing, then blanks and (when `strip_cr`, as for an unquoted field
// at a line's end) one carriage return. Returns where the field ends (at the separator or `e`),
// or nullptr for anything else: the reference reader then decides what it is.
const char* scan_cell(const char* p, const char* e, char separator, char mark, int scale,
                      bool strip_cr, cell& out) {
  while (p < e && blank(*p)) ++p;
  const bool sign = p < e && (*p == '-' || *p == '+');
  if (const char* digit = p + (sign ? 1 : 0);
      digit < e && static_cast<unsigned>(*digit - '0') < 10u) {
    p = scan_decimal(p, e, mark, scale, out.units);
    if (!p) return nullptr;
    out.kind = cell_kind::number;
  } else if (sign) {
    return nullptr;
  } else if (e - p >= 3 && p[0] == 'n' && p[1] == '/' && p[2] == 'a') {
    out.kind = cell_kind::not_applicable;
    p += 3;
  } else {
    out.kind = cell_kind::empty;
  }
  while (p < e && blank(*p)) ++p;
  if (strip_cr && p < e && *p == '\r' && (p + 1 == e || p[1] == separator)) ++p;
  if (p < e && *p != separator) return nullptr;
  return p;
}

// Reads a quoted field starting at `p` (on the opening quote) into `text`; returns the position
// after the closing quote, or nullptr when it does not close on this line.
const char* scan_quoted(const char* p, const char* e, std::string& text) {
  text.clear();
  ++p;
  for (;;) {
    const auto* q = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(e - p)));
    if (!q) return nullptr;
    text.append(p, q);
    if (q + 1 < e && q[1] == '"') {
      text += '"';
      p = q + 2;
      continue;
    }
    return q + 1;
  }
}

// The first line with content (the header) and where the rows start.
struct header_line {
  std::string_view text;
  std::size_t rows_begin = 0;
};

// Lines without content ("" or a lone carriage return) are skipped, as the reference reader
// skips rows whose fields are all empty without a separator.
bool is_blank_line(const char* p, const char* e) {
  return p == e || (e - p == 1 && *p == '\r');
}

struct shared_state {
  const csv_bytes& bytes;
  const criterion_tree& tree;
  const csv_options& options;
  csv_dialect dialect;
  std::vector<column> columns;
  std::vector<leaf_range> ranges;        // per matrix column
  std::vector<std::uint32_t> uncovered;  // matrix columns without a header column
  int scale = 0;
  std::size_t leaves = 0;
  std::size_t chunk = 0;
  std::atomic<bool> declined{false};
};

// The lines of a region, `s.chunk` bytes at a time, until a thread declines the file.
template <class Line, class Done>
bool for_each_line(shared_state& s, std::size_t begin, std::size_t end, csv_chunk& buffer,
                   Line line, Done done) {
  return detail::for_each_line(s.bytes, begin, end, s.chunk, buffer, &s.declined, line, done);
}

// What one thread read from its rows.
struct region_result {
  std::size_t begin = 0, end = 0;  // bytes
  std::size_t first_row = 0, rows = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> special;  // row, local pattern
  std::vector<std::vector<cell_state>> patterns;
  // Empty cells read under --missing zero|unknown, and where the first one is: its row, matrix
  // column, line within the region (blank lines count) and the field's byte offsets.
  std::size_t lines = 0;  // lines read, blank ones too
  std::size_t empty = 0, empty_row = 0, empty_leaf = 0, empty_line = 0;
  std::size_t empty_line_offset = 0, empty_field_offset = 0;
  std::exception_ptr error;
};

// Rows of one region into the cells, the units and their id hashes.
class region_parser {
 public:
  region_parser(shared_state& s, region_result& r, unit_matrix::cells_type& cells_out,
                std::vector<unit_info>& units, std::vector<std::uint64_t>& hashes)
      : s_(s), r_(r), cells_(cells_out), units_(units), hashes_(hashes) {
    block_.resize(block_rows * s_.leaves);
    row_states_.assign(s_.leaves, cell_state::known);
  }

  // `progress(offset)` after each line, with the offset from the region's start.
  template <class Progress>
  bool parse(Progress progress) {
    csv_chunk buffer;
    line_offset_ = r_.begin;
    const bool ok = for_each_line(
        s_, r_.begin, r_.end, buffer, [&](const char* p, const char* e) { return line(p, e); },
        [&](std::size_t offset) {
          line_offset_ = offset;
          ++lines_;
          progress(offset - r_.begin);
        });
    if (!ok) return false;
    flush();
    r_.lines = lines_;
    return next_row_ == r_.first_row + r_.rows;
  }

 private:
  static constexpr std::size_t block_rows = 64;

  bool line(const char* p, const char* e) {
    if (is_blank_line(p, e)) return true;
    const char* const line_begin = p;
    const auto row = next_row_++;
    row_ = row;
    if (row >= r_.first_row + r_.rows) return false;
    auto* cells = block_.data() + (row - block_first_) * s_.leaves;
    if (special_row_) {
      std::fill(row_states_.begin(), row_states_.end(), cell_state::known);
      special_row_ = false;
    }
    unit_info& unit = units_[row];
    const char sep = s_.dialect.separator;
    const auto width = s_.columns.size();
    for (std::size_t c = 0; c < width; ++c) {
      const auto& col = s_.columns[c];
      field_offset_ = static_cast<std::size_t>(p - line_begin);
      std::string_view text;
      bool quoted = false;
      if (p < e && *p == '"') {
        p = scan_quoted(p, e, quoted_);
        if (!p) return false;  // a line break inside quotes, or no closing quote
        if (p < e && *p != sep && !(*p == '\r' && p + 1 == e)) return false;
        if (p < e && *p == '\r') ++p;
        text = quoted_;
        quoted = true;
      } else if (col.what == role::leaf) {
        cell v;
        const char* q = scan_cell(p, e, sep, s_.dialect.decimal_mark, s_.scale, true, v);
        if (!q || !store(cells, col.leaf, v)) return false;
        p = q;
      } else {
        const auto* q =
            static_cast<const char*>(std::memchr(p, sep, static_cast<std::size_t>(e - p)));
        if (!q) q = e;
        text = std::string_view(p, static_cast<std::size_t>(q - p));
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        p = q;
      }
      if (quoted && col.what == role::leaf) {
        cell v;
        const char* end = text.data() + text.size();
        if (scan_cell(text.data(), end, sep, s_.dialect.decimal_mark, s_.scale, false, v) != end ||
            !store(cells, col.leaf, v))
          return false;
      } else if (col.what != role::leaf) {
        if (!attribute(col.what, trim(text), unit)) return false;
      }
      // After each field: a separator before the next one, the line's end after the last.
      if (c + 1 < width) {
        if (p >= e || *p != sep) return false;
        ++p;
      } else if (p != e) {
        return false;
      }
    }
    for (auto leaf : s_.uncovered) {
      cells[leaf] = 0;
      if (s_.options.missing == missing_policy::unknown) mark(leaf, cell_state::unknown);
    }
    if (special_row_) {
      const auto [it, inserted] =
          pattern_ids_.try_emplace(row_states_, static_cast<std::uint32_t>(r_.patterns.size()));
      if (inserted) r_.patterns.push_back(row_states_);
      r_.special.emplace_back(static_cast<std::uint32_t>(row), it->second);
    }
    hashes_[row] = hash(unit.id);
    if (row + 1 - block_first_ == block_rows) flush();
    return true;
  }

  bool store(std::int32_t* cells, std::uint32_t leaf, const cell& v) {
    switch (v.kind) {
      case cell_kind::number: {
        const auto& range = s_.ranges[leaf];
        if (v.units < range.low || v.units > range.high) return false;
        cells[leaf] = static_cast<std::int32_t>(v.units);
        return true;
      }
      case cell_kind::empty:
        // An error (csv-empty-cell) is the reference reader's to report; read as 0 or unknown,
        // it is counted for the note that says how many and where the first one is.
        if (s_.options.missing == missing_policy::error) return false;
        cells[leaf] = 0;
        if (s_.options.missing == missing_policy::unknown) mark(leaf, cell_state::unknown);
        if (r_.empty++ == 0) {
          r_.empty_row = row_;
          r_.empty_leaf = leaf;
          r_.empty_line = lines_;
          r_.empty_line_offset = line_offset_;
          r_.empty_field_offset = field_offset_;
        }
        return true;
      case cell_kind::not_applicable:
        cells[leaf] = 0;
        mark(leaf, cell_state::not_applicable);
        return true;
    }
    return false;
  }

  void mark(std::uint32_t leaf, cell_state state) {
    row_states_[leaf] = state;
    special_row_ = true;
  }

  // Text as the reference reader keeps it: ASCII as is; other UTF-8 brought to NFC (ids,
  // names and groups are compared in that form). What the reference reader would report or
  // note declines: bytes that are not UTF-8 or NUL (csv-not-utf8), a no-break space at either
  // end (trimmed with a note), anywhere in an id or a group (csv-nbsp).
  bool attribute(role what, std::string_view value, unit_info& unit) {
    if (!detail::is_ascii(value)) {
      if (!detail::is_valid_utf8(value) || value.starts_with("\xC2\xA0") ||
          value.ends_with("\xC2\xA0") ||
          ((what == role::unit || what == role::group) &&
           value.find("\xC2\xA0") != std::string_view::npos))
        return false;
      normalised_ = detail::to_nfc(value);
      value = normalised_;
    }
    if (value.find('\0') != std::string_view::npos) return false;
    switch (what) {
      case role::unit:
        if (value.empty()) return false;
        unit.id.assign(value);
        return true;
      case role::name:
        unit.name.assign(value);
        return true;
      case role::group:
        unit.group.assign(value);
        return true;
      case role::ranked:
        if (value == "true" || value.empty())
          unit.ranked = true;
        else if (value == "false")
          unit.ranked = false;
        else
          return false;
        return true;
      case role::leaf:
        break;
    }
    return false;
  }

  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
  }

  // The block's rows into the column-major cells: each column gets a run of adjacent cells.
  void flush() {
    const auto n = next_row_ - block_first_;
    if (n == 0) return;
    const auto stride = static_cast<std::size_t>(cells_.rows());
    std::int32_t* out = cells_.data();
    for (std::size_t c = 0; c < s_.leaves; ++c) {
      std::int32_t* dst = out + c * stride + block_first_;
      const std::int32_t* src = block_.data() + c;
      for (std::size_t k = 0; k < n; ++k) dst[k] = src[k * s_.leaves];
    }
    block_first_ = next_row_;
  }

  shared_state& s_;
  region_result& r_;
  unit_matrix::cells_type& cells_;
  std::vector<unit_info>& units_;
  std::vector<std::uint64_t>& hashes_;
  std::vector<std::int32_t> block_;  // row-major, block_rows rows
  std::vector<cell_state> row_states_;
  std::map<std::vector<cell_state>, std::uint32_t> pattern_ids_;
  std::string quoted_;
  std::string normalised_;
  std::size_t next_row_ = 0, block_first_ = 0;
  std::size_t row_ = 0, lines_ = 0, line_offset_ = 0, field_offset_ = 0;  // where the parse is
  bool special_row_ = false;

 public:
  void start_at(std::size_t row) { block_first_ = next_row_ = row; }
};

// The header: where each column goes. False for anything the reference reader would report or
// read another way (long form, quotes, unknown or repeated columns, a missing leaf under
// `missing: error`).
bool read_header(shared_state& s, std::string_view line) {
  if (line.find('"') != std::string_view::npos) return false;
  std::map<std::string_view, std::size_t> seen;
  std::vector<std::string_view> names;
  for (std::size_t start = 0;;) {
    const auto stop = line.find(s.dialect.separator, start);
    auto name =
        line.substr(start, stop == std::string_view::npos ? line.size() - start : stop - start);
    if (!name.empty() && name.back() == '\r') name.remove_suffix(1);
    name = trim(name);
    if (name.empty() || !seen.emplace(name, names.size()).second) return false;
    names.push_back(name);
    if (stop == std::string_view::npos) break;
    start = stop + 1;
  }
  if (!seen.contains("unit") || (seen.contains("code") && seen.contains("points"))) return false;
  const auto& tree = s.tree;
  std::vector<bool> covered(tree.size(), false);
  for (const auto name : names) {
    column c;
    if (name == "unit") {
      c.what = role::unit;
    } else if (name == "name") {
      c.what = role::name;
    } else if (name == "group") {
      c.what = role::group;
    } else if (name == "ranked") {
      c.what = role::ranked;
    } else {
      const auto node = tree.find(std::string(name));
      if (!node || !tree.is_leaf(*node) || covered[*node]) return false;
      covered[*node] = true;
      const auto leaves = tree.leaves();
      c.leaf = static_cast<std::uint32_t>(std::find(leaves.begin(), leaves.end(), *node) -
                                          leaves.begin());
    }
    s.columns.push_back(c);
  }
  const auto leaves = tree.leaves();
  s.leaves = leaves.size();
  s.scale = tree.info().decimals;
  for (std::size_t k = 0; k < leaves.size(); ++k) {
    const auto& leaf = tree[leaves[k]];
    if (!covered[leaves[k]]) {
      if (s.options.missing == missing_policy::error) return false;
      s.uncovered.push_back(static_cast<std::uint32_t>(k));
    }
    const auto range = cell_range_of(leaf, s.scale);
    if (!range) return false;
    s.ranges.push_back({range->low, range->high});
  }
  return true;
}

}  // namespace

std::optional<unit_matrix> read_unit_matrix_fast(const csv_bytes& bytes, const criterion_tree& tree,
                                                 const csv_options& options, csv_dialect dialect,
                                                 const progress_callback& progress,
                                                 const csv_fast_options& how) {
  shared_state s{bytes, tree, options, dialect, {}, {}, {}, 0, 0, 0, {}};
  const auto size = bytes.size();
  if (size == 0) return std::nullopt;

  // The header: the first line with content, after a byte-order mark.
  csv_chunk buffer;
  std::size_t pos = 0;
  {
    const auto bom = bytes.read(0, 3, buffer);
    if (bom == "\xEF\xBB\xBF") pos = 3;
  }
  std::string header;
  for (;;) {
    if (pos >= size) return std::nullopt;  // no header: the reference reader says so
    std::size_t want = 4096;
    std::string_view view;
    std::size_t nl = std::string_view::npos;
    for (;;) {
      view = bytes.read(pos, want, buffer);
      if (view.empty()) return std::nullopt;
      nl = view.find('\n');
      if (nl != std::string_view::npos || pos + view.size() >= size) break;
      want *= 2;
    }
    const auto line = view.substr(0, nl == std::string_view::npos ? view.size() : nl);
    pos += nl == std::string_view::npos ? view.size() : nl + 1;
    if (!is_blank_line(line.data(), line.data() + line.size())) {
      header.assign(line);
      break;
    }
  }
  if (!read_header(s, header)) return std::nullopt;

  // Regions start after a line break near equal shares of the rows' bytes.
  const auto rows_begin = pos;
  const auto data = size - rows_begin;
  unsigned threads = how.threads ? how.threads : options.threads;
  if (threads == 0)
    threads = static_cast<unsigned>(
        std::clamp<std::size_t>(data / std::max<std::size_t>(how.min_bytes_per_thread, 1), 1,
                                std::max(1u, std::thread::hardware_concurrency())));
  // Chunks small enough that each thread reads several (and a reader's memory stays bounded).
  s.chunk = std::clamp<std::size_t>(data / (std::size_t{threads} * 8), 4096,
                                    std::max<std::size_t>(how.chunk_bytes, 4096));
  std::vector<region_result> regions;
  {
    std::size_t begin = rows_begin;
    for (unsigned k = 1; k <= threads && begin < size; ++k) {
      std::size_t end = size;
      if (k < threads) {
        end = std::max(begin, rows_begin + data / threads * k);
        for (std::size_t want = 4096;; want *= 2) {
          const auto view = bytes.read(end, want, buffer);
          if (view.empty()) {
            end = size;
            break;
          }
          if (const auto nl = view.find('\n'); nl != std::string_view::npos) {
            end += nl + 1;
            break;
          }
          if (end + view.size() >= size) {
            end = size;
            break;
          }
        }
      }
      region_result r;
      r.begin = begin;
      r.end = end;
      regions.push_back(std::move(r));
      begin = end;
    }
  }
  // Nothing after the header: the reference reader says so (csv-no-units).
  if (regions.empty()) return std::nullopt;

  const auto run = [&](auto&& work) {
    std::vector<std::thread> pool;
    for (std::size_t k = 1; k < regions.size(); ++k)
      pool.emplace_back([&, k] {
        try {
          if (!work(k)) s.declined = true;
        } catch (...) {
          regions[k].error = std::current_exception();
          s.declined = true;
        }
      });
    try {
      if (!work(0)) s.declined = true;
    } catch (...) {
      regions[0].error = std::current_exception();
      s.declined = true;
    }
    for (auto& t : pool) t.join();
    for (const auto& r : regions)
      if (r.error) std::rethrow_exception(r.error);
  };

  // First pass: rows per region, so that the cells are allocated once at their final size.
  run([&](std::size_t k) {
    csv_chunk chunk;
    std::size_t rows = 0;
    const bool ok = for_each_line(
        s, regions[k].begin, regions[k].end, chunk,
        [&](const char* p, const char* e) {
          if (!is_blank_line(p, e)) ++rows;
          return true;
        },
        [](std::size_t) {});
    regions[k].rows = rows;
    return ok;
  });
  if (s.declined) return std::nullopt;
  std::size_t rows = 0;
  for (auto& r : regions) {
    r.first_row = rows;
    rows += r.rows;
  }
  if (rows >= none) return std::nullopt;

  // Second pass: the rows, each region by its own thread; progress from the calling thread.
  unit_matrix::cells_type cells(static_cast<Eigen::Index>(rows),
                                static_cast<Eigen::Index>(s.leaves));
  std::vector<unit_info> units(rows);
  std::vector<std::uint64_t> hashes(rows);
  std::vector<std::atomic<std::size_t>> done(regions.size());
  for (auto& d : done) d = 0;
  detail::progress_reporter report(progress, size);
  const auto bytes_done = [&] {
    std::size_t sum = rows_begin;
    for (auto& d : done) sum += d.load(std::memory_order_relaxed);
    return sum;
  };
  const auto parse = [&](std::size_t k) {
    region_parser parser(s, regions[k], cells, units, hashes);
    parser.start_at(regions[k].first_row);
    const bool ok = k == 0 ? parser.parse([&](std::size_t offset) {
      done[0].store(offset, std::memory_order_relaxed);
      report.at(bytes_done());
    })
                           : parser.parse([&](std::size_t offset) {
                               done[k].store(offset, std::memory_order_relaxed);
                             });
    if (!ok) s.declined = true;
  };
  // The calling thread reads the first region and reports progress for all.
  std::atomic<std::size_t> finished{0};
  run([&](std::size_t k) {
    if (k != 0) {
      struct count_on_exit {
        std::atomic<std::size_t>& n;
        ~count_on_exit() { ++n; }
      } guard{finished};
      parse(k);
      return true;
    }
    parse(0);
    while (finished.load() + 1 < regions.size()) {
      report.at(bytes_done());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  });
  if (s.declined) return std::nullopt;

  // Distinct ids: equal hashes are compared as text; a true repeat is the reference reader's
  // to report.
  {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order(rows);
    for (std::size_t u = 0; u < rows; ++u) order[u] = {hashes[u], static_cast<std::uint32_t>(u)};
    std::vector<std::uint64_t>().swap(hashes);
    std::sort(order.begin(), order.end());
    for (std::size_t k = 1; k < order.size(); ++k)
      if (order[k].first == order[k - 1].first) {
        // Every earlier id with this hash.
        for (auto j = k; j-- > 0 && order[j].first == order[k].first;)
          if (units[order[j].second].id == units[order[k].second].id) return std::nullopt;
      }
  }

  // A tree that declares its unit groups: a group it does not declare is the reference
  // reader's to report (unknown-unit-group, with "did you mean").
  // Without a group column at all, every unit is outside them (csv-group-missing).
  if (auto known = tree.info().groups; !known.empty() || !s.options.groups.empty()) {
    known.insert(known.end(), s.options.groups.begin(), s.options.groups.end());
    if (std::none_of(s.columns.begin(), s.columns.end(),
                     [](const column& c) { return c.what == role::group; }))
      return std::nullopt;
    for (const auto& u : units)
      if (std::find(known.begin(), known.end(), u.group) == known.end()) return std::nullopt;
  }

  if (units.empty()) return std::nullopt;  // the reference reader's csv-no-units

  // Empty cells read as 0 or unknown: the note the reference reader writes, with the first
  // one's line and column (counted in code points, as the reference reader counts them).
  std::vector<std::string> notes;
  if (!s.uncovered.empty()) {
    std::vector<std::string> codes;
    for (const auto column : s.uncovered) codes.push_back(tree[tree.leaves()[column]].code);
    notes.push_back(missing_columns_note(options.missing, codes));
  }
  {
    std::size_t empty = 0, line = 1;
    const region_result* first = nullptr;
    for (const auto& r : regions) {
      if (!first && r.empty) first = &r;
      if (!first) line += r.lines;
      empty += r.empty;
    }
    if (first) {
      csv_chunk chunk;
      const auto before_rows = bytes.read(0, rows_begin, chunk);
      line += static_cast<std::size_t>(std::count(before_rows.begin(), before_rows.end(), '\n')) +
              first->empty_line;
      std::size_t column = 1;
      for (const char c : bytes.read(first->empty_line_offset, first->empty_field_offset, chunk))
        column += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1U : 0U;
      notes.push_back(empty_cells_note(
          options.missing, empty,
          empty_cell_where(units[first->empty_row].id, tree[tree.leaves()[first->empty_leaf]].code,
                           line, column)));
    }
  }
  unit_matrix m(tree, std::move(units), std::move(cells));
  if (!notes.empty()) m.set_notes(std::move(notes));
  for (auto& r : regions)
    for (const auto& [row, pattern] : r.special) m.set_states(row, r.patterns[pattern]);
  report.finish();
  return m;
}

}  // namespace chiso::detail
