// The ranked result behind `rank`, `compare` (years) and `report` (many units): loaded into the
// batch engine once, ranked once (chiso::rank_units), then written as a table, CSV or JSON.
#pragma once

#include <chiso/chiso.hpp>

#include "options.hpp"

#include <optional>
#include <ostream>
#include <string>

namespace chiso_cli {

/// --method, --all-groups, --node and --measure as the library's options.
[[nodiscard]] chiso::ranked_results_options ranking_options_from(const std::string& method,
                                                                 bool all_groups,
                                                                 const std::string& node,
                                                                 const std::string& measure);

/// `options` with the rule the tables of `o` print the ranked value by (--precision,
/// --points-precision, --rounding, --decimal-point): the rounding notes are about that rule.
[[nodiscard]] chiso::ranked_results_options printed_as(chiso::ranked_results_options options,
                                                       const chiso::criterion_tree& tree,
                                                       const output_options& o);

/// The ranked result of the inputs, with the band scheme it was banded on and the current
/// year's matrix (for a unit's scorecard).
struct ranked_run {
  std::optional<chiso::band_scheme> bands;
  std::optional<chiso::unit_matrix> current;
  chiso::ranked_results results;
};
[[nodiscard]] ranked_run rank_inputs(const chiso::criterion_tree& tree, ranking_inputs inputs,
                                     const chiso::ranked_results_options& options, bool progress,
                                     bool strict = false);

/// --format xlsx: the ranked table with numeric ranks, one sheet per unit group (with a chart of
/// the units' % or points coloured by band, and of rank changes when there is a previous year),
/// the band counts (with a chart) and a notes sheet. Extra `sheets` (a unit's gaps) go last.
int write_ranked_workbook(const chiso::criterion_tree& tree, const ranked_run& run,
                          const output_options& o, std::vector<chiso::xlsx_sheet> sheets = {});

/// JSON: the value (chiso::write_json); CSV: the table with numeric rank columns; otherwise the
/// table with "04/20" ranks.
void write_ranked(std::ostream& out, const chiso::criterion_tree& tree,
                  const chiso::ranked_results& results, const output_options& o);

}  // namespace chiso_cli
