// Internal: a wide-form CSV read straight into a unit_matrix at disk speed.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/batch.hpp"
#include "chiso/progress.hpp"
#include "chiso/tree.hpp"
#include "chiso/unit_set.hpp"

namespace chiso::detail {

/// The separator between fields and the decimal mark in numbers.
struct csv_dialect {
  char separator = ',';
  char decimal_mark = '.';
};

/// Bytes of a file read by csv_bytes::read(): a mapping of the file's pages where the system
/// has one (no copy), or a buffer. Each thread keeps its own; the next read replaces the last.
class csv_chunk {
 public:
  csv_chunk() = default;
  csv_chunk(const csv_chunk&) = delete;
  csv_chunk& operator=(const csv_chunk&) = delete;
  ~csv_chunk() { unmap(); }

 private:
  friend class csv_bytes;
  void unmap() noexcept;
  std::vector<char> buffer_;
  void* mapping_ = nullptr;
  std::size_t mapped_ = 0;
};

/// Where the bytes come from: a text in memory (read in place) or a file (read in chunks, so
/// that memory does not grow with the file).
class csv_bytes {
 public:
  explicit csv_bytes(std::string_view text) : text_(text), size_(text.size()), in_memory_(true) {}
  /// Throws std::filesystem::filesystem_error when the file cannot be opened or sized.
  explicit csv_bytes(const std::filesystem::path& file);

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Bytes [offset, offset + length) (clipped to the size): a view of the text, or of `chunk`
  /// (valid until its next read). Returns an empty view when the file cannot be read.
  /// Safe to call from several threads with a chunk each.
  [[nodiscard]] std::string_view read(std::size_t offset, std::size_t length,
                                      csv_chunk& chunk) const;

 private:
  // The open file, shared by the threads that read it (closed with the last copy).
  struct descriptor {
    int fd = -1;
    explicit descriptor(int f) : fd(f) {}
    descriptor(const descriptor&) = delete;
    descriptor& operator=(const descriptor&) = delete;
    ~descriptor();
  };
  std::string_view text_;
  std::shared_ptr<const descriptor> file_;
  std::size_t size_ = 0;
  bool in_memory_ = false;
};

/// A leaf's [min, max] in cells of 10^-scale points, both within a 32-bit cell; nullopt for a
/// bound finer than `scale` or beyond a cell, which the fast readers leave to the reference one.
struct cell_range {
  std::int64_t low = 0, high = 0;
};
[[nodiscard]] std::optional<cell_range> cell_range_of(const criterion& leaf, int scale);

/// A plain decimal at `p` — [+-]digits[mark digits], as both fast readers take points — as a
/// count of 10^-scale points in `units`. Returns the position after it, or nullptr for anything
/// the reference readers decide about: no digit before the mark, a mark without digits after
/// it, a non-zero digit finer than `scale`, more than 18 significant digits.
[[nodiscard]] const char* scan_decimal(const char* p, const char* e, char mark, int scale,
                                       std::int64_t& units);

/// Calls `line(begin, end)` for each line of bytes [begin, end) (without its '\n'), reading
/// `chunk` bytes at a time (a longer line widens the read), then `done(offset)` with the offset
/// after it. False when reading failed, `line` returned false or `stop` (when given) became true.
template <class Line, class Done>
bool for_each_line(const csv_bytes& bytes, std::size_t begin, std::size_t end, std::size_t chunk,
                   csv_chunk& buffer, const std::atomic<bool>* stop, Line line, Done done) {
  std::size_t pos = begin, want = chunk;
  while (pos < end) {
    if (stop && stop->load(std::memory_order_relaxed)) return false;
    const auto view = bytes.read(pos, std::min(want, end - pos), buffer);
    if (view.empty()) return false;
    const char* p = view.data();
    const char* last = p + view.size();
    // Only whole lines: up to the last '\n' unless the end is in view.
    if (pos + view.size() < end) {
      const char* nl = last;
      while (nl > p && nl[-1] != '\n') --nl;
      if (nl == p) {  // a line longer than the chunk
        want *= 2;
        continue;
      }
      last = nl;
    }
    while (p < last) {
      const auto* nl =
          static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(last - p)));
      if (!line(p, nl ? nl : last)) return false;
      p = nl ? nl + 1 : last;
      done(pos + static_cast<std::size_t>(p - view.data()));
    }
    pos += static_cast<std::size_t>(last - view.data());
    want = chunk;
  }
  return true;
}

/// The note both readers give for empty cells read under --missing zero or unknown: "read 3
/// empty cells as 0 points (--missing zero), the first for unit 'a', criterion '1.2' on line 4,
/// column 9" (empty_cell_where() gives the part after "the first").
[[nodiscard]] std::string empty_cells_note(missing_policy policy, std::size_t count,
                                           std::string_view first);
[[nodiscard]] std::string empty_cell_where(std::string_view unit, std::string_view code,
                                           std::size_t line, std::size_t column);

/// The note both readers give for leaves the header has no column for, read under --missing
/// zero or unknown: "no column for criterion '1.2' in the header: read as 0 points for every
/// unit it applies to (--missing zero)". At most ten codes are named.
[[nodiscard]] std::string missing_columns_note(missing_policy policy,
                                               const std::vector<std::string>& codes);

/// The note both long-form readers give for (unit, criterion) pairs without a row, read under
/// --missing zero or unknown: "no row for 3 (unit, criterion) pairs: read as 0 points (--missing
/// zero), the first for unit 'a', criterion '1.2'" (units in file order, leaves in tree order).
/// `empty_points`: some row had an empty points cell, read as no row ("no row or an empty points
/// cell for 3 …"; the count and the first pair include those pairs).
[[nodiscard]] std::string missing_rows_note(missing_policy policy, std::size_t count,
                                            std::string_view unit, std::string_view code,
                                            bool empty_points = false);

/// How the fast reader splits its work; the defaults use every core for large inputs.
struct csv_fast_options {
  unsigned threads = 0;                        ///< 0: csv_options::threads
  std::size_t min_bytes_per_thread = 4 << 20;  ///< with no count given, fewer threads below
  std::size_t chunk_bytes = 8 << 20;           ///< bytes read at once by each thread
};

/// The wide-form file as a matrix, when it is well formed: header of `unit`, attribute and leaf
/// columns, every row with the header's width, distinct unit ids, every value a plain decimal
/// within its leaf's range that fits a cell (or empty, or `n/a`), quoted fields without line
/// breaks. Returns nullopt for anything else — long form, any problem the reference reader
/// (parse_unit_matrix_csv's row-by-row path) would report, or a construct this reader does not
/// handle — and the caller reads the text with the reference reader, which reports the
/// problems with their positions. So this reader never accepts what the reference reader
/// refuses, and what it accepts it reads to the same matrix (the tests compare both).
///
/// Numbers go from the bytes to scaled integers without strings; a first pass counts the rows
/// so that the cells are allocated once (memory: the matrix, the unit ids and a chunk per
/// thread); the rows are split between threads at line boundaries (a quoted line break makes
/// the reader decline). `progress` is told the bytes read from the calling thread only.
[[nodiscard]] std::optional<unit_matrix> read_unit_matrix_fast(
    const csv_bytes& bytes, const criterion_tree& tree, const csv_options& options,
    csv_dialect dialect, const progress_callback& progress, const csv_fast_options& how = {});

}  // namespace chiso::detail
