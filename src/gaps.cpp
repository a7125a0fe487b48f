#include "chiso/gaps.hpp"

#include <algorithm>

namespace chiso {
namespace {

void sort_items(std::vector<gap_item>& items, gap_order order) {
  // Stable on document order: equal gaps keep the order of the official table.
  switch (order) {
    case gap_order::by_gap:
      std::stable_sort(items.begin(), items.end(),
                       [](const gap_item& a, const gap_item& b) { return a.gap > b.gap; });
      break;
    case gap_order::by_percent:
      std::stable_sort(items.begin(), items.end(),
                       [](const gap_item& a, const gap_item& b) { return a.percent < b.percent; });
      break;
    case gap_order::by_code:
      break;
  }
}

}  // namespace

gap_report gaps(const criterion_tree& tree, const scorecard& card, gap_order order) {
  gap_report report;
  report.order = order;
  for (auto leaf : tree.leaves()) {
    const auto& s = card[leaf];
    if (!s.applicable) continue;
    if (!s.points || !s.gap) {
      report.unknown.push_back(leaf);
      continue;
    }
    if (s.gap->is_zero()) continue;
    report.items.push_back({leaf, *s.points, *s.max, *s.gap, *s.percent()});
    report.total += *s.gap;
  }
  sort_items(report.items, order);
  return report;
}

std::vector<gap_group> gaps_by_domain(const criterion_tree& tree, const scorecard& card,
                                      gap_order order) {
  const auto all = gaps(tree, card, gap_order::by_code);
  std::vector<gap_group> groups;
  const auto group_for = [&](std::size_t node) -> gap_group& {
    const auto domain = tree.domain_of(node);
    for (auto& g : groups)
      if (g.domain == domain) return g;
    groups.push_back({domain, {}, decimal(), {}});
    return groups.back();
  };
  for (const auto& item : all.items) {
    auto& g = group_for(item.node);
    g.items.push_back(item);
    g.subtotal += item.gap;
  }
  for (auto node : all.unknown) group_for(node).unknown.push_back(node);
  std::sort(groups.begin(), groups.end(),
            [](const gap_group& a, const gap_group& b) { return a.domain < b.domain; });
  for (auto& g : groups) sort_items(g.items, order);
  return groups;
}

}  // namespace chiso
