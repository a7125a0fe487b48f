#include "chiso/table_notes.hpp"

#include <algorithm>
#include <map>

namespace chiso {

std::vector<std::string> differing_maxima_notes(const batch_scores& scores, std::size_t node,
                                                std::string_view group, const number_format& fmt) {
  const auto& units = scores.matrix().units();
  std::map<decimal, std::vector<std::size_t>> by_max;  // maxima compare by value: 80 == 80.00
  for (std::size_t u = 0; u < scores.unit_count(); ++u) {
    if (!units[u].ranked || (!group.empty() && units[u].group != group)) continue;
    const auto s = scores.at(u, node);
    if (!s.applicable || !s.points || !s.max) continue;
    by_max[*s.max].push_back(u);
  }
  if (by_max.size() < 2) return {};
  const auto exact = [&](const decimal& d) {
    auto f = fmt;
    f.precision = d.normalized().scale();
    return format_number(d, f);
  };
  auto usual = by_max.begin();
  for (auto it = by_max.begin(); it != by_max.end(); ++it)
    if (it->second.size() >= usual->second.size()) usual = it;
  std::vector<std::string> others;
  std::size_t listed = 0, other_units = 0;
  for (auto it = by_max.rbegin(); it != by_max.rend(); ++it) {
    if (it->first == usual->first) continue;
    other_units += it->second.size();
    for (auto u : it->second)
      if (listed++ < 10) others.push_back("'" + units[u].id + "' " + exact(it->first));
  }
  std::string list;
  for (const auto& o : others) list += (list.empty() ? "" : ", ") + o;
  if (other_units > others.size()) list += ", … (" + std::to_string(other_units) + " units in all)";
  const auto n = usual->second.size();
  return {"Ranked on points, but the applicable maxima differ: " + std::to_string(n) +
          (n == 1 ? " unit has" : " units have") + " a maximum of " + exact(usual->first) +
          "; other maxima: " + list +
          " (criteria not applicable to them). A unit cannot earn points it is not scored on, "
          "so these ranks compare unequal totals: rank on % of the applicable maximum "
          "(--measure percent) instead."};
}

}  // namespace chiso
