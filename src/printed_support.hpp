// Internal: reading a score sheet's `printed:` block (called by the sheet loader).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"
#include "yaml_support.hpp"

namespace chiso::detail {

/// Reads `printed: {rounding, points, percent, derived}` into `sheet.printed`, and enters each
/// derived leaf's points in `sheet.points` (after the sheet's own points, n/a marks and inputs
/// are read: the derivation subtracts them). Problems go to `diag`.
void read_printed(const YAML::Node& node, const file_name_ptr& file, diagnostics& diag,
                  const criterion_tree& tree, score_sheet& sheet);

/// The printed-figure columns of a wide-form unit CSV: `printed:<code>` (points),
/// `printed%:<code>` (% of the applicable maximum), `total` for the root, and `printed_rounding`.
struct printed_columns {
  std::vector<std::tuple<std::size_t, std::string, printed_measure>> figures;  ///< column, code
  std::optional<std::size_t> rounding;
};

/// True when header `name` (at `column`) is a printed-figure column, recorded in `cols` (an
/// unknown criterion is reported); false for every other column.
bool read_printed_header(const std::string& name, std::size_t column, const source_location& where,
                         const criterion_tree& tree, printed_columns& cols, diagnostics& diag);

/// Reads one row's printed cells (`cell(column)` gives the trimmed text and its position) into
/// `out`; an empty cell states nothing.
void read_printed_row(
    const printed_columns& cols,
    const std::function<std::pair<std::string, source_location>(std::size_t)>& cell,
    const std::string& unit, const source_location& row, printed_figures& out, diagnostics& diag);

}  // namespace chiso::detail
