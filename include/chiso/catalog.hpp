// What criterion trees chiso ships, and which one applies to an index, level and results year.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/export.hpp"
#include "chiso/source_location.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// How far a shipped tree can be trusted (format: docs/criteria-catalog.md).
enum class tree_status {
  official,     ///< every node's maximum read in a cited source
  partial,      ///< official structure, but some maxima or criteria were not found (is_partial())
  unverified,   ///< complete, but some figures are corroborated or recalled, not read in the source
  example,      ///< illustrative: the shape of real trees, figures not any body's official ones
  not_shipped,  ///< the decision that applies is known, but chiso ships no tree for it: import
                ///< its annex with `chiso import-tree` (docs/import-tree.md)
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(tree_status s) noexcept;
[[nodiscard]] CHISO_EXPORT std::optional<tree_status> parse_tree_status(
    std::string_view name) noexcept;

/// One catalog entry: a shipped tree, or (status not_shipped) the decision that applies to an
/// index, level and years when chiso ships no tree for it. A shipped tree's facts repeat its
/// own `index:` block so that the catalog can be listed without loading every tree; tests check
/// that the two agree.
struct catalog_entry {
  std::string criteria;  ///< the tree's index id: "par-index-province-876"
  std::string index;     ///< the index family looked up by users: "par-index", "papi", "sipas"…
  std::string level;     ///< "tinh", "bo", "so", "huyen", "xa"
  std::string legal_basis;
  std::vector<int> years;      ///< results years the tree applies to
  std::filesystem::path path;  ///< the tree file, resolved against the catalog's directory;
                               ///< empty when not shipped
  tree_status status = tree_status::official;
  std::string note;
  source_location where;  ///< the entry in the catalog file

  /// False for a decision recorded without a tree (status not_shipped).
  [[nodiscard]] bool has_tree() const noexcept { return status != tree_status::not_shipped; }
};

struct criteria_catalog {
  std::vector<catalog_entry> entries;
};

/// Loads a `kind: chiso/catalog` file. Unknown keys, bad years or statuses, and two entries
/// claiming the same (index, level, year) are collected and thrown as one input_error.
[[nodiscard]] CHISO_EXPORT criteria_catalog load_catalog(const std::filesystem::path& file);
/// Same, from text; `file_name` is used in diagnostics and relative paths resolve against
/// `directory`.
[[nodiscard]] CHISO_EXPORT criteria_catalog parse_catalog(std::string_view yaml,
                                                          std::string file_name,
                                                          const std::filesystem::path& directory);

/// The entry that applies to `index` at `level` for results year `year` ("par-index", "tinh",
/// 2022 → QĐ 876; 2017 → QĐ 2948). When the catalog knows the decision but ships no tree
/// (2020–2021 → QĐ 1149; 2024 → QĐ 892) the entry has `has_tree() == false`; nullopt when the
/// catalog knows nothing for that year.
[[nodiscard]] CHISO_EXPORT std::optional<catalog_entry> find_criteria(
    const criteria_catalog& catalog, std::string_view index, std::string_view level, int year);

/// Loads the entry's tree and checks that its `index:` block agrees with the entry (id, level,
/// legal basis, years, partial status, and that an `official` tree has no `unverified:` node);
/// a disagreement is an input_error at the entry. An entry without a tree throws input_error
/// `catalog-tree-not-shipped` at the entry, naming the decision.
[[nodiscard]] CHISO_EXPORT criterion_tree load_criteria(const catalog_entry& entry);

}  // namespace chiso
