// The shipped trees in criteria/: every one loads, and the verified totals and published figures
// they must reproduce are reproduced exactly.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <stdexcept>
#include <string>

#include "chiso/catalog.hpp"
#include "chiso/chiso.hpp"

namespace {

const std::string criteria_dir = std::string(CHISO_SOURCE_DIR) + "/criteria/";
const std::string data_dir = std::string(CHISO_TEST_DATA) + "/";

chiso::decimal dec(const char* text) {
  return *chiso::decimal::parse(text);
}

std::string fmt(const chiso::decimal& d, int precision,
                chiso::rounding mode = chiso::rounding::half_up) {
  return chiso::format_number(d, chiso::number_format{precision, mode, ','});
}

chiso::decimal points(const chiso::scorecard& card, const chiso::criterion_tree& tree,
                      std::string_view code) {
  return *card[*tree.find(code)].points;
}

}  // namespace

TEST_CASE("every tree in the catalog loads and agrees with its catalog entry") {
  const auto catalog = chiso::load_catalog(criteria_dir + "catalog.yaml");
  CHECK(catalog.entries.size() == 18);
  for (const auto& entry : catalog.entries) {
    CAPTURE(entry.criteria);
    if (!entry.has_tree()) continue;  // QĐ 1149 and 892: known decisions, no tree shipped
    const auto tree = chiso::load_criteria(entry);
    CHECK(tree.info().id == entry.criteria);
    CHECK_FALSE(tree.info().source.empty());
    // Every node cites where its facts come from, itself or through an ancestor.
    for (std::size_t i = 1; i < tree.size(); ++i) {
      auto cited = i;
      while (cited != 0 && tree[cited].source.empty()) cited = tree[cited].parent;
      CHECK_MESSAGE(cited != 0, "criterion '" << tree[i].code << "' cites no source");
    }
    // Every leaf states how it is measured.
    for (auto leaf : tree.leaves()) CHECK(tree[leaf].method != chiso::measurement::unspecified);
  }
}

TEST_CASE("PAR INDEX QĐ 2948: domain maxima 10/10/14,5/11/16/7/16/15,5 = 100 (bonoivu.cls.vn)") {
  const auto tree = chiso::load_criteria(criteria_dir + "par-index-province-2948.yaml");
  const std::array<const char*, 8> maxima = {"10", "10", "14.5", "11", "16", "7", "16", "15.5"};
  REQUIRE(tree.children(0).size() == 8);
  chiso::decimal sum;
  for (std::size_t d = 0; d < 8; ++d) {
    CHECK(*tree[tree.children(0)[d]].max == dec(maxima[d]));
    sum += dec(maxima[d]);
  }
  CHECK(sum == dec("100"));
  CHECK(*tree.root().max == dec("100"));
  CHECK_FALSE(tree.is_partial());
  CHECK(tree.info().legal_basis == "2948/QĐ-BNV, 28/12/2017");
}

TEST_CASE("PAR INDEX QĐ 876, provincial: 8 domains, 100 points, reported as partial") {
  const auto tree = chiso::load_criteria(criteria_dir + "par-index-province-876.yaml");
  CHECK(tree.children(0).size() == 8);
  CHECK(*tree.root().max == dec("100"));
  CHECK_FALSE(tree.root().max_derived);
  CHECK(tree.is_partial());
  for (auto d : tree.children(0)) {
    CAPTURE(tree[d].code);
    CHECK_FALSE(tree[d].max.has_value());  // no domain maximum was found in a source
  }
  // What the sources do give: SIPAS 8.1 = 10 and its five elements.
  CHECK(*tree.at("8.1").max == dec("10"));
  CHECK(tree.at("8.1").method == chiso::measurement::survey);
  CHECK(*tree.at("2.4").max == dec("4"));
}

TEST_CASE("PAR INDEX QĐ 876, ministries: 7 domains, 100 points, partial") {
  const auto tree = chiso::load_criteria(criteria_dir + "par-index-ministry-876.yaml");
  CHECK(tree.children(0).size() == 7);
  CHECK(*tree.root().max == dec("100"));
  CHECK(tree.is_partial());
  CHECK(tree.info().level == "bo");
}

TEST_CASE("an unscored partial tree gives no total: the unlisted remainder is unknown") {
  const auto tree = chiso::load_criteria(criteria_dir + "par-index-province-876.yaml");
  // Cần Thơ's 2022 points, scored on the official (partial) tree instead of the seed-004
  // excerpt: without seed 004's "unlisted reached full marks" the domains' totals are unknown.
  auto sheet =
      chiso::load_sheet(CHISO_SOURCE_DIR "/examples/data/can-tho-2022.yaml",
                        chiso::load_criteria(criteria_dir + "par-index-province-876-seed004.yaml"));
  sheet.criteria = tree.info().id;
  sheet.not_applicable.push_back({"1", {}});  // domain 1 is not printed in seed 004
  const auto card = chiso::score(tree, sheet);
  CHECK_FALSE(card.total().complete);
  CHECK_FALSE(card.total().points.has_value());
  CHECK(points(card, tree, "8.1") == dec("8.07"));
}

TEST_CASE("SIPAS in PAR INDEX 8.1: Cần Thơ 2022 = 8,07 (seed 004:678-695)") {
  const auto tree = chiso::load_criteria(criteria_dir + "sipas-par-8.1.yaml");
  CHECK(*tree.root().max == dec("10"));
  // The points printed in seed 004 add up to 8,0700.
  chiso::score_sheet sheet;
  sheet.criteria = "sipas-par-8.1";
  sheet.unit = {"can-tho", "Thành phố Cần Thơ", "tinh", true};
  sheet.year = 2022;
  const std::array<std::pair<const char*, const char*>, 5> printed = {{{"8.1.1", "1.2036"},
                                                                       {"8.1.2", "1.2027"},
                                                                       {"8.1.3", "2.1093"},
                                                                       {"8.1.4", "2.0258"},
                                                                       {"8.1.5", "1.5286"}}};
  for (const auto& [code, value] : printed) sheet.points.push_back({code, dec(value), {}});
  const auto card = chiso::score(tree, sheet);
  CHECK(*card.total().points == dec("8.07"));
  // And the same 8,07 from the element shares × weights (methodology.md §1.5): exactly 8,0699.
  const std::array<const char*, 5> shares = {"0.8024", "0.8018", "0.8437", "0.8103", "0.7643"};
  chiso::decimal from_shares;
  for (std::size_t i = 0; i < 5; ++i)
    from_shares += *tree[tree.find(printed[i].first).value()].max * dec(shares[i]);
  CHECK(from_shares == dec("8.0699"));
  CHECK(fmt(from_shares, 2) == "8,07");
  // The published overall SIPAS (79,10%) is a separate measure: 8.1 ÷ 10 would be 80,70%.
  CHECK(chiso::format_number(*card.total().percent(), {2, chiso::rounding::half_up, ','}) ==
        "80,70");
}

TEST_CASE("QĐ 766: five groups 18/20/22/22/18 = 100 — its six rates reproduce Cần Thơ's 78,4%") {
  const auto tree = chiso::load_criteria(criteria_dir + "service-index-766.yaml");
  REQUIRE(tree.children(0).size() == 5);  // the decision's five groups (sonoivu.namdinh.gov.vn)
  chiso::decimal groups;
  for (auto g : tree.children(0)) groups += *tree[g].max;
  CHECK(groups == dec("100"));
  CHECK(*tree.at("3").max == dec("22"));
  CHECK(*tree.at("4").max == dec("22"));
  CHECK(tree.at("5").method == chiso::measurement::survey);
  // The portal's split of group 4 is not read in the decision.
  CHECK_FALSE(tree.info().unverified.empty());
  CHECK_FALSE(tree.at("4.1").unverified.empty());
  CHECK_FALSE(tree.at("4.2").unverified.empty());
  CHECK(tree.at("3").unverified.empty());
  // The six group rates (%) printed in seed 000:230-235, in the seed's order.
  const std::array<std::pair<const char*, const char*>, 6> rates = {
      {{"1", "70"}, {"2", "94"}, {"4.1", "65.83"}, {"4.2", "86"}, {"3", "62.73"}, {"5", "92.78"}}};
  chiso::score_sheet sheet;
  sheet.criteria = "service-index-766";
  sheet.unit = {"can-tho", "Thành phố Cần Thơ", "tinh", true};
  sheet.year = 2024;
  for (const auto& [code, rate] : rates)
    sheet.points.push_back({code, *tree.at(code).max * dec(rate) * dec("0.01"), {}});
  const auto card = chiso::score(tree, sheet);
  CHECK(*card.total().points == dec("78.4006"));
  CHECK(fmt(*card.total().points, 1) == "78,4");
  CHECK(fmt(*card.total().points, 1, chiso::rounding::truncate) == "78,4");
  CHECK(fmt(*card.total().points, 2) == "78,40");
  CHECK(points(card, tree, "4") == dec("16.4996"));  // 12 × 65,83% + 10 × 86%
  // The unweighted mean of the six rates is 78,56: the published 78,4 is the weighted sum.
  chiso::decimal sum;
  for (const auto& [code, rate] : rates) sum += dec(rate);
  CHECK(chiso::format_number(sum.to_rational() / 6, {2, chiso::rounding::half_up, ','}) == "78,56");
}

TEST_CASE("PAPI trees: 8–80 (8 dimensions — 29 then 28 sub-dimensions) and 6–60 before 2018") {
  struct expected {
    const char* file;
    std::size_t dimensions, sub_dimensions;
    const char *min, *max;
  };
  for (const auto& e : {expected{"papi-2018-2020.yaml", 8, 29, "8", "80"},
                        expected{"papi-2021.yaml", 8, 28, "8", "80"},
                        expected{"papi-2011-2017.yaml", 6, 22, "6", "60"}}) {
    CAPTURE(e.file);
    const auto tree = chiso::load_criteria(criteria_dir + e.file);
    CHECK(tree.children(0).size() == e.dimensions);
    CHECK(tree.leaves().size() == e.sub_dimensions);
    CHECK(tree.root().min == dec(e.min));
    CHECK(*tree.root().max == dec(e.max));
    CHECK_FALSE(tree.is_partial());
    for (auto d : tree.children(0)) {
      CHECK(tree[d].min == dec("1"));
      CHECK(*tree[d].max == dec("10"));
    }
  }
  const auto t2021 = chiso::load_criteria(criteria_dir + "papi-2021.yaml");
  CHECK(t2021.children(*t2021.find("5")).size() == 3);  // Construction Permits dropped
  CHECK(t2021.at("5.1").max_equal_share);
  CHECK(*t2021.at("4.1").max == dec("2.5"));
  CHECK(t2021.at("4.1").min == dec("0.25"));
}

TEST_CASE("PAPI Hà Tĩnh 2015: sub-dimension sums 6,44 / 7,24 / 7,51 (papi.org.vn)") {
  const auto tree = chiso::load_criteria(criteria_dir + "papi-2011-2017.yaml");
  const auto card =
      chiso::score(tree, chiso::load_sheet(data_dir + "papi-ha-tinh-2015.yaml", tree));
  CHECK(points(card, tree, "1") == dec("6.44"));
  CHECK(points(card, tree, "2") == dec("7.24"));
  CHECK(points(card, tree, "3") == dec("7.51"));
  // A 3-sub-dimension dimension keeps its exact 1–10 range: gap and % on the range are exact.
  const auto& d2 = card[*tree.find("2")];
  CHECK(*d2.max == dec("10"));
  CHECK(d2.min == dec("1"));
  CHECK(*d2.gap == dec("2.76"));
  CHECK(d2.complete);
  CHECK(*d2.percent_of_range() == chiso::rational(624, 9));  // (7,24 − 1) ÷ 9 × 100
  CHECK(*card[*tree.find("2.1")].points == dec("2.89"));
  CHECK(*card.total().points == dec("21.19"));  // D1–D3 only: D4–D6 not in the excerpt

  // With one share not applicable, D2's remaining range (2/3 of 1–10) is not a finite decimal:
  // it is left unknown and the dimension incomplete, never rounded.
  auto sheet = chiso::load_sheet(data_dir + "papi-ha-tinh-2015.yaml", tree);
  sheet.points.erase(sheet.points.begin() + 4);  // "2.1"
  sheet.not_applicable.push_back({"2.1", {}});
  const auto partial_card = chiso::score(tree, sheet);
  const auto& d2_partial = partial_card[*tree.find("2")];
  CHECK(*d2_partial.points == dec("4.35"));
  CHECK_FALSE(d2_partial.max.has_value());
  CHECK_FALSE(d2_partial.complete);
}

TEST_CASE("PAPI An Giang 2016: D1 = 0,874 + 1,552 + 1,145 + 0,910 = 4,481") {
  const auto tree = chiso::load_criteria(criteria_dir + "papi-2011-2017.yaml");
  const auto card =
      chiso::score(tree, chiso::load_sheet(data_dir + "papi-an-giang-2016.yaml", tree));
  const auto& d1 = card[*tree.find("1")];
  CHECK(*d1.points == dec("4.481"));
  CHECK(d1.min == dec("1"));
  CHECK(*d1.max == dec("10"));
  CHECK(*d1.gap == dec("5.519"));
}

// A PAPI year as its official file publishes it: the dimension scores of the scored provinces,
// read against the tree cut at its dimensions (examples/data/papi/README.md).
struct papi_year {
  chiso::criterion_tree tree;
  chiso::unit_set units;
  chiso::unit_matrix matrix;
  chiso::batch_scores batch;
  chiso::ranking ranks;

  papi_year(const char* criteria, int year)
      : tree(chiso::collapse(chiso::load_criteria(criteria_dir + criteria), 1)),
        units(chiso::load_units_csv(file(year, "dimensions"), tree,
                                    {.year = year, .missing = chiso::missing_policy::unknown})),
        matrix(chiso::unit_matrix::from_sheets(tree, units.sheets)),
        batch(chiso::score_batch(matrix)),
        ranks(chiso::rank(batch.values(0, chiso::batch_scores::measure::points))) {}

  static std::string file(int year, const char* what) {
    return std::string(CHISO_SOURCE_DIR) + "/examples/data/papi/" + std::to_string(year) + "-" +
           what + ".csv";
  }
  std::size_t unit(std::string_view id) const {
    for (std::size_t u = 0; u < units.sheets.size(); ++u)
      if (units.sheets[u].unit.id == id) return u;
    throw std::out_of_range("no unit " + std::string(id));
  }
  chiso::decimal total(std::string_view id) const { return *batch.at(unit(id), 0).points; }
  std::string label(std::string_view id) const { return ranks.label(unit(id)); }

  // Every published rank, and every published total to within the file's 7 significant digits;
  // returns the number of provinces published without a total (not scored).
  std::size_t check_published(int year) const {
    std::ifstream published(file(year, "published"));
    std::string line;
    std::getline(published, line);
    std::size_t compared = 0, unscored = 0;
    while (std::getline(published, line)) {
      const auto c1 = line.find(','), c2 = line.find(',', c1 + 1);
      const auto id = line.substr(0, c1);
      CAPTURE(id);
      if (line.substr(c1 + 1) == ",") {
        // In the file with only some dimensions: no total, hence no rank.
        ++unscored;
        CHECK_FALSE(batch.at(unit(id), 0).points.has_value());
        CHECK_FALSE(ranks.is_ranked(unit(id)));
        continue;
      }
      CHECK(ranks.rank(unit(id)) == std::stoul(line.substr(c2 + 1)));
      const auto difference = total(id) - dec(line.substr(c1 + 1, c2 - c1 - 1).c_str());
      CHECK(difference <= dec("0.000004"));
      CHECK(difference >= dec("-0.000004"));
      ++compared;
    }
    CHECK(compared == ranks.ranked_count());
    return unscored;
  }
};

TEST_CASE("PAPI 2022 from the published dimensions: Quảng Ninh 47,8763 1st, Cần Thơ 39,97 55/61") {
  const papi_year p("papi-2021.yaml", 2022);
  REQUIRE(p.tree.leaves().size() == 8);
  CHECK(p.units.sheets.size() == 63);
  CHECK(p.ranks.ranked_count() == 61);  // Bắc Giang and Bắc Ninh were not scored
  CHECK(p.batch.at(p.unit("bac-giang"), *p.tree.find("6")).points == dec("8.084984"));
  CHECK(p.label("bac-giang") == "–");
  // thoidai.com.vn: "47,8763", first; Cao Bằng "38,8037", last. Seed: Cần Thơ 39,97, 55th.
  CHECK(p.total("quang-ninh") == dec("47.8763014"));
  CHECK(fmt(p.total("quang-ninh"), 4) == "47,8763");
  CHECK(fmt(p.total("quang-ninh"), 4, chiso::rounding::truncate) == "47,8763");
  CHECK(p.label("quang-ninh") == "1/61");
  CHECK(fmt(p.total("cao-bang"), 4) == "38,8037");
  CHECK(p.label("cao-bang") == "61/61");
  CHECK(fmt(p.total("can-tho"), 2) == "39,97");
  CHECK(fmt(p.total("can-tho"), 2, chiso::rounding::truncate) == "39,97");
  CHECK(p.label("can-tho") == "55/61");
  const auto can_tho = p.batch.at(p.unit("can-tho"), 0);
  CHECK(can_tho.min == dec("8"));
  CHECK(*can_tho.max == dec("80"));
  CHECK(*can_tho.gap == dec("40.0252514"));
  CHECK(p.check_published(2022) == 2);
}

TEST_CASE("PAPI 2019 from the published dimensions: mean 43,61 and quartile groups 16/16/15/16") {
  const papi_year p("papi-2018-2020.yaml", 2019);
  REQUIRE(p.units.sheets.size() == 63);
  CHECK(p.check_published(2019) == 0);
  chiso::rational sum;
  for (std::size_t u = 0; u < p.units.sheets.size(); ++u)
    sum += p.batch.at(u, 0).points->to_rational();
  const chiso::rational mean = sum / 63;
  // ddcilaocai.vn prints the national mean as 43,61: truncated, as national news pages do.
  CHECK(chiso::format_number(mean, {2, chiso::rounding::truncate, ','}) == "43,61");
  CHECK(chiso::format_number(mean, {2, chiso::rounding::half_up, ','}) == "43,62");
  // The published group sizes, on the real totals (bands are read on the %, same order here).
  const auto scheme = chiso::load_bands(criteria_dir + "bands/papi-quartiles.yaml");
  const auto groups = chiso::classify(*scheme.for_group("tinh"), p.batch.percents(0));
  CHECK(groups.counts == std::vector<std::size_t>{16, 16, 15, 16});
}

TEST_CASE("example sở tree: a unit without procedures is not scored on lĩnh vực 3") {
  const auto tree = chiso::load_criteria(criteria_dir + "example-so.yaml");
  CHECK(*tree.root().max == dec("100"));
  // 80 self-assessed + 20 survey, the Hà Tĩnh QĐ 52/2019 split for sở.
  chiso::decimal survey;
  for (auto leaf : tree.leaves())
    if (tree[leaf].method == chiso::measurement::survey) survey += *tree[leaf].max;
  CHECK(survey == dec("20"));
  CHECK_FALSE(tree.info().unverified.empty());  // an example, not an official tree
  const auto card =
      chiso::score(tree, chiso::load_sheet(data_dir + "example-so-no-procedures.yaml", tree));
  CHECK(*card.total().max == dec("86"));
  CHECK(*card.total().points == dec("77.15"));
  CHECK_FALSE(card[*tree.find("3")].applicable);
  CHECK_FALSE(card[*tree.find("3.2")].applicable);
}

TEST_CASE("example huyện and xã trees: 80 + 20 and 70 + 30") {
  for (const auto& [file, survey_points] :
       {std::pair{"example-huyen.yaml", "20"}, std::pair{"example-xa.yaml", "30"}}) {
    const auto tree = chiso::load_criteria(criteria_dir + file);
    chiso::decimal survey;
    for (auto leaf : tree.leaves())
      if (tree[leaf].method == chiso::measurement::survey) survey += *tree[leaf].max;
    CHECK(survey == dec(survey_points));
    CHECK(*tree.root().max == dec("100"));
    CHECK(tree.children(0).size() == 9);
  }
}

TEST_CASE("SIPAS elements: the published overall SIPAS is not the mean of the elements (2023)") {
  const auto catalog = chiso::load_catalog(criteria_dir + "catalog.yaml");
  const auto entry = *chiso::find_criteria(catalog, "sipas", "tinh", 2023);
  CHECK(entry.criteria == "sipas-1001");
  CHECK(chiso::find_criteria(catalog, "sipas", "tinh", 2019)->criteria == "sipas-2640");
  const auto tree = chiso::load_criteria(entry);
  REQUIRE(tree.children(0).size() == 5);
  // National element satisfaction 2023 (vietnamplus 284704): access, TTHC, công chức, kết quả,
  // PAKN.
  const std::array<const char*, 5> elements = {"83.00", "83.02", "83.12", "83.03", "82.27"};
  chiso::score_sheet sheet;
  sheet.criteria = entry.criteria;
  sheet.unit = {"vn", "Cả nước", "tinh", false};
  sheet.year = 2023;
  for (std::size_t i = 0; i < 5; ++i)
    sheet.points.push_back({tree[tree.children(0)[i]].code, dec(elements[i]), {}});
  const auto card = chiso::score(tree, sheet);
  const auto mean = *card.total().percent();
  CHECK(mean == chiso::rational(41444, 500));  // 414,44 ÷ 500 × 100 = 82,888
  CHECK(chiso::format_number(mean, {2, chiso::rounding::half_up, ','}) == "82,89");
  // Published SIPAS 2023: 82,66 — a separate measure, not this mean.
  CHECK(chiso::format_number(mean, {2, chiso::rounding::half_up, ','}) != "82,66");
}
