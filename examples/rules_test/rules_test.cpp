// A province's unit tests for its own rule file: one call per case, exact comparison, and a
// failure message that names the rule, the inputs, the expected and the actual points.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <chiso/chiso.hpp>
#include <chiso/testing.hpp>

using chiso::testing::check_rule;
using chiso::testing::check_rule_error;

TEST_CASE("given 602471 of 602668 on time, 3.4.1 scores 1,4995") {
  // Counts: Cần Thơ 2018, seed 003:109. The rule itself is illustrative (see the YAML file).
  const auto rules = chiso::load_criteria(RULES_FILE);
  const auto r = check_rule(rules, "3.4.1", {{"on_time", "602471"}, {"total", "602668"}}, "1.4995");
  CHECK_MESSAGE(r.passed, r.message);
}

TEST_CASE("3.4.2 and 3.4.3 reproduce Cần Thơ's 2022 points from their rates (seed 004)") {
  const auto rules = chiso::load_criteria(RULES_FILE);
  auto r = check_rule(rules, "3.4.2", {{"on_time_rate", "99.48"}}, "1.4922");
  CHECK_MESSAGE(r.passed, r.message);
  r = check_rule(rules, "3.4.3", {{"on_time_rate", "99.97"}}, "0.9997");
  CHECK_MESSAGE(r.passed, r.message);
  r = check_rule(rules, "3.4.2", {{"on_time_rate", "100"}}, "1.5");
  CHECK_MESSAGE(r.passed, r.message);
}

TEST_CASE("8.1.3: 2,5 × 84,37 % = 2,10925, printed 2,1093 (half_up)") {
  const auto rules = chiso::load_criteria(RULES_FILE);
  const auto r = check_rule(rules, "8.1.3", {{"satisfied_share", "84.37"}}, "2.1093");
  CHECK_MESSAGE(r.passed, r.message);
}

TEST_CASE("5.4: no disciplined official keeps the 1,5 points, one loses them") {
  const auto rules = chiso::load_criteria(RULES_FILE);
  auto r = check_rule(rules, "5.4", {{"disciplined", "0"}}, "1.5");
  CHECK_MESSAGE(r.passed, r.message);
  r = check_rule(rules, "5.4", {{"disciplined", "1"}}, "0");
  CHECK_MESSAGE(r.passed, r.message);
}

TEST_CASE("bad inputs are refused, not scored") {
  const auto rules = chiso::load_criteria(RULES_FILE);
  auto r = check_rule_error(rules, "3.4.1", {{"on_time", "5"}, {"total", "0"}},
                            "denominator 'total' is 0");
  CHECK_MESSAGE(r.passed, r.message);
  r = check_rule_error(rules, "3.4.1", {{"on_time", "7"}, {"total", "5"}}, "above 100 %");
  CHECK_MESSAGE(r.passed, r.message);
  r = check_rule_error(rules, "3.4.2", {{"on_time_rate", "99,48"}}, "write decimals with a point");
  CHECK_MESSAGE(r.passed, r.message);
}
