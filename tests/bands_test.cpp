#include "chiso/bands.hpp"

#include <doctest/doctest.h>

#include "chiso/error.hpp"

namespace {

using chiso::rational;
using values = std::vector<std::optional<rational>>;

rational num(const char* text) {
  return chiso::decimal::parse(text)->to_rational();
}

// n constructed scores spread over [lo, hi): only their band matters.
void add_scores(values& v, int n, int lo_hundredths, int hi_hundredths) {
  for (int i = 0; i < n; ++i)
    v.push_back(rational(lo_hundredths + (hi_hundredths - lo_hundredths) * i / n, 100));
}

chiso::band_scheme can_tho() {
  return chiso::load_bands(CHISO_SOURCE_DIR "/criteria/bands/can-tho-so-huyen-2017.yaml");
}

std::string bands_yaml(const std::string& tables) {
  return "kind: chiso/bands\nformat_version: 1\nid: t\ntables:\n" + tables;
}

}  // namespace

TEST_CASE("Cần Thơ 2017: 4 Rất tốt / 12 Tốt / 13 Khá of 29 units") {
  // Counts and thresholds are the published ones (seed 003:25, methodology.md §1.6); the
  // per-unit scores are constructed to fall in those bands. Sở 4 / 5 / 11, huyện 0 / 7 / 2.
  const auto scheme = can_tho();
  const auto* table = scheme.for_group("so");
  REQUIRE(table != nullptr);
  CHECK(table == scheme.for_group("huyen"));
  CHECK(table->bands[1].describe() == "từ 80 đến dưới 90");
  CHECK_FALSE(scheme.unverified.empty());
  values so, huyen;
  add_scores(so, 4, 9000, 9500);
  add_scores(so, 5, 8000, 9000);
  add_scores(so, 11, 7000, 8000);
  add_scores(huyen, 7, 8000, 8999);
  add_scores(huyen, 2, 7500, 7999);
  const auto s = chiso::classify(*table, so);
  const auto h = chiso::classify(*table, huyen);
  CHECK(s.counts == std::vector<std::size_t>{4, 5, 11});
  CHECK(h.counts == std::vector<std::size_t>{0, 7, 2});
  CHECK(s.counts[0] + h.counts[0] == 4);
  CHECK(s.counts[1] + h.counts[1] == 12);
  CHECK(s.counts[2] + h.counts[2] == 13);
  CHECK(s.labels == std::vector<std::string>{"Rất tốt", "Tốt", "Khá"});
}

TEST_CASE("Cần Thơ 2023: 10 / 17 / 2 of 29 (thresholds for 2023 NOT verified)") {
  // Counts from seed 000:26-31. No 2023 thresholds are published in the seeds: this applies
  // the 2017 ones, an assumption. The scores are constructed.
  values v;
  add_scores(v, 10, 9000, 9800);
  add_scores(v, 17, 8000, 9000);
  add_scores(v, 2, 7000, 8000);
  const auto scheme = can_tho();
  const auto b = chiso::classify(*scheme.for_group("so"), v);
  CHECK(b.counts == std::vector<std::size_t>{10, 17, 2});
  CHECK(b.unbanded == 0);
}

TEST_CASE("the boundary values: 90 is Rất tốt, 89,9999 Tốt, below 70 in no band") {
  const auto scheme = can_tho();
  const auto& table = *scheme.for_group("so");
  const values v{num("90"), num("89.9999"), num("80"), num("70"), num("69.99"), std::nullopt};
  const auto b = chiso::classify(table, v);
  CHECK(b.band[0] == 0u);
  CHECK(b.band[1] == 1u);
  CHECK(b.band[2] == 1u);
  CHECK(b.band[3] == 2u);
  CHECK_FALSE(b.band[4].has_value());
  CHECK_FALSE(b.band[5].has_value());
  CHECK(b.unbanded == 1);  // the unit without a value is not counted at all
}

TEST_CASE("'trên 90' read literally needs the band below to include 90") {
  const auto literal = chiso::parse_bands(bands_yaml(R"(  - bands:
      - {label: Rất tốt, above: 90}
      - {label: Tốt, from: 80, up_to: 90}
)"),
                                          "b.yaml");
  const values v{num("90"), num("90.0001")};
  const auto b = chiso::classify(literal.tables[0], v);
  CHECK(b.band[0] == 1u);
  CHECK(b.band[1] == 0u);
  CHECK(literal.tables[0].bands[0].describe() == "trên 90");
  CHECK(literal.tables[0].bands[1].describe() == "từ 80 đến 90");
  CHECK_THROWS_WITH_AS(
      static_cast<void>(chiso::parse_bands(bands_yaml(R"(  - bands:
      - {label: Rất tốt, above: 90}
      - {label: Tốt, from: 80, to: 90}
)"),
                                           "b.yaml")),
      "b.yaml:7:9: error[band-gap]: bands 'Rất tốt' and 'Tốt' leave 90 itself in no band "
      "('Rất tốt' is trên 90, 'Tốt' is từ 80 đến dưới 90); write 'from: 90' on "
      "'Rất tốt' if 90 belongs to it, or 'up_to: 90' on 'Tốt'",
      chiso::input_error);
}

TEST_CASE("band tables are validated: order, gaps, overlaps, keys") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(chiso::parse_bands(bands_yaml(R"(  - bands:
      - {label: Tốt, from: 80}
      - {label: Khá, from: 70, to: 75}
      - {label: Yếu, from: 60, to: 72}
)"),
                                           "b.yaml")),
      "b.yaml:7:9: error[band-gap]: bands 'Tốt' and 'Khá' leave a gap: values from 75 to "
      "80 are in no band\n"
      "b.yaml:8:9: error[band-overlap]: bands 'Khá' and 'Yếu' overlap: values from 70 to 72 "
      "are in both (list bands best first)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(chiso::parse_bands(bands_yaml(R"(  - bands:
      - {label: A, from: 90, too: 100}
      - {label: B, from: "80,5", to: 90}
)"),
                                           "b.yaml")),
      "b.yaml:6:30: error[unknown-key]: band 'A': unknown key 'too' (did you mean 'to'?)\n"
      "b.yaml:7:26: error[not-a-number]: band 'B': 'from' must be a decimal number, not '80,5': it "
      "uses a decimal comma "
      "(write decimals with a point: 80.5)",
      chiso::input_error);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(chiso::parse_bands(bands_yaml(R"(  - bands:
      - {label: A}
      - {label: B, from: 80, to: 90}
)"),
                                           "b.yaml")),
      "b.yaml:6:9: error[band-unbounded]: band 'A' has no lower bound, so it covers every band "
      "below it; give it 'from' or 'above', or move it last",
      chiso::input_error);
}

TEST_CASE("national groups 2022: Nhóm A 2 / B 56 / C 5 of 63") {
  // Counts published (methodology.md §1.4); the scores are constructed.
  const auto scheme =
      chiso::load_bands(CHISO_SOURCE_DIR "/criteria/bands/par-index-provinces.yaml");
  values v;
  add_scores(v, 2, 9000, 9200);
  add_scores(v, 56, 8000, 9000);
  add_scores(v, 5, 7000, 8000);
  const auto b = chiso::classify(*scheme.for_group("tinh"), v);
  CHECK(b.counts == std::vector<std::size_t>{2, 56, 5});
  CHECK(scheme.for_group("so") == nullptr);
}

TEST_CASE("PAPI quartile groups: 16 / 16 / 15 / 16 for 63 provinces") {
  // Group sizes 2019 as published (methodology.md §3.3); the scores are constructed, distinct.
  const auto scheme = chiso::load_bands(CHISO_SOURCE_DIR "/criteria/bands/papi-quartiles.yaml");
  values v;
  for (int i = 0; i < 63; ++i) v.push_back(rational(3500 + 17 * i, 100));
  const auto b = chiso::classify(*scheme.for_group("tinh"), v);
  CHECK(b.counts == std::vector<std::size_t>{16, 16, 15, 16});
  // P75 with h = 62 × 0,75 = 46,5 (0-based): halfway between the 47th and 48th values.
  CHECK(b.cut_points[0] == (rational(3500 + 17 * 46, 100) + rational(3500 + 17 * 47, 100)) / 2);
  CHECK(b.cut_points[1] == rational(3500 + 17 * 31, 100));  // P50 is the 32nd value
  // 61 scored provinces (2023) give 16 / 15 / 15 / 15 under the same rule (§3.3, unresolved
  // against the news' "14 tỉnh").
  v.resize(61);
  CHECK(chiso::classify(*scheme.for_group("tinh"), v).counts ==
        std::vector<std::size_t>{16, 15, 15, 15});
}

TEST_CASE("quota on the top band, with ties at the cut-off") {
  const auto table_with = [](const char* quota) {
    return chiso::parse_bands(bands_yaml(std::string(R"(  - bands:
      - {label: Rất tốt, from: 90}
      - {label: Tốt, from: 80, to: 90}
      - {label: Khá, to: 80}
    quota: )") + quota + "\n"),
                              "q.yaml")
        .tables[0];
  };
  // 29 units, at most 20% Rất tốt: 5 places (5,8 rounded down). 7 qualify.
  values v;
  add_scores(v, 7, 9000, 9700);
  add_scores(v, 22, 8000, 9000);
  const auto b = chiso::classify(table_with("{max_percent: 20}"), v);
  CHECK(b.counts == std::vector<std::size_t>{5, 24, 0});
  CHECK(b.band[0] == 1u);  // the two lowest of the seven move down
  CHECK(b.band[1] == 1u);
  CHECK(b.band[2] == 0u);
  CHECK(b.notes == std::vector<std::string>{"quota: 'Rất tốt' holds at most 20% of 29 units = 5; "
                                            "7 qualify, 2 moved to 'Tốt'"});

  // Units 4, 5 and 6 of the seven tie at 92%: across the cut-off at 5.
  values t{num("96"), num("95"), num("94"), num("92"), num("92"), num("92"), num("91")};
  add_scores(t, 22, 7000, 9000);
  const auto down = chiso::classify(table_with("{max_percent: 20}"), t);
  CHECK(down.counts[0] == 3);
  CHECK(down.notes[0] ==
        "quota: 'Rất tốt' holds at most 20% of 29 units = 5; 7 qualify, 4 moved to 'Tốt'; 3 "
        "units tied at 92,00% across the cut-off all move down (keeping them would exceed the "
        "quota)");
  const auto keep = chiso::classify(table_with("{max_percent: 20, ties: keep_together}"), t);
  CHECK(keep.counts[0] == 6);
  CHECK(keep.band[6] == 1u);

  // Exactly at the quota: nothing moves. A quota of fewer than one unit empties the band.
  values five;
  add_scores(five, 5, 9000, 9500);
  add_scores(five, 24, 7000, 9000);
  CHECK(chiso::classify(table_with("{max_percent: 20}"), five).counts[0] == 5);
  CHECK(chiso::classify(table_with("{max_percent: 3}"), five).counts[0] == 0);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(table_with("{max_percent: 120, ties: split}")),
      "q.yaml:9:26: error[quota-percent]: quota: 'max_percent' must be above 0 and at most 100\n"
      "q.yaml:9:37: error[quota-ties]: quota: 'ties' must be move_down or keep_together, not "
      "'split'",
      chiso::input_error);
}

TEST_CASE("Nam Định 2020: a different table per unit group (sở 12 / 5, huyện 9 / 1)") {
  // Thresholds and counts as published (methodology.md §1.6): sở Nhóm I ≥ 90%, Nhóm II 80–<90%;
  // huyện Nhóm I ≥ 80%, Nhóm II 70–<80%. The per-unit scores are constructed.
  const auto scheme = chiso::load_bands(CHISO_SOURCE_DIR "/criteria/bands/nam-dinh-2020.yaml");
  const auto* so = scheme.for_group("so");
  const auto* huyen = scheme.for_group("huyen");
  REQUIRE(so != nullptr);
  REQUIRE(huyen != nullptr);
  CHECK(so != huyen);
  values so_scores, huyen_scores;
  add_scores(so_scores, 12, 9000, 9800);
  add_scores(so_scores, 5, 8000, 9000);
  add_scores(huyen_scores, 9, 8000, 9500);
  add_scores(huyen_scores, 1, 7000, 8000);
  const auto so_bands = chiso::classify(*so, so_scores);
  const auto huyen_bands = chiso::classify(*huyen, huyen_scores);
  CHECK(so_bands.counts == std::vector<std::size_t>{12, 5});
  CHECK(huyen_bands.counts == std::vector<std::size_t>{9, 1});
  // The same 85% is Nhóm II for a sở and Nhóm I for a huyện.
  const values eighty_five{rational(85)};
  CHECK(chiso::classify(*so, eighty_five).band[0] == 1U);
  CHECK(chiso::classify(*huyen, eighty_five).band[0] == 0U);
  // Below the lowest published threshold a unit is unbanded, not put in an invented group.
  const values low{rational(6999, 100)};
  CHECK(chiso::classify(*huyen, low).unbanded == 1);
}
