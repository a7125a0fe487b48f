#include "chiso/html_report.hpp"

#include <algorithm>
#include <iterator>

#include "chiso/messages.hpp"

namespace chiso {
namespace {

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr const char* style = R"(
body{font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:2rem;color:#1b1b1b}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f0f3f7}
.notes{color:#555;font-size:.9rem}
.chart .row{display:flex;align-items:center;margin:.15rem 0}
.chart .code{width:4.5rem;font-variant-numeric:tabular-nums}
.chart .track{width:24rem;height:1rem;background:#e6a39b;margin-right:.5rem}
.chart .bar{height:100%;background:#2e6da4}
.chart .label{width:12rem;white-space:nowrap;font-variant-numeric:tabular-nums}
.chart .name{flex:1;font-size:.9rem}
.chart.plain .track{background:#eef1f4}
.legend span{display:inline-block;margin-right:1rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
)";

// Series colours (bands, rises and falls), in order of first appearance; the same palette as
// the workbook's charts (xlsx.cpp) so a page and a workbook colour a band alike.
constexpr const char* palette[] = {"#2e7d32", "#1565c0", "#f9a825", "#c62828",
                                   "#6a1b9a", "#00838f", "#8d6e63", "#546e7a"};

}  // namespace

html_bar_chart gap_chart(const criterion_tree& tree, const scorecard& card,
                         const report_options& options) {
  html_bar_chart chart;
  // Blue is what was achieved, red what was lost.
  chart.title = translate(
      "Tiêu chí không đạt điểm tối đa: đạt (xanh) và thiếu (đỏ) ({}, {})", options.lang,
      {card.unit.name.empty() ? card.unit.id : card.unit.name, std::to_string(card.year)});
  for (const auto& item : gaps(tree, card, options.order).items)
    chart.bars.push_back({tree[item.node].code,
                          tree[item.node].name,
                          item.percent,
                          format_number(item.percent, options.percent) + "% (−" +
                              format_number(item.gap, options.points) + ")",
                          {}});
  return chart;
}

std::vector<html_bar_chart> ranked_charts(const ranked_results& results,
                                          const report_options& options) {
  std::vector<html_bar_chart> charts;
  for (const auto& group : results.groups) {
    html_bar_chart chart;
    chart.show_loss = false;
    chart.title = group.empty()
                      ? std::string(translate("% của điểm tối đa theo đơn vị, màu theo xếp loại",
                                              options.lang))
                      : translate("% của điểm tối đa theo đơn vị, màu theo xếp loại ({})",
                                  options.lang, {group});
    for (const auto& u : results.units) {
      if (results.options.by_group && u.unit.group != group) continue;
      if (!u.percent) continue;
      chart.bars.push_back({u.unit.id, u.unit.name, *u.percent,
                            format_number(*u.percent, options.percent) + "%" +
                                (u.band ? " · " + *u.band : std::string()),
                            u.band.value_or("")});
    }
    if (!chart.bars.empty()) charts.push_back(std::move(chart));
  }
  for (const auto& count : results.band_counts) {
    html_bar_chart chart;
    chart.show_loss = false;
    chart.title = count.group.empty()
                      ? std::string(translate("Số đơn vị theo xếp loại", options.lang))
                      : translate("Số đơn vị theo xếp loại ({})", options.lang, {count.group});
    std::size_t total = count.unbanded;
    for (auto n : count.counts) total += n;
    for (std::size_t b = 0; b < count.labels.size(); ++b)
      chart.bars.push_back(
          {count.labels[b], "",
           total ? rational(static_cast<long long>(count.counts[b]) * 100,
                            static_cast<long long>(total))
                 : rational(0),
           // Vietnamese has no plural; English says "1 unit".
           count.counts[b] == 1 && options.lang == language::en
               ? std::string("1 unit")
               : translate("{} đơn vị", options.lang, {std::to_string(count.counts[b])}),
           count.labels[b]});
    charts.push_back(std::move(chart));
  }
  if (results.previous_year) {
    std::int64_t largest = 0;
    for (const auto& u : results.units)
      if (u.change && u.change->rank_change)
        largest = std::max(
            largest, *u.change->rank_change < 0 ? -*u.change->rank_change : *u.change->rank_change);
    html_bar_chart chart;
    chart.show_loss = false;
    chart.title = translate("Thay đổi hạng so với năm {}", options.lang,
                            {std::to_string(*results.previous_year)});
    for (const auto& u : results.units) {
      if (!u.change || !u.change->rank_change) continue;
      const auto delta = *u.change->rank_change;
      chart.bars.push_back({u.unit.id, u.unit.name,
                            largest
                                ? rational(static_cast<long long>(delta < 0 ? -delta : delta) * 100,
                                           static_cast<long long>(largest))
                                : rational(0),
                            localize_text(u.change->rank_change_text(), options.lang),
                            std::string(translate(delta > 0   ? "tăng"
                                                  : delta < 0 ? "giảm"
                                                              : "giữ nguyên",
                                                  options.lang))});
    }
    if (!chart.bars.empty()) charts.push_back(std::move(chart));
  }
  return charts;
}

void write_html(std::ostream& out, const html_page& page) {
  out << "<!DOCTYPE html>\n<html lang=\"" << to_string(page.lang)
      << "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << escape(page.title)
      << "</title>\n<style>" << style << "</style>\n</head>\n<body>\n<h1>" << escape(page.title)
      << "</h1>\n";
  if (!page.notes.empty()) {
    out << "<ul class=\"notes\">\n";
    for (const auto& note : page.notes) out << "<li>" << escape(note) << "</li>\n";
    out << "</ul>\n";
  }
  for (const auto& t : page.tables) {
    out << "<h2>" << escape(t.title) << "</h2>\n<table>\n<thead><tr>";
    for (const auto& c : t.columns)
      out << "<th data-key=\"" << escape(c.key) << "\">" << escape(c.title) << "</th>";
    out << "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
      out << "<tr>";
      for (std::size_t c = 0; c < row.size() && c < t.columns.size(); ++c)
        out << (t.columns[c].numeric ? "<td class=\"num\">" : "<td>") << escape(row[c]) << "</td>";
      out << "</tr>\n";
    }
    out << "</tbody>\n</table>\n";
    for (const auto& note : t.notes) out << "<p class=\"notes\">" << escape(note) << "</p>\n";
  }
  for (const auto& chart : page.charts) {
    out << "<h2>" << escape(chart.title) << "</h2>\n";
    std::vector<std::string> series;
    for (const auto& bar : chart.bars)
      if (!bar.series.empty() &&
          std::find(series.begin(), series.end(), bar.series) == series.end())
        series.push_back(bar.series);
    const auto colour = [&](const std::string& name) -> std::string {
      const auto at = std::find(series.begin(), series.end(), name);
      if (name.empty() || at == series.end()) return {};
      return palette[static_cast<std::size_t>(at - series.begin()) % std::size(palette)];
    };
    if (!series.empty()) {
      out << "<p class=\"legend\">";
      for (const auto& name : series)
        out << "<span data-series=\"" << escape(name) << "\"><i style=\"background:" << colour(name)
            << "\"></i>" << escape(name) << "</span>";
      out << "</p>\n";
    }
    out << (chart.show_loss ? "<div class=\"chart\">\n" : "<div class=\"chart plain\">\n");
    for (const auto& bar : chart.bars) {
      // The width is display only; two decimals of a percent are far below a pixel.
      const auto width = format_number(bar.percent, {2, rounding::half_up, '.'});
      const auto fill = colour(bar.series);
      out << "<div class=\"row\" data-code=\"" << escape(bar.code) << "\"";
      if (!bar.series.empty()) out << " data-series=\"" << escape(bar.series) << "\"";
      out << "><span class=\"code\">" << escape(bar.code)
          << "</span><span class=\"track\"><span class=\"bar\" style=\"display:block;width:"
          << width << "%" << (fill.empty() ? "" : ";background:" + fill)
          << "\"></span></span><span class=\"label\">" << escape(bar.label)
          << "</span><span class=\"name\">" << escape(bar.name) << "</span></div>\n";
    }
    out << "</div>\n";
  }
  out << "</body>\n</html>\n";
}

}  // namespace chiso
