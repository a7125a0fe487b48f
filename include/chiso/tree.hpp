// A criterion tree: lĩnh vực → tiêu chí → tiêu chí thành phần, to any depth.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/rule.hpp"
#include "chiso/source_location.hpp"

namespace chiso {

/// How a criterion's points are obtained.
enum class measurement {
  unspecified,    ///< not stated (allowed on inner nodes only)
  self_assessed,  ///< the unit scores itself (tự đánh giá), later appraised
  appraised,      ///< scored by the appraisal council (thẩm định) or the ministry
  survey,         ///< sociological survey (điều tra xã hội học), e.g. SIPAS
  official_data,  ///< computed from reported statistics (on-time rates, budget figures)
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(measurement m) noexcept;
[[nodiscard]] CHISO_EXPORT std::optional<measurement> parse_measurement(
    std::string_view name) noexcept;

/// What the children a source did not print are worth. Official documents often print only the
/// criteria that lost points (seed 004, Phụ lục I: "unlisted ones reached full marks").
enum class unlisted_policy {
  full_marks,  ///< the unlisted remainder scored its full maximum
  zero,        ///< the unlisted remainder scored nothing
  unknown,     ///< nothing is known about the unlisted remainder
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(unlisted_policy p) noexcept;
[[nodiscard]] CHISO_EXPORT std::optional<unlisted_policy> parse_unlisted_policy(
    std::string_view name) noexcept;

/// A node whose listed children do not cover it: the source printed only part of it.
struct partial_spec {
  unlisted_policy unlisted = unlisted_policy::unknown;
  std::string note;
};

/// One node of a criterion tree. Node 0 is the root: the index as a whole (code "").
struct criterion {
  static constexpr std::uint32_t no_parent = UINT32_MAX;

  std::string code;  ///< "2.4.1"; a child's code extends its parent's ("2.4" → "2.4.1")
  std::string name;  ///< Vietnamese name, UTF-8
  /// điểm chuẩn; nullopt where the source does not give it (the tree is then partial).
  std::optional<decimal> max;
  /// Lowest possible score, 0 for most indices; PAPI dimensions span 1–10.
  decimal min;
  bool max_derived = false;  ///< max was omitted in the file and is the sum of the children's
  /// `max: equal_share`: an equal share of the parent's declared range, which need not be a
  /// finite decimal (PAPI: 3 sub-dimensions of a 1–10 dimension span 1/3–10/3). `max` is then
  /// nullopt, yet the node is fully specified: the parent's declared max and min hold the range.
  bool max_equal_share = false;
  measurement method = measurement::unspecified;
  std::optional<partial_spec> partial;
  /// Leaves only: how raw inputs become points (docs/rules.md); nullopt means points are given.
  std::optional<scoring_rule> rule;

  /// Unit groups the criterion, with its whole subtree, applies to (`groups: [huyen]`); empty:
  /// every group. For a unit of another group it is not applicable, as if listed in the unit's
  /// `not_applicable` (docs/criteria-format.md, "Per-group applicability").
  std::vector<std::string> groups;
  /// Unit groups the criterion does not apply to (`not_groups: [so]`); never both lists.
  std::vector<std::string> not_groups;

  std::string lead_agency;  ///< cơ quan chủ trì
  std::string note;
  std::string source;      ///< where the node's facts come from (document, line)
  std::string unverified;  ///< non-empty: why this node's figures are not verified as official

  std::uint32_t parent = no_parent;
  std::uint32_t depth = 0;           ///< root 0, lĩnh vực 1, tiêu chí 2, …
  std::uint32_t subtree_end = 0;     ///< one past the last descendant (nodes are in pre-order)
  std::uint32_t children_begin = 0;  ///< into criterion_tree::child_indices()
  std::uint32_t children_end = 0;

  source_location where;      ///< the node's `code:` (for the root: the `index:` key)
  source_location max_where;  ///< the node's `max:` value, or `where` when there is none
};

/// Facts about an index as a whole.
struct index_info {
  std::string id;           ///< "par-index-province"
  std::string name;         ///< "Chỉ số cải cách hành chính cấp tỉnh"
  std::string legal_basis;  ///< "876/QĐ-BNV"
  std::string level;        ///< "tinh", "bo", "so", "huyen", "xa"
  std::vector<int> years;   ///< results years the tree applies to
  /// Unit groups the tree scores ("so", "huyen"); empty: not declared. Ranking refuses a unit
  /// of another group (a typo such as "So" would otherwise rank alone, 01/1).
  std::vector<std::string> groups;
  int decimals = 4;  ///< decimal places of points (official tables print 4)
  std::string source;
  std::string note;
  std::string unverified;
};

/// The level id — "tinh" (province), "bo" (ministry), "so" (department), "huyen" (district),
/// "xa" (commune), the ids of index_info::level in the shipped trees and the catalog — that a
/// spelling means: the id itself, or the word typed with diacritics, in capitals, in Unicode NFD
/// or in English ("Tỉnh", "tỉnh" decomposed, "province" → "tinh"). nullopt for anything else.
[[nodiscard]] CHISO_EXPORT std::optional<std::string> level_id(std::string_view spelling);

/// An immutable criterion tree in flat, pre-order (document order) storage.
///
/// Threads: a loaded tree may be shared read-only by any number of threads that score, batch-
/// score, rank and load sheets against it at once (docs/guide.md "Threads").
class CHISO_EXPORT criterion_tree {
 public:
  /// `nodes` in pre-order with `parent` set (node 0 is the root); the remaining links are
  /// computed here. Throws usage_error if the order or the parent links are inconsistent.
  criterion_tree(index_info info, std::vector<criterion> nodes);

  [[nodiscard]] const index_info& info() const noexcept { return info_; }
  [[nodiscard]] std::span<const criterion> nodes() const noexcept { return nodes_; }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  [[nodiscard]] const criterion& root() const noexcept { return nodes_.front(); }
  [[nodiscard]] const criterion& operator[](std::size_t i) const { return nodes_.at(i); }

  /// Index of the node with `code`; nullopt when there is none.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view code) const;
  /// The node with `code`; throws usage_error when there is none.
  [[nodiscard]] const criterion& at(std::string_view code) const;

  [[nodiscard]] std::span<const std::uint32_t> children(std::size_t i) const;
  [[nodiscard]] bool is_leaf(std::size_t i) const { return children(i).empty(); }
  /// Leaves in document order.
  [[nodiscard]] const std::vector<std::uint32_t>& leaves() const noexcept { return leaves_; }
  /// The depth-1 ancestor (lĩnh vực) of node i, or i itself for the root and the domains.
  [[nodiscard]] std::size_t domain_of(std::size_t i) const;

  /// True when some node is partial or has no known maximum: the tree is not the whole index.
  [[nodiscard]] bool is_partial() const noexcept { return partial_; }

 private:
  index_info info_;
  std::vector<criterion> nodes_;
  std::vector<std::uint32_t> child_indices_;
  std::vector<std::uint32_t> leaves_;
  std::unordered_map<std::string, std::uint32_t> by_code_;
  bool partial_ = false;
};

/// True when `node` itself (not its ancestors) applies to units of `group` under its `groups` /
/// `not_groups` lists. A unit without a group ("") is excluded by no list; validation refuses it
/// on a tree with such lists (see has_group_applicability()).
[[nodiscard]] CHISO_EXPORT bool applies_to_group(const criterion& node,
                                                 std::string_view group) noexcept;

/// True when some criterion of `tree` declares `groups` or `not_groups`.
[[nodiscard]] CHISO_EXPORT bool has_group_applicability(const criterion_tree& tree) noexcept;

/// Per node of `tree` (size() entries): true where the node or one of its ancestors does not
/// apply to units of `group`, i.e. the subtrees a unit of that group is not scored on.
[[nodiscard]] CHISO_EXPORT std::vector<bool> not_applicable_to_group(const criterion_tree& tree,
                                                                     std::string_view group);

/// The same index with every criterion at `depth` turned into a leaf (lĩnh vực = 1, tiêu chí =
/// 2…): for results published at that level only, such as PAPI's dimension scores or a PAR INDEX
/// table by lĩnh vực. A collapsed node keeps its code, name, range and sources; it drops its
/// partial mark (its points are now given whole) and takes its leaves' method when they share one.
/// The tree is partial only if a kept node still is. Throws usage_error for depth 0.
[[nodiscard]] CHISO_EXPORT criterion_tree collapse(const criterion_tree& tree, std::size_t depth);

}  // namespace chiso
