#include "chiso/scenario.hpp"

#include "chiso/rule.hpp"

#include <algorithm>
#include <array>

#include "chiso/batch.hpp"
#include "chiso/error.hpp"
#include "chiso/format.hpp"
#include "simulation_support.hpp"
#include "yaml_support.hpp"

namespace chiso {

namespace {

constexpr std::array change_kinds = {change_kind::to_max, change_kind::add_points,
                                     change_kind::set_points, change_kind::not_applicable,
                                     change_kind::rule_input};

// Plain notation for messages: "1.5", not a locale format.
std::string text(const decimal& d) {
  return d.normalized().to_string();
}

// Not applicable to the unit: marked n/a in its sheet, or (`groups:` / `not_groups:`) not scored
// for its group — `to_max` on a lĩnh vực then leaves such a leaf out, as score() does.
bool is_not_applicable(const criterion_tree& tree, const score_sheet& sheet, std::size_t node) {
  for (const auto& na : sheet.not_applicable) {
    const auto i = tree.find(na.code);
    if (i && *i <= node && node < tree[*i].subtree_end) return true;
  }
  for (auto k = node; k != criterion::no_parent; k = tree[k].parent)
    if (!applies_to_group(tree[k], sheet.unit.group)) return true;
  return false;
}

points_entry* find_points(score_sheet& sheet, std::string_view code) {
  const auto it = std::find_if(sheet.points.begin(), sheet.points.end(),
                               [&](const points_entry& e) { return e.code == code; });
  return it == sheet.points.end() ? nullptr : &*it;
}

// Writes a leaf's new points, refusing values outside [min, max]: a scenario that pushes a
// criterion past its maximum is a mistake to report, not something to clamp silently.
void set_leaf(const criterion_tree& tree, score_sheet& sheet, std::size_t leaf, decimal value,
              const change& c, const decimal& before) {
  const auto& node = tree[leaf];
  const std::string who = "change on '" + c.code + "' for unit '" + sheet.unit.id + "': ";
  if (node.max && value > *node.max)
    throw input_error("scenario-points-range", c.where,
                      who + text(before) + " + " + text(value - before) + " = " + text(value) +
                          " exceeds the maximum " + text(*node.max) + " of '" + node.code + "'");
  if (value < node.min)
    throw input_error(
        "scenario-points-range", c.where,
        who + text(value) + " is below the minimum " + text(node.min) + " of '" + node.code + "'");
  if (auto* e = find_points(sheet, node.code))
    e->points = value;
  else
    sheet.points.push_back({node.code, value, c.where});
}

void apply_change(const criterion_tree& tree, score_sheet& sheet, const change& c) {
  const auto found = tree.find(c.code);
  if (!found || c.code.empty())
    throw input_error("unknown-criterion", c.where, "change: unknown criterion '" + c.code + "'");
  const std::size_t i = *found;
  const std::string who = "change on '" + c.code + "' for unit '" + sheet.unit.id + "': ";
  if (c.kind == change_kind::not_applicable) {
    std::erase_if(sheet.points, [&](const points_entry& e) {
      const auto j = tree.find(e.code);
      return j && i <= *j && *j < tree[i].subtree_end;
    });
    if (!is_not_applicable(tree, sheet, i)) sheet.not_applicable.push_back({c.code, c.where});
    return;
  }
  if (is_not_applicable(tree, sheet, i))
    throw input_error("scenario-not-applicable", c.where,
                      who + "the criterion is not applicable to this unit");
  if (c.kind == change_kind::rule_input) {
    // The rule re-scores the leaf from its inputs when the sheet is validated and scored, with
    // errors located at this change; a unit that typed the leaf's points has no inputs to change.
    const auto entry = std::find_if(sheet.inputs.begin(), sheet.inputs.end(),
                                    [&](const inputs_entry& e) { return e.code == c.code; });
    if (entry == sheet.inputs.end())
      throw input_error("scenario-no-inputs", c.where,
                        who + "the unit gives points for '" + c.code +
                            "', not raw inputs: there is no input '" + c.input + "' to change");
    const auto value = std::find_if(entry->values.begin(), entry->values.end(),
                                    [&](const rule_value& v) { return v.name == c.input; });
    if (value == entry->values.end())
      entry->values.push_back({c.input, c.input_value, c.where});
    else
      *value = {c.input, c.input_value, c.where};
    return;
  }
  if (c.kind == change_kind::to_max) {
    for (auto j = i; j < tree[i].subtree_end; ++j) {
      if (!tree.is_leaf(j) || is_not_applicable(tree, sheet, j)) continue;
      if (!tree[j].max)
        throw input_error("scenario-max-unknown", c.where,
                          who + "the maximum of '" + tree[j].code + "' is unknown");
      const auto* e = find_points(sheet, tree[j].code);
      set_leaf(tree, sheet, j, *tree[j].max, c, e ? e->points : decimal());
    }
    return;
  }
  if (!tree.is_leaf(i))
    throw input_error("points-on-parent", c.where,
                      who + "the criterion has sub-criteria: add or set points on its leaves");
  const auto* e = find_points(sheet, c.code);
  // Under `missing: unknown` an absent leaf was not published: adding to it would invent a base.
  if (!e && c.kind == change_kind::add_points && sheet.missing == missing_policy::unknown)
    throw input_error("scenario-not-published", c.where,
                      who + "the points of '" + c.code +
                          "' are not published (missing: unknown): set them instead");
  const decimal before = e ? e->points : decimal();
  set_leaf(tree, sheet, i, c.kind == change_kind::add_points ? before + c.amount : c.amount, c,
           before);
}

}  // namespace

std::string_view to_string(change_kind k) noexcept {
  switch (k) {
    case change_kind::to_max:
      return "to_max";
    case change_kind::add_points:
      return "add";
    case change_kind::set_points:
      return "set";
    case change_kind::not_applicable:
      return "not_applicable";
    case change_kind::rule_input:
      return "rule_input";
  }
  return "?";
}

bool unit_selection::selects(const unit_info& unit) const {
  return all || std::find(ids.begin(), ids.end(), unit.id) != ids.end();
}

score_sheet apply(const criterion_tree& tree, const score_sheet& sheet, const scenario& s) {
  score_sheet out = sheet;
  for (const auto& c : s.changes)
    if (c.units.selects(sheet.unit)) apply_change(tree, out, c);
  validate_sheet(out, tree);
  return out;
}

std::optional<decimal> node_delta::points_change() const {
  if (!points_before || !points_after) return std::nullopt;
  return *points_after - *points_before;
}

std::optional<decimal> node_delta::gap_change() const {
  if (!gap_before || !gap_after) return std::nullopt;
  return *gap_after - *gap_before;
}

const scorecard& what_if_result::card(std::size_t index) const {
  if (const auto* c = find_changed(index)) return c->card;
  return baseline.at(index);
}

const changed_unit* what_if_result::find_changed(std::size_t index) const {
  const auto it = std::find_if(changed.begin(), changed.end(),
                               [&](const changed_unit& c) { return c.index == index; });
  return it == changed.end() ? nullptr : &*it;
}

std::vector<scorecard> what_if_result::cards() const {
  std::vector<scorecard> out = baseline;
  for (const auto& c : changed) out[c.index] = c.card;
  return out;
}

what_if_result what_if(const criterion_tree& tree, std::span<const score_sheet> sheets,
                       const scenario& s) {
  what_if_result r;
  r.baseline.reserve(sheets.size());
  for (const auto& sheet : sheets) r.baseline.push_back(score(tree, sheet));
  r.baseline_ranks = detail::competition_ranks(r.baseline);

  // Only the selected units' sheets are copied and re-scored.
  std::vector<scorecard> after_cards;
  for (std::size_t u = 0; u < sheets.size(); ++u) {
    const bool selected = std::any_of(s.changes.begin(), s.changes.end(), [&](const change& c) {
      return c.units.selects(sheets[u].unit);
    });
    if (!selected) continue;
    changed_unit cu{u, score(tree, apply(tree, sheets[u], s)), {}};
    const auto& before = r.baseline[u];
    for (std::size_t i = 0; i < tree.size(); ++i) {
      const auto& b = before.scores[i];
      const auto& a = cu.card.scores[i];
      if (b.points == a.points && b.max == a.max && b.gap == a.gap && b.applicable == a.applicable)
        continue;
      cu.deltas.push_back({i, b.points, a.points, b.max, a.max, b.gap, a.gap});
    }
    r.changed.push_back(std::move(cu));
  }
  r.ranks = detail::competition_ranks(r.cards());
  return r;
}

const changed_unit* what_if_changes::find_changed(std::size_t index) const {
  const auto it =
      std::lower_bound(changed.begin(), changed.end(), index,
                       [](const changed_unit& c, std::size_t i) { return c.index < i; });
  return it == changed.end() || it->index != index ? nullptr : &*it;
}

namespace {

// A changed unit's nodes whose points, maximum, gap or applicability moved, in tree order.
std::vector<node_delta> deltas_of(const scorecard& before, const scorecard& after) {
  std::vector<node_delta> out;
  for (std::size_t i = 0; i < before.scores.size(); ++i) {
    const auto& b = before.scores[i];
    const auto& a = after.scores[i];
    if (b.points == a.points && b.max == a.max && b.gap == a.gap && b.applicable == a.applicable)
      continue;
    out.push_back({i, b.points, a.points, b.max, a.max, b.gap, a.gap});
  }
  return out;
}

}  // namespace

what_if_changes what_if(const unit_matrix& units, const scenario& s) {
  return what_if(units, s, [&](std::size_t u) { return detail::sheet_of(units, u); });
}

what_if_changes what_if(const unit_matrix& units, const scenario& s,
                        const std::function<score_sheet(std::size_t)>& sheet_of) {
  const auto& tree = units.tree();
  what_if_changes r;
  const std::size_t root[] = {0};
  // Exact values, not a rational per unit: 10^5 rationals would take most of the time.
  auto values = score_batch(units, root).values(0);
  r.baseline_ranks = detail::competition_ranks(values);
  for (std::size_t u = 0; u < units.unit_count(); ++u) {
    const auto& unit = units.units()[u];
    if (std::none_of(s.changes.begin(), s.changes.end(),
                     [&](const change& c) { return c.units.selects(unit); }))
      continue;
    const auto sheet = sheet_of(u);
    changed_unit cu{u, score(tree, apply(tree, sheet, s)), {}};
    cu.deltas = deltas_of(score(tree, sheet), cu.card);
    if (unit.ranked) values[u] = detail::total_value(cu.card, units.scale());
    r.changed.push_back(std::move(cu));
  }
  r.ranks = detail::competition_ranks(values);
  return r;
}

namespace {

using detail::diagnostics;
using detail::file_name_ptr;
using detail::location_of;
using detail::mapping;

std::vector<std::string_view> codes_of(const criterion_tree& tree) {
  std::vector<std::string_view> out;
  for (const auto& n : tree.nodes())
    if (!n.code.empty()) out.push_back(n.code);
  return out;
}

class scenario_reader {
 public:
  scenario_reader(const criterion_tree& tree, std::span<const unit_info> units, file_name_ptr file)
      : tree_(tree), units_(units), file_(std::move(file)) {}

  scenario read(std::string_view text) {
    const auto root = detail::parse_yaml(text, file_);
    scenario s;
    if (!detail::check_file_kind(root, file_, diag_, "chiso/scenario")) {
      diag_.throw_if_any();
      return s;
    }
    mapping top(root, file_, diag_, "scenario file",
                {"kind", "format_version", "criteria", "name", "note", "changes"});
    if (auto criteria = top.required_string("criteria"); criteria && *criteria != tree_.info().id)
      diag_.add(
          "wrong-criteria", location_of(file_, top.get("criteria")->Mark()),
          "scenario file: written for criteria '" + *criteria + "', not '" + tree_.info().id + "'");
    s.name = top.optional_string("name");
    s.note = top.optional_string("note");
    const auto list = top.get("changes");
    if (!list) {
      if (top.is_mapping())
        diag_.add("missing-key", top.where(), "scenario file: missing key 'changes'");
    } else if (!list->IsSequence() || list->size() == 0) {
      diag_.add("not-a-list", location_of(file_, list->Mark()),
                "scenario file: 'changes' must be a list");
    } else {
      std::size_t n = 0;
      for (const auto& item : *list) {
        ++n;
        if (auto c = read_change(item, n)) s.changes.push_back(std::move(*c));
      }
    }
    diag_.throw_if_any();
    return s;
  }

 private:
  std::optional<change> read_change(const YAML::Node& node, std::size_t n) {
    mapping m(node, file_, diag_, "change " + std::to_string(n),
              {"code", "action", "points", "units", "input", "value"});
    if (!m.is_mapping()) return std::nullopt;
    change c;
    c.where = m.where();
    bool ok = true;
    const auto code = m.required_string("code");
    // A plain index and flag: GCC 12 -O2 falsely warns maybe-uninitialized on an optional here.
    std::size_t node_index = 0;
    bool known_code = false;
    if (code) {
      c.code = *code;
      const auto found = tree_.find(*code);
      known_code = found && !code->empty();
      if (found) node_index = *found;
      if (!known_code) {
        std::string message = m.context() + ": unknown criterion '" + *code +
                              "' (not in criteria '" + tree_.info().id + "')";
        if (auto guess = detail::nearest(*code, codes_of(tree_)))
          message += "; did you mean '" + *guess + "'?";
        diag_.add("unknown-criterion", location_of(file_, m.get("code")->Mark()), message);
        ok = false;
      }
    } else {
      ok = false;
    }
    if (const auto action = m.required_string("action")) {
      const auto it = std::find_if(change_kinds.begin(), change_kinds.end(),
                                   [&](change_kind k) { return to_string(k) == *action; });
      if (it != change_kinds.end()) {
        c.kind = *it;
      } else {
        std::string message = m.context() + ": unknown action '" + *action + "'";
        const std::vector<std::string_view> names = {"to_max", "add", "set", "not_applicable",
                                                     "rule_input"};
        if (auto guess = detail::nearest(*action, names))
          message += " (did you mean '" + *guess + "'?)";
        else
          message += " (expected 'to_max', 'add', 'set', 'not_applicable' or 'rule_input')";
        diag_.add("unknown-action", location_of(file_, m.get("action")->Mark()), message);
        ok = false;
      }
    } else {
      ok = false;
    }
    const bool takes_points =
        c.kind == change_kind::add_points || c.kind == change_kind::set_points;
    const auto points = m.optional_decimal("points");
    if (ok && takes_points && !m.has("points")) {
      diag_.add("missing-key", m.where(),
                m.context() + ": action '" + std::string(to_string(c.kind)) + "' needs 'points'");
      ok = false;
    } else if (ok && !takes_points && m.has("points")) {
      diag_.add(
          "scenario-extra-key", m.key_where("points"),
          m.context() + ": action '" + std::string(to_string(c.kind)) + "' takes no 'points'");
      ok = false;
    }
    if (!points && m.has("points")) ok = false;
    if (ok && takes_points && known_code) {
      c.amount = *points;
      const auto& crit = tree_[node_index];
      const auto where = location_of(file_, m.get("points")->Mark());
      if (!tree_.is_leaf(node_index)) {
        diag_.add("points-on-parent", location_of(file_, m.get("code")->Mark()),
                  m.context() + ": criterion '" + c.code +
                      "' has sub-criteria: add or set points on its leaves");
        ok = false;
      } else if (points->normalized().scale() > tree_.info().decimals) {
        diag_.add("too-many-decimals", where,
                  m.context() + ": points " + text(*points) +
                      " have more decimals than criteria '" + tree_.info().id + "' declares (" +
                      std::to_string(tree_.info().decimals) + ")");
        ok = false;
      } else if (crit.max && c.kind == change_kind::set_points &&
                 (*points > *crit.max || *points < crit.min)) {
        diag_.add("scenario-points-range", where,
                  m.context() + ": points " + text(*points) + " outside [" + text(crit.min) + ", " +
                      text(*crit.max) + "] of '" + c.code + "'");
        ok = false;
      } else if (crit.max && c.kind == change_kind::add_points && *points > *crit.max - crit.min) {
        diag_.add("scenario-points-range", where,
                  m.context() + ": adding " + text(*points) + " points goes past the maximum " +
                      text(*crit.max) + " of '" + c.code + "' from any score");
        ok = false;
      }
    }
    const bool takes_input = c.kind == change_kind::rule_input;
    if (ok && takes_input) {
      const auto input = m.required_string("input");
      const auto value = m.get("value");
      if (!value || !value->IsScalar()) {
        diag_.add("missing-key", value ? location_of(file_, value->Mark()) : m.where(),
                  m.context() + ": action 'rule_input' needs 'value' (the input's new value)");
        ok = false;
      }
      const auto& rule = tree_[node_index].rule;
      if (!rule || rule->kind == rule_kind::points || rule->inputs.empty()) {
        diag_.add("inputs-without-rule", location_of(file_, m.get("code")->Mark()),
                  m.context() + ": criterion '" + c.code +
                      "' has no scoring rule that reads inputs (see docs/rules.md)");
        ok = false;
      } else if (input) {
        std::vector<std::string_view> names;
        for (const auto& spec : rule->inputs) names.push_back(spec.name);
        if (std::find(names.begin(), names.end(), *input) == names.end()) {
          std::string message =
              m.context() + ": criterion '" + c.code + "' has no input '" + *input + "'";
          if (auto guess = detail::nearest(*input, names))
            message += " (did you mean '" + *guess + "'?)";
          diag_.add("unknown-input", location_of(file_, m.get("input")->Mark()), message);
          ok = false;
        }
      }
      if (!input) ok = false;
      if (ok) {
        c.input = *input;
        c.input_value = value->Scalar();
      }
    } else if (ok) {
      for (const char* key : {"input", "value"})
        if (m.has(key)) {
          diag_.add("scenario-extra-key", m.key_where(key),
                    m.context() + ": action '" + std::string(to_string(c.kind)) + "' takes no '" +
                        key + "'");
          ok = false;
        }
    }
    if (auto units = read_units(m))
      c.units = std::move(*units);
    else
      ok = false;
    if (!ok) return std::nullopt;
    return c;
  }

  std::optional<unit_selection> read_units(mapping& m) {
    const auto node = m.get("units");
    if (!node) {
      diag_.add("missing-key", m.where(),
                m.context() + ": missing key 'units' (a list of unit ids, or 'all')");
      return std::nullopt;
    }
    if (node->IsScalar() && node->Scalar() == "all") return unit_selection::every_unit();
    const auto where = location_of(file_, node->Mark());
    if (!node->IsSequence() || node->size() == 0) {
      diag_.add("not-a-list", where, m.context() + ": 'units' must be a list of unit ids or 'all'");
      return std::nullopt;
    }
    std::vector<std::string_view> known;
    for (const auto& u : units_) known.push_back(u.id);
    unit_selection sel;
    bool ok = true;
    for (const auto& id : *node) {
      const std::string name = id.IsScalar() ? id.Scalar() : std::string();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string message = m.context() + ": unknown unit '" + name + "'";
        if (auto guess = detail::nearest(name, known))
          message += "; did you mean '" + *guess + "'?";
        diag_.add("unknown-unit", location_of(file_, id.Mark()), message);
        ok = false;
        continue;
      }
      sel.ids.push_back(name);
    }
    if (!ok) return std::nullopt;
    return sel;
  }

  const criterion_tree& tree_;
  std::span<const unit_info> units_;
  file_name_ptr file_;
  diagnostics diag_;
};

}  // namespace

scenario parse_scenario(std::string_view yaml, std::string file_name, const criterion_tree& tree,
                        std::span<const unit_info> units) {
  return detail::guarded(file_name, [&]() -> scenario {
    auto file = std::make_shared<const std::string>(file_name);
    return scenario_reader(tree, units, file).read(yaml);
  });
}

scenario load_scenario(const std::filesystem::path& file, const criterion_tree& tree,
                       std::span<const unit_info> units) {
  return parse_scenario(detail::read_file(file), file.string(), tree, units);
}

}  // namespace chiso
