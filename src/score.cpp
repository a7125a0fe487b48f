#include "chiso/score.hpp"

#include <algorithm>
#include "chiso/rule.hpp"
#include "score_support.hpp"

namespace chiso {

std::optional<rational> node_score::percent() const {
  if (!points || !max || max->is_zero()) return std::nullopt;
  return points->to_rational() / max->to_rational() * 100;
}

std::optional<rational> node_score::percent_of_range() const {
  if (!points || !max || *max == min) return std::nullopt;
  return (*points - min).to_rational() / (*max - min).to_rational() * 100;
}

scorecard score(const criterion_tree& tree, const score_sheet& sheet) {
  validate_sheet(sheet, tree);
  return detail::score_unchecked(tree, sheet);
}

scorecard detail::score_unchecked(const criterion_tree& tree, const score_sheet& sheet) {
  scorecard card{sheet.unit, sheet.year, sheet.stage, std::vector<node_score>(tree.size())};
  auto& s = card.scores;
  for (const auto& na : sheet.not_applicable) {
    const auto i = *tree.find(na.code);
    for (auto j = i; j < tree[i].subtree_end; ++j) s[j].applicable = false;
  }
  if (has_group_applicability(tree)) {
    const auto by_group = not_applicable_to_group(tree, sheet.unit.group);
    for (std::size_t i = 0; i < tree.size(); ++i)
      if (by_group[i]) s[i].applicable = false;
  }
  for (const auto& e : sheet.points) s[*tree.find(e.code)].points = e.points;
  for (const auto& e : sheet.inputs) {
    const auto i = *tree.find(e.code);
    const auto result = apply_rule(tree[i], e.values, e.where);
    s[i].points = result.points;
    s[i].unrounded = result.exact;
  }

  for (std::size_t i = tree.size(); i-- > 0;) {
    const auto& node = tree[i];
    auto& r = s[i];
    if (!r.applicable) {
      r.points.reset();
      r.max.reset();
      r.min = decimal();
      continue;
    }
    if (tree.is_leaf(i) && i != 0) {
      // Validated: a leaf without points only under `missing: zero` or `missing: unknown`.
      if (!r.points && sheet.missing != missing_policy::unknown) r.points = decimal();
      r.max = node.max;
      r.min = node.min;
      if (r.max && r.points) r.gap = *r.max - *r.points;
      r.complete = r.points && (r.max.has_value() || node.max_equal_share);
      continue;
    }
    std::optional<decimal> points = decimal(), max = decimal(), gap = decimal();
    decimal min, not_applicable_max;
    bool complete = !node.partial, any_applicable = false;
    for (auto c : tree.children(i)) {
      const auto& child = s[c];
      if (!child.applicable) {
        if (tree[c].max) not_applicable_max += *tree[c].max;
        continue;
      }
      any_applicable = true;
      min += child.min;
      complete = complete && child.complete;
      points = points && child.points ? std::optional(*points + *child.points) : std::nullopt;
      max = max && child.max ? std::optional(*max + *child.max) : std::nullopt;
      gap = gap && child.gap ? std::optional(*gap + *child.gap) : std::nullopt;
    }
    if (!any_applicable) {
      r.applicable = false;
      continue;
    }
    r.complete = complete;
    r.min = min;
    if (tree[tree.children(i).front()].max_equal_share) {
      // Equal shares of a declared range (PAPI): the range is the node's own; with a share
      // not applicable the remaining range is not a finite decimal, so it stays unknown.
      r.points = points;
      const auto kids = tree.children(i);
      if (std::all_of(kids.begin(), kids.end(), [&](auto c) { return s[c].applicable; })) {
        r.max = node.max;
        r.min = node.min;
        if (r.max && points) r.gap = *r.max - *points;
      } else {
        r.complete = false;
      }
      continue;
    }
    if (!node.partial) {
      r.points = points;
      r.max = max;
      r.gap = gap;
      continue;
    }
    // A partial node: the listed children plus an unlisted remainder.
    r.max = node.max ? std::optional(*node.max - not_applicable_max) : std::nullopt;
    switch (node.partial->unlisted) {
      case unlisted_policy::full_marks:
        r.gap = gap;
        if (r.max && gap) r.points = *r.max - *gap;
        break;
      case unlisted_policy::zero:
        r.points = points;
        if (r.max && points) r.gap = *r.max - *points;
        break;
      case unlisted_policy::unknown:
        break;
    }
  }
  return card;
}

}  // namespace chiso
