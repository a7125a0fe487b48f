// Internal: reading a score sheet's `printed:` block (called by the sheet loader).
#pragma once

#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"
#include "yaml_support.hpp"

namespace chiso::detail {

/// Reads `printed: {rounding, points, percent, derived}` into `sheet.printed`, and enters each
/// derived leaf's points in `sheet.points` (after the sheet's own points, n/a marks and inputs
/// are read: the derivation subtracts them). Problems go to `diag`.
void read_printed(const YAML::Node& node, const file_name_ptr& file, diagnostics& diag,
                  const criterion_tree& tree, score_sheet& sheet);

}  // namespace chiso::detail
