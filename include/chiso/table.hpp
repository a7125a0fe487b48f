// Tables for people and programs: one model, four renderings (terminal, CSV, JSON, Markdown).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/export.hpp"

namespace chiso {

enum class output_format {
  table,     ///< aligned columns for a terminal (UTF-8 names aligned by display width)
  csv,       ///< RFC 4180: comma-separated, quoted where needed, a header row
  json,      ///< {"title","columns","rows":[{key: value}],"notes"}; see docs/cli.md
  markdown,  ///< a pipe table to paste into a report
};

[[nodiscard]] CHISO_EXPORT std::optional<output_format> parse_output_format(
    std::string_view name) noexcept;

struct column {
  std::string key;       ///< stable machine name (JSON keys, CSV header)
  std::string title;     ///< heading for people (terminal, Markdown)
  bool numeric = false;  ///< right-aligned; a JSON number (or null for "?")
};

/// Cells are already formatted text: rounding happened before, under a stated rule.
struct table {
  std::string title;
  std::vector<column> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  ///< printed under the table (rounding rule, partial tree…)
};

/// Writes `t` in `format`. A numeric cell must be a plain number with a '.' separator in JSON
/// (a decimal comma is not JSON); "?" (unknown) and "n/a" (not applicable) become null.
CHISO_EXPORT void write_table(std::ostream& out, const table& t, output_format format);

}  // namespace chiso
