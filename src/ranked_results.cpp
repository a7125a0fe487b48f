#include "chiso/ranked_results.hpp"
#include "chiso/table_notes.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "chiso/error.hpp"
#include "yaml_support.hpp"

namespace chiso {
using detail::diagnostics;

std::string_view to_string(result_status s) noexcept {
  switch (s) {
    case result_status::ranked:
      return "ranked";
    case result_status::not_ranked:
      return "not_ranked";
    case result_status::unknown:
      return "unknown";
    case result_status::not_applicable:
      return "not_applicable";
  }
  return "?";
}

std::optional<rational> ranked_unit::value(value_kind kind) const {
  if (kind == value_kind::percent) return percent;
  if (points) return points->to_rational();
  return std::nullopt;
}

std::vector<std::string> ranked_results::all_notes() const {
  std::vector<std::string> out;
  for (const auto& u : units) out.insert(out.end(), u.notes.begin(), u.notes.end());
  for (const auto& c : gone)
    out.push_back("Unit '" + c.unit + "' of " + std::to_string(previous_year.value_or(0)) +
                  " is not in " + std::to_string(year) + " (n/a).");
  out.insert(out.end(), notes.begin(), notes.end());
  if (!bands_unverified.empty()) out.push_back("UNVERIFIED band thresholds: " + bands_unverified);
  out.insert(out.end(), band_notes.begin(), band_notes.end());
  return out;
}

const ranked_unit* ranked_results::find(std::string_view id) const {
  for (const auto& u : units)
    if (u.unit.id == id) return &u;
  return nullptr;
}

unit_matrix to_matrix(const criterion_tree& tree, const unit_set& set) {
  return unit_matrix::from_sheets(tree, set.sheets);
}

namespace {

std::size_t node_index(const criterion_tree& tree, const std::string& code) {
  if (code.empty()) return 0;
  if (const auto i = tree.find(code)) return *i;
  throw usage_error("criteria '" + tree.info().id + "' has no criterion '" + code + "' to rank on");
}

void check_year(const criterion_tree& tree, int year, const char* which, diagnostics& diag) {
  if (year == 0) {
    diag.add("year-missing", {},
             std::string("the ") + which + " results year is not given (0): give the year the " +
                 "points are for");
    return;
  }
  const auto& years = tree.info().years;
  if (years.empty() || std::find(years.begin(), years.end(), year) != years.end()) return;
  std::string listed;
  for (int y : years) listed += (listed.empty() ? "" : ", ") + std::to_string(y);
  diag.add("year-not-in-tree", {},
           std::string("the ") + which + " results year " + std::to_string(year) +
               " is not a year of criteria '" + tree.info().id + "' (years: " + listed + ")");
}

// The groups a tree or a band scheme declares; empty when none does.
std::vector<std::string> declared_groups(const criterion_tree& tree, const band_scheme* bands) {
  std::vector<std::string> known = tree.info().groups;
  if (bands)
    for (const auto& t : bands->tables)
      for (const auto& g : t.groups)
        if (std::find(known.begin(), known.end(), g) == known.end()) known.push_back(g);
  return known;
}

void check_groups(const unit_matrix& m, const std::vector<std::string>& known, diagnostics& diag) {
  if (known.empty()) return;
  std::vector<std::string_view> candidates(known.begin(), known.end());
  std::string listed;
  for (const auto& g : known) listed += (listed.empty() ? "'" : ", '") + g + "'";
  for (const auto& u : m.units()) {
    if (std::find(known.begin(), known.end(), u.group) != known.end()) continue;
    std::string message = "unit '" + u.id + "': group '" + u.group +
                          "' is not a unit group the criteria or bands declare (" + listed + ")";
    if (const auto guess = detail::nearest(u.group, candidates))
      message += "; did you mean '" + *guess + "'?";
    diag.add("unknown-unit-group", {}, std::move(message), u.id);
  }
}

// One year scored and ranked; rows in input order.
struct scored_year {
  std::vector<std::string> groups;
  std::vector<ranked_unit> units;
  std::vector<band_count> band_counts;
  std::vector<std::string> notes;
  // Per unit: 2 × its exact rank (ranks are k/2), 0 when not ranked. The rows are sorted on this
  // integer rather than on the rationals (that sort was a quarter of `chiso rank`'s time).
  std::vector<std::uint64_t> twice_rank;
};

scored_year score_year(const unit_matrix& matrix, const ranked_results_options& options,
                       const band_scheme* bands) {
  const auto& tree = matrix.tree();
  const auto node = node_index(tree, options.node);
  const std::vector<std::size_t> nodes{node};
  const auto scores = score_batch(matrix, nodes);
  const auto& units = matrix.units();
  scored_year year;
  std::vector<std::string> unit_groups;  // real groups, for bands
  for (const auto& u : units) {
    const std::string g = options.by_group ? u.group : std::string();
    if (std::find(year.groups.begin(), year.groups.end(), g) == year.groups.end())
      year.groups.push_back(g);
    if (std::find(unit_groups.begin(), unit_groups.end(), u.group) == unit_groups.end())
      unit_groups.push_back(u.group);
  }
  year.units.resize(units.size());
  year.twice_rank.assign(units.size(), 0);
  for (std::size_t u = 0; u < units.size(); ++u) {
    auto& r = year.units[u];
    r.unit = units[u];
    const auto score = scores.at(u, node);
    if (!score.applicable) {
      r.status = result_status::not_applicable;
      r.max = score.max;
      continue;
    }
    r.points = score.points;
    r.max = score.max;
    r.percent = score.percent();
    if (!r.value(options.value))
      r.status = result_status::unknown;
    else
      r.status = units[u].ranked ? result_status::ranked : result_status::not_ranked;
  }
  ranking_options rank_options;
  rank_options.method = options.method;
  if (options.method == rank_method::ordinal)
    rank_options.tie_break = [&](std::size_t a, std::size_t b) {
      return units[a].id < units[b].id;
    };
  const auto measure = options.value == value_kind::percent ? batch_scores::measure::percent
                                                            : batch_scores::measure::points;
  // All values once, then each group's share: values(node, m, "") would mean every unit, so a
  // group named "" is selected here rather than there.
  const auto all_values = scores.values(node, measure);
  for (const auto& group : year.groups) {
    auto values = all_values;
    if (options.by_group)
      for (std::size_t u = 0; u < units.size(); ++u)
        if (units[u].group != group) values[u].reset();
    const auto ranks = rank(values, rank_options);
    for (std::size_t u = 0; u < units.size(); ++u) {
      auto& r = year.units[u];
      if (!options.by_group || units[u].group == group) r.ranked_count = ranks.ranked_count();
      if (!ranks.is_ranked(u)) continue;
      r.exact_rank = ranks.exact_rank(u);
      if (boost::multiprecision::denominator(*r.exact_rank) == 1) {
        r.rank = boost::multiprecision::numerator(*r.exact_rank).convert_to<std::uint32_t>();
        year.twice_rank[u] = std::uint64_t{*r.rank} * 2;
      } else {
        const rational twice = *r.exact_rank * 2;
        year.twice_rank[u] = boost::multiprecision::numerator(twice).convert_to<std::uint64_t>();
      }
      for (auto other : ranks.tied_with(u)) r.tied_with.push_back(units[other].id);
    }
    // Points compare unequal totals when units' applicable maxima differ: say so.
    if (options.value == value_kind::points) {
      const auto maxima = differing_maxima_notes(scores, node, group, {4, rounding::half_up, ','});
      year.notes.insert(year.notes.end(), maxima.begin(), maxima.end());
    }
  }
  if (!bands) return year;
  // Bands are per unit group: each unit is read on its own group's table. Units whose groups
  // share a table are classified together only when ranked together (a quota or quantiles
  // depend on who is counted), otherwise group by group. Like ranks, bands leave out units that
  // are scored but not ranked: the published counts (10 / 17 / 2 of 29 in Cần Thơ 2023) are of
  // ranked units only.
  std::vector<std::pair<const band_table*, std::vector<std::string>>> populations;
  for (const auto& g : unit_groups) {
    const band_table* table = bands->for_group(g);
    if (!table) {
      std::size_t n = 0;
      for (const auto& u : units) n += u.group == g ? 1U : 0U;
      year.notes.push_back("Unit group '" + g + "' (" + std::to_string(n) +
                           " unit(s)) has no band table in '" + bands->id + "': no band.");
      continue;
    }
    auto it = std::find_if(populations.begin(), populations.end(),
                           [&](const auto& p) { return !options.by_group && p.first == table; });
    if (it == populations.end())
      populations.push_back({table, {g}});
    else
      it->second.push_back(g);
  }
  std::size_t tables_used = 0;
  const auto percents = scores.percents(node);
  for (const auto& population : populations) {
    // Named, not a structured binding: the lambda below captures them (clang 14 refuses that).
    const band_table* table = population.first;
    const auto& groups = population.second;
    const auto in_population = [&](const unit_info& u) {
      return std::find(groups.begin(), groups.end(), u.group) != groups.end();
    };
    // Values of ranked units of the population only.
    std::vector<std::optional<rational>> values(units.size());
    for (std::size_t u = 0; u < units.size(); ++u)
      if (in_population(units[u])) values[u] = percents[u];
    auto b = classify(*table, values);
    for (std::size_t u = 0; u < units.size(); ++u)
      if (b.band[u]) year.units[u].band = b.labels[*b.band[u]];
    year.notes.insert(year.notes.end(), b.notes.begin(), b.notes.end());
    band_count count;
    for (const auto& g : groups) count.group += (count.group.empty() ? "" : " ") + g;
    if (!options.by_group && table->groups.empty()) count.group.clear();
    for (const auto& g : table->groups)
      count.table_groups += (count.table_groups.empty() ? "" : " ") + g;
    count.labels = b.labels;
    count.counts = b.counts;
    count.unbanded = b.unbanded;
    year.band_counts.push_back(std::move(count));
    ++tables_used;
  }
  if (!options.by_group && !populations.empty() &&
      std::any_of(populations.begin(), populations.end(),
                  [](const auto& p) { return !p.first->groups.empty(); }))
    year.notes.push_back(
        "Ranks are across all unit groups, but bands are per group: each unit's band is read on "
        "its own group's table (" +
        std::to_string(tables_used) + " table(s)).");
  return year;
}

std::vector<year_result> year_results(const scored_year& year, value_kind kind) {
  std::vector<year_result> out;
  for (const auto& r : year.units)
    out.push_back(
        {r.unit.id, r.value(kind), r.rank ? std::optional<std::int64_t>(*r.rank) : std::nullopt});
  return out;
}

}  // namespace

ranked_results rank_units(const unit_matrix& current, int year,
                          const ranked_results_options& options, const band_scheme* bands,
                          const unit_matrix* previous, int previous_year,
                          std::span<const unit_mapping> mappings) {
  const auto& tree = current.tree();
  if (previous && &previous->tree() != &tree && previous->tree().info().id != tree.info().id)
    throw usage_error("rank_units: the previous year's units are of criteria '" +
                      previous->tree().info().id + "', not '" + tree.info().id + "'");
  {
    diagnostics diag;
    check_year(tree, year, "current", diag);
    if (previous) check_year(previous->tree(), previous_year, "previous", diag);
    const auto known = declared_groups(tree, bands);
    check_groups(current, known, diag);
    if (previous) check_groups(*previous, known, diag);
    diag.throw_if_any();
  }
  auto now = score_year(current, options, bands);
  ranked_results out;
  out.criteria = tree.info().id;
  out.year = year;
  out.decimals = tree.info().decimals;
  out.tree_partial = tree.is_partial();
  out.tree_unverified = tree.info().unverified;
  out.options = options;
  out.groups = now.groups;
  if (bands) out.bands_id = bands->id;

  std::map<std::string, unit_change> change_of;
  if (previous) {
    out.previous_year = previous_year;
    // Over all groups at once: a mapping may name units of any group.
    const auto before = score_year(*previous, options, bands);
    const auto prev_results = year_results(before, options.value);
    const auto cur_results = year_results(now, options.value);
    for (auto& c : compare_years(prev_results, cur_results, mappings)) {
      if (c.status == change_status::gone)
        out.gone.push_back(std::move(c));
      else
        change_of[c.unit] = std::move(c);
    }
  }
  for (const auto& group : now.groups) {
    // Ranked units by rank (ties in input order), then the others in input order.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
    for (std::size_t u = 0; u < now.units.size(); ++u)
      if (!options.by_group || now.units[u].unit.group == group)
        order.emplace_back(now.twice_rank[u] ? now.twice_rank[u] : UINT64_MAX,
                           static_cast<std::uint32_t>(u));
    std::sort(order.begin(), order.end());
    for (const auto& entry : order) {
      auto* r = &now.units[entry.second];
      if (previous) {
        const auto it = change_of.find(r->unit.id);
        if (it != change_of.end()) {
          r->change = it->second;
          const auto& c = it->second;
          if (c.status == change_status::renamed || c.status == change_status::merged) {
            std::string from;
            for (const auto& p : c.previous) from += (from.empty() ? "" : ", ") + p;
            r->notes.push_back("Unit '" + c.unit + "' " + std::string(to_string(c.status)) +
                               " from " + from + (c.note.empty() ? "" : ": " + c.note) + ".");
          }
        }
      }
      out.units.push_back(std::move(*r));
    }
  }

  const char* method_name = options.method == rank_method::competition ? "competition (1, 2, 2, 4)"
                            : options.method == rank_method::dense     ? "dense (1, 2, 2, 3)"
                            : options.method == rank_method::fractional
                                ? "fractional (1; 2,5; 2,5; 4)"
                                : "ordinal (ties broken by unit id, ascending)";
  const bool by_points = options.value == value_kind::points;
  out.notes.push_back(
      std::string("Ranks: ") + method_name +
      (by_points ? ", on exact points" : ", on exact % of the applicable maximum") +
      (options.by_group ? ", within each unit group" : "") +
      "; units marked ranked: false, or whose value is unknown, get no rank and do not shift "
      "others.");
  if (bands) out.bands_unverified = bands->unverified;
  out.band_notes = std::move(now.notes);
  if (declared_groups(tree, bands).empty()) {
    std::map<std::string, std::vector<std::string>> members;
    for (const auto& u : current.units()) members[u.group].push_back(u.id);
    if (options.by_group && members.size() > 1)
      for (const auto& [group, ids] : members)
        if (ids.size() == 1)
          out.notes.push_back("Unit group '" + group + "' has one unit ('" + ids.front() +
                              "'), ranked alone: neither the criteria (groups:) nor the bands "
                              "declare the unit groups, so a misspelt group is not caught.");
  }
  out.band_counts = std::move(now.band_counts);
  return out;
}

ranked_results rank_units(const criterion_tree& tree, const unit_set& current,
                          const ranked_results_options& options, const band_scheme* bands,
                          const unit_set* previous, std::span<const unit_mapping> mappings) {
  const auto now = to_matrix(tree, current);
  if (!previous) return rank_units(now, current.year, options, bands);
  const auto before = to_matrix(tree, *previous);
  return rank_units(now, current.year, options, bands, &before, previous->year, mappings);
}

}  // namespace chiso
