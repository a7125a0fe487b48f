// Where in an input file something was written.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "chiso/export.hpp"

namespace chiso {

/// A 1-based position in a named input file. Line 0 means "no position known" (the whole file).
///
/// Columns count bytes of UTF-8, as editors and GCC-style diagnostics do; a Vietnamese letter
/// with a combining diacritic therefore spans more than one column. The file name is shared so
/// that the thousands of nodes of one tree do not each copy it.
struct CHISO_EXPORT source_location {
  std::shared_ptr<const std::string> file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  [[nodiscard]] const std::string& file_name() const;
  [[nodiscard]] bool has_position() const noexcept { return line != 0; }
  /// "file:line:col", or "file" when no position is known.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const source_location& a, const source_location& b) {
    return a.file_name() == b.file_name() && a.line == b.line && a.column == b.column;
  }
};

CHISO_EXPORT std::ostream& operator<<(std::ostream& out, const source_location& where);

}  // namespace chiso
