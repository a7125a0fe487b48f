#include "chiso/sheet.hpp"

#include <algorithm>
#include <unordered_map>

#include "rule_support.hpp"
#include "sheet_support.hpp"
#include "yaml_support.hpp"

namespace chiso {

std::string_view to_string(scoring_stage s) noexcept {
  switch (s) {
    case scoring_stage::self_assessed:
      return "self_assessed";
    case scoring_stage::appraised:
      return "appraised";
    case scoring_stage::final:
      return "final";
  }
  return "?";
}

std::optional<scoring_stage> parse_stage(std::string_view name) noexcept {
  for (auto s : {scoring_stage::self_assessed, scoring_stage::appraised, scoring_stage::final})
    if (to_string(s) == name) return s;
  return std::nullopt;
}

namespace {

using detail::diagnostics;
using detail::location_of;
using detail::mapping;

std::vector<std::string_view> all_codes(const criterion_tree& tree) {
  std::vector<std::string_view> codes;
  for (const auto& n : tree.nodes())
    if (!n.code.empty()) codes.push_back(n.code);
  return codes;
}

std::string unknown_code_message(const std::string& code, const criterion_tree& tree) {
  std::string message =
      "unknown criterion '" + code + "' (not in criteria '" + tree.info().id + "')";
  if (auto guess = detail::nearest(code, all_codes(tree)))
    message += "; did you mean '" + *guess + "'?";
  return message;
}

// The checks shared by the loader and validate_sheet(); positions come from the entries.
void check_against_tree(const score_sheet& sheet, const criterion_tree& tree, diagnostics& diag,
                        bool check_missing = true, const source_location& year_where = {}) {
  // Year 0 is a sheet built in code without a year (the loader requires one).
  const auto& years = tree.info().years;
  if (sheet.year != 0 && !years.empty() &&
      std::find(years.begin(), years.end(), sheet.year) == years.end()) {
    std::string listed;
    for (int y : years) listed += (listed.empty() ? "" : ", ") + std::to_string(y);
    diag.add("year-not-in-tree", year_where.file ? year_where : sheet.where,
             "score sheet is for " + std::to_string(sheet.year) + ", not a year of criteria '" +
                 tree.info().id + "' (years: " + listed + ")",
             sheet.unit.id);
  }
  std::vector<bool> not_applicable(tree.size(), false);
  for (const auto& na : sheet.not_applicable) {
    const auto i = tree.find(na.code);
    if (!i || na.code.empty()) {
      diag.add(na.where, "not_applicable: " + unknown_code_message(na.code, tree));
      continue;
    }
    for (auto j = *i; j < tree[*i].subtree_end; ++j) not_applicable[j] = true;
  }
  std::vector<bool> has_points(tree.size(), false);
  for (const auto& e : sheet.points) {
    const auto i = tree.find(e.code);
    if (!i || e.code.empty()) {
      diag.add(e.where, unknown_code_message(e.code, tree));
      continue;
    }
    if (!tree.is_leaf(*i)) {
      diag.add(e.where, "criterion '" + e.code +
                            "' has sub-criteria: give points for its leaves, not for it");
      continue;
    }
    if (has_points[*i]) {
      diag.add(e.where, "criterion '" + e.code + "' has points twice");
      continue;
    }
    has_points[*i] = true;
    if (not_applicable[*i])
      diag.add(e.where, "criterion '" + e.code + "' has points but is marked not applicable");
    detail::check_leaf_points(tree, *i, e.points, e.where, diag);
  }
  for (const auto& e : sheet.inputs) {
    const auto i = tree.find(e.code);
    if (!i || e.code.empty()) {
      diag.add(e.where, "inputs: " + unknown_code_message(e.code, tree));
      continue;
    }
    const auto& node = tree[*i];
    if (!tree.is_leaf(*i) || !node.rule || node.rule->kind == rule_kind::points) {
      diag.add(e.where, "criterion '" + e.code +
                            "' has no scoring rule that reads inputs: give its points instead");
      continue;
    }
    if (has_points[*i]) {
      diag.add(e.where, "criterion '" + e.code + "' has both points and inputs: give one");
      continue;
    }
    has_points[*i] = true;
    if (not_applicable[*i]) {
      diag.add(e.where, "criterion '" + e.code + "' has inputs but is marked not applicable");
      continue;
    }
    (void)detail::evaluate_rule(node, e.values, e.where, diag);
  }
  // After structural errors a leaf may look missing only because its entry was unreadable.
  if (check_missing && sheet.missing == missing_policy::error) {
    std::vector<std::size_t> missing;
    for (auto leaf : tree.leaves())
      if (!has_points[leaf] && !not_applicable[leaf]) missing.push_back(leaf);
    if (!missing.empty())
      diag.add(sheet.where, detail::missing_leaves_message(tree, sheet.unit.id, missing));
  }
}

}  // namespace

bool detail::check_leaf_points(const criterion_tree& tree, std::size_t leaf, const decimal& points,
                               const source_location& where, diagnostics& diag) {
  const auto& node = tree[leaf];
  bool ok = true;
  const auto report = [&](const std::string& what) {
    diag.add(where, "criterion '" + node.code + "': points " + points.to_string() + what);
    ok = false;
  };
  if (points < node.min)
    report(" are below its min " + node.min.to_string());
  else if (node.max && points > *node.max)
    report(" exceed its max " + node.max->to_string());
  if (points.normalized().scale() > tree.info().decimals)
    report(" have more decimals than criteria '" + tree.info().id + "' declares (" +
           std::to_string(tree.info().decimals) + ")");
  return ok;
}

std::string detail::missing_leaves_message(const criterion_tree& tree, const std::string& unit,
                                           const std::vector<std::size_t>& leaves) {
  std::string codes;
  for (std::size_t k = 0; k < leaves.size() && k < 10; ++k)
    codes += (codes.empty() ? "" : ", ") + tree[leaves[k]].code;
  if (leaves.size() > 10) codes += ", … (" + std::to_string(leaves.size()) + " in all)";
  return "unit '" + unit + "': no points and not marked not_applicable: " + codes +
         " (add them, or set 'missing: zero' to score them 0, or 'missing: unknown' if they were "
         "not published)";
}

score_sheet parse_sheet(std::string_view yaml, std::string file_name, const criterion_tree& tree) {
  auto file = std::make_shared<const std::string>(std::move(file_name));
  diagnostics diag;
  const YAML::Node root = detail::parse_yaml(yaml, file);
  if (!detail::check_file_kind(root, file, diag, "chiso/scores")) diag.throw_if_any();
  mapping top(root, file, diag, "score sheet",
              {"kind", "format_version", "criteria", "unit", "year", "stage", "missing", "points",
               "inputs", "not_applicable", "note", "source"});
  score_sheet sheet;
  sheet.where = {file, 1, 1};
  bool wrong_tree = false;
  if (auto criteria = top.required_string("criteria")) {
    sheet.criteria = *criteria;
    wrong_tree = *criteria != tree.info().id;
    if (wrong_tree)
      diag.add(location_of(file, top.get("criteria")->Mark()),
               "score sheet is for criteria '" + *criteria + "', not '" + tree.info().id + "'");
  }
  if (const auto unit = top.get("unit")) {
    mapping u(*unit, file, diag, "unit", {"id", "name", "group", "ranked"});
    if (u.is_mapping()) {
      sheet.unit.id = u.required_string("id").value_or("");
      sheet.unit.name = u.optional_string("name");
      sheet.unit.group = u.optional_string("group");
      sheet.unit.ranked = u.optional_bool("ranked").value_or(true);
    }
  } else {
    diag.add(sheet.where, "score sheet: missing key 'unit'");
  }
  source_location year_where;
  if (const auto year = top.optional_int("year")) {
    sheet.year = *year;
    year_where = location_of(file, top.get("year")->Mark());
  } else if (!top.has("year"))
    diag.add(sheet.where, "score sheet: missing key 'year'");
  if (const auto stage = top.get("stage")) {
    const auto s = stage->IsScalar() ? parse_stage(stage->Scalar()) : std::nullopt;
    if (s)
      sheet.stage = *s;
    else
      diag.add(location_of(file, stage->Mark()),
               "score sheet: 'stage' must be self_assessed, appraised or final");
  }
  if (const auto missing = top.get("missing")) {
    const auto value = missing->IsScalar() ? missing->Scalar() : std::string();
    if (value == "zero")
      sheet.missing = missing_policy::zero;
    else if (value == "unknown")
      sheet.missing = missing_policy::unknown;
    else if (value != "error")
      diag.add(location_of(file, missing->Mark()),
               "score sheet: 'missing' must be error, zero or unknown");
  }
  if (const auto points = top.get("points")) {
    mapping p(*points, file, diag, "points", {});
    if (p.is_mapping()) {
      for (const auto& kv : *points) {
        const std::string code = kv.first.Scalar();
        // Duplicates were reported by `p`; only the first one counts.
        if (std::any_of(sheet.points.begin(), sheet.points.end(),
                        [&](const points_entry& e) { return e.code == code; }))
          continue;
        const auto where = location_of(file, kv.first.Mark());
        if (auto value =
                detail::read_decimal(kv.second, file, diag, "criterion '" + code + "': points"))
          sheet.points.push_back({code, *value, where});
      }
    }
  }
  if (const auto inputs = top.get("inputs")) {
    mapping p(*inputs, file, diag, "inputs", {});
    if (p.is_mapping()) {
      for (const auto& kv : *inputs) {
        const std::string code = kv.first.Scalar();
        if (std::any_of(sheet.inputs.begin(), sheet.inputs.end(),
                        [&](const inputs_entry& e) { return e.code == code; }))
          continue;
        inputs_entry entry{code, {}, location_of(file, kv.first.Mark())};
        mapping values(kv.second, file, diag, "criterion '" + code + "': inputs", {});
        if (!values.is_mapping()) continue;
        for (const auto& v : kv.second) {
          const std::string name = v.first.Scalar();
          if (std::any_of(entry.values.begin(), entry.values.end(),
                          [&](const rule_value& r) { return r.name == name; }))
            continue;
          if (!v.second.IsScalar()) {
            diag.add(
                location_of(file, v.second.Mark()),
                "criterion '" + code + "': input '" + name + "' must be a number or an answer");
            continue;
          }
          entry.values.push_back({name, v.second.Scalar(), location_of(file, v.second.Mark())});
        }
        sheet.inputs.push_back(std::move(entry));
      }
    }
  }
  if (const auto na = top.get("not_applicable")) {
    if (!na->IsSequence()) {
      diag.add(location_of(file, na->Mark()),
               "score sheet: 'not_applicable' must be a list of codes");
    } else {
      for (const auto& code : *na) {
        if (!code.IsScalar())
          diag.add(location_of(file, code.Mark()), "not_applicable: expected a criterion code");
        else
          sheet.not_applicable.push_back({code.Scalar(), location_of(file, code.Mark())});
      }
    }
  }
  // A sheet for another tree would only repeat "unknown criterion" for every code.
  if (!wrong_tree) check_against_tree(sheet, tree, diag, diag.empty(), year_where);
  diag.throw_if_any();
  return sheet;
}

score_sheet load_sheet(const std::filesystem::path& file, const criterion_tree& tree) {
  return parse_sheet(detail::read_file(file), file.string(), tree);
}

void validate_sheet(const score_sheet& sheet, const criterion_tree& tree) {
  diagnostics diag;
  // As the loader does; a sheet built in code may leave `criteria` empty (meaning this tree).
  if (!sheet.criteria.empty() && sheet.criteria != tree.info().id) {
    diag.add("sheet-wrong-criteria", sheet.where,
             "score sheet is for criteria '" + sheet.criteria + "', not '" + tree.info().id + "'",
             sheet.unit.id);
    diag.throw_if_any();
  }
  check_against_tree(sheet, tree, diag);
  diag.throw_if_any();
}

}  // namespace chiso
