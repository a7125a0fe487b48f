// Internal: reading YAML with positions, duplicate-key detection and helpful unknown-key errors.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/error.hpp"
#include "chiso/source_location.hpp"

namespace chiso::detail {

using file_name_ptr = std::shared_ptr<const std::string>;

/// yaml-cpp marks are 0-based; this is the one place they become 1-based.
source_location location_of(const file_name_ptr& file, const YAML::Mark& mark);

/// Reads a whole file; throws input_error (no position) when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// What a YAML file may make chiso do (docs/errors.md, yaml-too-deep, yaml-alias-limit): a
/// hand-written file nests a few dozen levels and has a few thousand nodes.
inline constexpr std::size_t max_yaml_depth = 100;        ///< lists/mappings inside each other
inline constexpr std::uint64_t max_yaml_nodes = 250'000;  ///< nodes, each alias use a copy
/// A loader reports at most this many problems, then one "… N more problems".
inline constexpr std::size_t max_diagnostics = 100;

/// Collects diagnostics so that a loader reports every problem at once.
class diagnostics {
 public:
  /// Records one problem under its stable `code` (docs/errors.md), with the unit and criterion
  /// it concerns when there is one.
  void add(std::string code, source_location where, std::string message, std::string unit = {},
           std::string criterion = {});
  /// Adds the diagnostics of a caught input_error.
  void add_all(const input_error& e);
  [[nodiscard]] bool empty() const noexcept { return list_.empty() && dropped_ == 0; }
  /// Throws one input_error with everything collected, sorted by file, line and column; beyond
  /// max_diagnostics the rest are counted in one last diagnostic (code too-many-problems).
  void throw_if_any();

 private:
  std::vector<diagnostic> list_;
  std::size_t dropped_ = 0;  ///< not kept: a file can cause millions of problems
};

/// Runs a loader so that nothing but a chiso::error leaves it: yaml-cpp exceptions become
/// input_error (yaml-invalid), std::bad_alloc input_error (input-too-large), and any other
/// std::exception – a bug in chiso – input_error (internal-error), all naming `file`.
template <class F>
auto guarded(const std::string& file, F&& load) -> decltype(load());
[[noreturn]] void rethrow_as_input_error(const std::string& file);

template <class F>
auto guarded(const std::string& file, F&& load) -> decltype(load()) {
  try {
    return load();
  } catch (const error&) {
    throw;
  } catch (...) {
    rethrow_as_input_error(file);
  }
}

/// Parses YAML text; a syntax error becomes an input_error at its position, saying what happened
/// (a tab in the indentation, an unclosed '{'…). Refuses, at the offending node, files that nest
/// deeper than max_yaml_depth (yaml-too-deep), expand beyond max_yaml_nodes (yaml-alias-limit,
/// yaml-too-large), contain an alias inside its own anchor (yaml-alias-cycle) or a merge key `<<`
/// (yaml-merge-key), so that loaders only ever walk a finite, bounded tree.
YAML::Node parse_yaml(std::string_view text, const file_name_ptr& file);

/// The closest of `candidates` to `word` by edit distance, if it is a plausible typo.
std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string_view>& candidates);

/// A YAML mapping read with its key positions. Unknown keys (other than `x-…` extensions) and
/// duplicate keys are reported once, on construction. An empty `allowed` accepts any key (a map
/// keyed by criterion codes).
class mapping {
 public:
  mapping(const YAML::Node& node, file_name_ptr file, diagnostics& diag, std::string context,
          std::vector<std::string_view> allowed);

  [[nodiscard]] bool is_mapping() const noexcept { return node_.IsMap(); }
  [[nodiscard]] std::optional<YAML::Node> get(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const { return get(key).has_value(); }
  /// True for a key already reported as not a key at all (the tail of a value after a ',').
  [[nodiscard]] bool reported(const std::string& key) const { return reported_.contains(key); }
  [[nodiscard]] source_location where() const { return location_of(file_, node_.Mark()); }
  [[nodiscard]] source_location key_where(std::string_view key) const;
  [[nodiscard]] const std::string& context() const noexcept { return context_; }

  /// Required scalar string; reports "missing key" at the mapping when absent.
  std::optional<std::string> required_string(std::string_view key);
  /// Optional scalar string ("" when absent).
  std::string optional_string(std::string_view key);
  /// A decimal in plain notation; reports a pointed error for "0,8219" and non-numbers.
  std::optional<decimal> optional_decimal(std::string_view key);
  std::optional<int> optional_int(std::string_view key);
  std::optional<bool> optional_bool(std::string_view key);

  diagnostics& diag() noexcept { return diag_; }
  const file_name_ptr& file() const noexcept { return file_; }

 private:
  struct entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };
  YAML::Node node_;
  file_name_ptr file_;
  diagnostics& diag_;
  std::string context_;
  std::vector<entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;  ///< key → entries_ (large code maps)
  std::set<std::string> reported_;
};

/// Reads a scalar as an exact decimal, reporting what is wrong with it in `diag`.
std::optional<decimal> read_decimal(const YAML::Node& node, const file_name_ptr& file,
                                    diagnostics& diag, const std::string& what);

/// Checks `kind:` and `format_version:` of a chiso file; false when the file is not one.
bool check_file_kind(const YAML::Node& root, const file_name_ptr& file, diagnostics& diag,
                     std::string_view expected_kind);

}  // namespace chiso::detail
