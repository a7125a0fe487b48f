// Internal: the checks a sheet's points go through, shared with loaders that skip sheets.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/sheet.hpp"
#include "chiso/tree.hpp"
#include "yaml_support.hpp"

namespace chiso::detail {

/// Reports points of leaf `leaf` below its min, above its max or with more decimals than the
/// tree declares; returns false when any was reported.
bool check_leaf_points(const criterion_tree& tree, std::size_t leaf, const decimal& points,
                       const source_location& where, diagnostics& diag,
                       const std::string& unit = {});

/// validate_sheet()'s checks into `diag`. `check_missing` false skips "no points" (after other
/// errors a leaf may only look missing); `unreadable` lists codes whose value was given but could
/// not be read (already reported), which are therefore neither missing nor suggestions.
/// `long_form_csv`: the sheet was read from a long-form CSV (the remedy is rows and the reader's
/// --missing, not the sheet's `missing:` key).
void check_sheet(const score_sheet& sheet, const criterion_tree& tree, diagnostics& diag,
                 bool check_missing = true, const std::vector<std::string>& unreadable = {},
                 bool long_form_csv = false);

/// "unit 'x': no points and not marked not_applicable: 1.1, 1.2 (add them, …)" for `leaves`
/// (tree indices, in tree order; at most ten are named); the remedy as check_sheet() says.
std::string missing_leaves_message(const criterion_tree& tree, const std::string& unit,
                                   const std::vector<std::size_t>& leaves,
                                   bool long_form_csv = false);

/// "criterion '2.3.1' does not apply to units of group 'so' ('2.3' has groups: [huyen])": why a
/// leaf with points is refused for a unit of `group` (not_applicable_to_group() marked it).
std::string group_exclusion_message(const criterion_tree& tree, std::size_t leaf,
                                    const std::string& group);

/// "unit 'x' has no group, but criteria '…' apply by unit group (…)": a unit without a group on
/// a tree where has_group_applicability() holds.
std::string missing_group_message(const criterion_tree& tree, const std::string& unit);

}  // namespace chiso::detail
