#include "chiso/rule.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "chiso/error.hpp"
#include "chiso/tree.hpp"
#include "rounding.hpp"
#include "rule_support.hpp"
#include "unicode_support.hpp"

namespace chiso {

std::string_view to_string(rule_kind k) noexcept {
  switch (k) {
    case rule_kind::points:
      return "points";
    case rule_kind::proportional:
      return "proportional";
    case rule_kind::threshold:
      return "threshold";
    case rule_kind::steps:
      return "steps";
    case rule_kind::yes_no:
      return "yes_no";
    case rule_kind::levels:
      return "levels";
    case rule_kind::deduction:
      return "deduction";
    case rule_kind::target_ratio:
      return "target_ratio";
    case rule_kind::survey:
      return "survey";
    case rule_kind::goalposts:
      return "goalposts";
  }
  return "?";
}

namespace {

constexpr std::array all_kinds = {
    rule_kind::points, rule_kind::proportional, rule_kind::threshold, rule_kind::steps,
    rule_kind::yes_no, rule_kind::levels,       rule_kind::deduction, rule_kind::target_ratio,
    rule_kind::survey, rule_kind::goalposts};

}  // namespace

std::optional<rule_kind> parse_rule_kind(std::string_view name) noexcept {
  for (auto k : all_kinds)
    if (to_string(k) == name) return k;
  return std::nullopt;
}

std::string_view to_string(rule_measure m) noexcept {
  switch (m) {
    case rule_measure::value:
      return "value";
    case rule_measure::percent:
      return "percent";
    case rule_measure::ratio:
      return "ratio";
  }
  return "?";
}

decimal round_to_decimal(const rational& value, int precision, rounding mode) {
  bool negative = false;
  auto q = detail::round_magnitude(value, precision, mode, negative, "chiso::round_to_decimal");
  if (negative) q = -q;
  if (q > std::numeric_limits<std::int64_t>::max() || q < std::numeric_limits<std::int64_t>::min())
    throw overflow_error("chiso::round_to_decimal: the rounded value does not fit in 64 bits");
  return decimal::from_units(q.convert_to<std::int64_t>(), precision);
}

std::string describe(const scoring_rule& rule) {
  std::string out(to_string(rule.kind));
  if (!rule.inputs.empty()) {
    out += " (";
    for (std::size_t i = 0; i < rule.inputs.size(); ++i) {
      if (i) out += ", ";
      const auto& in = rule.inputs[i];
      out += in.role == in.name ? "'" + in.name + "'" : in.role + " '" + in.name + "'";
    }
    out += ")";
  }
  if (rule.rounding_declared)
    out += ", " + std::string(to_string(rule.mode)) + " to " + std::to_string(rule.precision) +
           " decimals";
  return out;
}

namespace detail {
namespace {

std::string quoted(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " or " : ", ";
    out += "'" + words[i] + "'";
  }
  return out;
}

std::vector<std::string_view> views(const std::vector<std::string>& words) {
  return {words.begin(), words.end()};
}

// Roles of a measured value.
std::vector<rule_input_spec> measure_inputs(rule_measure m) {
  switch (m) {
    case rule_measure::value:
      return {{"value", "value", ""}};
    case rule_measure::percent:
      return {{"rate", "rate", "%"}};
    case rule_measure::ratio:
      return {{"numerator", "numerator", ""}, {"denominator", "denominator", ""}};
  }
  return {};
}

bool uses_measure(rule_kind k) {
  return k == rule_kind::proportional || k == rule_kind::threshold || k == rule_kind::steps ||
         k == rule_kind::goalposts;
}

// Kinds whose exact result is a quotient: they must say how it is rounded.
bool needs_rounding(rule_kind k) {
  return k == rule_kind::proportional || k == rule_kind::target_ratio || k == rule_kind::survey ||
         k == rule_kind::goalposts;
}

std::vector<std::string_view> keys_for(rule_kind k) {
  std::vector<std::string_view> keys = {"kind", "note", "source", "unverified"};
  const auto add = [&](std::initializer_list<std::string_view> more) {
    keys.insert(keys.end(), more.begin(), more.end());
  };
  if (k != rule_kind::points && k != rule_kind::survey) add({"inputs"});
  if (uses_measure(k)) add({"measure", "allow_over_100"});
  if (needs_rounding(k)) add({"precision", "rounding"});
  switch (k) {
    case rule_kind::proportional:
      add({"full_at", "zero_below"});
      break;
    case rule_kind::threshold:
      add({"target", "direction", "otherwise"});
      break;
    case rule_kind::steps:
      add({"steps"});
      break;
    case rule_kind::yes_no:
      add({"yes", "no"});
      break;
    case rule_kind::levels:
      add({"levels"});
      break;
    case rule_kind::deduction:
      add({"per"});
      break;
    case rule_kind::survey:
      add({"variant", "categories", "satisfied", "scores", "mean_scale"});
      break;
    case rule_kind::goalposts:
      add({"worst", "best", "clamp"});
      break;
    case rule_kind::points:
    case rule_kind::target_ratio:
      break;
  }
  return keys;
}

class rule_parser {
 public:
  rule_parser(const file_name_ptr& file, diagnostics& diag, const criterion& leaf, int decimals)
      : file_(file),
        diag_(diag),
        leaf_(leaf),
        decimals_(decimals),
        what_("criterion '" + leaf.code + "': rule") {}

  std::optional<scoring_rule> parse(const YAML::Node& node) {
    scoring_rule rule;
    rule.where = location_of(file_, node.Mark());
    rule.precision = decimals_;
    if (node.IsScalar()) {  // `rule: points` is shorthand for `rule: {kind: points}`
      if (node.Scalar() == "points") return rule;
      error("rule-not-mapping", rule.where,
            "must be a mapping with a 'kind' (a bare name is allowed only for "
            "'points')");
      return std::nullopt;
    }
    if (!node.IsMap()) {
      error("rule-not-mapping", rule.where, "must be a mapping with a 'kind'");
      return std::nullopt;
    }
    const auto kind_node = node["kind"];
    if (!kind_node || !kind_node.IsScalar()) {
      error("missing-key", rule.where, "missing key 'kind' (" + kind_list() + ")");
      return std::nullopt;
    }
    const auto kind = parse_rule_kind(kind_node.Scalar());
    if (!kind) {
      std::vector<std::string_view> names;
      for (auto k : all_kinds) names.push_back(to_string(k));
      std::string message = "unknown kind '" + kind_node.Scalar() + "'";
      if (auto guess = nearest(kind_node.Scalar(), names))
        message += " (did you mean '" + *guess + "'?)";
      else
        message += " (expected " + kind_list() + ")";
      error("unknown-rule-kind", location_of(file_, kind_node.Mark()), message);
      return std::nullopt;
    }
    rule.kind = *kind;
    const std::size_t errors_before = count_;
    mapping m(node, file_, diag_, what_, keys_for(rule.kind));
    rule.note = m.optional_string("note");
    rule.source = m.optional_string("source");
    rule.unverified = m.optional_string("unverified");
    if (rule.kind == rule_kind::points) return rule;
    if (!leaf_.max) {
      error("rule-needs-max", rule.where,
            "a " + std::string(to_string(rule.kind)) +
                " rule needs the criterion's max, which is unknown");
      return std::nullopt;
    }
    max_ = *leaf_.max;
    if (uses_measure(rule.kind)) read_measure(m, rule);
    if (needs_rounding(rule.kind)) read_rounding(m, rule);
    switch (rule.kind) {
      case rule_kind::proportional:
        rule.full_at = percent_key(m, "full_at");
        rule.zero_below = percent_key(m, "zero_below");
        if (rule.full_at && rule.zero_below && *rule.zero_below > *rule.full_at)
          error("rule-bounds", m.key_where("zero_below"),
                "'zero_below' " + rule.zero_below->to_string() + " is above 'full_at' " +
                    rule.full_at->to_string());
        break;
      case rule_kind::threshold:
        read_threshold(m, rule);
        break;
      case rule_kind::steps:
        read_steps(m, rule);
        break;
      case rule_kind::yes_no:
        rule.inputs = {{"answer", "answer", ""}};
        rule.levels.push_back({"yes", points_key(m, "yes").value_or(max_), m.key_where("yes")});
        rule.levels.push_back({"no", points_key(m, "no").value_or(leaf_.min), m.key_where("no")});
        break;
      case rule_kind::levels:
        rule.inputs = {{"answer", "answer", ""}};
        read_levels(m, rule);
        break;
      case rule_kind::deduction:
        rule.inputs = {{"count", "count", ""}};
        read_deduction(m, rule);
        break;
      case rule_kind::target_ratio:
        rule.inputs = {{"achieved", "achieved", ""}, {"target", "target", ""}};
        break;
      case rule_kind::survey:
        read_survey(m, rule);
        break;
      case rule_kind::goalposts:
        read_goalposts(m, rule);
        break;
      case rule_kind::points:
        break;
    }
    if (rule.kind != rule_kind::survey) read_inputs(m, rule);
    if (count_ != errors_before) return std::nullopt;
    return rule;
  }

 private:
  static std::string kind_list() {
    std::string out;
    for (auto k : all_kinds) out += (out.empty() ? "" : ", ") + std::string(to_string(k));
    return out;
  }

  void error(const char* code, const source_location& where, const std::string& message) {
    ++count_;
    diag_.add(code, where, what_ + ": " + message, {}, leaf_.code);
  }

  source_location value_where(const mapping& m, std::string_view key) const {
    const auto v = m.get(key);
    return v ? location_of(file_, v->Mark()) : m.where();
  }

  std::optional<decimal> number(mapping& m, std::string_view key) {
    auto v = m.optional_decimal(key);
    if (!v && m.has(key)) ++count_;
    return v;
  }

  std::optional<decimal> percent_key(mapping& m, std::string_view key) {
    auto v = number(m, key);
    if (v && (v->is_negative() || *v > decimal(100))) {
      error("rule-percent-range", value_where(m, key),
            "'" + std::string(key) +
                "' is a percentage and must be in "
                "[0, 100], not " +
                v->to_string());
      return std::nullopt;
    }
    return v;
  }

  bool check_points(const decimal& p, const source_location& where, const std::string& what) {
    if (p < leaf_.min || p > max_) {
      error("rule-points-range", where,
            what + " " + p.to_string() + " is outside the criterion's range [" +
                leaf_.min.to_string() + ", " + max_.to_string() + "]");
      return false;
    }
    if (p.normalized().scale() > decimals_) {
      error("too-many-decimals", where,
            what + " " + p.to_string() + " has more decimals than the index declares (" +
                std::to_string(decimals_) + ")");
      return false;
    }
    return true;
  }

  std::optional<decimal> points_key(mapping& m, std::string_view key) {
    auto v = number(m, key);
    if (v && !check_points(*v, value_where(m, key), "'" + std::string(key) + "' points"))
      return std::nullopt;
    return v;
  }

  std::optional<bool> flag(mapping& m, std::string_view key) {
    const auto v = m.optional_bool(key);
    if (!v && m.has(key)) ++count_;
    return v;
  }

  void read_measure(mapping& m, scoring_rule& rule) {
    rule.measure = rule.kind == rule_kind::proportional ? rule_measure::ratio : rule_measure::value;
    if (const auto v = m.get("measure")) {
      const std::string text = v->IsScalar() ? v->Scalar() : "";
      if (text == "value" && rule.kind != rule_kind::proportional)
        rule.measure = rule_measure::value;
      else if (text == "percent")
        rule.measure = rule_measure::percent;
      else if (text == "ratio")
        rule.measure = rule_measure::ratio;
      else
        error("rule-measure", location_of(file_, v->Mark()),
              "'measure' must be " +
                  std::string(rule.kind == rule_kind::proportional ? "ratio or percent"
                                                                   : "value, ratio or percent") +
                  ", not '" + text + "'");
    }
    rule.allow_over_100 = flag(m, "allow_over_100").value_or(false);
    rule.inputs = measure_inputs(rule.measure);
  }

  void read_rounding(mapping& m, scoring_rule& rule) {
    if (auto p = m.optional_int("precision")) {
      if (*p < 0 || *p > decimals_)
        error("rule-precision", value_where(m, "precision"),
              "'precision' must be between 0 and the index's "
              "decimals (" +
                  std::to_string(decimals_) + ")");
      else
        rule.precision = *p;
    } else if (m.has("precision")) {
      ++count_;
    }
    const auto r = m.get("rounding");
    if (!r) {
      error("missing-key", rule.where,
            "missing key 'rounding' (half_up, half_even or truncate: how the exact "
            "result is cut to " +
                std::to_string(rule.precision) + " decimals)");
      return;
    }
    const std::string text = r->IsScalar() ? r->Scalar() : "";
    if (text == "half_up" || text == "half_even" || text == "truncate") {
      rule.mode = parse_rounding(text);
      rule.rounding_declared = true;
    } else {
      error("rule-rounding", location_of(file_, r->Mark()),
            "'rounding' must be half_up, half_even or truncate, not '" + text + "'");
    }
  }

  void read_inputs(mapping& m, scoring_rule& rule) {
    const auto node = m.get("inputs");
    if (!node) return;
    std::vector<std::string_view> roles;
    for (const auto& in : rule.inputs) roles.push_back(in.role);
    mapping im(*node, file_, diag_, what_ + ": inputs", roles);
    if (!im.is_mapping()) {
      ++count_;
      return;
    }
    for (const auto& kv : *node) {
      const std::string role = kv.first.Scalar();
      const auto spec = std::find_if(rule.inputs.begin(), rule.inputs.end(),
                                     [&](const rule_input_spec& s) { return s.role == role; });
      if (spec == rule.inputs.end()) {
        ++count_;  // reported by `im`
        continue;
      }
      if (kv.second.IsScalar() && !kv.second.Scalar().empty()) {
        spec->name = kv.second.Scalar();
        continue;
      }
      mapping one(kv.second, file_, diag_, what_ + ": inputs: " + role, {"name", "unit"});
      if (!one.is_mapping()) {
        ++count_;
        continue;
      }
      if (auto name = one.optional_string("name"); !name.empty()) spec->name = name;
      spec->unit = one.optional_string("unit");
    }
    for (std::size_t i = 0; i < rule.inputs.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (rule.inputs[i].name == rule.inputs[j].name)
          error("rule-input-twice", location_of(file_, node->Mark()),
                "inputs '" + rule.inputs[j].role + "' and '" + rule.inputs[i].role +
                    "' have the same name '" + rule.inputs[i].name + "'");
  }

  void read_threshold(mapping& m, scoring_rule& rule) {
    if (auto t = number(m, "target"))
      rule.target = *t;
    else if (!m.has("target"))
      error("missing-key", rule.where,
            "missing key 'target' (the value at/above which the maximum is given)");
    if (const auto d = m.get("direction")) {
      const std::string text = d->IsScalar() ? d->Scalar() : "";
      if (text == "at_most")
        rule.at_most = true;
      else if (text != "at_least")
        error("rule-direction", location_of(file_, d->Mark()),
              "'direction' must be at_least or at_most, not '" + text + "'");
    }
    rule.otherwise = points_key(m, "otherwise").value_or(leaf_.min);
  }

  void read_steps(mapping& m, scoring_rule& rule) {
    const auto list = m.get("steps");
    if (!list || !list->IsSequence() || list->size() == 0) {
      error("rule-steps", list ? location_of(file_, list->Mark()) : rule.where,
            "'steps' must be a non-empty list of {from, below, points} (below omitted on the "
            "last step)");
      return;
    }
    for (const auto& item : *list) {
      const auto where = location_of(file_, item.Mark());
      mapping s(item, file_, diag_, what_ + ": step", {"from", "below", "points"});
      if (!s.is_mapping()) {
        ++count_;
        continue;
      }
      const auto from = number(s, "from");
      const auto below = number(s, "below");
      const auto points = number(s, "points");
      if (!s.has("from")) error("missing-key", where, "step: missing key 'from'");
      if (!s.has("points")) error("missing-key", where, "step: missing key 'points'");
      if (!from || !points) continue;
      if (below && *below <= *from) {
        error("rule-steps", value_where(s, "below"),
              "step: 'below' " + below->to_string() + " must be greater than 'from' " +
                  from->to_string());
        continue;
      }
      if (!check_points(*points, value_where(s, "points"), "step points")) continue;
      rule.steps.push_back({*from, below, *points, where});
    }
    if (rule.steps.empty()) return;
    const bool is_percent = rule.measure != rule_measure::value;
    if (is_percent && !rule.steps.front().from.is_zero())
      error("rule-steps", rule.steps.front().where,
            "the first step must start at 0: values from 0 to below " +
                rule.steps.front().from.to_string() + " % are not covered");
    for (std::size_t i = 1; i < rule.steps.size(); ++i) {
      const auto& prev = rule.steps[i - 1];
      const auto& step = rule.steps[i];
      if (!prev.below) {
        error("rule-steps", prev.where, "only the last step may omit 'below'");
        continue;
      }
      if (step.from < *prev.below)
        error("rule-steps", step.where,
              "step from " + step.from.to_string() + " overlaps the previous step [" +
                  prev.from.to_string() + ", " + prev.below->to_string() + ")");
      else if (step.from > *prev.below)
        error("rule-steps", step.where,
              "gap between steps: values from " + prev.below->to_string() + " to below " +
                  step.from.to_string() + " are not covered");
    }
    if (rule.steps.back().below)
      error("rule-steps", rule.steps.back().where,
            "the last step must omit 'below': values from " + rule.steps.back().below->to_string() +
                " up are not covered");
  }

  void read_levels(mapping& m, scoring_rule& rule) {
    const auto node = m.get("levels");
    if (!node) {
      error("missing-key", rule.where,
            "missing key 'levels' (answer: points, e.g. \"Hoàn thành\": 1)");
      return;
    }
    mapping lm(*node, file_, diag_, what_ + ": levels", {});
    if (!lm.is_mapping()) return;  // reported by `lm`
    if (node->size() == 0) {
      error("rule-levels", location_of(file_, node->Mark()),
            "'levels' must map each answer to its points");
      return;
    }
    for (const auto& kv : *node) {
      const std::string answer = kv.first.Scalar();
      const auto where = location_of(file_, kv.first.Mark());
      if (std::any_of(rule.levels.begin(), rule.levels.end(),
                      [&](const rule_level& l) { return l.answer == answer; })) {
        ++count_;  // duplicate, reported by `lm`
        continue;
      }
      auto p = read_decimal(kv.second, file_, diag_, what_ + ": level '" + answer + "'");
      if (!p) {
        ++count_;
        continue;
      }
      if (check_points(*p, location_of(file_, kv.second.Mark()), "level '" + answer + "' points"))
        rule.levels.push_back({answer, *p, where});
    }
  }

  void read_deduction(mapping& m, scoring_rule& rule) {
    const auto per = number(m, "per");
    if (!per) {
      if (!m.has("per"))
        error("missing-key", rule.where, "missing key 'per' (points deducted per occurrence)");
      return;
    }
    if (!(decimal() < *per))
      error("rule-per", value_where(m, "per"),
            "'per' must be greater than 0, not " + per->to_string());
    else if (per->normalized().scale() > decimals_)
      error("too-many-decimals", value_where(m, "per"),
            "'per' " + per->to_string() + " has more decimals than the index declares (" +
                std::to_string(decimals_) + ")");
    else
      rule.per_occurrence = *per;
  }

  std::vector<std::string> string_list(mapping& m, std::string_view key) {
    std::vector<std::string> out;
    const auto node = m.get(key);
    if (!node) return out;
    if (!node->IsSequence()) {
      error("not-a-list", location_of(file_, node->Mark()),
            "'" + std::string(key) + "' must be a list");
      return out;
    }
    for (const auto& item : *node) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        error("not-text", location_of(file_, item.Mark()),
              "'" + std::string(key) + "': each entry must be a non-empty text");
        continue;
      }
      if (std::find(out.begin(), out.end(), item.Scalar()) != out.end()) {
        error("rule-listed-twice", location_of(file_, item.Mark()),
              "'" + std::string(key) + "': '" + item.Scalar() + "' is listed twice");
        continue;
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  void read_survey(mapping& m, scoring_rule& rule) {
    if (const auto v = m.get("variant")) {
      const std::string text = v->IsScalar() ? v->Scalar() : "";
      if (text == "mean")
        rule.variant = survey_variant::mean;
      else if (text != "share")
        error("rule-variant", location_of(file_, v->Mark()),
              "'variant' must be share or mean, not '" + text + "'");
    }
    if (rule.variant == survey_variant::share) {
      for (auto key : {"scores", "mean_scale"})
        if (m.has(key))
          error("rule-variant", m.key_where(key),
                "'" + std::string(key) + "' belongs to 'variant: mean'");
      const auto categories = string_list(m, "categories");
      if (categories.empty()) {
        if (!m.has("categories"))
          error("missing-key", rule.where,
                "missing key 'categories' (every answer category of the item)");
        return;
      }
      for (const auto& c : categories) rule.inputs.push_back({c, c, "phiếu"});
      rule.satisfied = string_list(m, "satisfied");
      if (!m.has("satisfied"))
        error("missing-key", rule.where,
              "missing key 'satisfied' (the categories counted as satisfied)");
      const auto node = m.get("satisfied");
      std::size_t i = 0;
      for (const auto& s : rule.satisfied) {
        if (std::find(categories.begin(), categories.end(), s) == categories.end()) {
          std::string message = "'satisfied': '" + s + "' is not one of the categories";
          if (auto guess = nearest(s, views(categories)))
            message += " (did you mean '" + *guess + "'?)";
          error("rule-unknown-category",
                node->IsSequence() && i < node->size() ? location_of(file_, (*node)[i].Mark())
                                                       : m.key_where("satisfied"),
                message);
        }
        ++i;
      }
      return;
    }
    for (auto key : {"categories", "satisfied"})
      if (m.has(key))
        error("rule-variant", m.key_where(key),
              "'" + std::string(key) + "' belongs to 'variant: share'");
    const auto scale = m.get("mean_scale");
    const std::string scale_text = scale && scale->IsScalar() ? scale->Scalar() : "";
    if (scale_text == "of_range")
      rule.scale = mean_scale::of_range;
    else if (scale_text != "of_max")
      error("rule-mean-scale", scale ? location_of(file_, scale->Mark()) : rule.where,
            "'mean_scale' must be of_max (mean ÷ highest score) or of_range ((mean − lowest) ÷ "
            "(highest − lowest))");
    const auto node = m.get("scores");
    if (!node) {
      error("missing-key", rule.where,
            "missing key 'scores' (answer category: its score, e.g. \"Hài lòng\": 4)");
      return;
    }
    mapping sm(*node, file_, diag_, what_ + ": scores", {});
    if (!sm.is_mapping() || node->size() < 2) {
      error("rule-scores", location_of(file_, node->Mark()),
            "'scores' must map at least two categories to "
            "their scores");
      return;
    }
    for (const auto& kv : *node) {
      const std::string c = kv.first.Scalar();
      if (std::any_of(rule.levels.begin(), rule.levels.end(),
                      [&](const rule_level& l) { return l.answer == c; })) {
        ++count_;
        continue;
      }
      auto s = read_decimal(kv.second, file_, diag_, what_ + ": score of '" + c + "'");
      if (!s) {
        ++count_;
        continue;
      }
      rule.levels.push_back({c, *s, location_of(file_, kv.first.Mark())});
      rule.inputs.push_back({c, c, "phiếu"});
    }
    if (rule.levels.size() < 2) return;
    const auto [lo, hi] = std::minmax_element(
        rule.levels.begin(), rule.levels.end(),
        [](const rule_level& a, const rule_level& b) { return a.points < b.points; });
    if (lo->points == hi->points || (rule.scale == mean_scale::of_max && !(decimal() < hi->points)))
      error("rule-scores", location_of(file_, node->Mark()),
            "'scores' must span a positive range (highest score above the lowest and above 0)");
  }

  void read_goalposts(mapping& m, scoring_rule& rule) {
    const auto worst = number(m, "worst");
    const auto best = number(m, "best");
    if (!m.has("worst"))
      error("missing-key", rule.where, "missing key 'worst' (the value scoring the min)");
    if (!m.has("best"))
      error("missing-key", rule.where, "missing key 'best' (the value scoring the max)");
    if (worst && best && *worst == *best)
      error("rule-best-worst", value_where(m, "best"), "'best' and 'worst' must differ");
    if (worst) rule.worst = *worst;
    if (best) rule.best = *best;
    rule.clamp = flag(m, "clamp").value_or(false);
  }

  const file_name_ptr& file_;
  diagnostics& diag_;
  const criterion& leaf_;
  int decimals_;
  std::string what_;
  decimal max_;
  std::size_t count_ = 0;
};

// Reads a rule's inputs from a sheet entry and computes its result.
class evaluator {
 public:
  evaluator(const criterion& leaf, const std::vector<rule_value>& inputs,
            const source_location& where, diagnostics& diag)
      : leaf_(leaf),
        rule_(*leaf.rule),
        inputs_(inputs),
        where_(where),
        diag_(diag),
        what_("criterion '" + leaf.code + "'") {}

  std::optional<rule_result> run() {
    check_names();
    if (failed_) return std::nullopt;
    const auto exact = compute();
    if (!exact || failed_) return std::nullopt;
    // Kinds without a declared rounding produce finite decimals (checked at load): keep them.
    if (!rule_.rounding_declared)
      if (auto d = decimal::from_rational(*exact)) return rule_result{*exact, *d};
    return rule_result{*exact, round_to_decimal(*exact, rule_.precision, rule_.mode)};
  }

 private:
  void error(const char* code, const source_location& where, const std::string& message) {
    failed_ = true;
    diag_.add(code, where, what_ + ": " + message);
  }

  std::string rule_name() const { return std::string(to_string(rule_.kind)) + " rule"; }

  void check_names() {
    std::vector<std::string> names;
    for (const auto& in : rule_.inputs) names.push_back(in.name);
    const bool categories = rule_.kind == rule_kind::survey;
    std::vector<std::string> suggested;
    for (std::size_t i = 0; i < inputs_.size(); ++i) {
      const auto& given = inputs_[i];
      for (std::size_t j = 0; j < i; ++j)
        if (inputs_[j].name == given.name)
          error("input-twice", given.where, "input '" + given.name + "' is given twice");
      if (std::find(names.begin(), names.end(), given.name) != names.end()) continue;
      std::string message = categories
                                ? "unknown answer category '" + given.name + "'"
                                : "unknown input '" + given.name + "' for its " + rule_name();
      if (auto guess = nearest(given.name, views(names))) {
        message += " (did you mean '" + *guess + "'?)";
        suggested.push_back(*guess);  // not also "missing": the typo is the one problem
      } else
        message += " (expected " + quoted(names) + ")";
      error("unknown-input", given.where, message);
    }
    for (const auto& in : rule_.inputs)
      if (!find(in.name) &&
          std::find(suggested.begin(), suggested.end(), in.name) == suggested.end())
        error("input-missing", where_,
              std::string(categories ? "missing count of answer category '" : "missing input '") +
                  in.name + "'" + (in.unit.empty() ? "" : " (" + in.unit + ")") + " for its " +
                  rule_name());
  }

  const rule_value* find(const std::string& name) const {
    for (const auto& v : inputs_)
      if (v.name == name) return &v;
    return nullptr;
  }

  const rule_input_spec& spec(std::string_view role) const {
    return *std::find_if(rule_.inputs.begin(), rule_.inputs.end(),
                         [&](const rule_input_spec& s) { return s.role == role; });
  }

  // A numeric input; `count`: must be ≥ 0 (whole when `whole`).
  std::optional<decimal> number(const rule_input_spec& in, bool count, bool whole = false) {
    const auto* v = find(in.name);
    if (!v) return std::nullopt;
    auto d = decimal::parse(v->text);
    if (!d) {
      std::string message =
          "input '" + in.name + "' must be a decimal number, not '" + v->text + "'";
      if (v->text.find(',') != std::string::npos && v->text.find('.') == std::string::npos) {
        std::string fixed = v->text;
        std::replace(fixed.begin(), fixed.end(), ',', '.');
        message += " (write decimals with a point: " + fixed + ")";
      } else if (v->text.find('.') != std::string::npos && count) {
        message += " (write counts without thousands separators)";
      }
      error("input-not-a-number", v->where, message);
      return std::nullopt;
    }
    if (count && d->is_negative()) {
      error("input-count", v->where,
            "input '" + in.name + "' is a count and cannot be negative (" + d->to_string() + ")");
      return std::nullopt;
    }
    if (whole && d->normalized().scale() != 0) {
      error("input-count", v->where,
            "input '" + in.name + "' is a count and must be a whole number, not " + d->to_string());
      return std::nullopt;
    }
    return d;
  }

  // The measured value; for percent and ratio measures, in %.
  std::optional<rational> measured() {
    if (rule_.measure == rule_measure::value) {
      const auto v = number(spec("value"), false);
      return v ? std::optional(v->to_rational()) : std::nullopt;
    }
    rational rate;
    const rule_value* at = nullptr;
    if (rule_.measure == rule_measure::percent) {
      const auto& in = spec("rate");
      const auto r = number(in, false);
      if (!r) return std::nullopt;
      at = find(in.name);
      if (r->is_negative()) {
        error("input-rate", at->where,
              "rate '" + in.name + "' cannot be negative (" + r->to_string() + " %)");
        return std::nullopt;
      }
      rate = r->to_rational();
    } else {
      const auto& num_in = spec("numerator");
      const auto& den_in = spec("denominator");
      const auto n = number(num_in, true);
      const auto d = number(den_in, true);
      if (!n || !d) return std::nullopt;
      at = find(num_in.name);
      if (d->is_zero()) {
        error("input-undefined", find(den_in.name)->where,
              "denominator '" + den_in.name + "' is 0: the rate is undefined");
        return std::nullopt;
      }
      rate = n->to_rational() * 100 / d->to_rational();
    }
    if (rate > 100) {
      if (!rule_.allow_over_100) {
        error("input-rate", at->where,
              "rate " + format_number(rate, {2, rounding::half_up, '.'}) +
                  " % is above 100 % (set 'allow_over_100: true' on the rule if "
                  "that is possible; it is then capped at 100 %)");
        return std::nullopt;
      }
      rate = 100;
    }
    return rate;
  }

  std::optional<rational> compute() {
    const rational max = leaf_.max->to_rational();
    const rational min = leaf_.min.to_rational();
    const auto scaled = [&](const rational& share) { return min + (max - min) * share; };
    switch (rule_.kind) {
      case rule_kind::points:
        break;
      case rule_kind::proportional: {
        const auto v = measured();
        if (!v) return std::nullopt;
        if (rule_.zero_below && *v < rule_.zero_below->to_rational()) return min;
        if (rule_.full_at && *v >= rule_.full_at->to_rational()) return max;
        return scaled(*v / 100);
      }
      case rule_kind::threshold: {
        const auto v = measured();
        if (!v) return std::nullopt;
        const rational t = rule_.target.to_rational();
        const bool met = rule_.at_most ? *v <= t : *v >= t;
        return met ? max : rule_.otherwise.to_rational();
      }
      case rule_kind::steps: {
        const auto v = measured();
        if (!v) return std::nullopt;
        for (const auto& s : rule_.steps)
          if (*v >= s.from.to_rational() && (!s.below || *v < s.below->to_rational()))
            return s.points.to_rational();
        error("input-out-of-range", find(rule_.inputs.front().name)->where,
              "value " + format_number(*v, {4, rounding::half_up, '.'}) +
                  " is below the first step (from " + rule_.steps.front().from.to_string() + ")");
        return std::nullopt;
      }
      case rule_kind::yes_no:
      case rule_kind::levels:
        return answer();
      case rule_kind::deduction: {
        const auto c = number(spec("count"), true, true);
        if (!c) return std::nullopt;
        const rational left = max - rule_.per_occurrence.to_rational() * c->to_rational();
        return left < min ? min : left;
      }
      case rule_kind::target_ratio: {
        const auto& t_in = spec("target");
        const auto a = number(spec("achieved"), true);
        const auto t = number(t_in, true);
        if (!a || !t) return std::nullopt;
        if (t->is_zero()) {
          error("input-undefined", find(t_in.name)->where,
                "target '" + t_in.name + "' is 0: the ratio is undefined");
          return std::nullopt;
        }
        const rational ratio = a->to_rational() / t->to_rational();
        return scaled(ratio > 1 ? rational(1) : ratio);
      }
      case rule_kind::survey:
        return survey();
      case rule_kind::goalposts: {
        const auto v = measured();
        if (!v) return std::nullopt;
        const rational w = rule_.worst.to_rational();
        const rational b = rule_.best.to_rational();
        rational t = (*v - w) / (b - w);
        if (t < 0 || t > 1) {
          if (!rule_.clamp) {
            error("input-out-of-range", find(rule_.inputs.front().name)->where,
                  "value " + format_number(*v, {4, rounding::half_up, '.'}) +
                      " is outside the goalposts (worst " + rule_.worst.to_string() + ", best " +
                      rule_.best.to_string() + ") and the rule does not declare 'clamp: true'");
            return std::nullopt;
          }
          t = t < 0 ? rational(0) : rational(1);
        }
        return scaled(t);
      }
    }
    return std::nullopt;
  }

  std::optional<rational> answer() {
    const auto* v = find(rule_.inputs.front().name);
    if (!v) return std::nullopt;
    std::string given = v->text;
    if (rule_.kind == rule_kind::yes_no) {
      if (given == "có" || given == "Có" || given == "true") given = "yes";
      if (given == "không" || given == "Không" || given == "false") given = "no";
    }
    std::vector<std::string> answers;
    for (const auto& l : rule_.levels) {
      if (l.answer == given) return l.points.to_rational();
      answers.push_back(l.answer);
    }
    std::string message = "unknown answer '" + v->text + "'";
    if (auto guess = nearest(v->text, views(answers)))
      message += " (did you mean '" + *guess + "'?)";
    else
      message += rule_.kind == rule_kind::yes_no ? std::string(" (expected yes/có or no/không)")
                                                 : " (expected " + quoted(answers) + ")";
    error("unknown-answer", v->where, message);
    return std::nullopt;
  }

  std::optional<rational> survey() {
    rational total, satisfied, weighted;
    for (std::size_t i = 0; i < rule_.inputs.size(); ++i) {
      const auto c = number(rule_.inputs[i], true, true);
      if (!c) continue;
      const rational count = c->to_rational();
      total += count;
      const auto& name = rule_.inputs[i].name;
      if (rule_.variant == survey_variant::share) {
        if (std::find(rule_.satisfied.begin(), rule_.satisfied.end(), name) !=
            rule_.satisfied.end())
          satisfied += count;
      } else {
        weighted += count * rule_.levels[i].points.to_rational();
      }
    }
    if (failed_) return std::nullopt;
    if (total == 0) {
      error("input-undefined", where_,
            "survey has no answers: every category count is 0, so the share is "
            "undefined");
      return std::nullopt;
    }
    const rational max = leaf_.max->to_rational();
    const rational min = leaf_.min.to_rational();
    if (rule_.variant == survey_variant::share) return min + (max - min) * satisfied / total;
    const auto [lo, hi] = std::minmax_element(
        rule_.levels.begin(), rule_.levels.end(),
        [](const rule_level& a, const rule_level& b) { return a.points < b.points; });
    const rational mean = weighted / total;
    const rational share =
        rule_.scale == mean_scale::of_max
            ? mean / hi->points.to_rational()
            : (mean - lo->points.to_rational()) / (hi->points - lo->points).to_rational();
    return min + (max - min) * share;
  }

  const criterion& leaf_;
  const scoring_rule& rule_;
  const std::vector<rule_value>& inputs_;
  const source_location& where_;
  diagnostics& diag_;
  std::string what_;
  bool failed_ = false;
};

}  // namespace

std::optional<scoring_rule> parse_rule(const YAML::Node& node, const file_name_ptr& file,
                                       diagnostics& diag, const criterion& leaf,
                                       int index_decimals) {
  return rule_parser(file, diag, leaf, index_decimals).parse(node);
}

std::optional<rule_result> evaluate_rule(const criterion& leaf,
                                         const std::vector<rule_value>& inputs,
                                         const source_location& where, diagnostics& diag) {
  // Answers and category names are compared in NFC, the form the rule's own levels and
  // categories have (read from YAML): "Hoàn thành" typed on macOS (NFD) is the same answer.
  const bool ascii = std::all_of(inputs.begin(), inputs.end(), [](const rule_value& v) {
    return is_ascii(v.name) && is_ascii(v.text);
  });
  if (ascii) return evaluator(leaf, inputs, where, diag).run();
  auto nfc = inputs;
  for (auto& v : nfc) {
    normalise_nfc(v.name);
    normalise_nfc(v.text);
  }
  return evaluator(leaf, nfc, where, diag).run();
}

}  // namespace detail

rule_result apply_rule(const criterion& leaf, const std::vector<rule_value>& inputs,
                       const source_location& where) {
  if (!leaf.rule || leaf.rule->kind == rule_kind::points)
    throw usage_error("criterion '" + leaf.code + "' has no scoring rule that reads inputs");
  detail::diagnostics diag;
  auto result = detail::evaluate_rule(leaf, inputs, where, diag);
  diag.throw_if_any();
  return *result;
}

}  // namespace chiso
