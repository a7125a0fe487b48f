#include "chiso/ranked_results.hpp"
#include "chiso/table_notes.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "bands_support.hpp"
#include "chiso/error.hpp"
#include "parallel_support.hpp"
#include "rounding.hpp"
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

std::optional<rational> ranked_unit::exact_rank() const {
  if (twice_rank == 0) return std::nullopt;
  if (twice_rank % 2 == 0) return rational(twice_rank / 2);
  return rational(twice_rank, 2);
}

std::vector<std::string> ranked_results::all_notes() const {
  std::vector<std::string> out;
  for (const auto& u : units) out.insert(out.end(), u.notes.begin(), u.notes.end());
  for (const auto& c : gone)
    out.push_back("Unit '" + c.unit + "' of " + std::to_string(previous_year.value_or(0)) +
                  " is not in " + std::to_string(year) + " (n/a).");
  out.insert(out.end(), notes.begin(), notes.end());
  out.insert(out.end(), rounding_notes.begin(), rounding_notes.end());
  if (!bands_unverified.empty()) out.push_back("UNVERIFIED band thresholds: " + bands_unverified);
  out.insert(out.end(), band_notes.begin(), band_notes.end());
  return out;
}

const ranked_unit* ranked_results::find(std::string_view id) const {
  for (const auto& u : units)
    if (u.unit.id == id) return &u;
  return nullptr;
}

std::span<const ranked_unit> ranked_results::tie_of(const ranked_unit& row) const {
  if (!row.tie) return {};
  if (*row.tie >= ties.size() || ties[*row.tie].first > units.size() ||
      ties[*row.tie].size > units.size() - ties[*row.tie].first)
    throw usage_error("ranked_results: unit '" + row.unit.id + "' names tie " +
                      std::to_string(*row.tie) + ", which is not a tie of its rows");
  const auto& t = ties[*row.tie];
  return std::span<const ranked_unit>(units).subspan(t.first, t.size);
}

std::vector<std::string> ranked_results::tied_with(const ranked_unit& row) const {
  std::vector<std::string> ids;
  for (const auto& other : tie_of(row))
    if (other.unit.id != row.unit.id) ids.push_back(other.unit.id);
  return ids;
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

// How the tables print the ranked value: the caller's rule, or the default one.
number_format printed_format(const criterion_tree& tree, const ranked_results_options& options) {
  if (options.printed) return *options.printed;
  return {options.value == value_kind::points ? tree.info().decimals : 2, rounding::half_up, ','};
}

// "Rounded to 2 decimals (half_up)": the rule under which a rounding note's "prints" holds.
std::string rounded_to(const number_format& fmt) {
  return "Rounded to " + std::to_string(fmt.precision) + " decimals (" +
         std::string(to_string(fmt.mode)) + ")";
}

// "'a' and 'b' both", "'a', 'b' and 'c' all"; with more units than named (`total`), "'a', …,
// 'j' and 5 more all".
std::string both_or_all(const std::vector<std::string>& ids, std::size_t total) {
  std::string out;
  const bool more = total > ids.size();
  for (std::size_t i = 0; i < ids.size(); ++i)
    out += (i == 0 ? "" : i + 1 == ids.size() && !more ? " and " : ", ") + ("'" + ids[i] + "'");
  if (more) out += " and " + std::to_string(total - ids.size()) + " more";
  return out + (total == 2 ? " both" : " all");
}

std::string band_name(const std::optional<std::string>& label) {
  return label ? "band '" + *label + "'" : "no band";
}

// One year scored and ranked; rows in print order.
struct scored_year {
  std::vector<std::string> groups;
  // By group (first appearance), then rank (ties in input order), units without a rank last in
  // their group in input order: built in this order rather than permuted afterwards (moving
  // 10^6 rows in place was a tenth of `chiso rank`'s time).
  std::vector<ranked_unit> units;
  std::vector<std::uint32_t> row_of;  // per input unit: its row in `units`
  std::vector<tie_group> ties;
  std::vector<band_count> band_counts;
  std::vector<std::string> notes;
  std::vector<std::string> rounding_notes;  // bands a printed % would misread
};

// Units of one band population whose printed % reads as another band than their exact % is in.
// Threshold tables (without a quota) and formed quantile groups are ranges of values: a printed
// value is read against them. Under a quota the band is not a function of the value, so what
// misleads is two units printing the same % in different bands.
void band_rounding_notes(const band_table& table, const banding& b,
                         const std::vector<std::optional<rational>>& values,
                         const std::vector<unit_info>& units, const number_format& fmt,
                         std::vector<std::string>& notes) {
  const auto label_of = [&](std::size_t u) -> std::optional<std::string> {
    if (!b.band[u]) return std::nullopt;
    return b.labels[*b.band[u]];
  };
  std::vector<band> ranges;
  if (table.is_quantile()) {
    if (b.formed) ranges = b.quantile_ranges;
    for (std::size_t i = 0; i < ranges.size() && i < b.labels.size(); ++i)
      ranges[i].label = b.labels[i];
  } else if (!table.quota) {
    ranges = table.bands;
  }
  if (!ranges.empty()) {
    for (std::size_t u = 0; u < units.size(); ++u) {
      if (!values[u]) continue;
      const auto shown = detail::printed_value(*values[u], fmt);
      std::optional<std::string> read;
      std::string range;
      for (const auto& r : ranges)
        if (r.contains(shown)) {
          read = r.label;
          range = r.describe();
          break;
        }
      const auto actual = label_of(u);
      if (read == actual || shown == *values[u]) continue;  // nothing was rounded
      notes.push_back(rounded_to(fmt) + ", '" + units[u].id + "' prints " +
                      format_number(*values[u], fmt) + " %, which reads as " + band_name(read) +
                      (range.empty() ? "" : " (" + range + ")") + ", but it is exactly " +
                      detail::exact_text(*values[u], fmt.decimal_separator) +
                      " %: " + band_name(actual) + ".");
    }
    return;
  }
  if (!table.quota) return;
  std::map<rational, std::vector<std::size_t>, std::greater<>> by_printed;
  for (std::size_t u = 0; u < units.size(); ++u)
    if (values[u]) by_printed[detail::printed_value(*values[u], fmt)].push_back(u);
  for (const auto& entry : by_printed) {
    const auto& members = entry.second;
    std::set<std::optional<std::string>> labels;
    for (auto u : members) labels.insert(label_of(u));
    if (labels.size() < 2) continue;
    std::vector<std::string> ids;
    std::string exact;
    for (auto u : members) {
      if (ids.size() == 10) break;
      ids.push_back(units[u].id);
      exact += (exact.empty() ? "" : ", ") + ("'" + units[u].id + "' ") +
               detail::exact_text(*values[u], fmt.decimal_separator) + " % (" +
               band_name(label_of(u)) + ")";
    }
    if (members.size() > ids.size()) exact += ", …";
    notes.push_back(rounded_to(fmt) + ", " + both_or_all(ids, members.size()) + " print " +
                    format_number(*values[members.front()], fmt) +
                    " % but are in different bands on their exact values: " + exact + ".");
  }
}

// node_score::percent() in 64-bit integers and one rational normalisation instead of four:
// the same exact value (rationals are kept in lowest terms), a visible share of ranking 10^6
// units. Points and maximum beyond 2^31 units or 6 decimals take the general path.
std::optional<rational> percent_of(const std::optional<decimal>& points,
                                   const std::optional<decimal>& max) {
  if (!points || !max || max->is_zero()) return std::nullopt;
  const auto& p = *points;
  const auto& m = *max;
  constexpr std::int64_t limit = std::int64_t{1} << 31;
  if (p.scale() > 6 || m.scale() > 6 || p.units() <= -limit || p.units() >= limit ||
      m.units() <= -limit || m.units() >= limit)
    return p.to_rational() / m.to_rational() * 100;  // as node_score::percent()
  std::int64_t pow_p = 1, pow_m = 1;
  for (int i = 0; i < p.scale(); ++i) pow_p *= 10;
  for (int i = 0; i < m.scale(); ++i) pow_m *= 10;
  // (p / 10^sp) / (m / 10^sm) × 100 = p × 100 × 10^sm / (m × 10^sp): below 2^58 and 2^51.
  std::int64_t num = p.units() * 100 * pow_m;
  std::int64_t den = m.units() * pow_p;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const std::int64_t g = std::gcd(num, den);
  return rational(num / g, den / g);
}

scored_year score_year(const unit_matrix& matrix, const ranked_results_options& options,
                       const band_scheme* bands) {
  const auto& tree = matrix.tree();
  const auto printed = printed_format(tree, options);
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
  // Each unit's own figures, read in input order (the matrix and the totals are read where they
  // lie); the rows are then built in rank order from these, not from the matrix: at 10^6 units,
  // reading the matrix in rank order was a third of the time (a TLB and cache miss a unit).
  struct figures {
    result_status status = result_status::ranked;
    std::optional<decimal> points, max;
  };
  std::vector<figures> figures_of(units.size());
  for (std::size_t u = 0; u < units.size(); ++u) {
    auto score = scores.at(u, node);
    auto& f = figures_of[u];
    f.max = std::move(score.max);
    if (!score.applicable) {
      f.status = result_status::not_applicable;
      continue;
    }
    f.points = std::move(score.points);
    // ranked_unit::value(): the % needs points and a non-zero maximum (percent_of()).
    const bool known = options.value == value_kind::percent ? f.points && f.max && !f.max->is_zero()
                                                            : f.points.has_value();
    f.status = !known            ? result_status::unknown
               : units[u].ranked ? result_status::ranked
                                 : result_status::not_ranked;
  }
  std::vector<std::uint32_t> twice_rank(units.size(), 0);  // 2 × rank (ranks are k/2), 0: none
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
  // Rows are planned in print order first, then built on every core: at 10^6 units, building
  // them one by one (each unit's record copied, read in rank order, and its exact %) was a
  // seventh of `chiso rank`.
  constexpr auto no_tie = std::numeric_limits<std::uint32_t>::max();
  struct planned_row {
    std::uint32_t unit = 0;
    std::uint32_t tie = no_tie;
    std::size_t ranked_count = 0;
  };
  std::vector<planned_row> plan;
  plan.reserve(units.size());
  for (const auto& group : year.groups) {
    auto values = all_values;
    if (options.by_group)
      for (std::size_t u = 0; u < units.size(); ++u)
        if (units[u].group != group) values[u].reset();
    const auto ranks = rank(values, rank_options);
    // The ranked units in rank order, ties in input order (ordinal: by id, as ranked).
    std::vector<std::uint32_t> order = ranks.order();
    for (const auto u : order) {
      if (const auto whole = ranks.method() == rank_method::fractional
                                 ? std::optional<std::uint32_t>()
                                 : ranks.rank(u))
        twice_rank[u] = *whole * 2;
      else
        twice_rank[u] =
            boost::multiprecision::numerator(*ranks.exact_rank(u) * 2).convert_to<std::uint32_t>();
    }
    // order() is documented as rank order with ties in tie-break or input order; the rows are
    // specified as (rank, input order), so sort in the unlikely case the two ever disagree.
    for (std::size_t k = 1; k < order.size(); ++k)
      if (twice_rank[order[k - 1]] > twice_rank[order[k]] ||
          (twice_rank[order[k - 1]] == twice_rank[order[k]] && order[k - 1] > order[k])) {
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
          return twice_rank[a] != twice_rank[b] ? twice_rank[a] < twice_rank[b] : a < b;
        });
        break;
      }
    const auto count = ranks.ranked_count();
    const std::size_t first_row = plan.size();
    for (const auto u : order) plan.push_back({u, no_tie, count});
    // Ties: runs of equal values in rank order, as ranking::tied_with() groups them.
    for (std::size_t begin = 0; begin < order.size();) {
      std::size_t end = begin + 1;
      while (end < order.size() && compare(*values[order[begin]], *values[order[end]]) == 0) ++end;
      if (end - begin > 1) {
        const auto index = static_cast<std::uint32_t>(year.ties.size());
        year.ties.push_back({first_row + begin, end - begin});
        for (auto k = begin; k < end; ++k) plan[first_row + k].tie = index;
      }
      begin = end;
    }
    // Then the group's units without a rank, in input order.
    for (std::size_t u = 0; u < units.size(); ++u) {
      if (options.by_group && units[u].group != group) continue;
      if (twice_rank[u] != 0) continue;
      plan.push_back({static_cast<std::uint32_t>(u), no_tie, count});
    }
    // Points compare unequal totals when units' applicable maxima differ: say so.
    if (options.value == value_kind::points) {
      const auto maxima = differing_maxima_notes(scores, node, group, {4, rounding::half_up, ','});
      year.notes.insert(year.notes.end(), maxima.begin(), maxima.end());
    }
  }
  year.row_of.assign(units.size(), 0);
  year.units.resize(plan.size());
  const auto build = [&](std::size_t begin, std::size_t end) {
    // Rows in rank order read the units' records out of order: ask for them ahead of use.
    constexpr std::size_t ahead = 8;
    const auto prefetch = [&](std::size_t k) {
#if defined(__GNUC__) || defined(__clang__)
      const auto u = plan[k].unit;
      __builtin_prefetch(&units[u]);
      __builtin_prefetch(reinterpret_cast<const char*>(&units[u]) + 64);
      __builtin_prefetch(&figures_of[u]);
      __builtin_prefetch(&twice_rank[u]);
      __builtin_prefetch(&year.row_of[u], 1);
#else
      static_cast<void>(k);
#endif
    };
    for (auto k = begin; k < end && k < begin + ahead; ++k) prefetch(k);
    for (auto k = begin; k < end; ++k) {
      if (k + ahead < end) prefetch(k + ahead);
      const auto& p = plan[k];
      const auto& f = figures_of[p.unit];
      year.row_of[p.unit] = static_cast<std::uint32_t>(k);
      auto& r = year.units[k];
      r.unit = units[p.unit];
      r.status = f.status;
      r.max = f.max;
      r.ranked_count = p.ranked_count;
      r.twice_rank = twice_rank[p.unit];
      if (r.twice_rank != 0 && r.twice_rank % 2 == 0) r.rank = r.twice_rank / 2;
      if (p.tie != no_tie) r.tie = p.tie;
      if (f.status == result_status::not_applicable) continue;
      r.points = f.points;
      r.percent = percent_of(f.points, f.max);
    }
  };
  detail::for_each_range(plan.size(), 50000, build);
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
      if (b.band[u]) year.units[year.row_of[u]].band = b.labels[*b.band[u]];
    year.notes.insert(year.notes.end(), b.notes.begin(), b.notes.end());
    // Bands are read on the %: only a printed % can be misread against them.
    if (options.value == value_kind::percent)
      band_rounding_notes(*table, b, values, units, printed, year.rounding_notes);
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

// Each unit with the group its rank is within: a unit that moved between groups is matched by
// its id, but its rank change is n/a (compare_years()).
std::vector<year_result> year_results(const scored_year& year, const ranked_results_options& o) {
  std::vector<year_result> out;
  out.reserve(year.units.size());
  for (const auto row : year.row_of) {  // in input order: the order of the gone units
    const auto& r = year.units[row];
    out.push_back({r.unit.id, r.value(o.value),
                   r.rank ? std::optional<std::int64_t>(*r.rank) : std::nullopt,
                   o.by_group ? r.unit.group : std::string()});
  }
  return out;
}

// At most this many rounding notes of a kind (append_capped()).
constexpr std::size_t notes_kept = 20;

// Ranked units of one group that print the same value but are ranked apart: the printed table
// would show a tie the exact values break. `rows` are the group's rows in rank order. Past
// notes_kept notes, the others are only counted in `left_out`: at 10^4 units and 2 decimals
// there are thousands, and building each only to drop it was a sixth of `chiso rank`.
void tie_rounding_notes(const std::vector<const ranked_unit*>& rows,
                        const ranked_results_options& options, const number_format& fmt,
                        std::vector<std::string>& notes, std::size_t& left_out) {
  const bool by_points = options.value == value_kind::points;
  const auto note = [&](const std::vector<const ranked_unit*>& members) {
    // Ranked apart by their values: under ordinal ranking equal values get different ranks too
    // (ties broken by id), which no rounding hides.
    const auto& first = *members.front();
    const auto first_value = first.value(options.value);
    bool ranks_differ = false, values_differ = false;
    for (const auto* r : members) {
      ranks_differ = ranks_differ || r->twice_rank != first.twice_rank;
      values_differ = values_differ || r->value(options.value) != first_value;
      if (ranks_differ && values_differ) break;
    }
    if (!ranks_differ || !values_differ) return;
    if (notes.size() >= notes_kept) {
      ++left_out;
      return;
    }
    std::vector<std::string> ids;
    std::string exact;
    // Ten named, as differing_maxima_notes() does: a note is read, not scanned.
    for (const auto* r : members) {
      if (ids.size() == 10) break;
      ids.push_back(r->unit.id);
      exact += (exact.empty() ? "" : ", ") + ("'" + r->unit.id + "' ") +
               detail::exact_text(*r->value(options.value), fmt.decimal_separator) +
               (by_points ? " points" : " %") + " (rank " +
               detail::exact_text(*r->exact_rank(), fmt.decimal_separator) + ")";
    }
    if (members.size() > ids.size()) exact += ", …";
    notes.push_back(rounded_to(fmt) + ", " + both_or_all(ids, members.size()) + " print " +
                    format_number(*first_value, fmt) +
                    " but are ranked apart on their exact values: " + exact + ".");
  };
  // In rank order the values never increase, nor do the printed ones (each rounding rule is
  // monotone): units that print the same value are consecutive. Compared on the printed digits
  // as a signed integer (value × 10^precision, rounded), without a rational per unit.
  using boost::multiprecision::cpp_int;
  std::vector<const ranked_unit*> members;
  cpp_int printed;
  for (const auto* r : rows) {
    if (r->twice_rank == 0) continue;
    const auto v = r->value(options.value);
    if (!v) continue;
    bool negative = false;
    auto q = detail::round_magnitude(*v, fmt.precision, fmt.mode, negative, "chiso::printed_value");
    if (negative) q = -q;
    if (!members.empty() && q != printed) {
      note(members);
      members.clear();
    }
    if (members.empty()) printed = std::move(q);
    members.push_back(r);
  }
  if (!members.empty()) note(members);
}

// A non-zero change that prints as 0 (a unit that dropped a band shows "0,00 pp"); with the
// two bands when they differ. `previous_band` is the band of the previous unit it continues.
void change_rounding_note(const ranked_unit& r, value_kind kind, const number_format& fmt,
                          const std::optional<std::string>& previous_band, int previous_year,
                          int year, std::vector<std::string>& notes) {
  if (!r.change || !r.change->value_change || *r.change->value_change == 0) return;
  const auto& change = *r.change->value_change;
  if (detail::printed_value(change, fmt) != 0) return;
  std::string bands;
  if (previous_band && r.band && *previous_band != *r.band)
    bands = " (band '" + *previous_band + "' in " + std::to_string(previous_year) + ", '" +
            *r.band + "' in " + std::to_string(year) + ")";
  // In English, as every note the library writes (localize_text() gives it in Vietnamese).
  notes.push_back(rounded_to(fmt) + ", the change of '" + r.unit.id + "' prints " +
                  r.change->value_change_text(kind, fmt, language::en) + " but is exactly " +
                  (change > 0 ? "+" : "") + detail::exact_text(change, fmt.decimal_separator) +
                  (kind == value_kind::percent ? " pp" : " points") + bands + ".");
}

// At most 20 notes of a kind, then how many more: thousands of units at 2 decimals share
// printed values by the hundred, and a wall of notes hides the point (print more decimals).
// `left_out`: notes of the kind already left out unbuilt (tie_rounding_notes()).
void append_capped(std::vector<std::string>& out, std::vector<std::string> notes,
                   const number_format& fmt, const std::string& what, std::size_t left_out = 0) {
  constexpr std::size_t most = notes_kept;
  if (notes.size() + left_out > most) {
    const auto more = notes.size() + left_out - most;
    notes.resize(std::min(notes.size(), most));
    notes.push_back(rounded_to(fmt) + ": " + std::to_string(more) + " more notes on " + what +
                    " are left out; print more decimals to tell them apart.");
  }
  out.insert(out.end(), notes.begin(), notes.end());
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
    if (bands) detail::check_band_groups(*bands, tree, diag);
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

  std::map<std::string, std::shared_ptr<const unit_change>> change_of;
  std::map<std::string, std::string> previous_group;
  std::map<std::string, std::string> previous_band;
  if (previous) {
    out.previous_year = previous_year;
    // Over all groups at once: a mapping may name units of any group.
    const auto before = score_year(*previous, options, bands);
    const auto prev_results = year_results(before, options);
    const auto cur_results = year_results(now, options);
    for (const auto& u : previous->units()) previous_group[u.id] = u.group;
    for (const auto& u : before.units)
      if (u.band) previous_band[u.unit.id] = *u.band;
    for (auto& c : compare_years(prev_results, cur_results, mappings)) {
      if (c.status == change_status::gone)
        out.gone.push_back(std::move(c));
      else {
        auto id = c.unit;  // before `c` is moved from
        change_of.emplace(std::move(id), std::make_shared<const unit_change>(std::move(c)));
      }
    }
  }
  out.units = std::move(now.units);
  out.ties = std::move(now.ties);
  {
    for (auto& row : out.units) {
      auto* r = &row;
      if (previous) {
        const auto it = change_of.find(r->unit.id);
        if (it != change_of.end()) {
          r->change = it->second;
          const auto& c = *it->second;
          if (c.status == change_status::renamed || c.status == change_status::merged) {
            std::string from;
            for (const auto& p : c.previous) from += (from.empty() ? "" : ", ") + p;
            r->notes.push_back("Unit '" + c.unit + "' " + std::string(to_string(c.status)) +
                               " from " + from + (c.note.empty() ? "" : ": " + c.note) + ".");
          } else if (c.moved_from) {
            r->notes.push_back("Unit '" + c.unit + "' " + c.note + ".");
          } else if (c.status == change_status::new_unit) {
            // Said like a gone unit: a '?' previous rank alone reads as a missing figure.
            r->notes.push_back("Unit '" + c.unit + "' is new in " + std::to_string(out.year) +
                               ": not in " + std::to_string(out.previous_year.value_or(0)) +
                               " (n/a).");
          }
          // Ranked across all groups, a move changes no rank's meaning, but is still news.
          if (!options.by_group && c.previous.size() == 1) {
            const auto g = previous_group.find(c.previous.front());
            if (g != previous_group.end() && g->second != r->unit.group)
              r->notes.push_back("Unit '" + c.unit + "' moved from " + g->second + " to " +
                                 r->unit.group +
                                 " (ranks are across all groups: the rank change stands).");
          }
        }
      }
    }
  }
  // What the printed table would let a reader infer that the exact values contradict.
  {
    const auto printed = printed_format(tree, options);
    std::vector<std::string> ties, changes;
    std::size_t ties_left_out = 0;
    for (const auto& group : now.groups) {
      std::vector<const ranked_unit*> rows;
      for (const auto& r : out.units)
        if (!options.by_group ? group.empty() : r.unit.group == group) rows.push_back(&r);
      tie_rounding_notes(rows, options, printed, ties, ties_left_out);
    }
    for (const auto& r : out.units) {
      std::optional<std::string> band_before;
      if (r.change && r.change->previous.size() == 1)
        if (const auto b = previous_band.find(r.change->previous.front()); b != previous_band.end())
          band_before = b->second;
      change_rounding_note(r, options.value, printed, band_before, previous_year, year, changes);
    }
    append_capped(out.rounding_notes, std::move(ties), printed,
                  "printed values shared by units ranked apart", ties_left_out);
    append_capped(out.rounding_notes, std::move(now.rounding_notes), printed,
                  "units whose printed % reads as another band");
    append_capped(out.rounding_notes, std::move(changes), printed, "changes that print as 0");
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
