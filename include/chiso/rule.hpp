// Scoring rules: how a leaf's raw measurements (counts, rates, answers) become points.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/format.hpp"
#include "chiso/source_location.hpp"

namespace chiso {

struct criterion;

/// The kinds of rule a leaf may declare under `rule:` (format: docs/rules.md).
enum class rule_kind {
  points,        ///< the sheet gives points directly (the default when a leaf has no rule)
  proportional,  ///< max × share, with optional full_at / zero_below
  threshold,     ///< max at/above a target, else a stated number of points
  steps,         ///< half-open ranges "từ X đến dưới Y" → points
  yes_no,        ///< có / không
  levels,        ///< coded answers (Chưa / Đang làm / Hoàn thành) → points
  deduction,     ///< max − k per occurrence, never below the leaf's min
  target_ratio,  ///< achieved ÷ target, capped at 1, × max
  survey,        ///< answer counts of a Likert item → share satisfied (or mean score) × max
  goalposts,     ///< linear rescale between two goalposts onto [min, max]
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(rule_kind k) noexcept;
[[nodiscard]] CHISO_EXPORT std::optional<rule_kind> parse_rule_kind(std::string_view name) noexcept;

/// How the measured value of a threshold, steps, goalposts or proportional rule is obtained.
enum class rule_measure {
  value,    ///< one input `value`, compared as given
  percent,  ///< one input `rate`, a percentage in [0, 100]
  ratio,    ///< inputs `numerator` and `denominator` (counts); the value is 100 × n ÷ d (a %)
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(rule_measure m) noexcept;

/// Survey rules: share of satisfied answers, or the mean of the answers' scores.
enum class survey_variant {
  share,  ///< Σ counts of `satisfied` categories ÷ Σ all counts
  mean,   ///< Σ count × score ÷ Σ count, then scaled by `mean_scale`
};

/// How a survey mean becomes a share of the maximum.
enum class mean_scale {
  of_max,    ///< mean ÷ highest score
  of_range,  ///< (mean − lowest score) ÷ (highest − lowest)
};

/// One raw input a rule reads from a score sheet.
struct rule_input_spec {
  std::string role;  ///< what the rule uses it for: "numerator", "rate", "answer", a category…
  std::string name;  ///< the key under the leaf's code in the sheet's `inputs:` (default: role)
  std::string unit;  ///< "hồ sơ", "%", "người"… (documentation and messages only)
};

/// A half-open range of a steps rule: [from, below) → points. `below` is absent on the last
/// step, which runs to the top of the domain.
struct rule_step {
  decimal from;
  std::optional<decimal> below;
  decimal points;
  source_location where;
};

/// One coded answer of a yes_no or levels rule, or one category of a survey mean.
struct rule_level {
  std::string answer;
  decimal points;  ///< levels/yes_no: points; survey mean: the answer's score
  source_location where;
};

/// A parsed, validated rule. Only the fields of its kind are meaningful.
struct scoring_rule {
  rule_kind kind = rule_kind::points;
  rule_measure measure = rule_measure::value;
  std::vector<rule_input_spec> inputs;  ///< in the order the sheet is expected to list them

  // proportional: full points at/above full_at %, zero below zero_below %.
  std::optional<decimal> full_at;
  std::optional<decimal> zero_below;
  /// ratio/percent measures: a rate above 100 % is an error unless this is set (then capped).
  bool allow_over_100 = false;

  // threshold: value ≥ target (at_most: value ≤ target) → max, otherwise `otherwise` points.
  decimal target;
  bool at_most = false;
  decimal otherwise;

  std::vector<rule_step> steps;
  std::vector<rule_level> levels;  ///< yes_no (answers "yes"/"no"), levels, survey mean scores

  decimal per_occurrence;  ///< deduction

  survey_variant variant = survey_variant::share;
  std::vector<std::string> satisfied;  ///< survey share: the categories counted as satisfied
  mean_scale scale = mean_scale::of_max;

  decimal worst;  ///< goalposts: the value that scores the leaf's min
  decimal best;   ///< goalposts: the value that scores the leaf's max
  bool clamp = false;

  int precision = 4;                  ///< decimals of the rounded points
  rounding mode = rounding::half_up;  ///< how the exact result is cut to `precision`
  bool rounding_declared = false;     ///< false: the result is always exact, no rounding
  std::string note;
  std::string source;
  std::string unverified;  ///< non-empty: why the rule is not verified as the official one
  source_location where;   ///< the `rule:` value
};

/// One raw input as written in a score sheet (text, so that answers and numbers share a type).
struct rule_value {
  std::string name;
  std::string text;
  source_location where;
};

/// A rule's result: the exact value and the value rounded as the rule declares. The rounded
/// value is what aggregates, as official tables sum their printed 4-decimal points.
struct rule_result {
  rational exact;
  decimal points;
};

/// Rounds `value` to `precision` decimals under `mode`, exactly (no binary floating point).
[[nodiscard]] CHISO_EXPORT decimal round_to_decimal(const rational& value, int precision,
                                                    rounding mode);

/// Applies `leaf.rule` to raw inputs. Throws input_error (located at the inputs, or at `where`
/// for a missing one) for a missing or unknown input, a number that is not a decimal, a zero
/// denominator, a rate above 100 %, a negative count, an unknown answer category; throws
/// usage_error if the leaf has no rule that reads inputs.
[[nodiscard]] CHISO_EXPORT rule_result apply_rule(const criterion& leaf,
                                                  const std::vector<rule_value>& inputs,
                                                  const source_location& where = {});

/// "proportional (ratio: numerator on_time, denominator total), half_up to 4 decimals".
[[nodiscard]] CHISO_EXPORT std::string describe(const scoring_rule& rule);

}  // namespace chiso
