// criterion_tree views: collapsing a tree to the level at which results are published.
#include <chiso/criteria_loader.hpp>
#include <chiso/error.hpp>
#include <chiso/score.hpp>
#include <chiso/sheet.hpp>
#include <chiso/tree.hpp>

#include <doctest/doctest.h>

#include <string>

namespace {

chiso::decimal d(const char* text) {
  return *chiso::decimal::parse(text);
}

// Lĩnh vực 1 mixes methods and is partial; lĩnh vực 2 is all survey; 3 is already a leaf.
const char* const mixed_tree = R"(kind: chiso/criteria
format_version: 1
index: {id: mixed, name: Mixed, max: 20, decimals: 2}
criteria:
  - code: "1"
    name: Một
    max: 10
    partial: {unlisted: unknown, note: only 1.1 printed}
    children:
      - {code: "1.1", name: Một một, max: 4, method: self_assessed}
      - code: "1.2"
        name: Một hai
        max: 3
        method: survey
        children:
          - {code: "1.2.1", name: Một hai một, max: 3}
  - code: "2"
    name: Hai
    method: survey
    children:
      - {code: "2.1", name: Hai một, max: 2}
      - {code: "2.2", name: Hai hai, max: 3}
  - {code: "3", name: Ba, max: 5, method: appraised}
)";

}  // namespace

TEST_CASE("collapse: nodes at the depth become leaves with their ranges — deeper nodes go") {
  const auto full = chiso::parse_criteria(mixed_tree, "mixed.yaml");
  REQUIRE(full.is_partial());
  const auto by_domain = chiso::collapse(full, 1);
  REQUIRE(by_domain.size() == 4);
  CHECK(by_domain.leaves().size() == 3);
  CHECK_FALSE(by_domain.find("1.1").has_value());
  CHECK(*by_domain.at("1").max == d("10"));
  CHECK(*by_domain.at("2").max == d("5"));  // derived from 2.1 + 2.2 in the file
  // The printed part of lĩnh vực 1 no longer matters: its points are given whole.
  CHECK_FALSE(by_domain.at("1").partial.has_value());
  CHECK_FALSE(by_domain.is_partial());
  CHECK(by_domain.at("1").method == chiso::measurement::unspecified);  // self_assessed + survey
  CHECK(by_domain.at("2").method == chiso::measurement::survey);
  CHECK(by_domain.at("3").method == chiso::measurement::appraised);
  CHECK(by_domain.info().id == "mixed");

  // Depth 2 keeps lĩnh vực 1 partial: its listed children are still separate leaves.
  const auto by_criterion = chiso::collapse(full, 2);
  CHECK(by_criterion.is_partial());
  CHECK(by_criterion.is_leaf(*by_criterion.find("1.2")));
  CHECK_FALSE(by_criterion.find("1.2.1").has_value());
  CHECK(by_criterion.at("1.2").method == chiso::measurement::survey);
  // Deeper than the tree: nothing changes.
  CHECK(chiso::collapse(full, 9).size() == full.size());
  CHECK_THROWS_AS((void)chiso::collapse(full, 0), chiso::usage_error);
}

TEST_CASE("collapse: a sheet by lĩnh vực scores against the collapsed tree, not the full one") {
  const auto full = chiso::parse_criteria(mixed_tree, "mixed.yaml");
  const std::string sheet = R"(kind: chiso/scores
format_version: 1
criteria: mixed
unit: {id: u}
year: 2022
points: {"1": 7.5, "2": 4.25, "3": 5}
)";
  const auto tree = chiso::collapse(full, 1);
  const auto card = chiso::score(tree, chiso::parse_sheet(sheet, "u.yaml", tree));
  CHECK(*card.total().points == d("16.75"));
  CHECK(*card.total().max == d("20"));
  CHECK(card.total().complete);
  CHECK_THROWS_AS((void)chiso::parse_sheet(sheet, "u.yaml", full), chiso::input_error);
}
