// What a hostile or mistaken YAML file can make the loaders do: bounded work, one located
// input_error with a stable code, never another exception (issue 12, items 0, 1, 4, 5).
#include <doctest/doctest.h>

#include <chiso/chiso.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

// The code of the first diagnostic of what `load` throws, or "" when it throws nothing.
template <class F>
std::string first_code(F&& load) {
  try {
    load();
  } catch (const chiso::input_error& e) {
    return e.diagnostics().front().code + " at " + e.diagnostics().front().where.to_string();
  }
  return "";
}

}  // namespace

TEST_CASE("the fuzzer's crashes are located input errors") {
  CHECK(first_code([] {
          (void)chiso::parse_bands(
              "kind: chiso/bands\nformat_version: 1\ntables: [{bands: [0], quantiles: [a, b, c, "
              "c]}]\n",
              "b.yaml");
        }) == "missing-key at b.yaml:1:1");
  CHECK(first_code([] {
          (void)chiso::parse_criteria(
              "kind: chiso/criteria\nformat_version: 1\ncriteria: &a [{children: *a}]\n", "c.yaml");
        }) == "yaml-alias-cycle at c.yaml:3:26");
}

TEST_CASE("aliases of aliases are refused before they are expanded") {
  std::string text =
      "kind: chiso/criteria\nformat_version: 1\nindex: {id: t, name: T, method: survey}\n"
      "x-defs:\n  - &a {code: \"1\", name: x, max: 1}\n";
  char previous = 'a';
  for (char level = 'b'; level <= 'k'; ++level) {
    text += std::string("  - &") + level + " [";
    for (int k = 0; k < 10; ++k) text += std::string(k ? ", *" : "*") + previous;
    text += "]\n";
    previous = level;
  }
  text += std::string("criteria: *") + previous + "\n";
  // 10^10 nodes once expanded: refused at the alias that passes 250 000.
  CHECK(first_code([&] { (void)chiso::parse_criteria(text, "bomb.yaml"); }) ==
        "yaml-alias-limit at bomb.yaml:10:17");
}

// The file's own mapping is the first level: the 100th '[' is the 101st.
TEST_CASE("nesting deeper than 100 levels is refused where it passes the limit") {
  const std::string text =
      "kind: chiso/criteria\nformat_version: 1\ncriteria: " + std::string(120, '[') +
      std::string(120, ']') + "\n";
  CHECK(first_code([&] { (void)chiso::parse_criteria(text, "deep.yaml"); }) ==
        "yaml-too-deep at deep.yaml:3:110");
}

TEST_CASE("a tree whose leaves do not fit the batch engine's cells is refused at load") {
  const auto tree = [](int decimals, const char* max) {
    return "kind: chiso/criteria\nformat_version: 1\nindex: {id: t, name: T, method: survey, "
           "decimals: " +
           std::to_string(decimals) + "}\ncriteria:\n  - {code: \"1\", name: A, max: " + max +
           "}\n";
  };
  // 100 × 10^9 > 2^31 − 1; 2.147483647 × 10^9 is the largest cell.
  CHECK(first_code([&] { (void)chiso::parse_criteria(tree(9, "100"), "t.yaml"); }) ==
        "engine-limit at t.yaml:5:31");
  CHECK(first_code([&] { (void)chiso::parse_criteria(tree(9, "2.147483647"), "t.yaml"); }).empty());
  CHECK(first_code([&] { (void)chiso::parse_criteria(tree(9, "2.147483648"), "t.yaml"); }) ==
        "engine-limit at t.yaml:5:31");
  CHECK(first_code([&] { (void)chiso::parse_criteria(tree(7, "100"), "t.yaml"); }).empty());
}

TEST_CASE("the criteria-format example validates (its comma-holding name is quoted)") {
  std::ifstream in(CHISO_SOURCE_DIR "/docs/criteria-format.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const auto start = text.find("```yaml\nkind: chiso/criteria\n");
  REQUIRE(start != std::string::npos);
  const auto body = start + 8;
  const auto yaml = text.substr(body, text.find("```", body) - body);
  CHECK(yaml.find("thống nhất") != std::string::npos);
  const auto tree = chiso::parse_criteria(yaml, "criteria-format.md");
  CHECK(tree.find("2.4.1").has_value());
}

TEST_CASE("decimal::parse says why a text is not a decimal") {
  CHECK(chiso::decimal::parse_failure("1.5").empty());
  CHECK(chiso::decimal::parse_failure("0,5") == "it uses a decimal comma");
  CHECK(chiso::decimal::parse_failure("1,000") ==
        "it has a comma (a decimal comma or a thousands separator)");
  CHECK(chiso::decimal::parse_failure("1e3") == "it uses an exponent (write the digits out)");
  CHECK(chiso::decimal::parse_failure("") == "it is empty");
  CHECK(chiso::decimal::parse_failure("abc") == "it is not a number");
  CHECK(chiso::decimal::parse_failure(".5") == "it has no digit before the point");
  CHECK(chiso::decimal::parse_failure("5.") == "it has no digit after the point");
  CHECK(chiso::decimal::parse_failure("1.2.3") == "it has more than one decimal point");
  CHECK(chiso::decimal::parse_failure("0.1234567890123456789") == "it has more than 18 decimals");
  CHECK(chiso::decimal::parse_failure("99999999999999999999") ==
        "it is too large (at most 18 digits)");
}

TEST_CASE("diagnostics from several files are sorted by file, then line") {
  const auto dir = std::filesystem::temp_directory_path() / "chiso-sorted-by-file";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto tree = chiso::parse_criteria(
      "kind: chiso/criteria\nformat_version: 1\nindex: {id: t, name: T, method: survey}\n"
      "criteria:\n  - {code: \"1\", name: A, max: 1}\n",
      "t.yaml");
  const std::string head = "kind: chiso/scores\nformat_version: 1\ncriteria: t\nyear: 2024\n";
  // c.yaml's problem is on line 5, a's and b's on line 6: by line alone c would come first.
  std::ofstream(dir / "a.yaml") << head << "unit: {id: a}\npoints: {\"1\": 2}\n";
  std::ofstream(dir / "b.yaml") << head << "unit: {id: b}\n"
                                << "points: {\"1\": 3}\n";
  std::ofstream(dir / "c.yaml") << head << "unit: {id: c, ranked: x}\npoints: {\"1\": 1}\n";
  try {
    (void)chiso::load_sheet_directory(dir, tree);
    FAIL("expected an input_error");
  } catch (const chiso::input_error& e) {
    const auto& d = e.diagnostics();
    REQUIRE(d.size() == 3);
    CHECK(d[0].where.to_string() == (dir / "a.yaml").string() + ":6:10");
    CHECK(d[1].where.to_string() == (dir / "b.yaml").string() + ":6:10");
    CHECK(d[2].where.to_string() == (dir / "c.yaml").string() + ":5:23");
    CHECK(d[0].code == "points-above-max");
    CHECK(d[0].unit == "a");
    CHECK(d[0].criterion == "1");
    CHECK(d[2].code == "not-a-boolean");
  }
  std::filesystem::remove_all(dir);
}
