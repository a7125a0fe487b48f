#include "chiso/json.hpp"

#include <algorithm>
#include <sstream>

#include "chiso/error.hpp"
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

// The ids of the rows tied with `row`, as strings() writes them.
std::string tied_ids(const ranked_results& results, const ranked_unit& row) {
  std::string out = "[";
  for (const auto& other : results.tie_of(row))
    if (&other != &row) out += (out.size() > 1 ? ", " : "") + quoted(other.unit.id);
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

constexpr std::string_view number_rule =
    "points, maxima and point changes exact at the tree's decimals; % and percentage-point "
    "changes rounded half up";

numbers numbers_for(int d, value_kind kind) {
  return {{d, rounding::half_up, '.'}, {std::max(d, 2), rounding::half_up, '.'}, kind};
}

std::string numbers_member(const numbers& n) {
  return "{\"points_decimals\": " + std::to_string(n.points.precision) +
         ", \"percent_decimals\": " + std::to_string(n.percent.precision) + ", \"rule\": \"" +
         std::string(number_rule) + "\"}";
}

// The tree's caveats, as the tables print them first (report_notes()).
std::vector<std::string> tree_notes(const std::string& id, bool partial,
                                    const std::string& unverified) {
  std::vector<std::string> notes;
  if (partial)
    notes.push_back("PARTIAL tree: the source prints only part of '" + id +
                    "'; unlisted parts count as each node declares; null = not determined.");
  if (!unverified.empty()) notes.push_back("UNVERIFIED: " + unverified);
  return notes;
}

void write_notes(std::ostream& out, const std::vector<std::string>& notes) {
  out << "  \"notes\": [";
  for (std::size_t i = 0; i < notes.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << quoted(notes[i]);
  out << (notes.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

std::string unit_member(const unit_info& u) {
  return "{\"id\": " + quoted(u.id) + ", \"name\": " + quoted(u.name) +
         ", \"group\": " + quoted(u.group) + ", \"ranked\": " + (u.ranked ? "true" : "false") + "}";
}

std::string text_or_null(const std::string& text) {
  return text.empty() ? std::string("null") : quoted(text);
}

// The members every document about one unit starts with.
void write_unit_header(std::ostream& out, std::string_view kind, const criterion_tree& tree,
                       const unit_info& unit, int year, const numbers& n) {
  out << "{\n  \"kind\": \"" << kind << "\",\n  \"format_version\": 1,\n"
      << "  \"criteria\": " << quoted(tree.info().id)
      << ",\n  \"criteria_name\": " << quoted(tree.info().name)
      << ",\n  \"unit\": " << unit_member(unit) << ",\n  \"year\": " << year
      << ",\n  \"tree_partial\": " << (tree.is_partial() ? "true" : "false")
      << ",\n  \"tree_unverified\": " << text_or_null(tree.info().unverified)
      << ",\n  \"numbers\": " << numbers_member(n) << ",\n";
}

std::vector<std::string> notes_with(const criterion_tree& tree,
                                    std::span<const std::string> extra) {
  auto notes = tree_notes(tree.info().id, tree.is_partial(), tree.info().unverified);
  notes.insert(notes.end(), extra.begin(), extra.end());
  return notes;
}

std::string code_of(const criterion_tree& tree, std::size_t node) {
  if (node >= tree.size())
    throw usage_error("write_json: node " + std::to_string(node) + " is not in tree '" +
                      tree.info().id + "'");
  return quoted(tree[node].code);
}

std::string codes(const criterion_tree& tree, const std::vector<std::size_t>& nodes) {
  std::string out = "[";
  for (std::size_t i = 0; i < nodes.size(); ++i) out += (i ? ", " : "") + code_of(tree, nodes[i]);
  return out + "]";
}

std::string_view order_name(gap_order o) {
  switch (o) {
    case gap_order::by_gap:
      return "gap";
    case gap_order::by_percent:
      return "percent";
    case gap_order::by_code:
      return "code";
  }
  return "?";
}

}  // namespace

void write_json(std::ostream& out, const ranked_results& r) {
  const numbers n = numbers_for(r.decimals, r.options.value);
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
      << ",\n  \"numbers\": " << numbers_member(n) << ",\n"
      << "  \"groups\": " << strings(r.groups) << ",\n  \"units\": [";
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const auto& u = r.units[i];
    out << (i ? ",\n" : "\n") << "    {\"unit\": " << quoted(u.unit.id)
        << ", \"name\": " << quoted(u.unit.name) << ", \"group\": " << quoted(u.unit.group)
        << ", \"ranked\": " << (u.unit.ranked ? "true" : "false") << ", \"status\": \""
        << to_string(u.status) << "\", \"percent\": " << n.pct(u.percent)
        << ", \"points\": " << n.of(u.points) << ", \"max\": " << n.of(u.max)
        << ", \"rank\": " << (u.rank ? std::to_string(*u.rank) : std::string("null"))
        << ", \"exact_rank\": " << exact_rank_text(u.exact_rank())
        << ", \"ranked_count\": " << u.ranked_count << ", \"tied_with\": " << tied_ids(r, u)
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
  out << (r.band_counts.empty() ? "],\n" : "\n  ],\n");
  auto notes = tree_notes(r.criteria, r.tree_partial, r.tree_unverified);
  for (auto& note : r.all_notes()) notes.push_back(std::move(note));
  write_notes(out, notes);
}

std::string to_json(const ranked_results& results) {
  std::ostringstream out;
  write_json(out, results);
  return out.str();
}

void write_json(std::ostream& out, const criterion_tree& tree, const scorecard& card,
                std::span<const std::string> notes) {
  if (card.scores.size() != tree.size())
    throw usage_error("write_json: the scorecard of '" + card.unit.id + "' is not of tree '" +
                      tree.info().id + "'");
  const numbers n = numbers_for(tree.info().decimals, value_kind::points);
  write_unit_header(out, "chiso/scorecard", tree, card.unit, card.year, n);
  out << "  \"stage\": \"" << to_string(card.stage) << "\",\n  \"nodes\": [";
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto& node = tree[i];
    const auto& s = card[i];
    const auto status = !s.applicable ? "not_applicable" : s.points ? "scored" : "unknown";
    out << (i ? ",\n" : "\n") << "    {\"code\": " << quoted(node.code) << ", \"parent\": "
        << (node.parent == criterion::no_parent ? std::string("null")
                                                : quoted(tree[node.parent].code))
        << ", \"depth\": " << node.depth << ", \"name\": " << quoted(node.name)
        << ", \"method\": \"" << to_string(node.method) << "\", \"status\": \"" << status
        << "\", \"points\": " << n.of(s.points) << ", \"max\": " << n.of(s.max)
        << ", \"min\": " << (s.applicable ? n.of(s.min) : std::string("null"))
        << ", \"gap\": " << n.of(s.gap) << ", \"percent\": " << n.pct(s.percent())
        << ", \"percent_of_range\": " << n.pct(s.percent_of_range())
        << ", \"complete\": " << (s.applicable && s.complete ? "true" : "false")
        << ", \"unverified\": " << text_or_null(node.unverified) << "}";
  }
  out << "\n  ],\n";
  write_notes(out, notes_with(tree, notes));
}

std::string to_json(const criterion_tree& tree, const scorecard& card,
                    std::span<const std::string> notes) {
  std::ostringstream out;
  write_json(out, tree, card, notes);
  return out.str();
}

void write_json(std::ostream& out, const criterion_tree& tree, const scorecard& card,
                const gap_report& report, std::span<const std::string> notes) {
  if (card.scores.size() != tree.size())
    throw usage_error("write_json: the scorecard of '" + card.unit.id + "' is not of tree '" +
                      tree.info().id + "'");
  const numbers n = numbers_for(tree.info().decimals, value_kind::points);
  write_unit_header(out, "chiso/gaps", tree, card.unit, card.year, n);
  out << "  \"stage\": \"" << to_string(card.stage) << "\",\n  \"order\": \""
      << order_name(report.order) << "\",\n  \"total\": " << format_number(report.total, n.points)
      << ",\n  \"items\": [";
  // Per lĩnh vực in document order, each keeping the report's order (gaps_by_domain()).
  struct domain_gaps {
    std::size_t domain;
    std::vector<std::size_t> items, unknown;
    decimal subtotal;
  };
  std::vector<domain_gaps> domains;
  const auto domain_for = [&](std::size_t node) -> domain_gaps& {
    const auto d = tree.domain_of(node);
    for (auto& g : domains)
      if (g.domain == d) return g;
    return domains.emplace_back(domain_gaps{d, {}, {}, decimal()});
  };
  for (std::size_t i = 0; i < report.items.size(); ++i) {
    const auto& item = report.items[i];
    out << (i ? ",\n" : "\n") << "    {\"code\": " << code_of(tree, item.node)
        << ", \"name\": " << quoted(tree[item.node].name)
        << ", \"domain\": " << quoted(tree[tree.domain_of(item.node)].code)
        << ", \"points\": " << format_number(item.points, n.points)
        << ", \"max\": " << format_number(item.max, n.points)
        << ", \"gap\": " << format_number(item.gap, n.points)
        << ", \"percent\": " << format_number(item.percent, n.percent) << "}";
    auto& g = domain_for(item.node);
    g.items.push_back(item.node);
    g.subtotal += item.gap;
  }
  out << (report.items.empty() ? "],\n" : "\n  ],\n") << "  \"unknown\": [";
  for (std::size_t i = 0; i < report.unknown.size(); ++i) {
    const auto node = report.unknown[i];
    out << (i ? ",\n" : "\n") << "    {\"code\": " << code_of(tree, node)
        << ", \"name\": " << quoted(tree[node].name)
        << ", \"domain\": " << quoted(tree[tree.domain_of(node)].code)
        << ", \"points\": " << n.of(card[node].points) << "}";
    domain_for(node).unknown.push_back(node);
  }
  std::sort(domains.begin(), domains.end(),
            [](const domain_gaps& a, const domain_gaps& b) { return a.domain < b.domain; });
  out << (report.unknown.empty() ? "],\n" : "\n  ],\n") << "  \"domains\": [";
  for (std::size_t i = 0; i < domains.size(); ++i) {
    const auto& g = domains[i];
    out << (i ? ",\n" : "\n") << "    {\"code\": " << quoted(tree[g.domain].code)
        << ", \"name\": " << quoted(tree[g.domain].name)
        << ", \"subtotal\": " << format_number(g.subtotal, n.points)
        << ", \"items\": " << codes(tree, g.items) << ", \"unknown\": " << codes(tree, g.unknown)
        << "}";
  }
  out << (domains.empty() ? "],\n" : "\n  ],\n");
  write_notes(out, notes_with(tree, notes));
}

std::string to_json(const criterion_tree& tree, const scorecard& card, const gap_report& report,
                    std::span<const std::string> notes) {
  std::ostringstream out;
  write_json(out, tree, card, report, notes);
  return out.str();
}

void write_json(std::ostream& out, const criterion_tree& tree, const stage_comparison& c) {
  if (c.rows.size() != tree.size())
    throw usage_error("write_json: the stage comparison of '" + c.unit.id + "' is not of tree '" +
                      tree.info().id + "'");
  const numbers n = numbers_for(tree.info().decimals, value_kind::points);
  const bool with_final = std::any_of(
      c.rows.begin(), c.rows.end(), [](const stage_row& r) { return r.final_points.has_value(); });
  write_unit_header(out, "chiso/stage-comparison", tree, c.unit, c.year, n);
  out << "  \"stages\": [\"self_assessed\", \"appraised\"" << (with_final ? ", \"final\"" : "")
      << "],\n  \"with_evidence\": " << (c.with_evidence ? "true" : "false")
      << ",\n  \"total_removed\": " << format_number(c.total_removed, n.points)
      << ",\n  \"where_removed\": " << codes(tree, c.where_removed)
      << ",\n  \"unsupported\": " << (c.with_evidence ? codes(tree, c.unsupported) : "null")
      << ",\n  \"changed_without_reason\": "
      << (c.with_evidence ? codes(tree, c.changed_without_reason) : "null") << ",\n  \"rows\": [";
  // Texts a sheet may leave out are "" (none given); null only without sheets or a final stage.
  const auto text = [&](bool known, const std::string& t) {
    return known ? quoted(t) : std::string("null");
  };
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const auto& row = c.rows[i];
    const auto& node = tree[row.node];
    const bool determined = row.self_assessed && row.appraised && (!with_final || row.final_points);
    const auto status = !row.applicable ? "not_applicable" : determined ? "scored" : "unknown";
    out << (i ? ",\n" : "\n") << "    {\"code\": " << code_of(tree, row.node)
        << ", \"depth\": " << node.depth << ", \"name\": " << quoted(node.name)
        << ", \"status\": \"" << status << "\", \"self_assessed\": " << n.of(row.self_assessed)
        << ", \"appraised\": " << n.of(row.appraised) << ", \"final\": " << n.of(row.final_points)
        << ", \"removed_by_appraisal\": " << n.of(row.removed_by_appraisal)
        << ", \"changed_after_appraisal\": " << n.of(row.changed_after_appraisal)
        << ", \"evidence\": ";
    if (c.with_evidence) {
      out << "[";
      for (std::size_t k = 0; k < row.evidence.size(); ++k) {
        const auto& e = row.evidence[k];
        out << (k ? ", " : "") << "{\"number\": " << quoted(e.number)
            << ", \"date\": " << quoted(e.date) << ", \"title\": " << quoted(e.title)
            << ", \"link\": " << quoted(e.link) << "}";
      }
      out << "]";
    } else {
      out << "null";
    }
    out << ", \"explanation\": " << text(c.with_evidence, row.explanation)
        << ", \"appraisal_reason\": " << text(c.with_evidence, row.appraisal_reason)
        << ", \"final_reason\": " << text(c.with_evidence && with_final, row.final_reason) << "}";
  }
  out << (c.rows.empty() ? "],\n" : "\n  ],\n");
  write_notes(out, notes_with(tree, {}));
}

std::string to_json(const criterion_tree& tree, const stage_comparison& comparison) {
  std::ostringstream out;
  write_json(out, tree, comparison);
  return out.str();
}

}  // namespace chiso
