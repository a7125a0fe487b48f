#include "chiso/criteria_loader.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <unordered_map>

#include "rule_support.hpp"
#include "yaml_support.hpp"

namespace chiso {
namespace {

using detail::diagnostics;
using detail::file_name_ptr;
using detail::location_of;
using detail::mapping;

const std::vector<std::string_view> node_keys = {
    "code", "name",   "max",        "min",      "method", "partial", "lead_agency",
    "note", "source", "unverified", "children", "rule",   "groups",  "not_groups"};
const std::vector<std::string_view> index_keys = {
    "id",  "name",   "legal_basis", "level",  "years", "decimals",   "max",
    "min", "method", "partial",     "source", "note",  "unverified", "groups"};

bool is_dotted_code(std::string_view code) {
  if (code.empty() || code.front() == '.' || code.back() == '.') return false;
  char previous = '.';
  for (char c : code) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum && c != '.') return false;
    if (c == '.' && previous == '.') return false;
    previous = c;
  }
  return true;
}

std::string label(const criterion& node, const index_info& info) {
  return node.code.empty() ? "index '" + info.id + "'" : "criterion '" + node.code + "'";
}

class loader {
 public:
  loader(file_name_ptr file, diagnostics& diag) : file_(std::move(file)), diag_(diag) {}

  criterion_tree load(const YAML::Node& root) {
    mapping top(root, file_, diag_, "criteria file",
                {"kind", "format_version", "index", "criteria"});
    criterion total;
    if (const auto index = top.get("index")) {
      total.where = top.key_where("index");
      read_index(*index, total);
    } else {
      diag_.add("missing-key", {file_, 1, 1}, "criteria file: missing key 'index'");
    }
    total.max_where = total.max_where.file ? total.max_where : total.where;
    nodes_.push_back(std::move(total));
    if (const auto list = top.get("criteria")) {
      read_children(*list, 0, top.key_where("criteria"));
    } else {
      diag_.add("missing-key", {file_, 1, 1}, "criteria file: missing key 'criteria'");
    }
    if (diag_.empty()) check_sums();
    if (diag_.empty()) check_engine_limits();
    diag_.throw_if_any();
    return criterion_tree(std::move(info_), std::move(nodes_));
  }

 private:
  void read_index(const YAML::Node& node, criterion& total) {
    mapping m(node, file_, diag_, "index", index_keys);
    if (!m.is_mapping()) return;
    info_.id = m.required_string("id").value_or("");
    info_.name = m.required_string("name").value_or("");
    info_.legal_basis = m.optional_string("legal_basis");
    info_.level = m.optional_string("level");
    info_.source = m.optional_string("source");
    info_.note = m.optional_string("note");
    info_.unverified = m.optional_string("unverified");
    if (auto d = m.optional_int("decimals")) {
      if (*d < 0 || *d > 9)
        diag_.add("decimals-range", location_of(file_, m.get("decimals")->Mark()),
                  "index: 'decimals' must be between 0 and 9");
      else
        info_.decimals = *d;
    }
    if (const auto years = m.get("years")) {
      if (years->IsScalar())
        years_from(*years);
      else if (years->IsSequence())
        for (const auto& y : *years) years_from(y);
      else
        diag_.add("years-not-list", location_of(file_, years->Mark()),
                  "index: 'years' must be a year or a list");
    }
    if (const auto groups = m.get("groups")) read_groups(*groups);
    total.name = info_.name;
    read_common(m, total);
    if (total.max_equal_share)
      diag_.add("equal-share-not-leaf", total.max_where,
                "index: only a leaf criterion can have 'max: equal_share'");
  }

  void read_groups(const YAML::Node& groups) {
    if (!groups.IsSequence()) {
      diag_.add("index-groups", location_of(file_, groups.Mark()),
                "index: 'groups' must be a list of unit groups, e.g. [so, huyen]");
      return;
    }
    for (const auto& g : groups) {
      if (!g.IsScalar() || g.Scalar().empty()) {
        diag_.add("index-groups", location_of(file_, g.Mark()),
                  "index: a unit group must be a non-empty name");
      } else if (std::find(info_.groups.begin(), info_.groups.end(), g.Scalar()) !=
                 info_.groups.end()) {
        diag_.add("index-groups", location_of(file_, g.Mark()),
                  "index: unit group '" + g.Scalar() + "' is listed twice");
      } else {
        info_.groups.push_back(g.Scalar());
      }
    }
  }

  void years_from(const YAML::Node& y) {
    const auto d = detail::read_decimal(y, file_, diag_, "index: a year");
    if (d && d->scale() == 0 && d->units() >= 1990 && d->units() <= 2100)
      info_.years.push_back(static_cast<int>(d->units()));
    else if (d)
      diag_.add("not-a-year", location_of(file_, y.Mark()),
                "index: '" + y.Scalar() + "' is not a year");
  }

  // Keys shared by the index (the root) and every criterion.
  void read_common(mapping& m, criterion& node) {
    const std::string what = m.context();
    if (const auto max = m.get("max")) {
      node.max_where = location_of(file_, max->Mark());
      if (max->IsScalar() && max->Scalar() == "unknown") {
        unknown_max_.push_back(nodes_.size());
      } else if (max->IsScalar() && max->Scalar() == "equal_share") {
        node.max_equal_share = true;
      } else if (auto d = detail::read_decimal(*max, file_, diag_, what + ": 'max'")) {
        node.max = *d;
        check_decimals(*d, node.max_where, what + ": max");
      }
    } else {
      node.max_where = node.where;
    }
    if (auto min = m.optional_decimal("min")) {
      node.min = *min;
      declared_min_.emplace(nodes_.size(), location_of(file_, m.get("min")->Mark()));
    }
    if (node.max && *node.max <= node.min)
      diag_.add("max-not-above-min", node.max_where,
                what + ": max must be greater than " +
                    (node.min.is_zero() ? std::string("0") : "its min " + node.min.to_string()) +
                    ", not " + node.max->to_string(),
                {}, node.code);
    if (const auto method = m.get("method")) {
      const auto parsed = method->IsScalar() ? parse_measurement(method->Scalar()) : std::nullopt;
      if (parsed) {
        node.method = *parsed;
      } else {
        std::string message = what + ": unknown method '" +
                              (method->IsScalar() ? method->Scalar() : std::string("?")) + "'";
        const std::vector<std::string_view> methods = {"self_assessed", "appraised", "survey",
                                                       "official_data"};
        if (auto guess = detail::nearest(method->IsScalar() ? method->Scalar() : "", methods))
          message += " (did you mean '" + *guess + "'?)";
        else
          message += " (expected self_assessed, appraised, survey or official_data)";
        diag_.add("unknown-method", location_of(file_, method->Mark()), message, {}, node.code);
      }
    }
    if (const auto partial = m.get("partial")) read_partial(*partial, node, what);
    node.source = m.optional_string("source");
    node.note = m.optional_string("note");
    node.unverified = m.optional_string("unverified");
  }

  void read_partial(const YAML::Node& y, criterion& node, const std::string& what) {
    mapping m(y, file_, diag_, what + ": partial", {"unlisted", "note"});
    if (!m.is_mapping()) return;
    partial_spec spec;
    if (const auto unlisted = m.get("unlisted")) {
      const auto p =
          unlisted->IsScalar() ? parse_unlisted_policy(unlisted->Scalar()) : std::nullopt;
      if (p)
        spec.unlisted = *p;
      else
        diag_.add("partial-unlisted", location_of(file_, unlisted->Mark()),
                  what + ": partial: 'unlisted' must be full_marks, zero or unknown", {},
                  node.code);
    } else {
      diag_.add("partial-unlisted", m.where(),
                what +
                    ": partial: missing key 'unlisted' (full_marks, zero or "
                    "unknown: what the criteria the source did not print scored)",
                {}, node.code);
    }
    spec.note = m.optional_string("note");
    node.partial = spec;
  }

  // `groups:` / `not_groups:` of a criterion: a non-empty list of distinct unit group names.
  std::vector<std::string> read_group_list(mapping& m, const char* key, const std::string& what) {
    std::vector<std::string> out;
    const auto list = m.get(key);
    if (!list) return out;
    if (!list->IsSequence() || list->size() == 0) {
      diag_.add("criterion-groups", location_of(file_, list->Mark()),
                what + ": '" + key + "' must be a non-empty list of unit groups, e.g. [huyen]");
      return out;
    }
    for (const auto& g : *list) {
      if (!g.IsScalar() || g.Scalar().empty())
        diag_.add("criterion-groups", location_of(file_, g.Mark()),
                  what + ": '" + key + "': a unit group must be a non-empty name");
      else if (std::find(out.begin(), out.end(), g.Scalar()) != out.end())
        diag_.add("criterion-groups", location_of(file_, g.Mark()),
                  what + ": '" + key + "': unit group '" + g.Scalar() + "' is listed twice");
      else
        out.push_back(g.Scalar());
    }
    return out;
  }

  void check_decimals(const decimal& d, const source_location& where, const std::string& what) {
    if (d.normalized().scale() > info_.decimals)
      diag_.add("too-many-decimals", where,
                what + " " + d.to_string() + " has more decimals than the index declares (" +
                    std::to_string(info_.decimals) + ")");
  }

  void read_children(const YAML::Node& list, std::uint32_t parent, const source_location& where) {
    const std::string owner = label(nodes_[parent], info_);
    if (!list.IsSequence() || list.size() == 0) {
      diag_.add("empty-children", list.IsNull() ? where : location_of(file_, list.Mark()),
                owner + ": " + (parent == 0 ? "'criteria'" : "'children'") +
                    " must be a non-empty list of criteria");
      return;
    }
    std::size_t position = 0;
    for (const auto& item : list) {
      ++position;
      read_node(item, parent, position);
    }
  }

  void read_node(const YAML::Node& y, std::uint32_t parent, std::size_t position) {
    std::string code;
    if (y.IsMap() && y["code"] && y["code"].IsScalar()) code = y["code"].Scalar();
    const std::string what = code.empty() ? "criterion #" + std::to_string(position) + " of " +
                                                label(nodes_[parent], info_)
                                          : "criterion '" + code + "'";
    mapping m(y, file_, diag_, what, node_keys);
    if (!m.is_mapping()) return;
    criterion node;
    node.parent = parent;
    node.method = nodes_[parent].method;  // inherited unless the node says otherwise
    node.where = m.key_where("code");
    if (!m.has("code")) {
      diag_.add("missing-key", m.where(), what + ": missing key 'code'", {}, code);
    } else if (!is_dotted_code(code)) {
      diag_.add("bad-code", location_of(file_, m.get("code")->Mark()),
                what + ": '" + code + "' is not a dotted code such as 2.4.1", {}, code);
    } else {
      const auto& parent_code = nodes_[parent].code;
      if (parent != 0 && code.rfind(parent_code + ".", 0) != 0)
        diag_.add("code-not-under-parent", location_of(file_, m.get("code")->Mark()),
                  "criterion '" + code + "' is listed under '" + parent_code +
                      "' but its code does not extend it (expected '" + parent_code + ".…')",
                  {}, code);
      const auto [it, inserted] = first_seen_.emplace(code, node.where);
      if (!inserted)
        diag_.add("duplicate-code", location_of(file_, m.get("code")->Mark()),
                  "duplicate code '" + code + "'; first defined at " + it->second.to_string(), {},
                  code);
    }
    node.code = code;
    node.name = m.required_string("name").value_or("");
    node.lead_agency = m.optional_string("lead_agency");
    read_common(m, node);
    node.groups = read_group_list(m, "groups", what);
    node.not_groups = read_group_list(m, "not_groups", what);
    if (!node.groups.empty() && !node.not_groups.empty())
      diag_.add("criterion-groups", m.key_where("not_groups"),
                what +
                    ": give either 'groups' (the unit groups it applies to) or 'not_groups' "
                    "(those it does not apply to), not both");
    const auto index = static_cast<std::uint32_t>(nodes_.size());
    const auto children = m.get("children");
    const bool has_max = m.has("max");
    nodes_.push_back(std::move(node));
    if (const auto rule = m.get("rule")) {
      if (children)
        diag_.add("rule-not-leaf", m.key_where("rule"),
                  what + " has sub-criteria: only a leaf can have a rule", {}, code);
      else
        nodes_[index].rule = detail::parse_rule(*rule, file_, diag_, nodes_[index], info_.decimals);
    }
    if (children) {
      if (nodes_[index].max_equal_share)
        diag_.add("equal-share-not-leaf", nodes_[index].max_where,
                  what +
                      ": only a leaf can have 'max: equal_share' (a parent's max is the sum "
                      "of its children's)",
                  {}, code);
      read_children(*children, index, m.key_where("children"));
    } else {
      if (!has_max)
        diag_.add("leaf-without-max", m.where(),
                  what +
                      " is a leaf and needs a 'max' (write 'max: unknown' where "
                      "the source does not give it)",
                  {}, code);
      if (nodes_[index].method == measurement::unspecified)
        diag_.add("leaf-without-method", m.where(),
                  what +
                      " has no 'method' (set it on the criterion or an ancestor: "
                      "self_assessed, appraised, survey or official_data)",
                  {}, code);
      if (nodes_[index].max_equal_share && m.has("min"))
        diag_.add("equal-share-min", m.key_where("min"),
                  what +
                      " has 'max: equal_share': its range is a share of its "
                      "parent's, so it cannot declare a 'min'",
                  {}, code);
      if (nodes_[index].partial)
        diag_.add("partial-leaf", m.key_where("partial"),
                  what + " is a leaf: only a criterion with children can be partial", {}, code);
    }
  }

  // Children before parents: the pre-order list walked backwards.
  void check_sums() {
    std::vector<std::vector<std::uint32_t>> children(nodes_.size());
    for (std::uint32_t i = 1; i < nodes_.size(); ++i) children[nodes_[i].parent].push_back(i);
    const auto declared = [](const std::vector<std::size_t>& list, std::size_t i) {
      return std::find(list.begin(), list.end(), i) != list.end();
    };
    for (std::size_t i = nodes_.size(); i-- > 0;) {
      auto& node = nodes_[i];
      const auto& kids = children[i];
      if (kids.empty()) continue;
      bool all_known = true;
      decimal known_sum;
      decimal min_sum;
      for (auto k : kids) {
        if (nodes_[k].max)
          known_sum += *nodes_[k].max;
        else
          all_known = false;
        min_sum += nodes_[k].min;
      }
      const std::string what = label(node, info_);
      const bool explicit_unknown = declared(unknown_max_, i);
      const auto shares = static_cast<std::size_t>(std::count_if(
          kids.begin(), kids.end(), [&](auto k) { return nodes_[k].max_equal_share; }));
      if (shares > 0) {
        // Equal shares of the declared range: nothing to sum, but the range must be declared.
        if (shares != kids.size())
          diag_.add("equal-share-mixed", node.where,
                    what +
                        ": either all or none of its children can have 'max: "
                        "equal_share' (" +
                        std::to_string(shares) + " of " + std::to_string(kids.size()) + " have it)",
                    {}, node.code);
        if (!node.max || node.partial)
          diag_.add("equal-share-parent", node.where,
                    what +
                        ": children with 'max: equal_share' need the parent to "
                        "declare its 'max' (and 'min' if not 0), and not be partial",
                    {}, node.code);
        continue;
      }
      if (node.partial) {
        if (node.max && known_sum > *node.max)
          diag_.add("partial-sum", node.max_where,
                    what + " is partial but its listed children's max sum to " +
                        known_sum.to_string() + ", more than its max " + node.max->to_string(),
                    {}, node.code);
      } else if (node.max) {
        if (all_known && known_sum != *node.max)
          diag_.add("max-sum", node.max_where,
                    what + ": children's max sum to " + known_sum.to_string() + ", not its max " +
                        node.max->to_string() +
                        " (declare it partial if the source lists only part)",
                    {}, node.code);
        else if (!all_known && known_sum > *node.max)
          diag_.add("max-sum", node.max_where,
                    what + ": children's known max sum to " + known_sum.to_string() +
                        ", more than its max " + node.max->to_string(),
                    {}, node.code);
      } else if (all_known && !explicit_unknown) {
        node.max = known_sum;
        node.max_derived = true;
      }
      if (const auto min = declared_min_.find(i); min == declared_min_.end())
        node.min = min_sum;
      else if (!node.partial && node.min != min_sum)
        diag_.add("min-sum", min->second,
                  what + ": children's min sum to " + min_sum.to_string() + ", not its min " +
                      node.min.to_string(),
                  {}, node.code);
    }
  }

  // The batch engine (unit_matrix) holds a leaf's points as an int32 count of 10^-decimals
  // points, so every value a leaf can take must fit: refused here, with the position, rather than
  // when units are ranked.
  void check_engine_limits() {
    constexpr std::int64_t cell_max = std::numeric_limits<std::int32_t>::max();
    const auto fits = [&](const decimal& d, int decimals) {
      const auto n = d.normalized();
      if (n.scale() > decimals) return true;  // reported as too many decimals
      const auto factor = decimals - n.scale();
      if (factor > 18) return false;
      // |units| × 10^factor ≤ cell_max, without overflowing.
      std::int64_t limit = cell_max;
      for (int k = 0; k < factor; ++k) limit /= 10;
      return n.units() <= limit && n.units() >= -limit;
    };
    for (std::size_t i = 1; i < nodes_.size(); ++i) {
      const auto& node = nodes_[i];
      const bool leaf = i + 1 == nodes_.size() || nodes_[i + 1].parent != i;
      if (!leaf) continue;
      // An equal share of the parent's range is at most the parent's max.
      const auto& bound_node = node.max_equal_share ? nodes_[node.parent] : node;
      for (const auto& value : {bound_node.max, std::optional<decimal>(bound_node.min)}) {
        if (!value || fits(*value, info_.decimals)) continue;
        int most = info_.decimals;
        while (most > 0 && !fits(*value, most)) --most;
        diag_.add("engine-limit",
                  bound_node.max && value == bound_node.max ? bound_node.max_where : node.where,
                  label(node, info_) + ": " + value->to_string() + " points at " +
                      std::to_string(info_.decimals) +
                      " decimals do not fit the scoring engine's 32-bit cells (at most 2147483647 "
                      "units of 10^-decimals points): declare 'decimals: " +
                      std::to_string(most) + "' or less in 'index'",
                  {}, node.code);
        break;
      }
    }
  }

  file_name_ptr file_;
  diagnostics& diag_;
  index_info info_;
  std::vector<criterion> nodes_;
  std::unordered_map<std::string, source_location> first_seen_;
  std::vector<std::size_t> unknown_max_;
  std::unordered_map<std::size_t, source_location> declared_min_;
};

}  // namespace

criterion_tree parse_criteria(std::string_view yaml, std::string file_name) {
  return detail::guarded(file_name, [&] {
    auto file = std::make_shared<const std::string>(file_name);
    diagnostics diag;
    const YAML::Node root = detail::parse_yaml(yaml, file);
    if (!detail::check_file_kind(root, file, diag, "chiso/criteria")) diag.throw_if_any();
    return loader(file, diag).load(root);
  });
}

criterion_tree load_criteria(const std::filesystem::path& file) {
  return parse_criteria(detail::read_file(file), file.string());
}

}  // namespace chiso
