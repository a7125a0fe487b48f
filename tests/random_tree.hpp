// Random small criterion trees and score sheets for property tests of the simulations.
#pragma once

#include <chiso/score.hpp>
#include <chiso/sheet.hpp>
#include <chiso/tree.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace chiso_test {

// A tree with decimals = 1: 1–3 domains, each with 1–3 children that are leaves or carry 1–2
// leaves. Leaf maxima are 0.5–2.0; inner maxima are the children's sums. `survey` marks the
// first domain as survey-measured.
inline chiso::criterion_tree random_tree(std::mt19937_64& g, std::size_t max_leaves = 8,
                                         bool survey = false) {
  auto pick = [&](int lo, int hi) {
    return lo + static_cast<int>(g() % static_cast<std::uint64_t>(hi - lo + 1));
  };
  std::vector<chiso::criterion> nodes(1);
  nodes[0].code = "";
  nodes[0].name = "total";
  std::size_t leaves = 0;
  auto add = [&](std::string code, std::uint32_t parent) {
    chiso::criterion c;
    c.code = std::move(code);
    c.name = "criterion " + c.code;
    c.parent = parent;
    c.depth = nodes[parent].depth + 1;
    nodes.push_back(c);
    return static_cast<std::uint32_t>(nodes.size() - 1);
  };
  auto leaf_max = [&] { return chiso::decimal::from_units(pick(5, 20), 1); };
  const int domains = pick(1, 3);
  for (int d = 1; d <= domains && leaves < max_leaves; ++d) {
    const auto di = add(std::to_string(d), 0);
    if (survey && d == 1) nodes[di].method = chiso::measurement::survey;
    const int kids = pick(1, 3);
    for (int k = 1; k <= kids && leaves < max_leaves; ++k) {
      const auto ki = add(std::to_string(d) + "." + std::to_string(k), di);
      if (pick(0, 2) == 0 && leaves + 2 <= max_leaves) {
        for (int l = 1; l <= 2; ++l) {
          const auto li = add(nodes[ki].code + "." + std::to_string(l), ki);
          nodes[li].max = leaf_max();
          ++leaves;
        }
      } else {
        nodes[ki].max = leaf_max();
        ++leaves;
      }
    }
  }
  // Inner maxima: sums of the children, bottom-up (pre-order, so children come after parents).
  for (std::size_t i = nodes.size(); i-- > 0;) {
    bool has_children = false;
    chiso::decimal sum = chiso::decimal::from_units(0, 1);
    for (std::size_t j = i + 1; j < nodes.size(); ++j)
      if (nodes[j].parent == i) {
        has_children = true;
        sum += *nodes[j].max;
      }
    if (has_children) nodes[i].max = sum;
  }
  chiso::index_info info;
  info.id = "random";
  info.decimals = 1;
  return chiso::criterion_tree(info, std::move(nodes));
}

// A sheet with random points (multiples of 0.1) on every leaf; with `allow_na`, sometimes one
// domain is not applicable (never all of them).
inline chiso::score_sheet random_sheet(std::mt19937_64& g, const chiso::criterion_tree& tree,
                                       std::string id, bool allow_na = false) {
  chiso::score_sheet s;
  s.criteria = tree.info().id;
  s.unit = {id, "unit " + id, "test", true};
  s.year = 2022;
  std::optional<std::size_t> na;
  const auto domains = tree.children(0);
  if (allow_na && domains.size() > 1 && g() % 3 == 0) {
    na = domains[g() % domains.size()];
    s.not_applicable.push_back({tree[*na].code, {}});
  }
  for (const auto leaf : tree.leaves()) {
    if (na && *na <= leaf && leaf < tree[*na].subtree_end) continue;
    const auto max_units = tree[leaf].max->with_scale(1).units();
    const auto units = static_cast<std::int64_t>(g() % static_cast<std::uint64_t>(max_units + 1));
    s.points.push_back({tree[leaf].code, chiso::decimal::from_units(units, 1), {}});
  }
  return s;
}

}  // namespace chiso_test
