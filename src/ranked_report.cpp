#include "chiso/ranked_report.hpp"

#include <algorithm>
#include <map>

#include "chiso/batch.hpp"
#include "chiso/error.hpp"
#include "chiso/table_notes.hpp"

namespace chiso {
namespace {

struct unit_result {
  unit_info unit;
  std::optional<rational> value;  // % or points, as options.value says
  std::optional<std::uint32_t> rank;
  std::string rank_label;
  std::string band;
  std::vector<std::string> tied_with;
};

struct scored_year {
  std::vector<std::string> groups;  // in order of first appearance
  std::vector<unit_result> units;   // in input order
  std::map<std::string, banding> bandings;
  std::vector<std::string> notes;
};

std::size_t node_index(const criterion_tree& tree, const std::string& code) {
  if (code.empty()) return 0;
  if (const auto i = tree.find(code)) return *i;
  throw usage_error("criteria '" + tree.info().id + "' has no criterion '" + code + "' to rank on");
}

scored_year score_year(const criterion_tree& tree, const unit_set& set, const band_scheme* bands,
                       const ranking_report_options& options) {
  const auto node = node_index(tree, options.node);
  const auto matrix = unit_matrix::from_sheets(tree, set.sheets);
  const std::vector<std::size_t> nodes{node};
  const auto scores = score_batch(matrix, nodes);
  scored_year year;
  for (const auto& u : matrix.units()) {
    const std::string g = options.by_group ? u.group : std::string();
    if (std::find(year.groups.begin(), year.groups.end(), g) == year.groups.end())
      year.groups.push_back(g);
  }
  year.units.resize(matrix.unit_count());
  for (std::size_t u = 0; u < matrix.unit_count(); ++u) {
    year.units[u].unit = matrix.units()[u];
    const auto score = scores.at(u, node);
    if (options.value == value_kind::percent)
      year.units[u].value = score.percent();
    else if (score.applicable && score.points)
      year.units[u].value = score.points->to_rational();
    year.units[u].rank_label = "–";
  }
  ranking_options rank_options;
  rank_options.method = options.method;
  if (options.method == rank_method::ordinal)
    rank_options.tie_break = [&](std::size_t a, std::size_t b) {
      return matrix.units()[a].id < matrix.units()[b].id;
    };
  for (const auto& group : year.groups) {
    const auto values =
        scores.values(node,
                      options.value == value_kind::percent ? batch_scores::measure::percent
                                                           : batch_scores::measure::points,
                      group);
    const auto ranks = rank(values, rank_options);
    for (std::size_t u = 0; u < matrix.unit_count(); ++u) {
      if (!ranks.is_ranked(u)) continue;
      auto& r = year.units[u];
      if (options.method != rank_method::fractional) r.rank = ranks.rank(u);
      r.rank_label = ranks.label(u, 2);
      for (auto other : ranks.tied_with(u)) r.tied_with.push_back(matrix.units()[other].id);
    }
    if (options.value == value_kind::points) {
      const auto maxima = differing_maxima_notes(scores, node, group, options.format.points);
      year.notes.insert(year.notes.end(), maxima.begin(), maxima.end());
    }
    const band_table* table = bands ? bands->for_group(group) : nullptr;
    if (!table) continue;
    // Like ranks, bands leave out units that are scored but not ranked: the published counts
    // (10 / 17 / 2 of 29 in Cần Thơ 2023) are of ranked units only.
    const auto percents = scores.percents(node, group);
    auto b = classify(*table, percents);
    for (std::size_t u = 0; u < matrix.unit_count(); ++u)
      if (b.band[u]) year.units[u].band = b.labels[*b.band[u]];
    year.notes.insert(year.notes.end(), b.notes.begin(), b.notes.end());
    year.bandings.emplace(group, std::move(b));
  }
  return year;
}

std::vector<year_result> results(const scored_year& year, const std::string& group) {
  std::vector<year_result> out;
  for (const auto& r : year.units)
    if (r.unit.group == group || group.empty())
      out.push_back(
          {r.unit.id, r.value, r.rank ? std::optional<std::int64_t>(*r.rank) : std::nullopt});
  return out;
}

}  // namespace

table ranking_table(const criterion_tree& tree, const unit_set& current, const band_scheme* bands,
                    const ranking_report_options& options, const unit_set* previous,
                    std::span<const unit_mapping> mappings) {
  const auto now = score_year(tree, current, bands, options);
  const bool by_points = options.value == value_kind::points;
  const auto& value_format = by_points ? options.format.points : options.format.percent;
  table t;
  t.title = "Xếp hạng " + tree.info().name + " năm " + std::to_string(current.year) +
            (options.node.empty() ? std::string() : " — tiêu chí " + options.node);
  t.columns = {{"group", "Nhóm", false},
               {"rank", "Hạng", false},
               {"unit", "Mã đơn vị", false},
               {"name", "Đơn vị", false},
               by_points ? column{"points", "Điểm", true} : column{"percent", "Chỉ số %", true},
               {"band", "Xếp loại", false},
               {"tied_with", "Đồng hạng với", false}};
  std::optional<scored_year> before;
  if (previous) {
    before = score_year(tree, *previous, bands, options);
    t.columns.push_back({"previous_rank", "Hạng " + std::to_string(previous->year), true});
    t.columns.push_back({"rank_change", "Thay đổi hạng", false});
    t.columns.push_back(by_points ? column{"points_change", "± Điểm", false}
                                  : column{"percent_change", "± Chỉ số (pp)", false});
  }
  for (const auto& group : now.groups) {
    std::vector<const unit_result*> rows;
    for (const auto& r : now.units)
      if ((options.by_group ? r.unit.group : std::string()) == group) rows.push_back(&r);
    std::stable_sort(rows.begin(), rows.end(), [](const unit_result* a, const unit_result* b) {
      return a->rank.value_or(UINT32_MAX) < b->rank.value_or(UINT32_MAX);
    });
    std::map<std::string, unit_change> change_of;
    if (before) {
      const auto prev_results = results(*before, group);
      const auto cur_results = results(now, group);
      for (auto& c : compare_years(prev_results, cur_results, mappings)) change_of[c.unit] = c;
    }
    for (const auto* r : rows) {
      std::string tied;
      for (const auto& id : r->tied_with) tied += (tied.empty() ? "" : " ") + id;
      std::vector<std::string> row{group,
                                   r->rank_label,
                                   r->unit.id,
                                   r->unit.name + (r->unit.ranked ? "" : " (không xếp hạng)"),
                                   r->value ? format_number(*r->value, value_format) : "?",
                                   r->band.empty() ? "–" : r->band,
                                   tied};
      if (before) {
        const auto it = change_of.find(r->unit.id);
        if (it == change_of.end()) {
          row.insert(row.end(), {"?", "n/a", "n/a"});
        } else {
          const auto& c = it->second;
          row.push_back(c.previous_rank ? std::to_string(*c.previous_rank) : "?");
          row.push_back(c.rank_change_text());
          row.push_back(c.value_change_text(options.value, value_format));
          if (c.status == change_status::renamed || c.status == change_status::merged) {
            std::string from;
            for (const auto& p : c.previous) from += (from.empty() ? "" : ", ") + p;
            t.notes.push_back("Unit '" + c.unit + "' " + std::string(to_string(c.status)) +
                              " from " + from + (c.note.empty() ? "" : ": " + c.note) + ".");
          }
        }
      }
      t.rows.push_back(std::move(row));
    }
    for (const auto& [unit, c] : change_of)
      if (c.status == change_status::gone)
        t.notes.push_back("Unit '" + unit + "' of " + std::to_string(previous->year) +
                          " is not in " + std::to_string(current.year) + " (n/a).");
  }
  const auto common_notes = report_notes(tree, options.format);
  t.notes.insert(t.notes.begin(), common_notes.begin(), common_notes.end());
  const char* method_name = options.method == rank_method::competition ? "competition (1, 2, 2, 4)"
                            : options.method == rank_method::dense     ? "dense (1, 2, 2, 3)"
                            : options.method == rank_method::fractional
                                ? "fractional (1; 2,5; 2,5; 4)"
                                : "ordinal (ties broken by unit id, ascending)";
  t.notes.push_back(
      std::string("Ranks: ") + method_name +
      (by_points ? ", on exact points" : ", on exact % of the applicable maximum") +
      (options.by_group ? ", within each unit group" : "") +
      "; units marked ranked: false, or whose value is unknown, get no rank and do not shift "
      "others.");
  if (bands && !bands->unverified.empty())
    t.notes.push_back("UNVERIFIED band thresholds: " + bands->unverified);
  t.notes.insert(t.notes.end(), now.notes.begin(), now.notes.end());
  return t;
}

table band_count_table(const criterion_tree& tree, const unit_set& units, const band_scheme& bands,
                       const ranking_report_options& options) {
  const auto year = score_year(tree, units, &bands, options);
  table t;
  t.title = "Số đơn vị theo xếp loại năm " + std::to_string(units.year) + " (" + bands.id + ")";
  t.columns = {{"group", "Nhóm", false}, {"band", "Xếp loại", false}, {"count", "Số đơn vị", true}};
  std::map<std::string, std::size_t> totals;
  std::vector<std::string> order;
  for (const auto& group : year.groups) {
    const auto it = year.bandings.find(group);
    if (it == year.bandings.end()) continue;
    for (std::size_t b = 0; b < it->second.labels.size(); ++b) {
      t.rows.push_back({group, it->second.labels[b], std::to_string(it->second.counts[b])});
      if (totals.find(it->second.labels[b]) == totals.end()) order.push_back(it->second.labels[b]);
      totals[it->second.labels[b]] += it->second.counts[b];
    }
    if (it->second.unbanded > 0)
      t.rows.push_back({group, "(dưới ngưỡng thấp nhất)", std::to_string(it->second.unbanded)});
  }
  if (year.groups.size() > 1)
    for (const auto& label : order)
      t.rows.push_back({"(tất cả)", label, std::to_string(totals[label])});
  if (!bands.unverified.empty())
    t.notes.push_back("UNVERIFIED band thresholds: " + bands.unverified);
  t.notes.insert(t.notes.end(), year.notes.begin(), year.notes.end());
  return t;
}

}  // namespace chiso
