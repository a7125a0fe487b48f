// Ranked, banded tables of many units, with year-over-year columns: `chiso rank`, HTML reports.
#pragma once

#include <ostream>
#include <span>
#include <string>

#include "chiso/bands.hpp"
#include "chiso/compare.hpp"
#include "chiso/export.hpp"
#include "chiso/ranked_results.hpp"
#include "chiso/ranking.hpp"
#include "chiso/report.hpp"
#include "chiso/table.hpp"
#include "chiso/tree.hpp"
#include "chiso/unit_set.hpp"

namespace chiso {

struct ranking_report_options {
  report_options format;
  rank_method method = rank_method::competition;
  /// Ordinal ranking needs an explicit tie-break; the only one offered here is the unit id
  /// (ascending), and the table's notes say so.
  bool by_group = true;  ///< rank within each unit group (sở, huyện…), as provinces publish
  std::string node;      ///< criterion code to rank on; "" ranks on the total
  /// What is ranked and shown: % of the applicable maximum (PAR INDEX, SIPAS) or points (PAPI
  /// publishes totals of 8–80). Bands are always read on the %.
  value_kind value = value_kind::percent;
  /// The rank as two numeric columns `rank` and `ranked_count` (CSV, JSON: a spreadsheet reads
  /// "03/4" as a date) instead of one text column "03/20". A fractional rank prints as 2.5.
  bool numeric_rank = false;

  [[nodiscard]] ranked_results_options ranking() const {
    return {method, by_group, node, value,
            value == value_kind::points ? format.points : format.percent};
  }
};

/// The table view of a ranked result (what ranking_table() prints): one row per unit in the
/// result's order, its figures formatted under `format`. The words chiso adds to cells — an
/// unranked unit's "(không xếp hạng)" after its name, "điểm" after a change of points — are in
/// `format.lang`; names, groups and bands stay as the files wrote them. The numeric view (CSV,
/// workbook) adds none of them.
[[nodiscard]] CHISO_EXPORT table ranking_table(const criterion_tree& tree,
                                               const ranked_results& results,
                                               const report_options& format,
                                               bool numeric_rank = false);
/// ranking_table(tree, results, format, true) as CSV, the bytes write_table() writes for it,
/// rendered row by row: no table of 10^6 rows of strings is held (a CSV prints no title or
/// notes, so the tree is not needed).
CHISO_EXPORT void write_ranking_csv(std::ostream& out, const ranked_results& results,
                                    const report_options& format);
/// The band counts of a ranked result computed with bands: per group, one row per band (as the
/// band file names it) and one "(dưới ngưỡng thấp nhất)" row for units below every band; with
/// more than one group, a "(tất cả)" row per band. Those two markers are in `lang` ("(below the
/// lowest band)", "(all)"): pass language::vi for a view programs read (CSV, JSON), whose cells
/// do not change with the language.
[[nodiscard]] CHISO_EXPORT table band_count_table(const ranked_results& results,
                                                  const band_scheme& bands,
                                                  language lang = language::vi);

/// One row per unit: group, rank ("26/63"), unit, % of applicable max (or points), band, units
/// tied with it, and — with `previous` — the previous rank, the rank change ("tăng 25 bậc") and
/// the change in percentage points (or points). Units are ordered by group, then rank; unranked
/// units last.
[[nodiscard]] CHISO_EXPORT table ranking_table(const criterion_tree& tree, const unit_set& current,
                                               const band_scheme* bands,
                                               const ranking_report_options& options,
                                               const unit_set* previous = nullptr,
                                               std::span<const unit_mapping> mappings = {});

/// Units per band, per group: "Rất tốt 4; Tốt 12; Khá 13".
[[nodiscard]] CHISO_EXPORT table band_count_table(const criterion_tree& tree, const unit_set& units,
                                                  const band_scheme& bands,
                                                  const ranking_report_options& options);

}  // namespace chiso
