#include "chiso/printed_check.hpp"

#include <algorithm>

#include "printed_support.hpp"

namespace chiso {

namespace {

std::optional<rounding> rounding_named(std::string_view name) {
  if (name == "truncate") return rounding::truncate;
  if (name == "half_up") return rounding::half_up;
  if (name == "half_even") return rounding::half_even;
  return std::nullopt;
}

std::string code_text(const std::string& code) {
  return code.empty() ? std::string("total") : code;
}

// An exact value as a reader can check it: all its decimals when it has few, else six and "…".
std::string exact_text(const rational& value) {
  if (auto d = decimal::from_rational(value); d && d->normalized().scale() <= 6)
    return d->normalized().to_string();
  return format_number(value, {6, rounding::truncate, '.'}) + "…";
}

}  // namespace

void detail::read_printed(const YAML::Node& node, const file_name_ptr& file, diagnostics& diag,
                          const criterion_tree& tree, score_sheet& sheet) {
  mapping m(node, file, diag, "printed",
            {"rounding", "points", "percent", "derived", "note", "source"});
  if (!m.is_mapping()) return;
  auto& printed = sheet.printed;
  printed.where = m.where();
  if (m.has("rounding")) {
    const auto name = m.optional_string("rounding");
    printed.rule = rounding_named(name);
    if (!printed.rule)
      diag.add("printed-rounding", m.key_where("rounding"),
               "printed: 'rounding' must be truncate, half_up or half_even, not '" + name + "'");
  }
  std::vector<std::string_view> codes;
  for (const auto& n : tree.nodes())
    if (!n.code.empty()) codes.push_back(n.code);
  const auto read_figures = [&](const char* key, printed_measure measure) {
    const auto block = m.get(key);
    if (!block) return;
    mapping figures(*block, file, diag, std::string("printed: ") + key, {});
    if (!figures.is_mapping()) return;
    std::vector<std::string> seen;
    for (const auto& kv : *block) {
      const std::string name = kv.first.Scalar();
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;  // reported
      seen.push_back(name);
      const auto where = location_of(file, kv.first.Mark());
      const std::string code = name == "total" ? std::string() : name;
      if (!code.empty() && !tree.find(code)) {
        std::string message = "printed: unknown criterion '" + name + "' (not in criteria '" +
                              tree.info().id + "'; the root is 'total')";
        if (auto guess = nearest(name, codes)) message += "; did you mean '" + *guess + "'?";
        diag.add("printed-code", where, message, sheet.unit.id, name);
        continue;
      }
      if (auto value = read_decimal(kv.second, file, diag, "printed " + name))
        printed.figures.push_back({code, measure, *value, where});
    }
  };
  read_figures("points", printed_measure::points);
  read_figures("percent", printed_measure::percent);
  if (!printed.figures.empty() && !printed.rule && !m.has("rounding"))
    diag.add("printed-rounding", printed.where,
             "printed: give the document's 'rounding' (truncate, half_up or half_even): it "
             "decides whether 77.7474 prints as 77.74 or 77.75",
             sheet.unit.id);

  const auto derived = m.get("derived");
  if (!derived) return;
  if (!derived->IsSequence()) {
    diag.add("printed-derived", location_of(file, derived->Mark()),
             "printed: 'derived' must be a list of leaf codes", sheet.unit.id);
    return;
  }
  std::vector<bool> not_applicable(tree.size(), false);
  for (const auto& na : sheet.not_applicable)
    if (const auto i = tree.find(na.code); i && !na.code.empty())
      for (auto j = *i; j < tree[*i].subtree_end; ++j) not_applicable[j] = true;
  const auto points_of = [&](std::size_t leaf) -> const points_entry* {
    for (const auto& e : sheet.points)
      if (e.code == tree[leaf].code) return &e;
    return nullptr;
  };
  const auto has_inputs = [&](std::size_t leaf) {
    return std::any_of(sheet.inputs.begin(), sheet.inputs.end(),
                       [&](const inputs_entry& e) { return e.code == tree[leaf].code; });
  };
  std::vector<std::string> seen;
  for (const auto& code_node : *derived) {
    const auto where = location_of(file, code_node.Mark());
    if (!code_node.IsScalar()) {
      diag.add("printed-derived", where, "printed: derived: expected a criterion code",
               sheet.unit.id);
      continue;
    }
    const std::string code = code_node.Scalar();
    const auto problem = [&](const std::string& why) {
      diag.add("printed-derived", where, "printed: cannot derive '" + code + "': " + why,
               sheet.unit.id, code);
    };
    const auto leaf = tree.find(code);
    if (!leaf || code.empty()) {
      std::string why = "unknown criterion (not in criteria '" + tree.info().id + "')";
      if (auto guess = nearest(code, codes)) why += "; did you mean '" + *guess + "'?";
      problem(why);
      continue;
    }
    if (std::find(seen.begin(), seen.end(), code) != seen.end()) {
      problem("it is listed twice");
      continue;
    }
    seen.push_back(code);
    if (!tree.is_leaf(*leaf)) {
      problem("it has sub-criteria; only a leaf is derived from its parent");
      continue;
    }
    if (points_of(*leaf) || has_inputs(*leaf)) {
      problem("the sheet also gives its points or inputs; give one");
      continue;
    }
    if (not_applicable[*leaf]) {
      problem("it is marked not applicable");
      continue;
    }
    const auto parent = tree[*leaf].parent;
    const auto& parent_code = tree[parent].code;
    const auto figure =
        std::find_if(printed.figures.begin(), printed.figures.end(), [&](const printed_figure& f) {
          return f.code == parent_code && f.measure == printed_measure::points;
        });
    if (figure == printed.figures.end()) {
      problem("its parent '" + code_text(parent_code) + "' has no printed points (add it under " +
              "printed: points)");
      continue;
    }
    // Below the tree's precision a printed parent is a rounded value: the leaf would be a range.
    if (figure->value.scale() < tree.info().decimals) {
      problem("'" + code_text(parent_code) + "' is printed with " +
              std::to_string(figure->value.scale()) + " decimals, fewer than the " +
              std::to_string(tree.info().decimals) + " of criteria '" + tree.info().id +
              "', so the leaf would not be exact");
      continue;
    }
    bool ok = true;
    for (auto j = parent; j < tree[parent].subtree_end && ok; ++j)
      if (tree[j].partial) {
        problem("'" + tree[j].code + "' lists only part of its criteria (partial), so its points " +
                "are not the sum of the listed leaves");
        ok = false;
      }
    if (!ok) continue;
    derived_leaf d{code, parent_code, figure->value, {}, where};
    std::vector<std::string> absent;
    for (auto j = parent; j < tree[parent].subtree_end; ++j) {
      if (j == *leaf || !tree.is_leaf(j) || not_applicable[j]) continue;
      if (const auto* e = points_of(j)) {
        d.points -= e->points;
        d.less.push_back(tree[j].code);
      } else {
        absent.push_back(tree[j].code);
      }
    }
    if (!absent.empty()) {
      std::string list;
      for (const auto& a : absent) list += (list.empty() ? "" : ", ") + a;
      problem("every other leaf of '" + code_text(parent_code) +
              "' needs its points in 'points:' (missing or given as inputs: " + list + ")");
      continue;
    }
    d.points = d.points.normalized();
    if (d.points.scale() < tree.info().decimals)
      d.points = d.points.with_scale(tree.info().decimals);
    sheet.points.push_back({code, d.points, where});
    printed.derived.push_back(std::move(d));
  }
}

bool detail::read_printed_header(const std::string& name, std::size_t column,
                                 const source_location& where, const criterion_tree& tree,
                                 printed_columns& cols, diagnostics& diag) {
  if (name == "printed_rounding") {
    cols.rounding = column;
    return true;
  }
  const bool percent = name.starts_with("printed%:");
  if (!percent && !name.starts_with("printed:")) return false;
  const auto code = name.substr(name.find(':') + 1);
  if (code != "total" && (code.empty() || !tree.find(code))) {
    diag.add("printed-code", where,
             "header: printed figure for unknown criterion '" + code + "' (not in criteria '" +
                 tree.info().id + "'; the root is 'total')",
             {}, code);
    return true;
  }
  cols.figures.emplace_back(column, code == "total" ? std::string() : code,
                            percent ? printed_measure::percent : printed_measure::points);
  return true;
}

void detail::read_printed_row(
    const printed_columns& cols,
    const std::function<std::pair<std::string, source_location>(std::size_t)>& cell,
    const std::string& unit, const source_location& row, printed_figures& out, diagnostics& diag) {
  for (const auto& [column, code, measure] : cols.figures) {
    const auto [text, where] = cell(column);
    if (text.empty()) continue;
    if (auto value = decimal::parse(text))
      out.figures.push_back({code, measure, *value, where});
    else
      diag.add("printed-value", where,
               "unit '" + unit + "': printed " + code_text(code) +
                   " must be a decimal number with a point, not '" + text + "'",
               unit, code);
  }
  if (cols.rounding) {
    const auto [text, where] = cell(*cols.rounding);
    if (!text.empty()) {
      out.rule = rounding_named(text);
      if (!out.rule)
        diag.add("printed-rounding", where,
                 "unit '" + unit +
                     "': printed_rounding must be truncate, half_up or half_even, "
                     "not '" +
                     text + "'",
                 unit);
      return;
    }
  }
  if (!out.figures.empty())
    diag.add("printed-rounding", row,
             "unit '" + unit +
                 "': printed figures need the document's rounding: add a "
                 "printed_rounding column (truncate, half_up or half_even)",
             unit);
}

std::string printed_mismatch::message() const {
  const std::string what =
      "printed " + code_text(criterion) + (measure == printed_measure::percent ? " %" : "");
  const std::string how = std::string(to_string(rule)) + " to " + std::to_string(precision) +
                          (precision == 1 ? " decimal" : " decimals");
  if (!computed)
    return what + " = " + printed +
           " cannot be checked: the sheet does not determine it (an unknown maximum, an "
           "unpublished or not-applicable criterion)";
  return what + " = " + printed + " but it computes to " + computed_at_precision + " (exact " +
         exact_text(*computed) + "; " + how + ")";
}

diagnostic printed_mismatch::to_diagnostic() const {
  return {where, message(), code, unit, criterion};
}

std::vector<printed_mismatch> check_printed(const criterion_tree& tree, const score_sheet& sheet,
                                            const scorecard& card) {
  std::vector<printed_mismatch> out;
  if (sheet.printed.figures.empty()) return out;
  // The loaders require the rule; a sheet built in code without one is a caller's mistake.
  if (!sheet.printed.rule)
    throw usage_error("check_printed: unit '" + sheet.unit.id +
                      "' has printed figures but no rounding rule (printed_figures::rule)");
  const auto rule = *sheet.printed.rule;
  for (const auto& f : sheet.printed.figures) {
    const auto node = f.code.empty() ? std::optional<std::size_t>(0) : tree.find(f.code);
    if (!node)
      throw usage_error("check_printed: criteria '" + tree.info().id + "' has no criterion '" +
                        f.code + "'");
    const bool derived_parent =
        std::any_of(sheet.printed.derived.begin(), sheet.printed.derived.end(),
                    [&](const derived_leaf& d) { return d.parent == f.code; });
    if (derived_parent && f.measure == printed_measure::points) continue;
    printed_mismatch m;
    m.unit = sheet.unit.id;
    m.criterion = f.code;
    m.measure = f.measure;
    m.printed = f.value.to_string();
    m.rule = rule;
    m.precision = f.value.scale();
    m.where = f.where;
    const auto& s = card[*node];
    if (s.applicable) {
      if (f.measure == printed_measure::percent)
        m.computed = s.percent();
      else if (s.points)
        m.computed = s.points->to_rational();
    }
    if (!m.computed) {
      m.code = "printed-unchecked";
      out.push_back(std::move(m));
      continue;
    }
    m.computed_at_precision = format_number(*m.computed, {m.precision, rule, '.'});
    if (m.computed_at_precision == m.printed) continue;
    m.code = "printed-mismatch";
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> derived_notes(const score_sheet& sheet, const number_format& fmt) {
  std::vector<std::string> out;
  const auto exact = [&](const decimal& d) {
    auto f = fmt;
    f.precision = d.scale();
    return format_number(d, f);
  };
  for (const auto& d : sheet.printed.derived) {
    std::string less;
    for (const auto& c : d.less) less += (less.empty() ? "" : ", ") + c;
    const auto parent = std::find_if(
        sheet.printed.figures.begin(), sheet.printed.figures.end(), [&](const printed_figure& f) {
          return f.code == d.parent && f.measure == printed_measure::points;
        });
    out.push_back(d.code + ": " + exact(d.points) + " points derived from the printed " +
                  code_text(d.parent) +
                  (parent == sheet.printed.figures.end() ? "" : " (" + exact(parent->value) + ")") +
                  (less.empty() ? "" : " less " + less) +
                  " (not legible in the source; printed: derived in the sheet)");
  }
  return out;
}

}  // namespace chiso
