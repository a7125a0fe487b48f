#include "chiso/ranked_results.hpp"
#include "chiso/table_notes.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>

#include "bands_support.hpp"
#include "chiso/error.hpp"
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

// One year scored and ranked; rows in input order.
struct scored_year {
  std::vector<std::string> groups;
  std::vector<ranked_unit> units;
  std::vector<band_count> band_counts;
  std::vector<std::string> notes;
  std::vector<std::string> rounding_notes;  // bands a printed % would misread
  // Per unit: 2 × its exact rank (ranks are k/2), 0 when not ranked. The rows are sorted on this
  // integer rather than on the rationals (that sort was a quarter of `chiso rank`'s time).
  std::vector<std::uint64_t> twice_rank;
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
std::optional<rational> percent_of(const node_score& score) {
  if (!score.points || !score.max || score.max->is_zero()) return std::nullopt;
  const auto& p = *score.points;
  const auto& m = *score.max;
  constexpr std::int64_t limit = std::int64_t{1} << 31;
  if (p.scale() > 6 || m.scale() > 6 || p.units() <= -limit || p.units() >= limit ||
      m.units() <= -limit || m.units() >= limit)
    return score.percent();
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
    r.percent = percent_of(score);
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
      // From the integer rank where there is one: a rational built from k/2 costs a gcd, and
      // at 10^6 units that was a visible share of `chiso rank`.
      if (const auto whole = ranks.method() == rank_method::fractional
                                 ? std::optional<std::uint32_t>()
                                 : ranks.rank(u)) {
        r.rank = *whole;
        r.exact_rank = rational(*whole);
        year.twice_rank[u] = std::uint64_t{*whole} * 2;
      } else {
        r.exact_rank = ranks.exact_rank(u);
        if (boost::multiprecision::denominator(*r.exact_rank) == 1)
          r.rank = boost::multiprecision::numerator(*r.exact_rank).convert_to<std::uint32_t>();
        const rational twice = *r.exact_rank * 2;
        year.twice_rank[u] = boost::multiprecision::numerator(twice).convert_to<std::uint64_t>();
      }
      const auto tied = ranks.tied_with(u);
      r.tied_with.reserve(tied.size());
      for (auto other : tied) r.tied_with.push_back(units[other].id);
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
  for (const auto& r : year.units)
    out.push_back({r.unit.id, r.value(o.value),
                   r.rank ? std::optional<std::int64_t>(*r.rank) : std::nullopt,
                   o.by_group ? r.unit.group : std::string()});
  return out;
}

// Ranked units of one group that print the same value but are ranked apart: the printed table
// would show a tie the exact values break.
void tie_rounding_notes(const std::vector<const ranked_unit*>& rows,
                        const ranked_results_options& options, const number_format& fmt,
                        std::vector<std::string>& notes) {
  const bool by_points = options.value == value_kind::points;
  // Keyed on the printed digits as a signed integer (value × 10^precision, rounded): the same
  // order as the printed values, without a rational per unit.
  using boost::multiprecision::cpp_int;
  std::map<cpp_int, std::vector<const ranked_unit*>, std::greater<>> by_printed;
  for (const auto* r : rows)
    if (r->exact_rank)
      if (const auto v = r->value(options.value)) {
        bool negative = false;
        auto q =
            detail::round_magnitude(*v, fmt.precision, fmt.mode, negative, "chiso::printed_value");
        if (negative) q = -q;
        by_printed[std::move(q)].push_back(r);
      }
  for (const auto& entry : by_printed) {
    const auto& members = entry.second;
    // Ranked apart by their values: under ordinal ranking equal values get different ranks too
    // (ties broken by id), which no rounding hides.
    const auto& first = *members.front();
    const auto first_value = first.value(options.value);
    bool ranks_differ = false, values_differ = false;
    for (const auto* r : members) {
      ranks_differ = ranks_differ || *r->exact_rank != *first.exact_rank;
      values_differ = values_differ || r->value(options.value) != first_value;
      if (ranks_differ && values_differ) break;
    }
    if (!ranks_differ || !values_differ) continue;
    std::vector<std::string> ids;
    std::string exact;
    // Ten named, as differing_maxima_notes() does: a note is read, not scanned.
    for (const auto* r : members) {
      if (ids.size() == 10) break;
      ids.push_back(r->unit.id);
      exact += (exact.empty() ? "" : ", ") + ("'" + r->unit.id + "' ") +
               detail::exact_text(*r->value(options.value), fmt.decimal_separator) +
               (by_points ? " points" : " %") + " (rank " +
               detail::exact_text(*r->exact_rank, fmt.decimal_separator) + ")";
    }
    if (members.size() > ids.size()) exact += ", …";
    notes.push_back(rounded_to(fmt) + ", " + both_or_all(ids, members.size()) + " print " +
                    format_number(*members.front()->value(options.value), fmt) +
                    " but are ranked apart on their exact values: " + exact + ".");
  }
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
void append_capped(std::vector<std::string>& out, std::vector<std::string> notes,
                   const number_format& fmt, const std::string& what) {
  constexpr std::size_t most = 20;
  if (notes.size() > most) {
    const auto more = notes.size() - most;
    notes.resize(most);
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

  std::map<std::string, unit_change> change_of;
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
      else
        change_of[c.unit] = std::move(c);
    }
  }
  // The rows in print order, moved in place (following the permutation's cycles) rather than
  // into a second vector: at 10^6 units each copy of the rows is hundreds of MB.
  {
    std::vector<std::uint32_t> source;  // per output position: the input row it takes
    source.reserve(now.units.size());
    for (const auto& group : now.groups) {
      // Ranked units by rank (ties in input order), then the others in input order.
      std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
      for (std::size_t u = 0; u < now.units.size(); ++u)
        if (!options.by_group || now.units[u].unit.group == group)
          order.emplace_back(now.twice_rank[u] ? now.twice_rank[u] : UINT64_MAX,
                             static_cast<std::uint32_t>(u));
      std::sort(order.begin(), order.end());
      for (const auto& entry : order) source.push_back(entry.second);
    }
    std::vector<bool> placed(source.size(), false);
    for (std::size_t start = 0; start < source.size(); ++start) {
      if (placed[start]) continue;
      ranked_unit held = std::move(now.units[start]);
      std::size_t at = start;
      while (source[at] != start) {
        now.units[at] = std::move(now.units[source[at]]);
        placed[at] = true;
        at = source[at];
      }
      now.units[at] = std::move(held);
      placed[at] = true;
    }
    out.units = std::move(now.units);
  }
  {
    for (auto& row : out.units) {
      auto* r = &row;
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
    for (const auto& group : now.groups) {
      std::vector<const ranked_unit*> rows;
      for (const auto& r : out.units)
        if (!options.by_group ? group.empty() : r.unit.group == group) rows.push_back(&r);
      tie_rounding_notes(rows, options, printed, ties);
    }
    for (const auto& r : out.units) {
      std::optional<std::string> band_before;
      if (r.change && r.change->previous.size() == 1)
        if (const auto b = previous_band.find(r.change->previous.front()); b != previous_band.end())
          band_before = b->second;
      change_rounding_note(r, options.value, printed, band_before, previous_year, year, changes);
    }
    append_capped(out.rounding_notes, std::move(ties), printed,
                  "printed values shared by units ranked apart");
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
