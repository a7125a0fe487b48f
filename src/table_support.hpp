// Internal: the CSV rendering of write_table(), shared with writers that stream their rows.
#pragma once

#include <span>
#include <string>

namespace chiso::detail {

/// Appends one RFC 4180 record (cells quoted where needed, then CRLF) to `out`. The cells must
/// be valid UTF-8 (write_table() repairs them first; see valid_utf8()).
void append_csv_row(std::string& out, std::span<const std::string> cells);

}  // namespace chiso::detail
