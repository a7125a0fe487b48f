#include "chiso/sheet.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "batch_support.hpp"
#include "printed_support.hpp"
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

// A document's ngày ban hành: ISO 8601 (2019-01-10) or as Vietnamese documents print it
// (10/01/2019, 1/1/2019), and a day that exists. Anything else is a typo a reader cannot check.
bool is_document_date(std::string_view text) {
  const auto number = [](std::string_view digits, int& out) {
    if (digits.empty() || digits.size() > 4) return false;
    out = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  int year = 0, month = 0, day = 0;
  const auto split = [&](char sep, std::string_view& a, std::string_view& b, std::string_view& c) {
    const auto p = text.find(sep);
    if (p == std::string_view::npos) return false;
    const auto q = text.find(sep, p + 1);
    if (q == std::string_view::npos || text.find(sep, q + 1) != std::string_view::npos)
      return false;
    a = text.substr(0, p);
    b = text.substr(p + 1, q - p - 1);
    c = text.substr(q + 1);
    return true;
  };
  std::string_view a, b, c;
  if (split('-', a, b, c)) {
    if (a.size() != 4 || b.size() != 2 || c.size() != 2) return false;
    if (!number(a, year) || !number(b, month) || !number(c, day)) return false;
  } else if (split('/', a, b, c)) {
    if (a.size() > 2 || b.size() > 2 || c.size() != 4) return false;
    if (!number(a, day) || !number(b, month) || !number(c, year)) return false;
  } else {
    return false;
  }
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

using detail::diagnostics;
using detail::location_of;
using detail::mapping;

// A typo suggestion must name a code the sheet still lacks: proposing '3.3.1', already given,
// for '3.3.33' while '3.3.3' is missing sends the writer the wrong way.
// Only the first max_diagnostics unknown codes get a suggestion: past them nothing is printed,
// and a file of a million unknown codes would otherwise cost a million searches of the tree.
std::string unknown_code_message(const std::string& code, const criterion_tree& tree,
                                 const std::vector<std::string_view>& unused,
                                 std::size_t& suggestions_left) {
  std::string message =
      "unknown criterion '" + code + "' (not in criteria '" + tree.info().id + "')";
  if (suggestions_left == 0) return message;
  --suggestions_left;
  if (auto guess = detail::nearest(code, unused)) message += "; did you mean '" + *guess + "'?";
  return message;
}

}  // namespace

// The checks shared by the loader and validate_sheet(); positions come from the entries.
void detail::check_sheet(const score_sheet& sheet, const criterion_tree& tree, diagnostics& diag,
                         bool check_missing, const std::vector<std::string>& unreadable,
                         bool long_form_csv) {
  const auto& unit = sheet.unit.id;
  const bool by_group = has_group_applicability(tree);
  if (by_group && sheet.unit.group.empty())
    diag.add("unit-group-missing", sheet.where, detail::missing_group_message(tree, sheet.unit.id),
             sheet.unit.id);
  // Subtrees the unit's group is not scored on (`groups:` / `not_groups:` in the tree).
  const auto group_na = by_group ? not_applicable_to_group(tree, sheet.unit.group)
                                 : std::vector<bool>(tree.size(), false);
  // Every node the sheet names with a known code, or an ancestor of one (a parent is "given"
  // when its leaves are being given), and every node marked not applicable.
  std::vector<bool> given(tree.size(), false);
  const auto mark_given = [&](const std::string& code) {
    if (const auto i = tree.find(code); i && !code.empty())
      for (auto j = *i; j < tree[*i].subtree_end; ++j) given[j] = true;
  };
  for (const auto& e : sheet.points) mark_given(e.code);
  for (const auto& e : sheet.inputs) mark_given(e.code);
  for (const auto& na : sheet.not_applicable) mark_given(na.code);
  for (const auto& code : unreadable) mark_given(code);
  // A parent is not a suggestion while some of its leaves are still missing (children follow
  // their parent: walked backwards, a parent's children are done before it).
  std::vector<bool> complete(tree.size(), true);
  for (std::size_t j = tree.size(); j-- > 0;) {
    if (!tree.is_leaf(j)) given[j] = given[j] || complete[j];
    if (!given[j] && tree[j].parent != criterion::no_parent) complete[tree[j].parent] = false;
  }
  std::vector<std::string_view> unused;
  for (std::size_t i = 0; i < tree.size(); ++i)
    if (!tree[i].code.empty() && !given[i]) unused.push_back(tree[i].code);
  std::size_t suggestions_left = detail::max_diagnostics;
  std::vector<bool> not_applicable(tree.size(), false);
  for (const auto& na : sheet.not_applicable) {
    const auto i = tree.find(na.code);
    if (!i || na.code.empty()) {
      diag.add("unknown-criterion", na.where,
               "not_applicable: " + unknown_code_message(na.code, tree, unused, suggestions_left),
               unit, na.code);
      continue;
    }
    for (auto j = *i; j < tree[*i].subtree_end; ++j) not_applicable[j] = true;
  }
  std::vector<bool> has_points(tree.size(), false);
  for (const auto& code : unreadable)
    if (const auto i = tree.find(code)) has_points[*i] = true;  // reported where it was read
  for (const auto& e : sheet.points) {
    const auto i = tree.find(e.code);
    if (!i || e.code.empty()) {
      diag.add("unknown-criterion", e.where,
               unknown_code_message(e.code, tree, unused, suggestions_left), unit, e.code);
      continue;
    }
    if (!tree.is_leaf(*i)) {
      diag.add(
          "points-on-parent", e.where,
          "criterion '" + e.code + "' has sub-criteria: give points for its leaves, not for it",
          unit, e.code);
      continue;
    }
    if (has_points[*i]) {
      diag.add("points-twice", e.where, "criterion '" + e.code + "' has points twice", unit,
               e.code);
      continue;
    }
    has_points[*i] = true;
    if (group_na[*i])
      diag.add("not-applicable-to-group", e.where,
               detail::group_exclusion_message(tree, *i, sheet.unit.group), unit, e.code);
    else if (not_applicable[*i])
      diag.add("points-not-applicable", e.where,
               "criterion '" + e.code + "' has points but is marked not applicable", unit, e.code);
    detail::check_leaf_points(tree, *i, e.points, e.where, diag, unit);
  }
  for (const auto& e : sheet.inputs) {
    const auto i = tree.find(e.code);
    if (!i || e.code.empty()) {
      diag.add("unknown-criterion", e.where,
               "inputs: " + unknown_code_message(e.code, tree, unused, suggestions_left), unit,
               e.code);
      continue;
    }
    const auto& node = tree[*i];
    if (!tree.is_leaf(*i) || !node.rule || node.rule->kind == rule_kind::points) {
      diag.add("inputs-without-rule", e.where,
               "criterion '" + e.code +
                   "' has no scoring rule that reads inputs: give its points instead",
               unit, e.code);
      continue;
    }
    if (has_points[*i]) {
      diag.add("points-and-inputs", e.where,
               "criterion '" + e.code + "' has both points and inputs: give one", unit, e.code);
      continue;
    }
    has_points[*i] = true;
    if (group_na[*i]) {
      diag.add("not-applicable-to-group", e.where,
               detail::group_exclusion_message(tree, *i, sheet.unit.group), unit, e.code);
      continue;
    }
    if (not_applicable[*i]) {
      diag.add("points-not-applicable", e.where,
               "criterion '" + e.code + "' has inputs but is marked not applicable", unit, e.code);
      continue;
    }
    (void)detail::evaluate_rule(node, e.values, e.where, diag);
  }
  for (const auto& e : sheet.evidence)
    if (!tree.find(e.code) || e.code.empty())
      diag.add("sheet-evidence", e.where,
               "evidence: " + unknown_code_message(e.code, tree, unused, suggestions_left),
               sheet.unit.id, e.code);
  // After structural errors a leaf may look missing only because its entry was unreadable.
  if (check_missing && sheet.missing == missing_policy::error) {
    std::vector<std::size_t> missing;
    for (auto leaf : tree.leaves())
      if (!has_points[leaf] && !not_applicable[leaf] && !group_na[leaf]) missing.push_back(leaf);
    if (!missing.empty())
      diag.add("points-missing", sheet.where,
               detail::missing_leaves_message(tree, sheet.unit.id, missing, long_form_csv), unit,
               tree[missing.front()].code);
  }
}

const criterion_evidence* score_sheet::evidence_for(std::string_view code) const noexcept {
  for (const auto& e : evidence)
    if (e.code == code) return &e;
  return nullptr;
}

std::vector<std::size_t> unsupported_points(const criterion_tree& tree, const score_sheet& sheet) {
  std::vector<std::size_t> out;
  if (sheet.stage != scoring_stage::self_assessed) return out;
  std::vector<bool> supported(tree.size(), false);
  for (const auto& e : sheet.evidence) {
    if (e.documents.empty() && e.explanation.empty()) continue;
    const auto i = tree.find(e.code);
    if (!i) continue;
    for (auto j = *i; j < tree[*i].subtree_end; ++j) supported[j] = true;
  }
  const auto claims = [&](std::size_t leaf, const decimal& points) {
    // Survey and official-data points are not the unit's claim: only self-assessed criteria.
    if (tree[leaf].method == measurement::self_assessed && points > tree[leaf].min &&
        !supported[leaf])
      out.push_back(leaf);
  };
  for (const auto& e : sheet.points)
    if (const auto i = tree.find(e.code); i && tree.is_leaf(*i)) claims(*i, e.points);
  for (const auto& e : sheet.inputs)
    if (const auto i = tree.find(e.code); i && tree.is_leaf(*i) && tree[*i].rule)
      claims(*i, apply_rule(tree[*i], e.values, e.where).points);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
std::string group_list(const std::vector<std::string>& groups) {
  std::string out;
  for (const auto& g : groups) out += (out.empty() ? "" : ", ") + g;
  return "[" + out + "]";
}
}  // namespace

std::string detail::group_exclusion_message(const criterion_tree& tree, std::size_t leaf,
                                            const std::string& group) {
  auto j = leaf;
  while (j != 0 && applies_to_group(tree[j], group)) j = tree[j].parent;
  const auto& node = tree[j];
  const auto rule = node.groups.empty() ? "not_groups: " + group_list(node.not_groups)
                                        : "groups: " + group_list(node.groups);
  return "criterion '" + tree[leaf].code + "' does not apply to units of group '" + group + "' ('" +
         node.code + "' has " + rule + "): remove its points";
}

std::string detail::missing_group_message(const criterion_tree& tree, const std::string& unit) {
  std::string codes;
  std::size_t n = 0;
  for (const auto& node : tree.nodes())
    if (!node.groups.empty() || !node.not_groups.empty())
      if (++n <= 3) codes += (codes.empty() ? "'" : ", '") + node.code + "'";
  if (n > 3) codes += ", …";
  return "unit '" + unit + "' has no group, but criteria " + codes + " of '" + tree.info().id +
         "' apply by unit group (groups:/not_groups:): give the unit's group";
}

bool detail::check_leaf_points(const criterion_tree& tree, std::size_t leaf, const decimal& points,
                               const source_location& where, diagnostics& diag,
                               const std::string& unit) {
  const auto& node = tree[leaf];
  bool ok = true;
  const auto report = [&](const char* code, const std::string& what) {
    diag.add(code, where, "criterion '" + node.code + "': points " + points.to_string() + what,
             unit, node.code);
    ok = false;
  };
  if (points < node.min)
    report("points-below-min", " are below its min " + node.min.to_string());
  else if (node.max && points > *node.max)
    report("points-above-max", " exceed its max " + node.max->to_string());
  if (points.normalized().scale() > tree.info().decimals)
    report("too-many-decimals", " have more decimals than criteria '" + tree.info().id +
                                    "' declares (" + std::to_string(tree.info().decimals) + ")");
  else if (ok && !detail::scaled_cell(points, tree.info().decimals))
    // Only a leaf without a max can get here: the tree loader checked every max fits.
    report("engine-limit", " do not fit the scoring engine's 32-bit cells at " +
                               std::to_string(tree.info().decimals) + " decimals");
  return ok;
}

std::string detail::missing_leaves_message(const criterion_tree& tree, const std::string& unit,
                                           const std::vector<std::size_t>& leaves,
                                           bool long_form_csv) {
  std::string codes;
  for (std::size_t k = 0; k < leaves.size() && k < 10; ++k)
    codes += (codes.empty() ? "" : ", ") + tree[leaves[k]].code;
  if (leaves.size() > 10) codes += ", … (" + std::to_string(leaves.size()) + " in all)";
  if (long_form_csv)
    return "unit '" + unit + "': no rows for " + codes +
           " (add them, with n/a where a criterion does not apply, or read the file with "
           "--missing zero to score them 0, or --missing unknown if they were not published)";
  return "unit '" + unit + "': no points and not marked not_applicable: " + codes +
         " (add them, or set 'missing: zero' to score them 0, or 'missing: unknown' if they were "
         "not published)";
}

namespace {

// Year 0 is a sheet built in code without a year (the loader requires one).
void check_year(const score_sheet& sheet, const criterion_tree& tree, diagnostics& diag,
                const source_location& year_where) {
  const auto& years = tree.info().years;
  if (sheet.year == 0 || years.empty() ||
      std::find(years.begin(), years.end(), sheet.year) != years.end())
    return;
  std::string listed;
  for (int y : years) listed += (listed.empty() ? "" : ", ") + std::to_string(y);
  diag.add("year-not-in-tree", year_where.file ? year_where : sheet.where,
           "score sheet is for " + std::to_string(sheet.year) + ", not a year of criteria '" +
               tree.info().id + "' (years: " + listed + ")",
           sheet.unit.id);
}

// `evidence:` — code → {documents: [{number, date, title, link}], explanation, reason}.
void read_evidence(const YAML::Node& y, const detail::file_name_ptr& file, diagnostics& diag,
                   score_sheet& sheet) {
  mapping all(y, file, diag, "evidence", {});
  if (!all.is_mapping()) return;
  for (const auto& kv : y) {
    const std::string code = kv.first.Scalar();
    if (sheet.evidence_for(code)) continue;  // a duplicate, reported by `all`
    const std::string what = "evidence of '" + code + "'";
    criterion_evidence e{code, {}, {}, {}, location_of(file, kv.first.Mark())};
    mapping m(kv.second, file, diag, what, {"documents", "explanation", "reason"});
    if (!m.is_mapping()) continue;
    e.explanation = m.optional_string("explanation");
    e.reason = m.optional_string("reason");
    if (const auto docs = m.get("documents")) {
      if (!docs->IsSequence()) {
        diag.add("sheet-evidence", location_of(file, docs->Mark()),
                 what + ": 'documents' must be a list of {number, date, title, link}", "", code);
      } else {
        for (const auto& d : *docs) {
          mapping dm(d, file, diag, what + ": document", {"number", "date", "title", "link"});
          if (!dm.is_mapping()) continue;
          evidence_document doc{dm.optional_string("number"), dm.optional_string("date"),
                                dm.optional_string("title"), dm.optional_string("link"),
                                dm.where()};
          if (!doc.date.empty() && !is_document_date(doc.date))
            diag.add("sheet-evidence-date", location_of(file, dm.get("date")->Mark()),
                     what + ": document date '" + doc.date +
                         "' is not a date (write 2019-01-10, or 10/01/2019 as documents print it)",
                     "", code);
          if (doc.number.empty() && doc.title.empty() && doc.link.empty())
            diag.add("sheet-evidence", doc.where,
                     what + ": a document needs at least its number, title or link", "", code);
          else
            e.documents.push_back(std::move(doc));
        }
      }
    }
    sheet.evidence.push_back(std::move(e));
  }
}

}  // namespace

score_sheet parse_sheet(std::string_view yaml, std::string file_name, const criterion_tree& tree) {
  return detail::guarded(file_name, [&]() -> score_sheet {
    auto file = std::make_shared<const std::string>(file_name);
    diagnostics diag;
    const YAML::Node root = detail::parse_yaml(yaml, file);
    if (!detail::check_file_kind(root, file, diag, "chiso/scores")) diag.throw_if_any();
    mapping top(root, file, diag, "score sheet",
                {"kind", "format_version", "criteria", "unit", "year", "stage", "missing", "points",
                 "inputs", "not_applicable", "printed", "evidence", "note", "source"});
    score_sheet sheet;
    sheet.where = {file, 1, 1};
    bool wrong_tree = false;
    if (auto criteria = top.required_string("criteria")) {
      sheet.criteria = *criteria;
      wrong_tree = *criteria != tree.info().id;
      if (wrong_tree)
        diag.add("wrong-criteria", location_of(file, top.get("criteria")->Mark()),
                 "score sheet is for criteria '" + *criteria + "', not '" + tree.info().id + "'");
    }
    if (const auto unit = top.get("unit")) {
      mapping u(*unit, file, diag, "unit", {"id", "name", "group", "ranked"});
      if (u.is_mapping()) {
        sheet.unit.id = u.required_string("id").value_or("");
        if (const auto id = u.get("id")) sheet.unit_where = location_of(file, id->Mark());
        sheet.unit.name = u.optional_string("name");
        sheet.unit.group = u.optional_string("group");
        sheet.unit.ranked = u.optional_bool("ranked").value_or(true);
      }
    } else {
      diag.add("missing-key", sheet.where, "score sheet: missing key 'unit'");
    }
    source_location year_where;
    if (const auto year = top.optional_int("year")) {
      sheet.year = *year;
      year_where = location_of(file, top.get("year")->Mark());
    } else if (!top.has("year"))
      diag.add("missing-key", sheet.where, "score sheet: missing key 'year'");
    if (const auto stage = top.get("stage")) {
      const auto s = stage->IsScalar() ? parse_stage(stage->Scalar()) : std::nullopt;
      if (s) {
        sheet.stage = *s;
        sheet.stage_where = location_of(file, stage->Mark());
      } else
        diag.add("unknown-stage", location_of(file, stage->Mark()),
                 "score sheet: 'stage' must be self_assessed, appraised or final");
    }
    if (const auto missing = top.get("missing")) {
      const auto value = missing->IsScalar() ? missing->Scalar() : std::string();
      if (value == "zero")
        sheet.missing = missing_policy::zero;
      else if (value == "unknown")
        sheet.missing = missing_policy::unknown;
      else if (value != "error")
        diag.add("unknown-missing-policy", location_of(file, missing->Mark()),
                 "score sheet: 'missing' must be error, zero or unknown");
    }
    std::vector<std::string> unreadable;  // given, but not as a number: reported already
    if (const auto points = top.get("points")) {
      mapping p(*points, file, diag, "points", {});
      if (p.is_mapping()) {
        std::set<std::string> seen;
        for (const auto& kv : *points) {
          const std::string code = kv.first.Scalar();
          // Duplicates and `{"1.1": 1,5}`'s '5' were reported by `p`; only the first one counts.
          if (!seen.insert(code).second || p.reported(code)) continue;
          const auto where = location_of(file, kv.first.Mark());
          // A CSV writes n/a in the points cell; a sheet lists such criteria apart.
          if (kv.second.IsScalar() &&
              (kv.second.Scalar() == "n/a" || kv.second.Scalar() == "N/A")) {
            diag.add("not-a-number", location_of(file, kv.second.Mark()),
                     "criterion '" + code +
                         "': points 'n/a': a criterion that does not apply "
                         "is listed under not_applicable: [\"" +
                         code + "\"], not given points",
                     sheet.unit.id, code);
            unreadable.push_back(code);
            continue;
          }
          if (auto value =
                  detail::read_decimal(kv.second, file, diag, "criterion '" + code + "': points"))
            sheet.points.push_back({code, *value, where});
          else
            unreadable.push_back(code);
        }
      }
    }
    if (const auto inputs = top.get("inputs")) {
      mapping p(*inputs, file, diag, "inputs", {});
      if (p.is_mapping()) {
        std::set<std::string> seen;
        for (const auto& kv : *inputs) {
          const std::string code = kv.first.Scalar();
          if (!seen.insert(code).second) continue;
          inputs_entry entry{code, {}, location_of(file, kv.first.Mark())};
          mapping values(kv.second, file, diag, "criterion '" + code + "': inputs", {});
          if (!values.is_mapping()) continue;
          std::set<std::string> names;
          bool readable = true;
          for (const auto& v : kv.second) {
            const std::string name = v.first.Scalar();
            if (!names.insert(name).second) continue;
            if (!v.second.IsScalar()) {
              diag.add(
                  "input-not-scalar", location_of(file, v.second.Mark()),
                  "criterion '" + code + "': input '" + name + "' must be a number or an answer");
              readable = false;
              continue;
            }
            entry.values.push_back({name, v.second.Scalar(), location_of(file, v.second.Mark())});
          }
          // An unreadable value is reported; the rule would only add "missing input".
          if (readable) sheet.inputs.push_back(std::move(entry));
        }
      }
    }
    if (const auto na = top.get("not_applicable")) {
      if (!na->IsSequence()) {
        diag.add("not-a-list", location_of(file, na->Mark()),
                 "score sheet: 'not_applicable' must be a list of codes");
      } else {
        for (const auto& code : *na) {
          if (!code.IsScalar())
            diag.add("not-text", location_of(file, code.Mark()),
                     "not_applicable: expected a criterion code");
          else
            sheet.not_applicable.push_back({code.Scalar(), location_of(file, code.Mark())});
        }
      }
    }
    if (const auto evidence = top.get("evidence")) read_evidence(*evidence, file, diag, sheet);
    // After points, inputs and n/a: derived leaves subtract them (src/printed_check.cpp).
    if (const auto printed = top.get("printed"); printed && !wrong_tree)
      detail::read_printed(*printed, file, diag, tree, sheet);
    // A sheet for another tree would only repeat "unknown criterion" for every code.
    if (!wrong_tree) {
      check_year(sheet, tree, diag, year_where);
      detail::check_sheet(sheet, tree, diag, diag.empty(), unreadable);
    }
    diag.throw_if_any();
    return sheet;
  });
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
  check_year(sheet, tree, diag, {});
  detail::check_sheet(sheet, tree, diag);
  diag.throw_if_any();
}

}  // namespace chiso
