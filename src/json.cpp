#include "chiso/json.hpp"

#include <algorithm>
#include <sstream>

#include "chiso/format.hpp"
#include "json_support.hpp"

namespace chiso {
namespace {

std::string quoted(const std::string& text) {
  return detail::json_quoted(text);
}

std::string strings(const std::vector<std::string>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + quoted(list[i]);
  return out + "]";
}

// The number rule of write_json(): points exactly at the tree's decimals, % rounded half up to
// at least 2 decimals.
struct numbers {
  number_format points;
  number_format percent;
  value_kind kind;

  [[nodiscard]] std::string of(const std::optional<decimal>& v) const {
    return v ? format_number(*v, points) : "null";
  }
  [[nodiscard]] std::string pct(const std::optional<rational>& v) const {
    return v ? format_number(*v, percent) : "null";
  }
  // A value or a change in the ranked measure (% or points).
  [[nodiscard]] std::string measured(const std::optional<rational>& v) const {
    return v ? format_number(*v, kind == value_kind::percent ? percent : points) : "null";
  }
};

std::string exact_rank_text(const std::optional<rational>& r) {
  if (!r) return "null";
  if (boost::multiprecision::denominator(*r) == 1)
    return boost::multiprecision::numerator(*r).str();
  return format_number(*r, {1, rounding::half_up, '.'});  // k/2: exact at one decimal
}

std::string integer_or_null(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : "null";
}

std::string_view method_name(rank_method m) {
  switch (m) {
    case rank_method::competition:
      return "competition";
    case rank_method::dense:
      return "dense";
    case rank_method::fractional:
      return "fractional";
    case rank_method::ordinal:
      return "ordinal";
  }
  return "?";
}

}  // namespace

void write_json(std::ostream& out, const ranked_results& r) {
  const int d = r.decimals;
  const numbers n{
      {d, rounding::half_up, '.'}, {std::max(d, 2), rounding::half_up, '.'}, r.options.value};
  const bool by_points = r.options.value == value_kind::points;
  out << "{\n  \"kind\": \"chiso/ranked-results\",\n  \"format_version\": 1,\n"
      << "  \"criteria\": " << quoted(r.criteria) << ",\n  \"year\": " << r.year
      << ",\n  \"previous_year\": "
      << (r.previous_year ? std::to_string(*r.previous_year) : std::string("null"))
      << ",\n  \"node\": " << quoted(r.options.node) << ",\n  \"measure\": \""
      << (by_points ? "points" : "percent") << "\",\n  \"method\": \""
      << method_name(r.options.method)
      << "\",\n  \"by_group\": " << (r.options.by_group ? "true" : "false")
      << ",\n  \"bands\": " << (r.bands_id.empty() ? std::string("null") : quoted(r.bands_id))
      << ",\n  \"tree_partial\": " << (r.tree_partial ? "true" : "false")
      << ",\n  \"tree_unverified\": "
      << (r.tree_unverified.empty() ? std::string("null") : quoted(r.tree_unverified))
      << ",\n  \"numbers\": {\"points_decimals\": " << n.points.precision
      << ", \"percent_decimals\": " << n.percent.precision
      << ", \"rule\": \"points, maxima and point changes exact at the tree's decimals; % and "
         "percentage-point changes rounded half up\"},\n"
      << "  \"groups\": " << strings(r.groups) << ",\n  \"units\": [";
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const auto& u = r.units[i];
    out << (i ? ",\n" : "\n") << "    {\"unit\": " << quoted(u.unit.id)
        << ", \"name\": " << quoted(u.unit.name) << ", \"group\": " << quoted(u.unit.group)
        << ", \"ranked\": " << (u.unit.ranked ? "true" : "false") << ", \"status\": \""
        << to_string(u.status) << "\", \"percent\": " << n.pct(u.percent)
        << ", \"points\": " << n.of(u.points) << ", \"max\": " << n.of(u.max)
        << ", \"rank\": " << (u.rank ? std::to_string(*u.rank) : std::string("null"))
        << ", \"exact_rank\": " << exact_rank_text(u.exact_rank)
        << ", \"ranked_count\": " << u.ranked_count << ", \"tied_with\": " << strings(u.tied_with)
        << ", \"band\": " << (u.band ? quoted(*u.band) : std::string("null"));
    if (r.previous_year) {
      if (const auto& c = u.change) {
        out << ", \"previous\": {\"status\": \"" << to_string(c->status)
            << "\", \"units\": " << strings(c->previous)
            << ", \"value\": " << n.measured(c->previous_value)
            << ", \"rank\": " << integer_or_null(c->previous_rank)
            << ", \"rank_change\": " << integer_or_null(c->rank_change)
            << ", \"value_change\": " << n.measured(c->value_change)
            << ", \"note\": " << quoted(c->note) << "}";
      } else {
        out << ", \"previous\": null";
      }
    }
    out << ", \"notes\": " << strings(u.notes) << "}";
  }
  out << (r.units.empty() ? "],\n" : "\n  ],\n") << "  \"gone\": [";
  for (std::size_t i = 0; i < r.gone.size(); ++i) {
    const auto& c = r.gone[i];
    out << (i ? ",\n" : "\n") << "    {\"unit\": " << quoted(c.unit)
        << ", \"value\": " << n.measured(c.previous_value)
        << ", \"rank\": " << integer_or_null(c.previous_rank) << "}";
  }
  out << (r.gone.empty() ? "],\n" : "\n  ],\n") << "  \"band_counts\": [";
  for (std::size_t i = 0; i < r.band_counts.size(); ++i) {
    const auto& b = r.band_counts[i];
    out << (i ? ",\n" : "\n") << "    {\"group\": " << quoted(b.group) << ", \"bands\": [";
    for (std::size_t k = 0; k < b.labels.size(); ++k)
      out << (k ? ", " : "") << "{\"band\": " << quoted(b.labels[k])
          << ", \"count\": " << b.counts[k] << "}";
    out << "], \"unbanded\": " << b.unbanded << "}";
  }
  out << (r.band_counts.empty() ? "],\n" : "\n  ],\n") << "  \"notes\": [";
  // The tree's own caveats first, as the tables print them (report_notes()).
  auto notes = r.all_notes();
  if (!r.tree_unverified.empty()) notes.insert(notes.begin(), "UNVERIFIED: " + r.tree_unverified);
  if (r.tree_partial)
    notes.insert(notes.begin(), "PARTIAL tree: the source prints only part of '" + r.criteria +
                                    "'; unlisted parts count as each node declares; null = not "
                                    "determined.");
  for (std::size_t i = 0; i < notes.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << quoted(notes[i]);
  out << (notes.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

std::string to_json(const ranked_results& results) {
  std::ostringstream out;
  write_json(out, results);
  return out.str();
}

}  // namespace chiso
