#include "simulation_support.hpp"

#include "chiso/error.hpp"
#include "chiso/ranking.hpp"

#include <algorithm>

namespace chiso::detail {

std::vector<std::optional<std::size_t>> competition_ranks(std::span<const scorecard> cards) {
  std::vector<std::optional<rational>> percent(cards.size());
  for (std::size_t u = 0; u < cards.size(); ++u)
    if (cards[u].unit.ranked) percent[u] = cards[u].total().percent();
  return competition_ranks(percent);
}

std::vector<std::optional<std::size_t>> competition_ranks(
    std::span<const std::optional<rational>> percent) {
  const auto ranks = rank(percent);  // competition ranking is the default
  std::vector<std::optional<std::size_t>> out(percent.size());
  for (std::size_t u = 0; u < percent.size(); ++u)
    if (const auto r = ranks.rank(u)) out[u] = *r;
  return out;
}

std::vector<std::optional<std::size_t>> competition_ranks(
    std::span<const std::optional<exact_value>> values) {
  const auto ranks = rank(values);
  std::vector<std::optional<std::size_t>> out(values.size());
  for (std::size_t u = 0; u < values.size(); ++u)
    if (const auto r = ranks.rank(u)) out[u] = *r;
  return out;
}

std::optional<exact_value> total_value(const scorecard& card, int scale) {
  const auto& t = card.total();
  if (!t.applicable || !t.points || !t.max || t.max->is_zero()) return std::nullopt;
  return exact_value{t.points->with_scale(scale).units(), t.max->with_scale(scale).units()};
}

std::vector<std::optional<rational>> ranked_percents(const batch_scores& scores) {
  const auto& units = scores.matrix().units();
  std::vector<std::optional<rational>> out(units.size());
  for (std::size_t u = 0; u < units.size(); ++u)
    if (units[u].ranked) out[u] = scores.at(u, 0).percent();
  return out;
}

score_sheet sheet_of(const unit_matrix& units, std::size_t unit) {
  const auto& tree = units.tree();
  score_sheet s;
  s.criteria = tree.info().id;
  s.unit = units.units().at(unit);
  const auto& pattern = units.patterns()[units.pattern_of(unit)];
  const auto excluded = not_applicable_to_group(tree, s.unit.group);
  if (std::find(pattern.begin(), pattern.end(), cell_state::unknown) != pattern.end())
    s.missing = missing_policy::unknown;
  for (std::size_t c = 0; c < pattern.size(); ++c) {
    const auto leaf = tree.leaves()[c];
    if (pattern[c] == cell_state::known)
      s.points.push_back({tree[leaf].code, *units.get(unit, c), {}});
    else if (pattern[c] == cell_state::not_applicable && !excluded[leaf])
      s.not_applicable.push_back({tree[leaf].code, {}});
  }
  return s;
}

namespace {

using boost::multiprecision::cpp_int;

cpp_int pow10(int n) {
  cpp_int p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

decimal from_grains(const cpp_int& grains, int decimals) {
  if (grains > cpp_int(INT64_MAX) || grains < cpp_int(INT64_MIN))
    throw overflow_error("value does not fit a decimal");
  return decimal::from_units(static_cast<std::int64_t>(grains), decimals);
}

}  // namespace

decimal ceil_to_decimals(const rational& value, int decimals) {
  const rational scaled = value * pow10(decimals);
  const cpp_int num = boost::multiprecision::numerator(scaled);
  const cpp_int den = boost::multiprecision::denominator(scaled);  // > 0
  cpp_int q = num / den;                                           // truncates toward zero
  if (q * den < num) ++q;
  return from_grains(q, decimals);
}

decimal floor_to_decimals(const rational& value, int decimals) {
  const rational scaled = value * pow10(decimals);
  const cpp_int num = boost::multiprecision::numerator(scaled);
  const cpp_int den = boost::multiprecision::denominator(scaled);
  cpp_int q = num / den;
  if (q * den > num) --q;
  return from_grains(q, decimals);
}

std::int64_t to_grains(const decimal& value, int decimals) {
  return value.with_scale(decimals).units();
}

bool is_survey(const criterion_tree& tree, std::size_t node) {
  for (auto i = static_cast<std::uint32_t>(node); i != criterion::no_parent; i = tree[i].parent)
    if (tree[i].method == measurement::survey) return true;
  return false;
}

}  // namespace chiso::detail
