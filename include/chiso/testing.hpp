// Helpers for unit-testing a province's own rule file from any test framework.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chiso/export.hpp"
#include "chiso/tree.hpp"

namespace chiso::testing {

/// The outcome of a check: `passed`, and a message that names the rule, the inputs, the
/// expected and the actual points, so that a failing CHECK_MESSAGE / EXPECT_TRUE says it all.
struct check_result {
  bool passed = false;
  std::string message;

  explicit operator bool() const noexcept { return passed; }
};

/// Raw inputs as a sheet would give them: {{"on_time", "602471"}, {"total", "602668"}}.
using input_list = std::vector<std::pair<std::string, std::string>>;

/// Applies the rule of criterion `code` to `inputs` and compares its rounded points with
/// `expected_points` (plain notation, "1.4995") exactly, by value.
///
///     const auto r = chiso::testing::check_rule(tree, "3.4.1",
///                                               {{"on_time", "602471"}, {"total", "602668"}},
///                                               "1.4995");
///     CHECK_MESSAGE(r.passed, r.message);
[[nodiscard]] CHISO_EXPORT check_result check_rule(const criterion_tree& tree,
                                                   std::string_view code, const input_list& inputs,
                                                   std::string_view expected_points);

/// Passes when the rule refuses `inputs` with an error whose text contains `expected_error`
/// ("denominator 'total' is 0").
[[nodiscard]] CHISO_EXPORT check_result check_rule_error(const criterion_tree& tree,
                                                         std::string_view code,
                                                         const input_list& inputs,
                                                         std::string_view expected_error);

}  // namespace chiso::testing
