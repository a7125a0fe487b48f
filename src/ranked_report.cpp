#include "chiso/ranked_report.hpp"

#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <ostream>
#include <thread>

#include "chiso/error.hpp"
#include "chiso/messages.hpp"
#include "table_support.hpp"
#include "unicode_support.hpp"

namespace chiso {
namespace {

// "04/20" as official texts print it (zero-padded to two digits), "2,5/4" for a fractional tie.
std::string rank_label(const ranked_unit& r) {
  if (r.twice_rank == 0) return "–";
  const auto twice = r.twice_rank;
  std::string text = std::to_string(twice / 2);
  if (text.size() < 2) text.insert(0, 2 - text.size(), '0');
  if (twice % 2 != 0) text += ",5";
  return text + "/" + std::to_string(r.ranked_count);
}

// "–" for a unit that is not ranked (ranked: false), "?" for one whose value is not determined.
std::string numeric_rank_text(const ranked_unit& r) {
  if (r.twice_rank == 0) return r.unit.ranked ? "?" : "–";
  if (r.rank) return std::to_string(*r.rank);
  return std::to_string(r.twice_rank / 2) + ".5";
}

// The previous year's rank, or why there is none: a new unit ("mới"; "n/a" in CSV, where the
// column is numeric), a merger without one unit to compare with ("n/a"), a previous unit that
// was not ranked ("–", as the current rank) or whose value was not known ("?").
std::string previous_rank_text(const unit_change& c, bool numeric_rank, language lang) {
  if (c.previous_rank) return std::to_string(*c.previous_rank);
  if (c.status == change_status::new_unit)
    return numeric_rank ? "n/a" : std::string(translate("mới", lang));
  if (c.status == change_status::merged && c.previous.size() > 1 && !c.previous_value) return "n/a";
  return c.previous_value ? "–" : "?";
}

// The columns of ranking_table().
std::vector<column> ranking_columns(const ranked_results& results, bool numeric_rank) {
  const bool by_points = results.options.value == value_kind::points;
  std::vector<column> columns = {{"group", "Nhóm", false}};
  if (numeric_rank)
    columns.insert(columns.end(),
                   {{"rank", "Hạng", true}, {"ranked_count", "Số đơn vị xếp hạng", true}});
  else
    columns.push_back({"rank", "Hạng", false});
  columns.insert(columns.end(),
                 {{"unit", "Mã đơn vị", false},
                  {"name", "Đơn vị", false},
                  by_points ? column{"points", "Điểm", true} : column{"percent", "Chỉ số %", true},
                  {"band", "Xếp loại", false},
                  {"tied_with", "Đồng hạng với", false}});
  if (results.previous_year) {
    columns.push_back({"previous_rank", "Hạng " + std::to_string(*results.previous_year), true});
    if (numeric_rank)
      columns.push_back({"rank_change", "Thay đổi hạng", true});
    else
      columns.push_back({"rank_change", "Thay đổi hạng", false});
    columns.push_back(by_points ? column{"points_change", "± Điểm", numeric_rank}
                                : column{"percent_change", "± Chỉ số (pp)", numeric_rank});
  }
  return columns;
}

// One unit's row of ranking_table(), into `row` (cleared first: a writer reuses it). The words
// chiso adds to a cell ("(không xếp hạng)", "điểm") are in `lang`; names, bands and groups stay
// as the files wrote them.
void ranking_row(const ranked_unit& r, const ranked_results& results,
                 const number_format& value_format, bool numeric_rank, language lang,
                 std::vector<std::string>& row) {
  const auto& options = results.options;
  row.clear();
  std::string tied;
  for (const auto& other : results.tie_of(r)) {
    if (&other == &r) continue;
    if (!tied.empty()) tied += ' ';
    tied += other.unit.id;
  }
  const auto value = r.value(options.value);
  // The unit's group even when ranked across groups: a program reading the CSV needs it.
  row.push_back(r.unit.group);
  if (numeric_rank) {
    row.push_back(numeric_rank_text(r));
    row.push_back(r.twice_rank != 0 ? std::to_string(r.ranked_count) : r.unit.ranked ? "?" : "–");
  } else {
    row.push_back(rank_label(r));
  }
  row.push_back(r.unit.id);
  // The numeric view (CSV, workbook) keeps the name a program reads as it is; its rank
  // column says "–".
  row.push_back(r.unit.ranked || numeric_rank
                    ? r.unit.name
                    : r.unit.name + " " + std::string(translate("(không xếp hạng)", lang)));
  row.push_back(value ? format_number(*value, value_format) : "?");
  row.push_back(r.band ? *r.band : "–");
  row.push_back(std::move(tied));
  if (results.previous_year) {
    if (!r.change) {
      row.insert(row.end(), {"?", "n/a", "n/a"});
    } else {
      const auto& c = *r.change;
      row.push_back(previous_rank_text(c, numeric_rank, lang));
      if (numeric_rank) {
        row.push_back(c.rank_change ? std::to_string(*c.rank_change) : "n/a");
        row.push_back(c.value_change ? format_number(*c.value_change, value_format) : "n/a");
      } else {
        row.push_back(c.rank_change_text());
        row.push_back(c.value_change_text(options.value, value_format, lang));
      }
    }
  }
}

const number_format& value_format_of(const ranked_results& results, const report_options& format) {
  return results.options.value == value_kind::points ? format.points : format.percent;
}

}  // namespace

table ranking_table(const criterion_tree& tree, const ranked_results& results,
                    const report_options& format, bool numeric_rank) {
  const auto& options = results.options;
  table t;
  t.title = "Xếp hạng " + tree.info().name + " năm " + std::to_string(results.year) +
            (options.node.empty() ? std::string() : " — tiêu chí " + options.node);
  t.columns = ranking_columns(results, numeric_rank);
  t.rows.reserve(results.units.size());
  for (const auto& r : results.units) {
    std::vector<std::string> row;
    row.reserve(t.columns.size());
    ranking_row(r, results, value_format_of(results, format), numeric_rank, format.lang, row);
    t.rows.push_back(std::move(row));
  }
  t.notes = report_notes(tree, format);
  const auto notes = results.all_notes();
  t.notes.insert(t.notes.end(), notes.begin(), notes.end());
  return t;
}

void write_ranking_csv(std::ostream& out, const ranked_results& results,
                       const report_options& format) {
  const auto columns = ranking_columns(results, true);
  std::vector<std::string> row;
  for (const auto& c : columns) row.push_back(c.key);
  std::string header;
  detail::append_csv_row(header, row);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  const auto value_format = value_format_of(results, format);
  // Rows to text in blocks, a block per core, written in order: formatting the exact figures
  // was an eighth of `chiso rank --format csv` at 10^5 units and ran on one core. A block
  // holds ~1 MB of text, so memory stays bounded whatever the number of units.
  const auto& units = results.units;
  constexpr std::size_t block_rows = 8192;
  const auto render = [&](std::size_t begin, std::size_t end, std::string& text) {
    std::vector<std::string> cells;
    text.clear();
    for (auto k = begin; k < end; ++k) {
      ranking_row(units[k], results, value_format, true, format.lang, cells);
      // As write_table() does: an ill-formed byte becomes U+FFFD (the readers refuse them).
      for (auto& cell : cells)
        if (!detail::is_valid_utf8(cell)) cell = detail::valid_utf8(cell);
      detail::append_csv_row(text, cells);
    }
  };
  const std::size_t threads =
      units.size() < 2 * block_rows ? 1 : std::max(1U, std::thread::hardware_concurrency());
  std::vector<std::string> blocks(threads);
  for (std::size_t first = 0; first < units.size(); first += threads * block_rows) {
    const auto block_end = [&](std::size_t t) {
      return std::min(units.size(), first + (t + 1) * block_rows);
    };
    std::vector<std::future<void>> others;
    for (std::size_t t = 1; t < threads && first + t * block_rows < units.size(); ++t)
      others.push_back(std::async(std::launch::async, render, first + t * block_rows, block_end(t),
                                  std::ref(blocks[t])));
    render(first, block_end(0), blocks[0]);
    for (auto& f : others) f.get();
    for (std::size_t t = 0; t <= others.size(); ++t)
      out.write(blocks[t].data(), static_cast<std::streamsize>(blocks[t].size()));
  }
}

table ranking_table(const criterion_tree& tree, const unit_set& current, const band_scheme* bands,
                    const ranking_report_options& options, const unit_set* previous,
                    std::span<const unit_mapping> mappings) {
  return ranking_table(tree,
                       rank_units(tree, current, options.ranking(), bands, previous, mappings),
                       options.format, options.numeric_rank);
}

// "Band 'Tốt' (so, huyen): from 80 to below 90", as the decision words it ("từ 80 đến dưới 90"),
// localized in the views for people like every note.
std::string threshold_note(const band& b, const std::string& groups) {
  const auto number = [](const rational& v) {
    const auto d = decimal::from_rational(v);
    return format_number(v, {d ? d->normalized().scale() : 4, rounding::half_up, ','});
  };
  std::string range;
  if (b.lower) range = (b.lower_inclusive ? "from " : "above ") + number(*b.lower);
  if (b.upper)
    range += (range.empty() ? "" : " ") +
             std::string(b.upper_inclusive ? "up to " : (b.lower ? "to below " : "below ")) +
             number(*b.upper);
  if (range.empty()) range = "every value";
  return "Band '" + b.label + "'" + (groups.empty() ? "" : " (" + groups + ")") + ": " + range;
}

table band_count_table(const ranked_results& results, const band_scheme& bands, language lang) {
  table t;
  t.title = "Số đơn vị theo xếp loại năm " + std::to_string(results.year) + " (" + bands.id + ")";
  t.columns = {{"group", "Nhóm", false}, {"band", "Xếp loại", false}, {"count", "Số đơn vị", true}};
  std::map<std::string, std::size_t> totals;
  std::vector<std::string> order;
  for (const auto& b : results.band_counts) {
    for (std::size_t i = 0; i < b.labels.size(); ++i) {
      t.rows.push_back({b.group, b.labels[i], std::to_string(b.counts[i])});
      if (totals.find(b.labels[i]) == totals.end()) order.push_back(b.labels[i]);
      totals[b.labels[i]] += b.counts[i];
    }
    if (b.unbanded > 0)
      t.rows.push_back({b.group, std::string(translate("(dưới ngưỡng thấp nhất)", lang)),
                        std::to_string(b.unbanded)});
  }
  if (results.band_counts.size() > 1)
    for (const auto& label : order)
      t.rows.push_back(
          {std::string(translate("(tất cả)", lang)), label, std::to_string(totals[label])});
  if (!results.bands_unverified.empty())
    t.notes.push_back("UNVERIFIED band thresholds: " + results.bands_unverified);
  // The thresholds the counts are read against, so that a table (and a workbook's notes sheet)
  // says what each band means; quantile tables' cut points are among the band notes.
  for (const auto& table : bands.tables) {
    if (table.is_quantile()) continue;
    std::string groups;
    for (const auto& g : table.groups) groups += (groups.empty() ? "" : ", ") + g;
    for (const auto& b : table.bands) t.notes.push_back(threshold_note(b, groups));
  }
  t.notes.insert(t.notes.end(), results.band_notes.begin(), results.band_notes.end());
  return t;
}

table band_count_table(const criterion_tree& tree, const unit_set& units, const band_scheme& bands,
                       const ranking_report_options& options) {
  return band_count_table(rank_units(tree, units, options.ranking(), &bands), bands,
                          options.format.lang);
}

}  // namespace chiso
