#include "chiso/batch.hpp"

#include <doctest/doctest.h>

#include <random>

#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"

namespace {

using chiso::criterion;
using chiso::decimal;

// A random tree: 1–4 domains, each node 1–4 children to depth 3, some maxima unknown, some
// nodes partial with each unlisted policy, some leaves with a non-zero minimum.
chiso::criterion_tree random_tree(std::mt19937& rng) {
  std::vector<criterion> nodes;
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  criterion root;
  root.code = "";
  nodes.push_back(root);
  const auto grow = [&](auto&& self, std::uint32_t parent, int depth) -> void {
    const int children = depth == 0 ? pick(1, 4) : pick(1, 4);
    for (int c = 1; c <= children; ++c) {
      criterion n;
      n.code = (nodes[parent].code.empty() ? "" : nodes[parent].code + ".") + std::to_string(c);
      n.parent = parent;
      const auto index = static_cast<std::uint32_t>(nodes.size());
      const bool leaf = depth >= 2 || pick(0, 2) == 0;
      if (leaf) {
        n.max = decimal::from_units(pick(0, 2000), 2);
        if (pick(0, 9) == 0) n.max.reset();
        if (n.max && pick(0, 5) == 0) n.min = decimal::from_units(pick(0, 50), 2);
        if (n.max && n.min > *n.max) n.min = *n.max;
        nodes.push_back(n);
        continue;
      }
      if (pick(0, 3) == 0) {
        n.partial = chiso::partial_spec{static_cast<chiso::unlisted_policy>(pick(0, 2)), ""};
        n.max = decimal::from_units(pick(5000, 9000), 2);
        if (pick(0, 5) == 0) n.max.reset();
      }
      nodes.push_back(n);
      self(self, index, depth + 1);
    }
  };
  grow(grow, 0, 0);
  // Half the trees score sở and huyện differently: some criteria apply only to some groups.
  if (pick(0, 1) == 0)
    for (std::size_t i = 1; i < nodes.size(); ++i) switch (pick(0, 9)) {
        case 0:
          nodes[i].groups = {"huyen"};
          break;
        case 1:
          nodes[i].not_groups = {"huyen"};
          break;
        case 2:
          nodes[i].groups = {"so", "huyen"};
          break;
        default:
          break;
      }
  if (pick(0, 2) == 0) {
    nodes[0].partial = chiso::partial_spec{static_cast<chiso::unlisted_policy>(pick(0, 2)), ""};
    nodes[0].max = decimal(1000);
  }
  chiso::index_info info;
  info.id = "random";
  info.decimals = 2;
  return chiso::criterion_tree(info, std::move(nodes));
}

chiso::score_sheet random_sheet(const chiso::criterion_tree& tree, std::mt19937& rng, int u) {
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  chiso::score_sheet sheet;
  sheet.criteria = tree.info().id;
  sheet.unit = {"u" + std::to_string(u), "", u % 2 ? "so" : "huyen", true};
  // A criterion that does not apply to the unit's group gets neither points nor a mark.
  auto na = chiso::not_applicable_to_group(tree, sheet.unit.group);
  for (std::size_t i = 1; i < tree.size(); ++i) {
    if (na[i] || pick(0, 11) != 0) continue;
    sheet.not_applicable.push_back({tree[i].code, {}});
    for (auto j = i; j < tree[i].subtree_end; ++j) na[j] = true;
  }
  // Every fourth unit publishes only some leaves: the others are unknown, not zero.
  if (u % 4 == 3) sheet.missing = chiso::missing_policy::unknown;
  for (auto leaf : tree.leaves()) {
    if (na[leaf]) continue;
    if (sheet.missing == chiso::missing_policy::unknown && pick(0, 5) == 0) continue;
    const auto& n = tree[leaf];
    const auto hi = n.max ? n.max->with_scale(2).units() : 3000;
    const auto lo = n.min.with_scale(2).units();
    sheet.points.push_back(
        {n.code, decimal::from_units(pick(static_cast<int>(lo), static_cast<int>(hi)), 2), {}});
  }
  return sheet;
}

}  // namespace

TEST_CASE("batch scores equal the one-unit score() on random trees") {
  std::mt19937 rng(20261123);
  std::size_t compared = 0, with_na = 0, unknown = 0, unpublished = 0, by_group = 0;
  for (int t = 0; t < 60; ++t) {
    const auto tree = random_tree(rng);
    std::vector<chiso::score_sheet> sheets;
    for (int u = 0; u < 12; ++u) sheets.push_back(random_sheet(tree, rng, u));
    const auto matrix = chiso::unit_matrix::from_sheets(tree, sheets);
    const auto batch = chiso::score_batch(matrix);
    for (std::size_t u = 0; u < sheets.size(); ++u) {
      const auto expected = chiso::score(tree, sheets[u]);
      const auto group_na = chiso::not_applicable_to_group(tree, sheets[u].unit.group);
      for (std::size_t i = 0; i < tree.size(); ++i) {
        INFO("tree " << t << " unit " << u << " node '" << tree[i].code << "'");
        const auto got = batch.at(u, i);
        const auto& want = expected.scores[i];
        CHECK(got.applicable == want.applicable);
        CHECK(got.points == want.points);
        CHECK(got.max == want.max);
        CHECK(got.gap == want.gap);
        CHECK(got.min == want.min);
        CHECK(got.complete == want.complete);
        ++compared;
        if (!want.applicable) ++with_na;
        if (group_na[i]) {
          CHECK_FALSE(want.applicable);
          ++by_group;
        }
        if (want.applicable && !want.points) ++unknown;
        if (tree.is_leaf(i) && i != 0 && want.applicable && !want.points && tree[i].max)
          ++unpublished;
      }
      // Ranking values: a unit whose total is unknown is not ranked.
      const auto values = batch.values(0, chiso::batch_scores::measure::points);
      CHECK(values[u].has_value() == (expected.total().applicable && expected.total().points));
    }
  }
  // The random trees must exercise n/a nodes and unknown values, or the test proves little.
  CHECK(compared > 5000);
  CHECK(with_na > 100);
  CHECK(unknown > 100);
  CHECK(unpublished > 50);  // leaves left out under `missing: unknown`
  CHECK(by_group > 100);    // nodes not applicable through the unit's group
}

TEST_CASE("batch scoring of Cần Thơ 2022 equals the one-unit path") {
  const auto tree =
      chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/par-index-province-876-seed004.yaml");
  const auto sheet = chiso::load_sheet(CHISO_SOURCE_DIR "/examples/data/can-tho-2022.yaml", tree);
  const std::vector<chiso::score_sheet> sheets{sheet};
  const auto matrix = chiso::unit_matrix::from_sheets(tree, sheets);
  const auto batch = chiso::score_batch(matrix);
  const auto one = chiso::score(tree, sheet);
  for (std::size_t i = 0; i < tree.size(); ++i) {
    CHECK(batch.at(0, i).points == one.scores[i].points);
    CHECK(batch.at(0, i).gap == one.scores[i].gap);
  }
  // 2.4 printed total 3,2047 (seed 004:192-198): the sum of its four sub-criteria.
  CHECK(batch.at(0, *tree.find("2.4")).points == *decimal::parse("3.2047"));
  // Cells hold 10^-4 points: 0,8219 is 8219.
  CHECK(matrix.cells()(0, static_cast<Eigen::Index>(matrix.column_of(*tree.find("2.4.1")))) ==
        8219);
}

TEST_CASE("cells are int32 at the tree's scale — values that do not fit are refused") {
  const auto tree = chiso::parse_criteria(R"(kind: chiso/criteria
format_version: 1
index: {id: t, name: T, decimals: 4, method: self_assessed}
criteria:
  - {code: "1", name: A, max: 10}
  - {code: "2", name: B, max: 10}
)",
                                          "t.yaml");
  chiso::unit_matrix m(tree, {{"a", "", "", true}});
  m.set(0, 0, *decimal::parse("9.9999"));
  CHECK(m.get(0, 0) == *decimal::parse("9.9999"));
  // 214748,3647 is the largest value a 32-bit cell holds at 4 decimals.
  m.set(0, 1, *decimal::parse("214748.3647"));
  CHECK_THROWS_AS(m.set(0, 1, *decimal::parse("214748.3648")), chiso::overflow_error);
  CHECK_THROWS_AS(m.set(0, 1, *decimal::parse("0.00001")), chiso::usage_error);
  m.set_not_applicable(0, 1);
  CHECK_FALSE(m.get(0, 1).has_value());
  CHECK_THROWS_AS(m.set(0, 1, decimal(1)), chiso::usage_error);
  const auto b = chiso::score_batch(m);
  CHECK(b.at(0, 0).points == *decimal::parse("9.9999"));
  CHECK(b.at(0, 0).max == decimal(10));  // the n/a criterion left the maximum
  CHECK(*b.percents(0)[0] == chiso::rational(99999, 1000));
}

TEST_CASE("batch values exclude unranked units, other groups and n/a nodes") {
  const auto tree = chiso::parse_criteria(R"(kind: chiso/criteria
format_version: 1
index: {id: t, name: T, decimals: 2, method: self_assessed}
criteria:
  - {code: "1", name: A, max: 50}
  - {code: "2", name: B, max: 50}
)",
                                          "t.yaml");
  chiso::unit_matrix m(tree,
                       {{"a", "", "so", true}, {"b", "", "so", false}, {"c", "", "huyen", true}});
  m.set(0, 0, decimal(40));
  m.set(1, 0, decimal(45));
  m.set(2, 0, decimal(30));
  m.set_not_applicable(2, 1);
  const auto b = chiso::score_batch(m);
  const auto all = b.values(0);
  CHECK(all[0].has_value());
  CHECK_FALSE(all[1].has_value());  // ranked: false
  CHECK(all[2]->numerator == 3000);
  CHECK(all[2]->denominator == 5000);  // max 50 without the n/a criterion
  CHECK_FALSE(b.values(0, chiso::batch_scores::measure::percent, "so")[2].has_value());
  CHECK_FALSE(b.values(2)[2].has_value());  // criterion 2 is n/a for unit c
  const std::vector<std::size_t> only_root{0};
  const auto root_only = chiso::score_batch(m, only_root);
  CHECK_THROWS_AS(static_cast<void>(root_only.at(0, 99)), chiso::usage_error);
}
