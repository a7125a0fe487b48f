// Internal: a wide-form CSV read straight into a unit_matrix at disk speed.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
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

/// Where the bytes come from: a text in memory (read in place) or a file (read in chunks, so
/// that memory does not grow with the file).
class csv_bytes {
 public:
  explicit csv_bytes(std::string_view text) : text_(text), size_(text.size()), in_memory_(true) {}
  /// Throws std::ios_base::failure when the file cannot be opened or sized.
  explicit csv_bytes(std::filesystem::path file);

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Bytes [offset, offset + length) (clipped to the size): a view of the text, or of `buffer`
  /// filled from the file. Returns an empty view when the file cannot be read.
  [[nodiscard]] std::string_view read(std::size_t offset, std::size_t length,
                                      std::vector<char>& buffer) const;

 private:
  std::string_view text_;
  std::filesystem::path file_;
  std::size_t size_ = 0;
  bool in_memory_ = false;
};

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
