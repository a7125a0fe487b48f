// A self-contained HTML page (no scripts, no external files) a department can open or mail.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/language.hpp"
#include "chiso/ranked_results.hpp"
#include "chiso/report.hpp"
#include "chiso/table.hpp"

namespace chiso {

/// One bar: a criterion's % of its maximum, a unit's %, a band's count, a rank change.
struct html_bar {
  std::string code;
  std::string name;
  rational percent;   ///< 0–100; drawn as the bar's width (share of the chart's scale)
  std::string label;  ///< text printed beside the bar (already formatted)
  /// The bar's series (a band, "tăng"/"giảm"): bars of one series share a colour, and the
  /// chart prints a legend of the series in order of first appearance. "" = the default colour.
  std::string series;
};

struct html_bar_chart {
  std::string title;
  std::vector<html_bar> bars;
  /// Gap bars draw the lost part red behind the bar; other charts (units' %, band counts, rank
  /// changes) have no "lost" part.
  bool show_loss = true;
};

/// A page: title, notes (rounding rule, partial tree…), tables and bar charts, in that order.
struct html_page {
  language lang = language::vi;  ///< of the page: `<html lang="…">`
  std::string title;
  std::vector<std::string> notes;
  std::vector<table> tables;
  std::vector<html_bar_chart> charts;
};

/// Bars of the criteria below their maximum, in the gap order of `options`.
[[nodiscard]] CHISO_EXPORT html_bar_chart gap_chart(const criterion_tree& tree,
                                                    const scorecard& card,
                                                    const report_options& options = {});

/// Charts of a ranked result, for people who would rather look than read: per unit group, the
/// units' % of the applicable maximum in rank order, coloured by band (xếp loại); the number of
/// units per band; and, with a previous year, each unit's rank change (green up, red down, bar
/// length relative to the largest change). Bars show exact values rounded for display only.
[[nodiscard]] CHISO_EXPORT std::vector<html_bar_chart> ranked_charts(
    const ranked_results& results, const report_options& options = {});

/// Writes the page as one HTML5 document with inline CSS; all text is escaped.
CHISO_EXPORT void write_html(std::ostream& out, const html_page& page);

}  // namespace chiso
