// Quantile groups that degenerate (ties, few units) are explained in banding::notes.
#include <doctest/doctest.h>

#include "chiso/bands.hpp"
#include "chiso/error.hpp"

namespace {

using chiso::rational;
using values = std::vector<std::optional<rational>>;

chiso::band_table papi() {
  return chiso::load_bands(CHISO_SOURCE_DIR "/criteria/bands/papi-quartiles.yaml").tables.at(0);
}

values percents(std::initializer_list<int> list) {
  values v;
  for (int x : list) v.push_back(rational(x));
  return v;
}

std::string refusal(const std::string& yaml) {
  try {
    (void)chiso::parse_bands(yaml, "b.yaml");
  } catch (const chiso::input_error& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("quantiles: 10 of 12 units tied put 10 in the top group and leave two groups empty") {
  const auto b =
      chiso::classify(papi(), percents({80, 70, 80, 80, 75, 80, 80, 80, 80, 80, 80, 80}));
  CHECK(b.counts == std::vector<std::size_t>{10, 0, 0, 2});
  CHECK(b.cut_points == std::vector<rational>{80, 80, 80});
  REQUIRE(b.quantile_ranges.size() == 4);
  CHECK(b.quantile_ranges[0].lower == rational(80));
  CHECK_FALSE(b.quantile_ranges[0].upper.has_value());
  CHECK(b.quantile_ranges[1].lower == rational(80));
  CHECK(b.quantile_ranges[1].upper == rational(80));
  CHECK_FALSE(b.quantile_ranges[3].lower.has_value());
  CHECK(b.quantile_ranges[3].upper == rational(80));
  CHECK(b.notes ==
        std::vector<std::string>{
            "quantile cut points of 12 units (type 7; a unit at a cut point is in the better "
            "group): P75 = 80%, P50 = 80%, P25 = 80%; 'Nhóm cao nhất' from 80%, 'Nhóm trung "
            "bình cao' from 80% to below 80%, 'Nhóm trung bình thấp' from 80% to below 80%, "
            "'Nhóm thấp nhất' below 80%",
            "quantiles: 10 units tied at 80% straddle the cut points P25, P50 and P75: all 10 "
            "are in 'Nhóm cao nhất', which holds 10 of the 12 units",
            "quantiles: 'Nhóm trung bình cao' holds none of the 12 units: its range, from P50 to "
            "below P75, is empty because both are 80% (tied units)",
            "quantiles: 'Nhóm trung bình thấp' holds none of the 12 units: its range, from P25 "
            "to below P50, is empty because both are 80% (tied units)"});
}

TEST_CASE("quantiles: one unit, or all units equal, are all in the top group, and it is said") {
  const auto one = chiso::classify(papi(), percents({64}));
  CHECK(one.counts == std::vector<std::size_t>{1, 0, 0, 0});
  REQUIRE(one.notes.size() == 2);
  CHECK(one.notes[1] ==
        "quantiles: 1 unit (64%): it is in 'Nhóm cao nhất' and the other groups "
        "are empty");
  const auto equal = chiso::classify(papi(), percents({75, 75, 75, 75, 75}));
  CHECK(equal.counts == std::vector<std::size_t>{5, 0, 0, 0});
  REQUIRE(equal.notes.size() == 2);
  CHECK(equal.notes[1] ==
        "quantiles: all 5 units have the same value, 75%: all are in 'Nhóm cao "
        "nhất' and the other groups are empty");
}

TEST_CASE("quantiles: two distinct units leave the middle groups empty without any tie") {
  const auto b = chiso::classify(papi(), percents({40, 90}));
  CHECK(b.counts == std::vector<std::size_t>{1, 0, 0, 1});
  CHECK(b.cut_points == std::vector<rational>{rational(155, 2), 65, rational(105, 2)});
  CHECK(b.notes == std::vector<std::string>{
                       "quantile cut points of 2 units (type 7; a unit at a cut point is in the "
                       "better group): P75 = 77,5%, P50 = 65%, P25 = 52,5%; 'Nhóm cao nhất' from "
                       "77,5%, 'Nhóm trung bình cao' from 65% to below 77,5%, 'Nhóm trung bình "
                       "thấp' from 52,5% to below 65%, 'Nhóm thấp nhất' below 52,5%",
                       "quantiles: 'Nhóm trung bình cao' holds none of the 2 units: no value lies "
                       "in its range (from 65% to below 77,5%)",
                       "quantiles: 'Nhóm trung bình thấp' holds none of the 2 units: no value "
                       "lies in its range (from 52,5% to below 65%)"});
}

TEST_CASE("quantiles: a tie at a cut point that does not straddle it gets no note") {
  // 1, 2, 3, 3, 4…8: P25 = 3 is the third value; the tied 3s sit at and above it, so the groups
  // are those of nine distinct values (3 / 2 / 2 / 2).
  const auto b = chiso::classify(papi(), percents({1, 2, 3, 3, 4, 5, 6, 7, 8}));
  CHECK(b.counts == std::vector<std::size_t>{3, 2, 2, 2});
  CHECK(b.notes.size() == 1);
  // 1, 2, 2, 3, 4: P50 = 2 is the second 2; the first one sits below it and moves up with it.
  const auto straddle = chiso::classify(papi(), percents({1, 2, 2, 3, 4}));
  CHECK(straddle.counts == std::vector<std::size_t>{2, 2, 0, 1});
  CHECK(straddle.notes ==
        std::vector<std::string>{"quantile cut points of 5 units (type 7; a unit at a cut point is "
                                 "in the better group): P75 = 3%, P50 = 2%, P25 = 2%; 'Nhóm cao "
                                 "nhất' from 3%, 'Nhóm trung bình cao' from 2% to below 3%, 'Nhóm "
                                 "trung bình thấp' from 2% to below 2%, 'Nhóm thấp nhất' below 2%",
                                 "quantiles: 2 units tied at 2% straddle the cut point P50: all 2 "
                                 "are in 'Nhóm trung bình cao', which holds 2 of the 5 units",
                                 "quantiles: 'Nhóm trung bình thấp' holds none of the 5 units: its "
                                 "range, from P25 to below P50, is empty because both are 2% (tied "
                                 "units)"});
}

TEST_CASE("quantiles: 63 distinct values: the cut points, and nothing else to say") {
  values v;
  for (int i = 0; i < 63; ++i) v.push_back(rational(3500 + 17 * i, 100));
  const auto b = chiso::classify(papi(), v);
  CHECK(b.counts == std::vector<std::size_t>{16, 16, 15, 16});
  REQUIRE(b.notes.size() == 1);
  CHECK(b.notes[0] ==
        "quantile cut points of 63 units (type 7; a unit at a cut point is in the better group): "
        "P75 = 42,905%, P50 = 40,27%, P25 = 37,635%; 'Nhóm cao nhất' from 42,905%, 'Nhóm trung "
        "bình cao' from 40,27% to below 42,905%, 'Nhóm trung bình thấp' from 37,635% to below "
        "40,27%, 'Nhóm thấp nhất' below 37,635%");
}

TEST_CASE("quantiles: below min_units no groups are formed, and the note says so") {
  const auto scheme = chiso::parse_bands(
      "kind: chiso/bands\nformat_version: 1\nid: q\ntables:\n"
      "  - quantiles: [Cao, Trung bình, Thấp]\n    min_units: 6\n",
      "b.yaml");
  const auto& table = scheme.tables.at(0);
  CHECK(table.min_units == 6);
  const auto few = chiso::classify(table, percents({50, 60, 70, 80, 90}));
  CHECK_FALSE(few.formed);
  CHECK(few.counts == std::vector<std::size_t>{0, 0, 0});
  CHECK(few.unbanded == 0);
  CHECK_FALSE(few.band[0].has_value());
  CHECK(few.cut_points.empty());
  CHECK(few.notes == std::vector<std::string>{
                         "quantiles: 5 units, fewer than min_units 6: no quantile groups are "
                         "formed and no unit gets one"});
  const auto enough = chiso::classify(table, percents({50, 60, 70, 80, 90, 100}));
  CHECK(enough.formed);
  CHECK(enough.counts == std::vector<std::size_t>{2, 2, 2});
  CHECK(
      enough.notes[0].starts_with("quantile cut points of 6 units (type 7; a unit at a cut "
                                  "point is in the better group): P(2/3) = 83,3333…%, P(1/3) = "
                                  "66,6666…%; "));
}

TEST_CASE("quantiles: min_units is refused on threshold bands and below 1") {
  CHECK(refusal("kind: chiso/bands\nformat_version: 1\nid: q\ntables:\n"
                "  - bands: [{label: A, from: 50}, {label: B, to: 50}]\n    min_units: 3\n") ==
        "b.yaml:6:5: error[bands-min-units]: band table: 'min_units' applies to quantile groups "
        "only; threshold bands classify any number of units");
  CHECK(refusal("kind: chiso/bands\nformat_version: 1\nid: q\ntables:\n"
                "  - quantiles: [A, B]\n    min_units: 0\n") ==
        "b.yaml:6:5: error[bands-min-units]: band table: 'min_units' must be at least 1");
}
