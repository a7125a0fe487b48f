#include "chiso/testing.hpp"

#include <memory>

#include "chiso/error.hpp"
#include "chiso/format.hpp"
#include "chiso/rule.hpp"

namespace chiso::testing {
namespace {

std::string show_inputs(const input_list& inputs) {
  std::string out;
  for (const auto& [name, value] : inputs) out += (out.empty() ? "" : ", ") + name + "=" + value;
  return out.empty() ? "no inputs" : "inputs " + out;
}

std::vector<rule_value> to_values(const input_list& inputs, const source_location& where) {
  std::vector<rule_value> values;
  for (const auto& [name, value] : inputs) values.push_back({name, value, where});
  return values;
}

// Enough digits to see why a rounding went one way: the exact value, cut to 10 decimals when
// it has more (marked with "…").
std::string show_exact(const rational& exact) {
  if (const auto d = decimal::from_rational(exact); d && d->normalized().scale() <= 10)
    return d->normalized().to_string();
  return format_number(exact, {10, rounding::truncate, '.'}) + "…";
}

struct prepared {
  const criterion* leaf = nullptr;
  std::string header;
  std::string problem;
};

prepared prepare(const criterion_tree& tree, std::string_view code, const input_list& inputs) {
  prepared p;
  const auto i = tree.find(code);
  if (!i) {
    p.problem = "criterion '" + std::string(code) + "' is not in criteria '" + tree.info().id + "'";
    return p;
  }
  p.leaf = &tree[*i];
  if (!p.leaf->rule || p.leaf->rule->kind == rule_kind::points) {
    p.problem = "criterion '" + std::string(code) + "' has no scoring rule that reads inputs";
    return p;
  }
  p.header = std::string(code) + ": " + describe(*p.leaf->rule) + ", " + show_inputs(inputs);
  return p;
}

}  // namespace

check_result check_rule(const criterion_tree& tree, std::string_view code, const input_list& inputs,
                        std::string_view expected_points) {
  const auto p = prepare(tree, code, inputs);
  if (!p.leaf || !p.problem.empty()) return {false, p.problem};
  const auto expected = decimal::parse(expected_points);
  if (!expected)
    return {false, p.header + ": expected points '" + std::string(expected_points) +
                       "' are not a decimal in plain notation (write 1.4995)"};
  const source_location where{std::make_shared<const std::string>("check_rule")};
  try {
    const auto result = apply_rule(*p.leaf, to_values(inputs, where), where);
    const bool passed = result.points == *expected;
    return {passed, p.header + ": expected " + expected->to_string() + " points, " +
                        (passed ? "got " : "but got ") + result.points.to_string() + " (exact " +
                        show_exact(result.exact) + ")"};
  } catch (const input_error& e) {
    return {false, p.header + ": expected " + expected->to_string() +
                       " points, but the rule refused the inputs: " + e.what()};
  }
}

check_result check_rule_error(const criterion_tree& tree, std::string_view code,
                              const input_list& inputs, std::string_view expected_error) {
  const auto p = prepare(tree, code, inputs);
  if (!p.leaf || !p.problem.empty()) return {false, p.problem};
  const source_location where{std::make_shared<const std::string>("check_rule")};
  try {
    const auto result = apply_rule(*p.leaf, to_values(inputs, where), where);
    return {false, p.header + ": expected an error containing '" + std::string(expected_error) +
                       "', but got " + result.points.to_string() + " points (exact " +
                       show_exact(result.exact) + ")"};
  } catch (const input_error& e) {
    const std::string text = e.what();
    const bool passed = text.find(expected_error) != std::string::npos;
    return {passed, p.header + ": expected an error containing '" + std::string(expected_error) +
                        "', " + (passed ? "got: " : "but got: ") + text};
  }
}

}  // namespace chiso::testing
