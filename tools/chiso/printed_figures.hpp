// The CLI side of printed-figure checks (chiso::check_printed): --strict and the messages.
#pragma once

#include <CLI/CLI.hpp>
#include <chiso/chiso.hpp>
#include <chiso/printed_check.hpp>
#include <chiso/table.hpp>

#include <ostream>
#include <span>

namespace chiso_cli {

/// Adds `--strict` (printed figures that disagree are errors, not warnings) to `cmd`.
void add_strict_flag(CLI::App& cmd, bool& strict);

/// Checks every sheet's printed figures against its scores and prints each mismatch to `err`,
/// GCC-style: `file:line:col: warning[printed-mismatch]: …`, or `error[…]` when `strict`.
/// Returns true when the run must stop: strict and at least one mismatch or unchecked figure.
bool report_printed(const chiso::criterion_tree& tree, std::span<const chiso::score_sheet> sheets,
                    bool strict, std::ostream& err);

/// The same for figures already checked (chiso::sheet_directory_matrix::printed).
bool report_printed(std::span<const chiso::printed_mismatch> mismatches, bool strict,
                    std::ostream& err);

/// Appends one note per derived leaf of `sheet` (chiso::derived_notes) to `t`.
chiso::table with_derived_notes(chiso::table t, const chiso::score_sheet& sheet,
                                const chiso::number_format& fmt);

}  // namespace chiso_cli
