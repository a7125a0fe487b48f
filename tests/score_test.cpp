// Scores, percentages and gaps on the real figures of seed 004, Phụ lục I (Cần Thơ, 2022).
#include <chiso/criteria_loader.hpp>
#include <chiso/error.hpp>
#include <chiso/format.hpp>
#include <chiso/gaps.hpp>
#include <chiso/report.hpp>
#include <chiso/score.hpp>
#include <chiso/sheet.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using chiso::decimal;

namespace {

decimal d(const char* text) {
  return *decimal::parse(text);
}

std::string pct(const std::optional<chiso::rational>& v) {
  return v ? chiso::format_number(*v, {2, chiso::rounding::truncate, ','}) : "?";
}

struct can_tho_2022 {
  chiso::criterion_tree tree = chiso::load_criteria(
      std::string(CHISO_SOURCE_DIR) + "/criteria/par-index-province-876-seed004.yaml");
  chiso::scorecard card = chiso::score(
      tree,
      chiso::load_sheet(std::string(CHISO_SOURCE_DIR) + "/examples/data/can-tho-2022.yaml", tree));
  const chiso::node_score& at(const char* code) const { return card[*tree.find(code)]; }
};

}  // namespace

TEST_CASE("score: 8.1 SIPAS = 8,07 of 10 exactly from its five components (seed 004:678-695)") {
  const can_tho_2022 c;
  CHECK(*c.at("8.1").points == d("8.07"));
  CHECK(*c.at("8.1").max == decimal(10));
  CHECK(*c.at("8.1").gap == d("1.93"));
  CHECK(*c.at("8.1").percent() == chiso::rational(807, 10));
  CHECK(c.at("8.1").complete);
}

TEST_CASE("score: 2.4 = 3,2047 of 4 with 2.4.2 = 0,7357 (seed 004:192-225)") {
  const can_tho_2022 c;
  CHECK(*c.at("2.4.2").points == d("0.7357"));
  CHECK(*c.at("2.4").points == d("3.2047"));
  CHECK(*c.at("2.4").gap == d("0.7953"));
  CHECK(pct(c.at("2.4").percent()) == "80,11");  // 80,1175% truncated
}

TEST_CASE("score: leaves' % of max and gap") {
  const can_tho_2022 c;
  CHECK(*c.at("5.4").gap == d("1.5"));
  CHECK(pct(c.at("5.4").percent()) == "0,00");
  CHECK(pct(c.at("7.3.6").percent()) == "43,84");  // 0,6577 / 1,5 = 43,8466…%
  CHECK(*c.at("3.4.3").gap == d("0.0003"));
  // 6.1.1: points printed, max not: nothing is invented.
  CHECK(*c.at("6.1.1").points == d("0.7658"));
  CHECK(!c.at("6.1.1").max);
  CHECK(!c.at("6.1.1").gap);
  CHECK(!c.at("6.1.1").percent());
}

TEST_CASE("score: a partial tree never claims a total it cannot know") {
  const can_tho_2022 c;
  CHECK(c.tree.is_partial());
  // Domain 2's unlisted remainder scored full marks (seed 004:178-182): its gap is known even
  // though its maximum is not printed.
  CHECK(*c.at("2").gap == d("0.7953"));
  CHECK(!c.at("2").max);
  CHECK(!c.at("2").points);
  CHECK(!c.at("2").complete);
  // Domain 6 holds 6.1.1, whose maximum is unknown: its gap and the total are unknown.
  CHECK(!c.at("6").gap);
  CHECK(*c.card.total().max == decimal(100));
  CHECK(!c.card.total().points);
  CHECK(!c.card.total().gap);
}

TEST_CASE("score: the gap list 'không đạt điểm tối đa' in order of points lost") {
  const can_tho_2022 c;
  const auto report = chiso::gaps(c.tree, c.card);
  REQUIRE(report.items.size() == 41);
  const char* expected[] = {"5.4",   "7.3.7", "7.3.6", "8.4",  "7.3.4",
                            "8.3.2", "8.1.4", "8.1.5", "7.1.4"};
  for (std::size_t i = 0; i < std::size(expected); ++i)
    CHECK(c.tree[report.items[i].node].code == expected[i]);
  CHECK(report.items[0].gap == d("1.5"));
  CHECK(report.items[1].gap == d("0.856"));
  CHECK(report.items[2].gap == d("0.8423"));
  CHECK(c.tree[report.items.back().node].code == "3.4.3");
  REQUIRE(report.unknown.size() == 1);
  CHECK(c.tree[report.unknown[0]].code == "6.1.1");
  CHECK(report.total == d("13.1894"));  // seed-facts §1.1: "13,19 points" (rounded)
}

TEST_CASE("score: the gap list by lowest % of max") {
  const can_tho_2022 c;
  const auto report = chiso::gaps(c.tree, c.card, chiso::gap_order::by_percent);
  const char* expected[] = {"5.4", "8.3.2", "7.3.7", "7.3.6", "7.3.4", "8.4", "7.1.4", "5.7.4"};
  for (std::size_t i = 0; i < std::size(expected); ++i)
    CHECK(c.tree[report.items[i].node].code == expected[i]);
}

TEST_CASE("score: gaps grouped by lĩnh vực with exact subtotals") {
  const can_tho_2022 c;
  const auto groups = chiso::gaps_by_domain(c.tree, c.card);
  REQUIRE(groups.size() == 7);
  const char* subtotal[] = {"0.7953", "0.2619", "1.151", "3.4934", "1.2025", "2.8994", "3.3859"};
  for (std::size_t i = 0; i < groups.size(); ++i) {
    CHECK(c.tree[groups[i].domain].code == std::to_string(i + 2));
    CHECK(groups[i].subtotal == d(subtotal[i]));
  }
  CHECK(c.tree[groups[3].items.front().node].code == "5.4");  // domain 5 loses most: 3,49
  REQUIRE(groups[4].unknown.size() == 1);                     // 6.1.1
  CHECK(groups[0].unknown.empty());
}

TEST_CASE("score: the SIPAS 8.1 tree alone gives the same 8,07") {
  const auto tree =
      chiso::load_criteria(std::string(CHISO_SOURCE_DIR) + "/criteria/sipas-par-8.1.yaml");
  const auto sheet = chiso::parse_sheet(R"(kind: chiso/scores
format_version: 1
criteria: sipas-par-8.1
unit: {id: can-tho, name: Thành phố Cần Thơ}
year: 2022
points: {"8.1.1": 1.2036, "8.1.2": 1.2027, "8.1.3": 2.1093, "8.1.4": 2.0258, "8.1.5": 1.5286}
)",
                                        "sipas.yaml", tree);
  const auto card = chiso::score(tree, sheet);
  CHECK(*card.total().points == d("8.07"));
  CHECK(card.total().complete);
  CHECK(chiso::format_number(*card.total().percent(), {2, chiso::rounding::half_up, ','}) ==
        "80,70");
}

namespace {

const char* department_tree = R"(kind: chiso/criteria
format_version: 1
index: {id: so, name: Chỉ số CCHC cấp sở, method: self_assessed}
criteria:
  - code: "1"
    name: Chỉ đạo điều hành
    children:
      - {code: "1.1", name: Kế hoạch CCHC, max: 6}
      - {code: "1.2", name: Báo cáo, max: 4}
  - code: "3"
    name: Cải cách TTHC
    children:
      - {code: "3.1", name: Công khai TTHC, max: 5}
      - {code: "3.2", name: Giải quyết đúng hạn, max: 5}
)";

}  // namespace

TEST_CASE("score: not-applicable nodes leave the unit's maximum") {
  // A department without administrative procedures is not scored on lĩnh vực 3.
  const auto tree = chiso::parse_criteria(department_tree, "so.yaml");
  const auto sheet = chiso::parse_sheet(R"(kind: chiso/scores
format_version: 1
criteria: so
unit: {id: thanh-tra, name: Thanh tra thành phố}
year: 2023
points: {"1.1": 5.5, "1.2": 3.5}
not_applicable: ["3"]
)",
                                        "tt.yaml", tree);
  const auto card = chiso::score(tree, sheet);
  CHECK(*card.total().max == decimal(10));
  CHECK(*card.total().points == decimal(9));
  CHECK(*card.total().percent() == 90);  // of the applicable 10, not of 20
  CHECK(!card[*tree.find("3")].applicable);
  CHECK(!card[*tree.find("3.2")].applicable);
  CHECK(chiso::gaps(tree, card).items.size() == 2);
}

TEST_CASE("score: a single not-applicable leaf shrinks its parent and the total") {
  const auto tree = chiso::parse_criteria(department_tree, "so.yaml");
  const auto sheet = chiso::parse_sheet(R"(kind: chiso/scores
format_version: 1
criteria: so
unit: {id: s, name: Sở}
year: 2023
missing: zero
points: {"1.1": 6, "3.1": 4}
not_applicable: ["1.2"]
)",
                                        "s.yaml", tree);
  const auto card = chiso::score(tree, sheet);
  CHECK(*card[*tree.find("1")].max == decimal(6));
  CHECK(*card[*tree.find("3.2")].points == decimal(0));  // missing: zero, asked for explicitly
  CHECK(*card.total().max == decimal(16));
  CHECK(*card.total().points == decimal(10));
}

TEST_CASE("score: unlisted remainders count as declared (full marks, zero, unknown)") {
  const std::string tree_text = R"(kind: chiso/criteria
format_version: 1
index: {id: p, name: P, method: self_assessed}
criteria:
  - code: "3"
    name: Cải cách TTHC
    max: 10
    partial: {unlisted: POLICY}
    children:
      - {code: "3.4.1", name: Đúng hạn, max: 1.5}
)";
  const auto card_for = [&](const char* policy) {
    std::string text = tree_text;
    text.replace(text.find("POLICY"), 6, policy);
    const auto tree = chiso::parse_criteria(text, "p.yaml");
    return chiso::score(tree, chiso::parse_sheet("kind: chiso/scores\nformat_version: 1\n"
                                                 "criteria: p\nunit: {id: u}\nyear: 2022\n"
                                                 "points: {\"3.4.1\": 1.4962}\n",
                                                 "s.yaml", tree))[1];
  };
  const auto full = card_for("full_marks");
  CHECK(*full.points == d("9.9962"));
  CHECK(*full.gap == d("0.0038"));
  const auto zero = card_for("zero");
  CHECK(*zero.points == d("1.4962"));
  CHECK(*zero.gap == d("8.5038"));
  const auto unknown = card_for("unknown");
  CHECK(!unknown.points);
  CHECK(!unknown.gap);
  CHECK(*unknown.max == decimal(10));
}

TEST_CASE("score: PAPI-style minimums give a % on the node's own range") {
  const auto tree = chiso::parse_criteria(R"(kind: chiso/criteria
format_version: 1
index: {id: papi, name: PAPI, method: survey}
criteria:
  - code: "D1"
    name: Tham gia của người dân ở cơ sở
    children:
      - {code: "D1.1", name: Tri thức công dân, min: 0.25, max: 2.5}
      - {code: "D1.2", name: Cơ hội tham gia, min: 0.25, max: 2.5}
      - {code: "D1.3", name: Chất lượng bầu cử, min: 0.25, max: 2.5}
      - {code: "D1.4", name: Đóng góp tự nguyện, min: 0.25, max: 2.5}
)",
                                          "papi.yaml");
  // An Giang 2016, D1 = 0,874 + 1,552 + 1,145 + 0,910 = 4,481 (methodology.md §3.3).
  const auto card = chiso::score(
      tree, chiso::parse_sheet("kind: chiso/scores\nformat_version: 1\ncriteria: papi\nunit: {id: "
                               "an-giang}\nyear: 2016\npoints: {\"D1.1\": 0.874, \"D1.2\": 1.552, "
                               "\"D1.3\": 1.145, \"D1.4\": 0.910}\n",
                               "ag.yaml", tree));
  const auto& d1 = card[*tree.find("D1")];
  CHECK(*d1.points == d("4.481"));
  CHECK(d1.min == decimal(1));
  CHECK(*d1.gap == d("5.519"));
  CHECK(*d1.percent_of_range() == chiso::rational(3481, 9) / 10);  // (4,481 − 1) / 9
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_sheet("kind: chiso/scores\nformat_version: 1\ncriteria: papi\nunit: {id: "
                               "x}\nyear: 2016\nmissing: zero\npoints: {\"D1.1\": 0.2}\n",
                               "x.yaml", tree),
      "x.yaml:7:10: error[points-below-min]: criterion 'D1.1': points 0.2 are below its min 0.25",
      chiso::input_error);
}

TEST_CASE("report: the printed gap report states its rounding rule and the partial tree") {
  const can_tho_2022 c;
  std::ostringstream out;
  chiso::print_gap_report(out, c.tree, c.card);
  const auto text = out.str();
  CHECK(text.find("KHÔNG ĐẦY ĐỦ (partial)") != std::string::npos);
  // The one rounding rule (docs/cli.md, "Rounding"): half up by default.
  CHECK(text.find("quy tắc half_up") != std::string::npos);
  CHECK(text.find("    5.4      1,5000    0,0000     0,00%   1,5000  Chấp hành kỷ luật") !=
        std::string::npos);
  CHECK(text.find("Tổng điểm thiếu đã biết: 13,1894 (chưa gồm 1 tiêu chí") != std::string::npos);
}

TEST_CASE("score: missing: unknown leaves a leaf unpublished and every total above it unknown") {
  const auto tree =
      chiso::load_criteria(std::string(CHISO_SOURCE_DIR) + "/criteria/sipas-par-8.1.yaml");
  const auto sheet = chiso::parse_sheet(R"(kind: chiso/scores
format_version: 1
criteria: sipas-par-8.1
unit: {id: x}
year: 2022
missing: unknown
points: {"8.1.1": 1.2, "8.1.2": 1.2, "8.1.3": 2.1, "8.1.4": 2}
)",
                                        "x.yaml", tree);
  const auto card = chiso::score(tree, sheet);
  const auto& leaf = card[*tree.find("8.1.5")];
  CHECK(leaf.applicable);
  CHECK_FALSE(leaf.points.has_value());
  CHECK(*leaf.max == d("2"));
  CHECK_FALSE(leaf.gap.has_value());
  CHECK_FALSE(leaf.complete);
  CHECK_FALSE(card.total().points.has_value());
  CHECK_FALSE(card.total().percent().has_value());
  CHECK(*card.total().max == d("10"));
  CHECK(card[*tree.find("8.1.1")].complete);
  CHECK(*card[*tree.find("8.1.1")].gap == d("0.3"));
}

TEST_CASE("gaps: a leaf that was not published has an unknown gap, listed as such") {
  const auto tree =
      chiso::load_criteria(std::string(CHISO_SOURCE_DIR) + "/criteria/sipas-par-8.1.yaml");
  const auto sheet = chiso::parse_sheet(
      "kind: chiso/scores\nformat_version: 1\ncriteria: sipas-par-8.1\nunit: {id: x}\n"
      "year: 2022\nmissing: unknown\npoints: {\"8.1.1\": 1.2, \"8.1.2\": 1.5}\n",
      "x.yaml", tree);
  const auto report = chiso::gaps(tree, chiso::score(tree, sheet));
  CHECK(report.unknown.size() == 3);  // 8.1.3, 8.1.4, 8.1.5
  REQUIRE(report.items.size() == 1);  // 8.1.1 lost 0,3; 8.1.2 reached its maximum
  CHECK(report.total == d("0.3"));
}
