// Issue 14: printed (rounded) values that would mislead are disclosed, and units that move
// between groups keep their value change but not a rank change. All figures are CONSTRUCTED.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "chiso/bands.hpp"
#include "chiso/compare.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/messages.hpp"
#include "chiso/ranked_report.hpp"
#include "chiso/ranked_results.hpp"
#include "chiso/report.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"

namespace {

// CONSTRUCTED: 100 points at 4 decimals, so % = points.
constexpr const char* tree_yaml = R"(kind: chiso/criteria
format_version: 1
index:
  id: rounding
  name: Constructed
  groups: [so, huyen]
  decimals: 4
  max: 100
  method: appraised
criteria:
  - {code: "1", name: A, max: 50}
  - {code: "2", name: B, max: 50}
)";

constexpr const char* bands_yaml = R"(kind: chiso/bands
format_version: 1
id: constructed
name: Constructed
tables:
  - groups: [so, huyen]
    bands:
      - {label: Rất tốt, from: 90}
      - {label: Tốt, from: 80, to: 90}
      - {label: Khá, from: 70, to: 80}
)";

chiso::unit_set csv(const chiso::criterion_tree& tree, const std::string& rows, int year) {
  return chiso::parse_units_csv("unit,name,group,ranked,1,2\n" + rows, "u.csv", tree,
                                {year, chiso::scoring_stage::final, chiso::missing_policy::error});
}

const char* const year_2024 =
    "a,Sở A,so,true,45,45\n"                  // 90 %: Rất tốt
    "b,Sở B,so,true,45,44.9951\n"             // 89,9951 %: Tốt, prints 90,00
    "c,Sở C,so,true,43.0617,43.0617\n"        // 86,1234 %: prints 86,12
    "d,Sở D,so,true,43.0575,43.0575\n"        // 86,115 %: prints 86,12, ranked below c
    "f,Sở F,so,true,40,39.999\n"              // 79,999 %: Khá, prints 80,00
    "e,Đơn vị E,huyen,true,43,43\n"           // moved from so
    "g,Huyện G,huyen,true,40,40\n"            // 80 %
    "i-new,Đơn vị I mới,huyen,true,36,36\n";  // renamed from i-old, which was a sở

const char* const year_2023 =
    "a,Sở A,so,true,44,44\n"
    "b,Sở B,so,true,45,45\n"
    "c,Sở C,so,true,43,43\n"
    "d,Sở D,so,true,42,42\n"
    "e,Đơn vị E,so,true,42,42\n"  // 84 %, a sở in 2023
    "f,Sở F,so,true,40,40.002\n"  // 80,002 %: Tốt; 2024 is 0,003 pp lower, in Khá
    "i-old,Đơn vị I cũ,so,true,35,35\n"
    "g,Huyện G,huyen,true,40,40\n";

std::vector<std::string> notes_of(const chiso::table& t) {
  return t.notes;
}

bool has(const std::vector<std::string>& notes, const std::string& text) {
  return std::find(notes.begin(), notes.end(), text) != notes.end();
}

}  // namespace

TEST_CASE("rounding notes: a printed % in another band, and printed ties that are not ties") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(bands_yaml, "b.yaml");
  const auto r = chiso::rank_units(tree, csv(tree, year_2024, 2024), {}, &bands);
  CHECK(r.rounding_notes ==
        std::vector<std::string>{
            "Rounded to 2 decimals (half_up), 'a' and 'b' both print 90,00 but are ranked apart "
            "on their exact values: 'a' 90 % (rank 1), 'b' 89,9951 % (rank 2).",
            "Rounded to 2 decimals (half_up), 'c' and 'd' both print 86,12 but are ranked apart "
            "on their exact values: 'c' 86,1234 % (rank 3), 'd' 86,115 % (rank 4).",
            "Rounded to 2 decimals (half_up), 'b' prints 90,00 %, which reads as band 'Rất tốt' "
            "(từ 90), but it is exactly 89,9951 %: band 'Tốt'.",
            "Rounded to 2 decimals (half_up), 'f' prints 80,00 %, which reads as band 'Tốt' (từ "
            "80 đến dưới 90), but it is exactly 79,999 %: band 'Khá'."});
  // The exact values are untouched: b is in Tốt, ranked 2nd, not tied.
  CHECK(*r.find("b")->band == "Tốt");
  CHECK(r.tied_with(*r.find("b")).empty());
  // Every view gets them: the table's notes are the result's.
  chiso::ranking_report_options o;
  const auto t = chiso::ranking_table(tree, r, o.format);
  for (const auto& n : r.rounding_notes) CHECK(has(notes_of(t), n));
}

TEST_CASE("rounding notes: at 4 decimals nothing misleads, and no note is written") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(bands_yaml, "b.yaml");
  chiso::ranked_results_options o;
  o.printed = chiso::number_format{4, chiso::rounding::half_up, ','};
  const auto r = chiso::rank_units(tree, csv(tree, year_2024, 2024), o, &bands);
  CHECK(r.rounding_notes.empty());
}

TEST_CASE("rounding notes: truncating reads a value below its band") {
  // Cần Thơ truncates: 90,001 prints 90,00, but "trên 90" (above 90) holds only for the exact.
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(R"(kind: chiso/bands
format_version: 1
id: above
name: Constructed
tables:
  - bands:
      - {label: Rất tốt, above: 90}
      - {label: Tốt, from: 80, up_to: 90}
)",
                                        "b.yaml");
  chiso::ranked_results_options o;
  o.printed = chiso::number_format{2, chiso::rounding::truncate, ','};
  const auto r = chiso::rank_units(tree, csv(tree, "a,Sở A,so,true,45,45.001\n", 2024), o, &bands);
  CHECK(r.rounding_notes ==
        std::vector<std::string>{"Rounded to 2 decimals (truncate), 'a' prints 90,00 %, which "
                                 "reads as band 'Tốt' (từ 80 đến 90), but it is exactly 90,001 %: "
                                 "band 'Rất tốt'."});
}

TEST_CASE("rounding notes: under a quota, the same printed % in two bands") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(R"(kind: chiso/bands
format_version: 1
id: quota
name: Constructed
tables:
  - bands:
      - {label: Rất tốt, from: 90}
      - {label: Tốt, from: 80, to: 90}
      - {label: Khá, from: 70, to: 80}
    quota: {max_percent: 50}
)",
                                        "b.yaml");
  const auto r = chiso::rank_units(tree,
                                   csv(tree,
                                       "x,X,so,true,47.5,47.5\n"
                                       "y,Y,so,true,45,45.001\n"
                                       "z,Z,so,true,45,44.999\n"
                                       "w,W,so,true,35,35\n",
                                       2024),
                                   {}, &bands);
  CHECK(has(r.rounding_notes,
            "Rounded to 2 decimals (half_up), 'y' and 'z' both print 90,00 % but are in different "
            "bands on their exact values: 'y' 90,001 % (band 'Rất tốt'), 'z' 89,999 % (band "
            "'Tốt')."));
}

TEST_CASE("rounding notes: a change of 0,00 pp that is not zero — units that move between groups") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(bands_yaml, "b.yaml");
  const std::vector<chiso::unit_mapping> mappings{
      {"i-new", {"i-old"}, std::nullopt, "renaming (constructed)", {}}};
  const auto now = csv(tree, year_2024, 2024);
  const auto before = csv(tree, year_2023, 2023);
  const auto r = chiso::rank_units(tree, now, {}, &bands, &before, mappings);
  CHECK(r.rounding_notes.back() ==
        "Rounded to 2 decimals (half_up), the change of 'f' prints 0,00 pp but is exactly "
        "-0,003 pp (band 'Tốt' in 2023, 'Khá' in 2024).");
  CHECK(r.find("f")->change->value_change_text(chiso::value_kind::percent) == "0,00 pp");
  // Ranked on points, the note says "points" in English and "điểm" in Vietnamese.
  chiso::ranked_results_options on_points;
  on_points.value = chiso::value_kind::points;
  on_points.printed = {2, chiso::rounding::half_up, ','};
  const auto p = chiso::rank_units(tree, now, on_points, &bands, &before, mappings);
  REQUIRE_FALSE(p.rounding_notes.empty());
  CHECK(p.rounding_notes.back() ==
        "Rounded to 2 decimals (half_up), the change of 'f' prints 0,00 points but is exactly "
        "-0,003 points (band 'Tốt' in 2023, 'Khá' in 2024).");
  CHECK(chiso::localize_text(p.rounding_notes.back(), chiso::language::vi) ==
        "Làm tròn đến 2 chữ số thập phân (half_up), mức thay đổi của 'f' in ra 0,00 điểm nhưng "
        "chính xác là -0,003 điểm (xếp loại 'Tốt' năm 2023, 'Khá' năm 2024).");

  // e was a sở in 2023 and is a huyện-level unit in 2024: matched by id, value change kept,
  // rank change n/a with the reason, not gone.
  const auto& e = *r.find("e");
  REQUIRE(e.change);
  CHECK(e.change->status == chiso::change_status::same);
  CHECK(*e.change->value_change == 2);
  CHECK(e.change->previous_rank == 4);
  CHECK_FALSE(e.change->rank_change);
  CHECK(e.change->rank_change_text() == "n/a");
  CHECK(e.change->moved_from == "so");
  CHECK(e.change->note == "moved from so to huyen: rank change n/a (ranks are within each group)");
  CHECK(e.notes == std::vector<std::string>{"Unit 'e' moved from so to huyen: rank change n/a "
                                            "(ranks are within each group)."});
  // The mapping composes: renamed and moved.
  const auto& i = *r.find("i-new");
  CHECK(i.change->status == chiso::change_status::renamed);
  CHECK_FALSE(i.change->rank_change);
  CHECK(*i.change->value_change == 2);
  CHECK(i.notes == std::vector<std::string>{
                       "Unit 'i-new' renamed from i-old: renaming (constructed); moved from so to "
                       "huyen: rank change n/a (ranks are within each group)."});
  CHECK(r.gone.empty());
  for (const auto& n : r.all_notes()) CHECK(n.find("is not in") == std::string::npos);

  // Ranked across all groups, the rank change stands and the note only says the unit moved.
  chiso::ranked_results_options all;
  all.by_group = false;
  const auto across = chiso::rank_units(tree, now, all, &bands, &before, mappings);
  const auto& e2 = *across.find("e");
  CHECK(e2.change->rank_change);
  CHECK(e2.notes == std::vector<std::string>{"Unit 'e' moved from so to huyen (ranks are across "
                                             "all groups: the rank change stands)."});
}

TEST_CASE("compare_years: a unit whose group differs keeps its value change, not its rank's") {
  const std::vector<chiso::year_result> before{{"x", chiso::rational(80), 3, "so"}};
  const std::vector<chiso::year_result> after{{"x", chiso::rational(85), 1, "huyen"}};
  const auto rows = chiso::compare_years(before, after);
  REQUIRE(rows.size() == 1);
  CHECK(*rows[0].value_change == 5);
  CHECK_FALSE(rows[0].rank_change);
  CHECK(rows[0].note == "moved from so to huyen: rank change n/a (ranks are within each group)");
  // A merger that continues a unit of another group (compare_with) has moved too.
  const std::vector<chiso::year_result> three{{"p", chiso::rational(70), 2, "huyen"},
                                              {"q", chiso::rational(60), 5, "so"}};
  const std::vector<chiso::year_result> one{{"m", chiso::rational(75), 1, "so"}};
  const std::vector<chiso::unit_mapping> merger{{"m", {"p", "q"}, "p", "merger (constructed)", {}}};
  const auto merged = chiso::compare_years(three, one, merger);
  REQUIRE(merged.size() == 1);
  CHECK(merged[0].status == chiso::change_status::merged);
  CHECK(*merged[0].value_change == 5);
  CHECK_FALSE(merged[0].rank_change);
  CHECK(merged[0].note ==
        "merger (constructed); moved from huyen to so: rank change n/a (ranks are within each "
        "group)");
  // Without groups (as before issue 14) nothing changes.
  const std::vector<chiso::year_result> b2{{"x", chiso::rational(80), 3}};
  const std::vector<chiso::year_result> a2{{"x", chiso::rational(85), 1}};
  CHECK(chiso::compare_years(b2, a2)[0].rank_change == 2);
}

TEST_CASE("scorecard tables: one note when separately rounded cells do not add up") {
  // CONSTRUCTED: 1.1 and 1.2 score 0,615 of 1,25 each; printed at 2 decimals (half up) each
  // prints 0,62 with a gap of 0,64, and 1 prints 1,23.
  const auto tree = chiso::parse_criteria(R"(kind: chiso/criteria
format_version: 1
index: {id: cells, name: Constructed, decimals: 4, method: appraised}
criteria:
  - code: "1"
    name: A
    max: 2.5
    children:
      - {code: "1.1", name: A1, max: 1.25}
      - {code: "1.2", name: A2, max: 1.25}
  - {code: "2", name: B, max: 7.5}
)",
                                          "t.yaml");
  const auto sheet = chiso::parse_sheet(R"(kind: chiso/scores
format_version: 1
criteria: cells
unit: {id: u, name: U}
year: 2024
stage: final
points: {"1.1": 0.615, "1.2": 0.615, "2": 7.5}
)",
                                        "s.yaml", tree);
  const auto card = chiso::score(tree, sheet);
  chiso::report_options two;
  two.points.precision = 2;
  const std::string note =
      "Cells are rounded separately, so printed figures may not add up (children of 1: points "
      "0,62 + 0,62 ≠ 1,23; 1.1: points 0,62 + gap 0,64 ≠ max 1,25; 1.2: points 0,62 + gap 0,64 ≠ "
      "max 1,25); the exact values do.";
  CHECK(chiso::score_table(tree, card, two).notes.back() == note);
  CHECK(chiso::gap_table(tree, card, two).notes.back() ==
        "Cells are rounded separately, so printed figures may not add up (1.1: points 0,62 + gap "
        "0,64 ≠ max 1,25; 1.2: points 0,62 + gap 0,64 ≠ max 1,25; known gaps: 0,64 + 0,64 ≠ total "
        "1,27); the exact values do.");
  // At the tree's 4 decimals every cell is exact: no note.
  const auto four = chiso::report_options_for(tree);
  for (const auto& n : chiso::score_table(tree, card, four).notes)
    CHECK(n.find("rounded separately") == std::string::npos);
  for (const auto& n : chiso::gap_table(tree, card, four).notes)
    CHECK(n.find("rounded separately") == std::string::npos);
}

TEST_CASE("rounding notes on points: ties named in points, and no band note (bands read the %)") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(bands_yaml, "b.yaml");
  chiso::ranked_results_options o;
  o.value = chiso::value_kind::points;
  o.printed = chiso::number_format{2, chiso::rounding::half_up, ','};
  const auto r = chiso::rank_units(tree, csv(tree, year_2024, 2024), o, &bands);
  CHECK(r.rounding_notes ==
        std::vector<std::string>{
            "Rounded to 2 decimals (half_up), 'a' and 'b' both print 90,00 but are ranked apart "
            "on their exact values: 'a' 90 points (rank 1), 'b' 89,9951 points (rank 2).",
            "Rounded to 2 decimals (half_up), 'c' and 'd' both print 86,12 but are ranked apart "
            "on their exact values: 'c' 86,1234 points (rank 3), 'd' 86,115 points (rank 4)."});
  // By default points print at the tree's 4 decimals: exact, nothing to say.
  o.printed.reset();
  CHECK(chiso::rank_units(tree, csv(tree, year_2024, 2024), o, &bands).rounding_notes.empty());
}

TEST_CASE("rounding notes: a printed % read against computed quantile groups") {
  // Type 7 on 70, 80, 90, 90,004, 100: P75 = 90,004, so 90,004 heads the top group while it
  // prints 90,00, inside the second group's range [90; 90,004).
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(R"(kind: chiso/bands
format_version: 1
id: quartiles
name: Constructed
tables:
  - quantiles: [A, B, C, D]
)",
                                        "b.yaml");
  const auto r = chiso::rank_units(tree,
                                   csv(tree,
                                       "p,P,so,true,50,50\n"
                                       "q,Q,so,true,45,45.004\n"
                                       "s,S,so,true,45,45\n"
                                       "t,T,so,true,40,40\n"
                                       "u,U,so,true,35,35\n",
                                       2024),
                                   {}, &bands);
  CHECK(*r.find("q")->band == "A");
  CHECK(*r.find("s")->band == "B");
  CHECK(has(r.rounding_notes,
            "Rounded to 2 decimals (half_up), 'q' prints 90,00 %, which reads as band 'B' (từ 90 "
            "đến dưới 90,004), but it is exactly 90,004 %: band 'A'."));
}

TEST_CASE("rounding notes: ten units named per note, twenty notes of a kind, then the count") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  // Twelve units 50,0000 … 50,0011 %: all print 50,00, none tied.
  std::string twelve;
  for (int i = 0; i < 12; ++i)
    twelve += "u" + std::to_string(i) + ",U,so,true,25," + std::to_string(25) + ".00" +
              (i < 10 ? "0" : "") + std::to_string(i) + "\n";
  const auto r = chiso::rank_units(tree, csv(tree, twelve, 2024));
  REQUIRE(r.rounding_notes.size() == 1);
  CHECK(r.rounding_notes[0] ==
        "Rounded to 2 decimals (half_up), 'u11', 'u10', 'u9', 'u8', 'u7', 'u6', 'u5', 'u4', "
        "'u3', 'u2' and 2 more all print 50,00 but are ranked apart on their exact values: 'u11' "
        "50,0011 % (rank 1), 'u10' 50,001 % (rank 2), 'u9' 50,0009 % (rank 3), 'u8' 50,0008 % "
        "(rank 4), 'u7' 50,0007 % (rank 5), 'u6' 50,0006 % (rank 6), 'u5' 50,0005 % (rank 7), "
        "'u4' 50,0004 % (rank 8), 'u3' 50,0003 % (rank 9), 'u2' 50,0002 % (rank 10), ….");
  // 22 pairs that each print alike: 20 notes, then how many more.
  std::string pairs;
  for (int k = 0; k < 22; ++k) {
    pairs += "p" + std::to_string(k) + ",P,so,true,25," + std::to_string(25 + k) + ".1\n";
    pairs += "q" + std::to_string(k) + ",Q,so,true,25," + std::to_string(25 + k) + ".097\n";
  }
  const auto many = chiso::rank_units(tree, csv(tree, pairs, 2024));
  REQUIRE(many.rounding_notes.size() == 21);
  CHECK(many.rounding_notes.back() ==
        "Rounded to 2 decimals (half_up): 2 more notes on printed values shared by units ranked "
        "apart are left out; print more decimals to tell them apart.");
}

TEST_CASE("rounding notes: a % with no finite decimal expansion is cut at 10 decimals, with …") {
  // CONSTRUCTED: 1 of 3 points is 33,33…%; 0,99999 of 3 is 33,333 %, ranked just below.
  const auto tree = chiso::parse_criteria(R"(kind: chiso/criteria
format_version: 1
index: {id: thirds, name: Constructed, decimals: 5, max: 3, method: appraised}
criteria:
  - {code: "1", name: A, max: 3}
)",
                                          "t.yaml");
  const auto units = chiso::parse_units_csv(
      "unit,name,group,ranked,1\nx,X,so,true,1\n"
      "y,Y,so,true,0.99999\n",
      "u.csv", tree, {2024, chiso::scoring_stage::final, chiso::missing_policy::error});
  const auto r = chiso::rank_units(tree, units);
  CHECK(r.rounding_notes ==
        std::vector<std::string>{"Rounded to 2 decimals (half_up), 'x' and 'y' both print 33,33 "
                                 "but are ranked apart on their exact values: 'x' 33,3333333333… "
                                 "% (rank 1), 'y' 33,333 % (rank 2)."});
}

TEST_CASE(
    "rounding notes: equal values ranked apart by ordinal ranking are not a rounding matter") {
  // CONSTRUCTED: x and y are both exactly 86 %; ordinal ranking breaks their tie by id, which
  // no rounding hides, so no note says they are "ranked apart on their exact values".
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  chiso::ranked_results_options o;
  o.method = chiso::rank_method::ordinal;
  const auto r = chiso::rank_units(
      tree, csv(tree, "x,Sở X,so,true,43,43\ny,Sở Y,so,true,43,43\n", 2024), o, nullptr);
  CHECK(*r.find("x")->rank == 1);
  CHECK(*r.find("y")->rank == 2);
  CHECK(r.rounding_notes.empty());
}
