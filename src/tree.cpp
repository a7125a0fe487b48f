#include "chiso/tree.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "chiso/error.hpp"
#include "unicode_support.hpp"

namespace chiso {

std::string_view to_string(measurement m) noexcept {
  switch (m) {
    case measurement::unspecified:
      return "unspecified";
    case measurement::self_assessed:
      return "self_assessed";
    case measurement::appraised:
      return "appraised";
    case measurement::survey:
      return "survey";
    case measurement::official_data:
      return "official_data";
  }
  return "?";
}

std::optional<measurement> parse_measurement(std::string_view name) noexcept {
  for (auto m : {measurement::self_assessed, measurement::appraised, measurement::survey,
                 measurement::official_data})
    if (to_string(m) == name) return m;
  return std::nullopt;
}

std::string_view to_string(unlisted_policy p) noexcept {
  switch (p) {
    case unlisted_policy::full_marks:
      return "full_marks";
    case unlisted_policy::zero:
      return "zero";
    case unlisted_policy::unknown:
      return "unknown";
  }
  return "?";
}

std::optional<unlisted_policy> parse_unlisted_policy(std::string_view name) noexcept {
  for (auto p : {unlisted_policy::full_marks, unlisted_policy::zero, unlisted_policy::unknown})
    if (to_string(p) == name) return p;
  return std::nullopt;
}

criterion_tree::criterion_tree(index_info info, std::vector<criterion> nodes)
    : info_(std::move(info)), nodes_(std::move(nodes)) {
  if (nodes_.empty()) throw usage_error("criterion_tree: a tree needs at least its root");
  if (nodes_.size() >= criterion::no_parent) throw usage_error("criterion_tree: too many nodes");
  if (nodes_[0].parent != criterion::no_parent)
    throw usage_error("criterion_tree: node 0 must be the root (no parent)");

  const auto n = static_cast<std::uint32_t>(nodes_.size());
  // Pre-order means every parent precedes its children and a subtree is contiguous; with the
  // parent links that is enough to compute depth, subtree ends and child lists in two passes.
  std::vector<std::uint32_t> child_count(n, 0);
  nodes_[0].depth = 0;
  for (std::uint32_t i = 1; i < n; ++i) {
    const auto p = nodes_[i].parent;
    if (p >= i)
      throw usage_error("criterion_tree: node '" + nodes_[i].code +
                        "' must come after its parent (pre-order)");
    nodes_[i].depth = nodes_[p].depth + 1;
    ++child_count[p];
  }
  for (std::uint32_t i = 0; i < n; ++i) nodes_[i].subtree_end = i + 1;
  for (std::uint32_t i = n; i-- > 1;) {
    auto& p = nodes_[nodes_[i].parent];
    p.subtree_end = std::max(p.subtree_end, nodes_[i].subtree_end);
  }
  // In pre-order, node i-1 is i's parent or a descendant of it whose subtree closes at i.
  for (std::uint32_t i = 1; i < n; ++i) {
    std::uint32_t j = i - 1;
    while (j != criterion::no_parent && nodes_[j].depth >= nodes_[i].depth) {
      if (nodes_[j].subtree_end != i)
        j = criterion::no_parent;
      else
        j = nodes_[j].parent;
    }
    if (j != nodes_[i].parent)
      throw usage_error("criterion_tree: node '" + nodes_[i].code +
                        "' is not in pre-order after its parent's other descendants");
  }
  std::uint32_t offset = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    nodes_[i].children_begin = offset;
    nodes_[i].children_end = offset;
    offset += child_count[i];
  }
  child_indices_.resize(offset);
  for (std::uint32_t i = 1; i < n; ++i) {
    auto& p = nodes_[nodes_[i].parent];
    child_indices_[p.children_end++] = i;
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    if (nodes_[i].children_begin == nodes_[i].children_end && i != 0) leaves_.push_back(i);
    if (nodes_[i].partial || (!nodes_[i].max && !nodes_[i].max_equal_share)) partial_ = true;
    if (!by_code_.emplace(nodes_[i].code, i).second)
      throw usage_error("criterion_tree: duplicate code '" + nodes_[i].code + "'");
  }
}

std::optional<std::size_t> criterion_tree::find(std::string_view code) const {
  const auto it = by_code_.find(std::string(code));
  if (it == by_code_.end()) return std::nullopt;
  return it->second;
}

const criterion& criterion_tree::at(std::string_view code) const {
  if (const auto i = find(code)) return nodes_[*i];
  throw usage_error("criterion tree '" + info_.id + "' has no criterion '" + std::string(code) +
                    "'");
}

std::span<const std::uint32_t> criterion_tree::children(std::size_t i) const {
  const auto& node = nodes_.at(i);
  return std::span<const std::uint32_t>(child_indices_)
      .subspan(node.children_begin, node.children_end - node.children_begin);
}

std::size_t criterion_tree::domain_of(std::size_t i) const {
  while (nodes_.at(i).depth > 1) i = nodes_[i].parent;
  return i;
}

bool applies_to_group(const criterion& node, std::string_view group) noexcept {
  if (group.empty()) return true;
  const auto listed = [&](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), group) != list.end();
  };
  if (!node.groups.empty() && !listed(node.groups)) return false;
  return !listed(node.not_groups);
}

bool has_group_applicability(const criterion_tree& tree) noexcept {
  return std::any_of(tree.nodes().begin(), tree.nodes().end(),
                     [](const criterion& n) { return !n.groups.empty() || !n.not_groups.empty(); });
}

std::vector<bool> not_applicable_to_group(const criterion_tree& tree, std::string_view group) {
  std::vector<bool> out(tree.size(), false);
  // Pre-order: a parent is decided before its subtree, which then inherits it.
  for (std::size_t i = 0; i < tree.size(); ++i) {
    if (out[i] || applies_to_group(tree[i], group)) continue;
    for (auto j = i; j < tree[i].subtree_end; ++j) out[j] = true;
  }
  return out;
}

criterion_tree collapse(const criterion_tree& tree, std::size_t depth) {
  if (depth == 0) throw usage_error("collapse: depth must be at least 1 (lĩnh vực)");
  std::vector<criterion> kept;
  std::vector<std::uint32_t> new_index(tree.size(), criterion::no_parent);
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto& node = tree[i];
    if (node.depth > depth) continue;
    criterion copy = node;
    if (copy.parent != criterion::no_parent) copy.parent = new_index[copy.parent];
    if (node.depth == depth && !tree.is_leaf(i)) {
      copy.partial.reset();
      // A leaf needs a method; a lĩnh vực mixing self-assessed and survey points has none.
      std::optional<measurement> common;
      for (auto j = i + 1; j < node.subtree_end; ++j) {
        if (!tree.is_leaf(j)) continue;
        if (!common) common = tree[j].method;
        if (*common != tree[j].method) common = measurement::unspecified;
      }
      if (copy.method == measurement::unspecified && common) copy.method = *common;
    }
    new_index[i] = static_cast<std::uint32_t>(kept.size());
    kept.push_back(std::move(copy));
  }
  return criterion_tree(tree.info(), std::move(kept));
}

std::optional<std::string> level_id(std::string_view spelling) {
  // Marks and case do not tell levels apart ("sở"/"so", "Huyện"/"huyen"); English names are
  // what a translated decision or an English-speaking analyst writes.
  auto word = detail::without_marks(detail::to_nfc(spelling));
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::pair<std::string_view, std::string_view> spellings[] = {
      {"tinh", "tinh"}, {"province", "tinh"}, {"bo", "bo"},       {"ministry", "bo"},
      {"so", "so"},     {"department", "so"}, {"huyen", "huyen"}, {"district", "huyen"},
      {"xa", "xa"},     {"commune", "xa"}};
  for (const auto& [typed, id] : spellings)
    if (word == typed) return std::string(id);
  return std::nullopt;
}

}  // namespace chiso
