#include "chiso/bands.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "bands_support.hpp"
#include "chiso/error.hpp"
#include "chiso/format.hpp"
#include "chiso/tree.hpp"
#include "yaml_support.hpp"

namespace chiso {

namespace {

using detail::diagnostics;
using detail::location_of;
using detail::mapping;

// Thresholds are written as decimals; print them back the way a Vietnamese text would.
std::string number_text(const rational& value) {
  if (auto d = decimal::from_rational(value)) {
    auto text = d->normalized().to_string();
    std::replace(text.begin(), text.end(), '.', ',');
    return text;
  }
  return format_number(value, {4, rounding::half_up, ','});
}

std::string percent_text(const rational& value) {
  return format_number(value, {2, rounding::half_up, ','}) + "%";
}

}  // namespace

bool band::contains(const rational& value) const {
  if (lower && (lower_inclusive ? value < *lower : value <= *lower)) return false;
  if (upper && (upper_inclusive ? value > *upper : value >= *upper)) return false;
  return true;
}

std::string band::describe() const {
  std::string text;
  if (lower) text = (lower_inclusive ? "từ " : "trên ") + number_text(*lower);
  if (upper) {
    if (!text.empty()) text += " ";
    text += (upper_inclusive ? "đến " : (lower ? "đến dưới " : "dưới ")) + number_text(*upper);
  }
  return text.empty() ? "mọi giá trị" : text;
}

std::vector<std::string> band_table::labels() const {
  if (is_quantile()) return quantile_labels;
  std::vector<std::string> out;
  for (const auto& b : bands) out.push_back(b.label);
  return out;
}

const band_table* band_scheme::for_group(std::string_view group) const {
  const band_table* fallback = nullptr;
  for (const auto& t : tables) {
    if (t.groups.empty() && !fallback) fallback = &t;
    if (std::find(t.groups.begin(), t.groups.end(), group) != t.groups.end()) return &t;
  }
  return fallback;
}

namespace {

std::optional<std::vector<std::string>> read_string_list(const YAML::Node& node,
                                                         const detail::file_name_ptr& file,
                                                         diagnostics& diag,
                                                         const std::string& what) {
  if (!node.IsSequence()) {
    diag.add("not-a-list", location_of(file, node.Mark()), what + " must be a list");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      diag.add("not-text", location_of(file, item.Mark()), what + ": expected a non-empty text");
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

band read_band(const YAML::Node& node, const detail::file_name_ptr& file, diagnostics& diag) {
  // The label names the band in every message, so it is peeked before the keys are read.
  std::string context = "band";
  if (node.IsMap() && node["label"] && node["label"].IsScalar())
    context += " '" + node["label"].Scalar() + "'";
  mapping named(node, file, diag, context,
                {"label", "from", "above", "to", "up_to", "note", "source"});
  band b;
  b.where = named.where();
  if (!named.is_mapping()) return b;
  b.label = named.required_string("label").value_or("");
  const auto from = named.optional_decimal("from");
  const auto above = named.optional_decimal("above");
  const auto to = named.optional_decimal("to");
  const auto up_to = named.optional_decimal("up_to");
  const std::string ctx = named.context();
  if (from && above)
    diag.add("band-bound-twice", named.key_where("above"),
             ctx + ": give 'from' (≥) or 'above' (>), not both");
  if (to && up_to)
    diag.add("band-bound-twice", named.key_where("up_to"),
             ctx + ": give 'to' (<) or 'up_to' (≤), not both");
  if (from || above) {
    b.lower = (from ? *from : *above).to_rational();
    b.lower_inclusive = from.has_value();
  }
  if (to || up_to) {
    b.upper = (to ? *to : *up_to).to_rational();
    b.upper_inclusive = !to.has_value();
  }
  if (b.lower && b.upper && *b.upper <= *b.lower)
    diag.add("band-bounds-reversed", named.key_where(to ? "to" : "up_to"),
             ctx + ": upper bound " + number_text(*b.upper) + " is not above lower bound " +
                 number_text(*b.lower));
  return b;
}

// Neighbouring bands, `hi` better than `lo`, must meet exactly at one boundary value.
void check_neighbours(const band& hi, const band& lo, diagnostics& diag) {
  const std::string pair = "bands '" + hi.label + "' and '" + lo.label + "'";
  if (!hi.lower) {
    diag.add("band-unbounded", hi.where,
             "band '" + hi.label +
                 "' has no lower bound, so it covers every band below it; give it "
                 "'from' or 'above', or move it last");
    return;
  }
  if (!lo.upper) {
    diag.add("band-unbounded", lo.where,
             "band '" + lo.label + "' has no upper bound, so it overlaps '" + hi.label +
                 "'; give it 'to' (the lower bound of '" + hi.label + "')");
    return;
  }
  if (*hi.lower > *lo.upper) {
    diag.add("band-gap", lo.where,
             pair + " leave a gap: values from " + number_text(*lo.upper) + " to " +
                 number_text(*hi.lower) + " are in no band");
  } else if (*hi.lower < *lo.upper) {
    diag.add("band-overlap", lo.where,
             pair + " overlap: values from " + number_text(*hi.lower) + " to " +
                 number_text(*lo.upper) + " are in both (list bands best first)");
  } else if (!hi.lower_inclusive && !lo.upper_inclusive) {
    const auto x = number_text(*hi.lower);
    diag.add("band-gap", lo.where,
             pair + " leave " + x + " itself in no band ('" + hi.label + "' is " + hi.describe() +
                 ", '" + lo.label + "' is " + lo.describe() + "); write 'from: " + x + "' on '" +
                 hi.label + "' if " + x + " belongs to it, or 'up_to: " + x + "' on '" + lo.label +
                 "'");
  } else if (hi.lower_inclusive && lo.upper_inclusive) {
    diag.add("band-overlap", lo.where, pair + " both contain " + number_text(*hi.lower));
  }
}

band_table read_table(const YAML::Node& node, const detail::file_name_ptr& file,
                      diagnostics& diag) {
  mapping m(node, file, diag, "band table",
            {"groups", "bands", "quantiles", "quota", "min_units", "note"});
  band_table t;
  t.where = m.where();
  if (!m.is_mapping()) return t;
  if (auto groups = m.get("groups")) {
    t.groups = read_string_list(*groups, file, diag, "band table: 'groups'")
                   .value_or(std::vector<std::string>{});
    if (groups->IsSequence() && groups->size() == t.groups.size())
      for (const auto& g : *groups) t.group_where.push_back(detail::location_of(file, g.Mark()));
  }
  const auto bands = m.get("bands");
  const auto quantiles = m.get("quantiles");
  if (bands && quantiles)
    diag.add("bands-and-quantiles", m.key_where("quantiles"),
             "band table: give 'bands' or 'quantiles', not both");
  else if (!bands && !quantiles)
    diag.add("missing-key", t.where, "band table: missing key 'bands' (or 'quantiles')");
  if (bands) {
    if (!bands->IsSequence() || bands->size() == 0) {
      diag.add("not-a-list", location_of(file, bands->Mark()),
               "band table: 'bands' must be a list of bands");
    } else {
      for (const auto& b : *bands) t.bands.push_back(read_band(b, file, diag));
      for (std::size_t k = 0; k + 1 < t.bands.size(); ++k)
        check_neighbours(t.bands[k], t.bands[k + 1], diag);
    }
  }
  if (quantiles) {
    t.quantile_labels = read_string_list(*quantiles, file, diag, "band table: 'quantiles'")
                            .value_or(std::vector<std::string>{});
    if (t.quantile_labels.size() < 2)
      diag.add("quantiles-too-few", location_of(file, quantiles->Mark()),
               "band table: 'quantiles' needs at least 2 group labels, best first");
  }
  // Each label with its own position: the bands and the quantile labels are separate lists (both
  // may be given, wrongly) and an unreadable label is skipped, so no index is shared between them.
  std::vector<std::pair<std::string, source_location>> named;
  for (const auto& b : t.bands) named.emplace_back(b.label, b.where);
  if (quantiles && quantiles->IsSequence())
    for (const auto& q : *quantiles)
      if (q.IsScalar() && !q.Scalar().empty())
        named.emplace_back(q.Scalar(), location_of(file, q.Mark()));
  for (std::size_t i = 0; i < named.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (!named[i].first.empty() && named[i].first == named[j].first) {
        diag.add("band-label-twice", named[i].second,
                 "band table: label '" + named[i].first + "' is used twice (first at " +
                     named[j].second.to_string() + ")");
        break;
      }
  if (m.has("min_units")) {
    const auto n = m.optional_int("min_units");
    if (n && (*n < 1 || !quantiles))
      diag.add("bands-min-units", m.key_where("min_units"),
               *n < 1 ? "band table: 'min_units' must be at least 1"
                      : "band table: 'min_units' applies to quantile groups only; threshold bands "
                        "classify any number of units");
    else if (n)
      t.min_units = static_cast<std::size_t>(*n);
  }
  if (auto quota = m.get("quota")) {
    mapping q(*quota, file, diag, "quota", {"max_percent", "ties"});
    if (q.is_mapping()) {
      band_quota bq;
      bq.where = q.where();
      if (auto pct = q.optional_decimal("max_percent")) {
        bq.max_percent = pct->to_rational();
        if (bq.max_percent <= 0 || bq.max_percent > 100)
          diag.add("quota-percent", location_of(file, q.get("max_percent")->Mark()),
                   "quota: 'max_percent' must be above 0 and at most 100");
      } else if (!q.has("max_percent")) {
        diag.add("missing-key", bq.where, "quota: missing key 'max_percent'");
      }
      const auto ties = q.optional_string("ties");
      if (ties == "keep_together")
        bq.ties = quota_ties::keep_together;
      else if (!ties.empty() && ties != "move_down")
        diag.add("quota-ties", location_of(file, q.get("ties")->Mark()),
                 "quota: 'ties' must be move_down or keep_together, not '" + ties + "'");
      if (t.is_quantile() || t.bands.size() < 2)
        diag.add("quota-table", bq.where, "quota: needs a table of at least two threshold bands");
      t.quota = bq;
    }
  }
  return t;
}

band_scheme read_bands(std::string_view yaml, const std::string& file_name) {
  auto file = std::make_shared<const std::string>(file_name);
  diagnostics diag;
  const YAML::Node root = detail::parse_yaml(yaml, file);
  if (!detail::check_file_kind(root, file, diag, "chiso/bands")) diag.throw_if_any();
  mapping top(root, file, diag, "bands",
              {"kind", "format_version", "id", "name", "source", "note", "unverified", "tables"});
  band_scheme s;
  s.id = top.required_string("id").value_or("");
  s.name = top.optional_string("name");
  s.source = top.optional_string("source");
  s.note = top.optional_string("note");
  s.unverified = top.optional_string("unverified");
  if (auto tables = top.get("tables")) {
    if (!tables->IsSequence() || tables->size() == 0)
      diag.add("not-a-list", location_of(file, tables->Mark()),
               "bands: 'tables' must be a list of tables");
    else
      for (const auto& t : *tables) s.tables.push_back(read_table(t, file, diag));
  } else {
    diag.add("missing-key", {file, 1, 1}, "bands: missing key 'tables'");
  }
  std::map<std::string, source_location> seen;
  for (const auto& t : s.tables)
    for (const auto& g : t.groups)
      if (!seen.try_emplace(g, t.where).second)
        diag.add(
            "band-group-twice", t.where,
            "bands: unit group '" + g + "' has two tables (first at " + seen[g].to_string() + ")");
  diag.throw_if_any();
  return s;
}
}  // namespace

band_scheme parse_bands(std::string_view yaml, std::string file_name) {
  return detail::guarded(file_name, [&] { return read_bands(yaml, file_name); });
}

// A band table's group that the tree does not declare (a misspelt 'huyện' for 'huyen') would
// leave that group's units without a band, with a note only: refused, where the band file
// names it.
void detail::check_band_groups(const band_scheme& bands, const criterion_tree& tree,
                               diagnostics& diag) {
  const auto& known = tree.info().groups;
  if (known.empty()) return;
  std::vector<std::string_view> candidates(known.begin(), known.end());
  std::string listed;
  for (const auto& g : known) listed += (listed.empty() ? "'" : ", '") + g + "'";
  for (const auto& t : bands.tables)
    for (std::size_t k = 0; k < t.groups.size(); ++k) {
      const auto& g = t.groups[k];
      if (std::find(known.begin(), known.end(), g) != known.end()) continue;
      std::string message = "band table: unit group '" + g + "' is not one criteria '" +
                            tree.info().id + "' declare (" + listed + ")";
      if (const auto guess = detail::nearest(g, candidates))
        message += "; did you mean '" + *guess + "'?";
      diag.add("band-unknown-group", k < t.group_where.size() ? t.group_where[k] : t.where,
               std::move(message));
    }
}

void check_band_groups(const band_scheme& bands, const criterion_tree& tree) {
  detail::diagnostics diag;
  detail::check_band_groups(bands, tree, diag);
  diag.throw_if_any();
}

band_scheme load_bands(const std::filesystem::path& file) {
  return parse_bands(detail::read_file(file), file.string());
}

rational percentile_type7(std::span<const rational> sorted, const rational& p) {
  if (sorted.empty()) throw usage_error("percentile_type7: no values");
  if (p < 0 || p > 1) throw usage_error("percentile_type7: p must be in [0, 1]");
  const rational h = rational(static_cast<long long>(sorted.size() - 1)) * p;
  const auto lo_int = boost::multiprecision::numerator(h) / boost::multiprecision::denominator(h);
  const auto lo = static_cast<std::size_t>(lo_int);
  const rational fraction = h - rational(lo_int);
  if (lo + 1 >= sorted.size()) return sorted[lo];
  return sorted[lo] + fraction * (sorted[lo + 1] - sorted[lo]);
}

namespace {

std::string units_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " unit" : " units");
}

// A cut point exactly when it is a finite decimal (80%, 72,5%), else to 4 decimals and "…".
std::string cut_text(const rational& value) {
  if (auto d = decimal::from_rational(value); d && d->normalized().scale() <= 6) {
    auto text = d->normalized().to_string();
    std::replace(text.begin(), text.end(), '.', ',');
    return text + "%";
  }
  return format_number(value, {4, rounding::truncate, ','}) + "…%";
}

// "P25" for the percentile j/k when it is a whole percent, else "P(1/3)".
std::string percentile_name(std::size_t j, std::size_t k) {
  if ((100 * j) % k == 0) return "P" + std::to_string(100 * j / k);
  return "P(" + std::to_string(j) + "/" + std::to_string(k) + ")";
}

std::string join_and(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

// The groups' ranges as data, and notes where quantile groups mislead: the cut points, ties
// that straddle a cut point (tied units share a group, so it outgrows its share), empty groups.
void explain_quantiles(const band_table& table, const std::vector<rational>& sorted,
                       const std::vector<rational>& cuts, banding& out) {
  const auto n = sorted.size();
  const auto k = table.quantile_labels.size();
  const auto group_of = [&](const rational& v) {
    return k - 1 -
           static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin());
  };
  std::vector<std::size_t> size(k, 0);
  for (const auto& v : sorted) ++size[group_of(v)];
  // Group g (best first) holds the values with m = k − 1 − g cut points at or below them.
  std::vector<std::string> ranges;
  for (std::size_t g = 0; g < k; ++g) {
    const auto m = k - 1 - g;
    band b;
    b.label = table.quantile_labels[g];
    b.where = table.where;
    if (m >= 1) b.lower = cuts[m - 1];
    if (m + 1 < k) b.upper = cuts[m];
    std::string range;
    if (b.lower) range = "from " + cut_text(*b.lower);
    if (b.upper) range += (range.empty() ? "below " : " to below ") + cut_text(*b.upper);
    ranges.push_back("'" + b.label + "' " + range);
    out.quantile_ranges.push_back(std::move(b));
  }
  std::vector<std::string> points;
  for (std::size_t i = cuts.size(); i-- > 0;)
    points.push_back(percentile_name(i + 1, k) + " = " + cut_text(cuts[i]));
  std::string cut_note = "quantile cut points of " + units_text(n) +
                         " (type 7; a unit at a cut point is in the better group): ";
  for (std::size_t i = 0; i < points.size(); ++i) cut_note += (i ? ", " : "") + points[i];
  cut_note += "; ";
  for (std::size_t i = 0; i < ranges.size(); ++i) cut_note += (i ? ", " : "") + ranges[i];
  out.notes.push_back(cut_note);

  if (sorted.front() == sorted.back()) {
    const auto& best = table.quantile_labels.front();
    out.notes.push_back(n == 1 ? "quantiles: 1 unit (" + cut_text(sorted.front()) +
                                     "): it is in '" + best + "' and the other groups are empty"
                               : "quantiles: all " + units_text(n) + " have the same value, " +
                                     cut_text(sorted.front()) + ": all are in '" + best +
                                     "' and the other groups are empty");
    return;
  }
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    if (i > 0 && cuts[i] == cuts[i - 1]) continue;  // one note per tied value
    const auto [lo, hi] = std::equal_range(sorted.begin(), sorted.end(), cuts[i]);
    const auto a = static_cast<long long>(lo - sorted.begin());
    const auto b = static_cast<long long>(hi - sorted.begin());  // one past the tie
    if (b - a < 2) continue;
    std::vector<std::string> straddled;
    for (auto j = i; j < cuts.size() && cuts[j] == cuts[i]; ++j) {
      // The cut's position among the sorted values is h = (n − 1)·p; the tie straddles it when
      // some tied units sit below it and some at or above it.
      const rational h(static_cast<long long>((n - 1) * (j + 1)), static_cast<long long>(k));
      if (rational(a) < h && h <= rational(b - 1)) straddled.push_back(percentile_name(j + 1, k));
    }
    if (straddled.empty()) continue;
    const auto g = group_of(cuts[i]);
    const auto tied = std::to_string(b - a);
    out.notes.push_back("quantiles: " + tied + " units tied at " + cut_text(cuts[i]) +
                        " straddle the cut point" + (straddled.size() > 1 ? "s " : " ") +
                        join_and(straddled) + ": all " + tied + " are in '" +
                        table.quantile_labels[g] + "', which holds " + std::to_string(size[g]) +
                        " of the " + units_text(n));
  }
  for (std::size_t g = 0; g < k; ++g) {
    if (size[g] > 0) continue;
    const auto& r = out.quantile_ranges[g];
    const auto m = k - 1 - g;
    std::string why;
    if (r.lower && r.upper && *r.lower == *r.upper)
      why = "its range, from " + percentile_name(m, k) + " to below " + percentile_name(m + 1, k) +
            ", is empty because both are " + cut_text(*r.lower) + " (tied units)";
    else
      why = "no value lies in its range (" + ranges[g].substr(r.label.size() + 3) + ")";
    out.notes.push_back("quantiles: '" + r.label + "' holds none of the " + units_text(n) + ": " +
                        why);
  }
}

}  // namespace

banding classify(const band_table& table, std::span<const std::optional<rational>> values) {
  banding out;
  out.labels = table.labels();
  out.band.assign(values.size(), std::nullopt);
  out.counts.assign(out.labels.size(), 0);
  std::vector<std::size_t> valued;
  for (std::size_t u = 0; u < values.size(); ++u)
    if (values[u]) valued.push_back(u);

  if (table.is_quantile()) {
    if (valued.empty()) return out;
    if (valued.size() < table.min_units) {
      out.formed = false;
      out.notes.push_back("quantiles: " + units_text(valued.size()) + ", fewer than min_units " +
                          std::to_string(table.min_units) +
                          ": no quantile groups are formed and no unit gets one");
      return out;
    }
    std::vector<rational> sorted;
    for (auto u : valued) sorted.push_back(*values[u]);
    std::sort(sorted.begin(), sorted.end());
    const auto k = table.quantile_labels.size();
    std::vector<rational> cuts;  // ascending: P(1/k) … P((k-1)/k)
    for (std::size_t j = 1; j < k; ++j)
      cuts.push_back(
          percentile_type7(sorted, rational(static_cast<long long>(j), static_cast<long long>(k))));
    out.cut_points.assign(cuts.rbegin(), cuts.rend());
    // Lower bound inclusive: the group is the number of cut points at or below the value.
    const auto group_of = [&](const rational& v) {
      return k - 1 -
             static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin());
    };
    for (auto u : valued) out.band[u] = group_of(*values[u]);
    explain_quantiles(table, sorted, cuts, out);
  } else {
    for (auto u : valued) {
      for (std::size_t b = 0; b < table.bands.size(); ++b)
        if (table.bands[b].contains(*values[u])) {
          out.band[u] = b;
          break;
        }
    }
    if (table.quota && table.bands.size() >= 2) {
      std::vector<std::size_t> top;
      for (auto u : valued)
        if (out.band[u] == 0) top.push_back(u);
      std::stable_sort(top.begin(), top.end(),
                       [&](std::size_t a, std::size_t b) { return *values[a] > *values[b]; });
      const rational share = table.quota->max_percent * static_cast<long long>(valued.size()) / 100;
      const auto allowed = static_cast<std::size_t>(boost::multiprecision::numerator(share) /
                                                    boost::multiprecision::denominator(share));
      const auto& first = table.bands[0].label;
      std::string note = "quota: '" + first + "' holds at most " +
                         number_text(table.quota->max_percent) + "% of " +
                         std::to_string(valued.size()) + " units = " + std::to_string(allowed);
      if (top.size() <= allowed) {
        out.notes.push_back(note + "; " + std::to_string(top.size()) + " qualify, none moved");
      } else {
        // The last kept place and the first place over the quota tie: the tie decides.
        std::size_t keep = allowed;
        std::string tie;
        if (allowed > 0 && *values[top[allowed - 1]] == *values[top[allowed]]) {
          const auto& v = *values[top[allowed]];
          std::size_t begin = allowed, end = allowed;
          while (begin > 0 && *values[top[begin - 1]] == v) --begin;
          while (end < top.size() && *values[top[end]] == v) ++end;
          keep = table.quota->ties == quota_ties::move_down ? begin : end;
          tie = "; " + std::to_string(end - begin) + " units tied at " + percent_text(v) +
                " across the cut-off " +
                (table.quota->ties == quota_ties::move_down
                     ? "all move down (keeping them would exceed the quota)"
                     : "all stay (ties: keep_together), exceeding the quota");
        }
        for (auto i = keep; i < top.size(); ++i) out.band[top[i]] = 1;
        out.notes.push_back(note + "; " + std::to_string(top.size()) + " qualify, " +
                            std::to_string(top.size() - keep) + " moved to '" +
                            table.bands[1].label + "'" + tie);
      }
    }
  }
  for (auto u : valued) {
    if (out.band[u])
      ++out.counts[*out.band[u]];
    else
      ++out.unbanded;
  }
  return out;
}

}  // namespace chiso
