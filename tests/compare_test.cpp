#include "chiso/compare.hpp"

#include <doctest/doctest.h>

#include "chiso/error.hpp"

namespace {
chiso::rational num(const char* text) {
  return chiso::decimal::parse(text)->to_rational();
}
}  // namespace

TEST_CASE("value falls while rank rises: Cần Thơ SIPAS 2021→2022") {
  // Published: 79,10%, 36/63 in 2022, 48th in 2021, "giảm 6,4%" (seed 004:18-20). The 2021
  // value 85,50% is implied only if "6,4%" means percentage points: the seed does not say.
  const std::vector<chiso::year_result> y2021{{"can-tho", num("85.50"), 48}};
  const std::vector<chiso::year_result> y2022{{"can-tho", num("79.10"), 36}};
  const auto rows = chiso::compare_years(y2021, y2022);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].status == chiso::change_status::same);
  CHECK(rows[0].rank_change == 12);
  CHECK(rows[0].rank_change_text() == "tăng 12 bậc");
  CHECK(*rows[0].value_change == num("-6.4"));
  CHECK(rows[0].value_change_text(chiso::value_kind::percent) == "-6,40 pp");
}

TEST_CASE("PAPI in points: 42→55 is −13 places (seed 004:20-24)") {
  // 39,97 points in 2022 is published; 41,23 in 2021 is implied by "giảm 1,26 điểm".
  const std::vector<chiso::year_result> y2021{{"can-tho", num("41.23"), 42}};
  const std::vector<chiso::year_result> y2022{{"can-tho", num("39.97"), 55}};
  const auto rows = chiso::compare_years(y2021, y2022);
  CHECK(rows[0].rank_change == -13);
  CHECK(rows[0].rank_change_text() == "giảm 13 bậc");
  CHECK(rows[0].value_change_text(chiso::value_kind::points) == "-1,26 điểm");
}

TEST_CASE("PAR INDEX ranks 16→9 and 51→26 — a rise in value is printed with +") {
  const std::vector<chiso::year_result> y2016{{"can-tho", std::nullopt, 16}};
  const std::vector<chiso::year_result> y2017{{"can-tho", num("83.53"), 9}};
  const auto r1 = chiso::compare_years(y2016, y2017);
  CHECK(r1[0].rank_change == 7);
  CHECK(r1[0].value_change_text(chiso::value_kind::percent) == "n/a");  // 2016 value not given
  const std::vector<chiso::year_result> y2021{{"can-tho", std::nullopt, 51}};
  const std::vector<chiso::year_result> y2022{{"can-tho", num("86.11"), 26}};
  CHECK(chiso::compare_years(y2021, y2022)[0].rank_change_text() == "tăng 25 bậc");
  chiso::unit_change up;
  up.value_change = num("1.14");
  CHECK(up.value_change_text(chiso::value_kind::percent) == "+1,14 pp");
}

TEST_CASE("Cần Thơ districts 2015→2016: Ô Môn 5th→1st, Thới Lai 9th→3rd, Thốt Nốt 2nd→7th") {
  // Ranks from baocantho.com.vn (methodology.md §4.3); the values are not given there.
  const std::vector<chiso::year_result> before{
      {"o-mon", std::nullopt, 5}, {"thoi-lai", std::nullopt, 9}, {"thot-not", std::nullopt, 2}};
  const std::vector<chiso::year_result> after{
      {"o-mon", std::nullopt, 1}, {"thoi-lai", std::nullopt, 3}, {"thot-not", std::nullopt, 7}};
  const auto rows = chiso::compare_years(before, after);
  CHECK(rows[0].rank_change_text() == "tăng 4 bậc");
  CHECK(rows[1].rank_change_text() == "tăng 6 bậc");
  CHECK(rows[2].rank_change_text() == "giảm 5 bậc");
}

TEST_CASE("the 2025 reorganisation: merged, renamed, new and gone units") {
  // Unit ids are real provinces; values and ranks are constructed.
  const std::vector<chiso::year_result> y2024{{"can-tho", num("88"), 20},
                                              {"soc-trang", num("84"), 40},
                                              {"hau-giang", num("86"), 30},
                                              {"old-district", num("80"), 5}};
  const std::vector<chiso::year_result> y2025{{"can-tho", num("87"), 10},
                                              {"new-commune", num("75"), 30},
                                              {"hau-giang-renamed", num("85"), 12}};
  const std::vector<chiso::unit_mapping> merged_na{
      {"can-tho", {"can-tho", "soc-trang"}, std::nullopt, "declared merger", {}},
      {"hau-giang-renamed", {"hau-giang"}, std::nullopt, "", {}}};
  const auto rows = chiso::compare_years(y2024, y2025, merged_na);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].status == chiso::change_status::merged);
  CHECK_FALSE(rows[0].rank_change.has_value());
  CHECK(rows[0].rank_change_text() == "n/a");
  CHECK(rows[0].note == "declared merger; merged from 2 units: no single previous value or rank");
  CHECK(rows[1].status == chiso::change_status::new_unit);
  CHECK(rows[1].value_change_text(chiso::value_kind::percent) == "n/a");
  CHECK(rows[2].status == chiso::change_status::renamed);
  CHECK(rows[2].rank_change == 18);
  CHECK(rows[3].unit == "old-district");
  CHECK(rows[3].status == chiso::change_status::gone);
  CHECK(rows[3].rank_change_text() == "n/a");

  // Declaring which previous unit the merged one continues makes the change computable.
  const std::vector<chiso::unit_mapping> continues{
      {"can-tho", {"can-tho", "soc-trang"}, std::string("can-tho"), "", {}}};
  const auto rows2 = chiso::compare_years(y2024, y2025, continues);
  CHECK(rows2[0].rank_change == 10);
  CHECK(*rows2[0].value_change == -1);
  CHECK(rows2.back().unit == "old-district");  // hau-giang and old-district are gone
  CHECK(rows2[rows2.size() - 2].unit == "hau-giang");

  const std::vector<chiso::unit_mapping> wrong{{"can-tho", {"ha-noi"}, std::nullopt, "", {}}};
  CHECK_THROWS_WITH_AS(static_cast<void>(chiso::compare_years(y2024, y2025, wrong)),
                       "compare_years: mapping of 'can-tho' names 'ha-noi', which is not in the "
                       "previous year",
                       chiso::usage_error);
}

TEST_CASE("unit mappings from YAML: a merger and a renaming, checked against the two years") {
  const auto mappings = chiso::load_unit_mappings(CHISO_TEST_DATA "/mappings/mappings.yaml");
  REQUIRE(mappings.size() == 2);
  CHECK(mappings[0].current == "can-tho");
  CHECK(mappings[0].previous == std::vector<std::string>{"can-tho", "soc-trang", "hau-giang"});
  CHECK(mappings[1].previous == std::vector<std::string>{"thua-thien-hue"});  // written alone
  CHECK(mappings[1].note == "renaming (constructed example)");
  CHECK(mappings[0].where.line == 7);

  const std::vector<chiso::year_result> y2024{{"can-tho", num("80"), 4},
                                              {"soc-trang", num("82"), 3},
                                              {"hau-giang", num("87"), 1},
                                              {"thua-thien-hue", num("87"), 1}};
  const std::vector<chiso::year_result> y2025{{"can-tho", num("84"), 2}, {"hue", num("92"), 1}};
  const auto rows = chiso::compare_years(y2024, y2025, mappings);
  REQUIRE(rows.size() == 2);  // the absorbed provinces are continued, not gone
  CHECK(rows[0].status == chiso::change_status::merged);
  CHECK(rows[1].status == chiso::change_status::renamed);
  CHECK(rows[1].value_change_text(chiso::value_kind::percent) == "+5,00 pp");

  // A mapping read from a file is reported where it was written.
  const auto absent = chiso::load_unit_mappings(CHISO_TEST_DATA "/mappings/absent-mappings.yaml");
  CHECK_THROWS_WITH_AS(
      (void)chiso::compare_years(y2024, y2025, absent),
      (std::string(CHISO_TEST_DATA) + "/mappings/absent-mappings.yaml:4:5: "
                                      "error[mapping-unknown-unit]: mapping of 'can-tho' names "
                                      "'bac-lieu', which is not in the previous year")
          .c_str(),
      chiso::input_error);
}

TEST_CASE("unit mappings from YAML: every problem at its position") {
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_unit_mappings("kind: chiso/unit-mappings\nformat_version: 1\nmappings:\n"
                                       "  - {unit: a, previous: [b, b]}\n"
                                       "  - {unit: c, previous: [d], compare_with: e}\n"
                                       "  - {unit: a, previous: {x: 1}}\n",
                                       "m.yaml"),
      "m.yaml:4:25: error[mapping-previous-twice]: mapping 1 ('a'): previous unit 'b' is listed "
      "twice\n"
      "m.yaml:5:44: error[mapping-compare-with]: mapping 2 ('c'): compares with 'e', which it does "
      "not list as a "
      "previous unit\n"
      "m.yaml:6:12: error[mapping-unit-twice]: mapping 3: unit 'a' is already mapped (line 4)\n"
      "m.yaml:6:25: error[not-a-list]: mapping 3 ('a'): 'previous' must be a unit id or a list of "
      "unit ids",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_unit_mappings("kind: chiso/unit-mappings\nformat_version: 1\n", "m.yaml"),
      "m.yaml:1:1: error[missing-key]: unit mappings: missing key 'mappings'", chiso::input_error);
  CHECK_THROWS_AS(
      (void)chiso::parse_unit_mappings("kind: chiso/bands\nformat_version: 1\n", "m.yaml"),
      chiso::input_error);
}
