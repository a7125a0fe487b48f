// Internal: reading rules from criteria YAML and applying them while collecting diagnostics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chiso/rule.hpp"
#include "chiso/tree.hpp"
#include "yaml_support.hpp"

namespace chiso::detail {

/// Parses the `rule:` of `leaf` (whose code, min and max are already read); reports problems
/// in `diag` and returns nullopt when the rule is unusable.
std::optional<scoring_rule> parse_rule(const YAML::Node& node, const file_name_ptr& file,
                                       diagnostics& diag, const criterion& leaf,
                                       int index_decimals);

/// Applies the rule of `leaf` to `inputs`, adding every problem to `diag`.
std::optional<rule_result> evaluate_rule(const criterion& leaf,
                                         const std::vector<rule_value>& inputs,
                                         const source_location& where, diagnostics& diag);

}  // namespace chiso::detail
