#include "chiso/ranked_results.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "chiso/bands.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/json.hpp"
#include "chiso/ranked_report.hpp"
#include "chiso/score.hpp"
#include "random_tree.hpp"

namespace {

// A 10-point tree of two criteria for the years 2023 and 2024, declaring its unit groups.
constexpr const char* tree_yaml = R"(kind: chiso/criteria
format_version: 1
index:
  id: two-groups
  name: Constructed
  years: [2023, 2024]
  groups: [so, huyen]
  decimals: 2
  max: 10
  method: appraised
criteria:
  - {code: "1", name: A, max: 6}
  - {code: "2", name: B, max: 4}
)";

std::string without_groups(std::string yaml) {
  yaml.erase(yaml.find("  groups: [so, huyen]\n"), 22);
  return yaml;
}

chiso::unit_set csv(const chiso::criterion_tree& tree, const std::string& rows, int year,
                    chiso::missing_policy missing = chiso::missing_policy::error) {
  return chiso::parse_units_csv("unit,name,group,ranked,1,2\n" + rows, "u.csv", tree,
                                {year, chiso::scoring_stage::final, missing});
}

const char* const year_2024 =
    "a,Sở A,so,true,6,3.5\n"         // 95 %
    "b,Sở B,so,true,5,3\n"           // 80 %
    "c,Sở C,so,true,5,3\n"           // 80 %, tied with b
    "d,Sở D,so,false,6,4\n"          // 100 %, not ranked
    "x,Huyện X,huyen,true,4,2\n"     // 60 %
    "y,Huyện Y,huyen,true,6,n/a\n";  // 6 of 6: 100 %

const char* const year_2023 =
    "a,Sở A,so,true,3,2\n"  // 50 %
    "b,Sở B,so,true,6,4\n"  // 100 %
    "c,Sở C,so,true,5,4\n"  // 90 %
    "d,Sở D,so,false,6,4\n"
    "old-x,Huyện X cũ,huyen,true,5,4\n"  // 90 %
    "y,Huyện Y,huyen,true,1,n/a\n"       // 16,67 %
    "z,Huyện Z,huyen,true,2,2\n";        // 40 %: merged away

std::string codes(const chiso::input_error& e) {
  std::string out;
  for (const auto& d : e.diagnostics()) out += (out.empty() ? "" : " ") + d.code;
  return out;
}

}  // namespace

TEST_CASE("ranked results: every figure of a unit, ranked within its group") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto r = chiso::rank_units(tree, csv(tree, year_2024, 2024));
  REQUIRE(r.units.size() == 6);
  CHECK(r.groups == std::vector<std::string>{"so", "huyen"});
  // Ordered by group, then rank; the unranked unit last in its group.
  std::vector<std::string> order;
  for (const auto& u : r.units) order.push_back(u.unit.id);
  CHECK(order == std::vector<std::string>{"a", "b", "c", "d", "y", "x"});
  const auto& b = *r.find("b");
  CHECK(b.status == chiso::result_status::ranked);
  CHECK(*b.percent == 80);
  CHECK(*b.points == *chiso::decimal::parse("8"));
  CHECK(*b.rank == 2u);
  CHECK(b.ranked_count == 3);
  CHECK(r.tied_with(b) == std::vector<std::string>{"c"});
  CHECK(r.tied_with(*r.find("c")) == std::vector<std::string>{"b"});
  REQUIRE(r.ties.size() == 1);
  CHECK(r.tie_of(b).size() == 2);
  CHECK(r.tie_of(*r.find("a")).empty());
  CHECK(*r.find("c")->rank == 2u);
  const auto& d = *r.find("d");
  CHECK(d.status == chiso::result_status::not_ranked);
  CHECK(*d.percent == 100);
  CHECK_FALSE(d.rank);
  CHECK(d.ranked_count == 3);  // of its group, beside the missing rank
  // y is not scored on criterion 2: 6 of an applicable 6.
  const auto& y = *r.find("y");
  CHECK(*y.max == *chiso::decimal::parse("6"));
  CHECK(*y.rank == 1u);
  CHECK(r.find("x")->ranked_count == 2);
}

TEST_CASE("ranked results: not applicable and unknown stay apart") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  chiso::ranked_results_options o;
  o.node = "2";
  const auto r = chiso::rank_units(tree,
                                   csv(tree, "a,A,so,true,6,3\nb,B,so,true,6,n/a\nc,C,so,true,6,\n",
                                       2024, chiso::missing_policy::unknown),
                                   o);
  CHECK(r.find("a")->status == chiso::result_status::ranked);
  CHECK(r.find("b")->status == chiso::result_status::not_applicable);
  CHECK(r.find("c")->status == chiso::result_status::unknown);
  CHECK_FALSE(r.find("b")->percent);
  CHECK_FALSE(r.find("c")->percent);
  CHECK(r.find("a")->ranked_count == 1);
  const auto json = chiso::to_json(r);
  CHECK(json.find(R"("unit": "b", "name": "B", "group": "so", "ranked": true, )"
                  R"("status": "not_applicable", "percent": null)") != std::string::npos);
  CHECK(json.find(R"("status": "unknown", "percent": null, "points": null, "max": 4.00)") !=
        std::string::npos);
}

TEST_CASE("year over year across groups: a mapping in the second group is found (fault 1)") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto now = csv(tree, year_2024, 2024);
  const auto before = csv(tree, year_2023, 2023);
  // x continues old-x (renamed) and z is gone; both in group huyen, the second group.
  const std::vector<chiso::unit_mapping> mappings{{"x", {"old-x"}, std::nullopt, "renamed", {}}};
  const auto r = chiso::rank_units(tree, now, {}, nullptr, &before, mappings);
  REQUIRE(r.previous_year == 2023);
  const auto& x = *r.find("x");
  REQUIRE(x.change);
  CHECK(x.change->status == chiso::change_status::renamed);
  CHECK(*x.change->previous_rank == 1);    // old-x was 1st of 3 huyện in 2023
  CHECK(*x.change->rank_change == 1 - 2);  // now 2nd of 2: down one place
  CHECK(*x.change->value_change == -30);   // 60 % − 90 %
  CHECK(x.notes == std::vector<std::string>{"Unit 'x' renamed from old-x: renamed."});
  const auto& a = *r.find("a");
  CHECK(*a.change->previous_rank == 3);
  CHECK(*a.change->rank_change == 2);    // 3rd → 1st
  CHECK(*a.change->value_change == 45);  // 95 − 50 pp
  REQUIRE(r.gone.size() == 1);
  CHECK(r.gone[0].unit == "z");
  CHECK(*r.gone[0].previous_rank == 2);
}

TEST_CASE("--all-groups keeps each unit's band from its group's table and says so (fault 2)") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(R"(kind: chiso/bands
format_version: 1
id: per-group
tables:
  - groups: [so]
    bands:
      - {label: Tốt, from: 90}
      - {label: Khá, to: 90}
  - groups: [huyen]
    bands:
      - {label: Đạt, from: 50}
      - {label: Chưa đạt, to: 50}
)",
                                        "b.yaml");
  chiso::ranked_results_options o;
  o.by_group = false;
  const auto r = chiso::rank_units(tree, csv(tree, year_2024, 2024), o, &bands);
  CHECK(*r.find("a")->band == "Tốt");
  CHECK(*r.find("b")->band == "Khá");
  CHECK(*r.find("x")->band == "Đạt");
  CHECK(*r.find("y")->rank == 1u);  // 100 %, ranked among all 5
  CHECK(*r.find("a")->rank == 2u);
  CHECK(r.find("a")->ranked_count == 5);
  REQUIRE(r.band_counts.size() == 2);
  CHECK(r.band_counts[0].counts == std::vector<std::size_t>{1, 2});
  bool said = false;
  for (const auto& n : r.band_notes) said = said || n.find("bands are per group") != n.npos;
  CHECK(said);
}

TEST_CASE("unit groups: a typo is an error where groups are declared, a note where not (fault 3)") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  // In a CSV, at the group cell.
  try {
    (void)csv(tree, "a,A,so,true,6,3\nb,B,So,true,5,3\n", 2024);
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(codes(e) == "unknown-unit-group");
    CHECK(std::string(e.what()) ==
          "u.csv:3:5: error[unknown-unit-group]: unit 'b': group 'So' is not a unit group of the "
          "criteria (groups: so huyen); did you mean 'so'?");
    CHECK(e.diagnostics()[0].unit == "b");
  }
  // Without groups in the tree, a band table's groups are the declared ones.
  const auto open_tree = chiso::parse_criteria(without_groups(tree_yaml), "t.yaml");
  const auto set = csv(open_tree, "a,A,so,true,6,3\nb,B,So,true,5,3\n", 2024);
  const auto bands = chiso::parse_bands(
      "kind: chiso/bands\nformat_version: 1\nid: b\ntables:\n  - groups: [so, huyen]\n"
      "    bands:\n      - {label: Tốt, from: 50}\n      - {label: Khá, to: 50}\n",
      "b.yaml");
  try {
    (void)chiso::rank_units(open_tree, set, {}, &bands);
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(codes(e) == "unknown-unit-group");
    CHECK(e.diagnostics()[0].message.find("did you mean 'so'?") != std::string::npos);
  }
  // Nothing declared: ranked, with a note naming the one-unit group.
  const auto r = chiso::rank_units(open_tree, set);
  CHECK(*r.find("b")->rank == 1u);
  bool named = false;
  for (const auto& n : r.notes) named = named || n.find("'So' has one unit ('b')") != n.npos;
  CHECK(named);
}

TEST_CASE("a declared group without a band table gets no band, and a note saying so") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(
      "kind: chiso/bands\nformat_version: 1\nid: so-only\ntables:\n  - groups: [so]\n"
      "    bands:\n      - {label: Tốt, from: 90}\n      - {label: Khá, to: 90}\n",
      "b.yaml");
  const auto r = chiso::rank_units(tree, csv(tree, year_2024, 2024), {}, &bands);
  CHECK(*r.find("a")->band == "Tốt");
  CHECK_FALSE(r.find("x")->band);
  CHECK(r.band_notes ==
        std::vector<std::string>{"Unit group 'huyen' (2 unit(s)) has no band table in 'so-only': "
                                 "no band."});
}

TEST_CASE("the results year is checked against the tree (fault 4)") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  // A CSV does not say its year: year 0 is refused, a year the tree does not cover too.
  CHECK_THROWS_AS((void)csv(tree, "a,A,so,true,6,3\n", 0), chiso::usage_error);
  try {
    (void)csv(tree, "a,A,so,true,6,3\n", 2019);
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(codes(e) == "year-not-in-tree");
    CHECK(std::string(e.what()) ==
          "u.csv: error[year-not-in-tree]: results year 2019 is not a year of criteria "
          "'two-groups' (years: 2023, 2024): give the year the points are for, or add it to "
          "the criteria's 'years:' if they apply to it");
  }
  // A matrix does not carry its year: rank_units checks the one it is given.
  const auto set = csv(tree, "a,A,so,true,6,3\n", 2024);
  const auto matrix = chiso::to_matrix(tree, set);
  try {
    (void)chiso::rank_units(matrix, 2019);
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(codes(e) == "year-not-in-tree");
  }
  try {
    (void)chiso::rank_units(matrix, 0);
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(codes(e) == "year-missing");
  }
  // A sheet: at its `year`.
  try {
    (void)chiso::parse_sheet(
        "kind: chiso/scores\nformat_version: 1\ncriteria: two-groups\n"
        "unit: {id: a}\nyear: 2019\npoints: {'1': 6, '2': 3}\n",
        "a.yaml", tree);
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(codes(e) == "year-not-in-tree");
    CHECK(e.diagnostics()[0].where.line == 5);
  }
  // A sheet built in code is checked against the tree id too, as the loader does.
  chiso::score_sheet sheet = set.sheets.front();
  sheet.criteria = "par-index-province-876";
  try {
    chiso::validate_sheet(sheet, tree);
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(codes(e) == "sheet-wrong-criteria");
  }
}

TEST_CASE("ranked results JSON: numbers at the tree's precision, integer ranks, changes") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto now = csv(tree, year_2024, 2024);
  const auto before = csv(tree, year_2023, 2023);
  const std::vector<chiso::unit_mapping> mappings{{"x", {"old-x"}, std::nullopt, "", {}}};
  const auto json = chiso::to_json(chiso::rank_units(tree, now, {}, nullptr, &before, mappings));
  CHECK(json.find(R"({"unit": "a", "name": "Sở A", "group": "so", "ranked": true, )"
                  R"("status": "ranked", "percent": 95.00, "points": 9.50, "max": 10.00, )"
                  R"("rank": 1, "exact_rank": 1, "ranked_count": 3, "tied_with": [], )"
                  R"("band": null, "previous": {"status": "same", "units": ["a"], )"
                  R"("value": 50.00, "rank": 3, "rank_change": 2, "value_change": 45.00, )"
                  R"("note": ""}, "notes": []})") != std::string::npos);
  CHECK(json.find(R"("gone": [)"
                  "\n"
                  R"(    {"unit": "z", "value": 40.00, "rank": 2})") != std::string::npos);
  CHECK(json.find(R"("year": 2024,)") != std::string::npos);
  CHECK(json.find(R"("previous_year": 2023,)") != std::string::npos);
}

TEST_CASE("fractional ranks are exact and ordered — the table view prints 02,5/4") {
  const auto tree = chiso::parse_criteria(without_groups(tree_yaml), "t.yaml");
  chiso::ranked_results_options o;
  o.method = chiso::rank_method::fractional;
  const auto r = chiso::rank_units(
      tree, csv(tree, "p,P,so,true,5,3\nq,Q,so,true,6,4\nr,R,so,true,5,3\ns,S,so,true,1,1\n", 2024),
      o);
  CHECK(r.units[1].unit.id == "p");
  CHECK(*r.units[1].exact_rank() == chiso::rational(5, 2));
  CHECK(r.units[1].twice_rank == 5);
  CHECK_FALSE(r.units[1].rank);  // not a whole number
  CHECK(*r.units[3].rank == 4u);
  const auto t = chiso::ranking_table(tree, r, {});
  CHECK(t.rows[1][1] == "02,5/4");  // padded as official texts print ranks
  const auto numeric = chiso::ranking_table(tree, r, {}, true);
  CHECK(numeric.columns[1].key == "rank");
  CHECK(numeric.columns[2].key == "ranked_count");
  CHECK(numeric.rows[1][1] == "2.5");
  CHECK(numeric.rows[1][2] == "4");
  CHECK(chiso::to_json(r).find(R"("rank": null, "exact_rank": 2.5, "ranked_count": 4)") !=
        std::string::npos);
}

// The value agrees with the per-sheet path (score() per unit, exact % by rank()) on random data.
TEST_CASE("ranked results agree with scoring sheet by sheet (random trees)") {
  std::mt19937_64 g(20261129);
  for (int round = 0; round < 40; ++round) {
    const auto tree = chiso_test::random_tree(g);
    const auto make_set = [&](int year, std::size_t n) {
      chiso::unit_set set;
      set.criteria = tree.info().id;
      set.year = year;
      for (std::size_t i = 0; i < n; ++i) {
        auto s = chiso_test::random_sheet(g, tree, "u" + std::to_string(i), true);
        s.year = year;
        s.unit.group = g() % 2 ? "so" : "huyen";
        s.unit.ranked = g() % 7 != 0;
        set.sheets.push_back(std::move(s));
      }
      return set;
    };
    const auto now = make_set(2022, 3 + g() % 10);
    const auto before = make_set(2021, 3 + g() % 10);
    const auto method =
        round % 3 == 0 ? chiso::rank_method::dense : chiso::rank_method::competition;
    chiso::ranked_results_options o;
    o.method = method;
    const auto r = chiso::rank_units(tree, now, o, nullptr, &before);
    // Per sheet: exact % from score(), ranks per group from rank() on rationals.
    const auto per_sheet = [&](const chiso::unit_set& set) {
      std::map<std::string, std::pair<std::optional<chiso::rational>, std::optional<std::int64_t>>>
          out;
      for (const std::string group : {"so", "huyen"}) {
        std::vector<std::optional<chiso::rational>> values;
        for (const auto& s : set.sheets) {
          const auto p = chiso::score(tree, s).total().percent();
          values.push_back(s.unit.group == group && s.unit.ranked ? p : std::nullopt);
          if (s.unit.group == group) out[s.unit.id].first = p;
        }
        const auto ranks = chiso::rank(values, {method, false, {}});
        for (std::size_t i = 0; i < set.sheets.size(); ++i)
          if (ranks.is_ranked(i)) out[set.sheets[i].unit.id].second = *ranks.rank(i);
      }
      return out;
    };
    const auto expected_now = per_sheet(now);
    const auto expected_before = per_sheet(before);
    REQUIRE(r.units.size() == now.sheets.size());
    for (const auto& u : r.units) {
      const auto& [percent, rank] = expected_now.at(u.unit.id);
      CHECK(u.percent == percent);
      CHECK((u.rank ? std::optional<std::int64_t>(*u.rank) : std::nullopt) == rank);
      REQUIRE(u.change);
      const auto prev = expected_before.find(u.unit.id);
      if (prev == expected_before.end()) {
        CHECK(u.change->status == chiso::change_status::new_unit);
        continue;
      }
      CHECK(u.change->previous_rank == prev->second.second);
      // Groups are drawn at random each year: a unit that moved has no rank change (issue 14).
      std::string group_before;
      for (const auto& s : before.sheets)
        if (s.unit.id == u.unit.id) group_before = s.unit.group;
      if (group_before != u.unit.group)
        CHECK_FALSE(u.change->rank_change);
      else if (rank && prev->second.second)
        CHECK(*u.change->rank_change == *prev->second.second - *rank);
      if (percent && prev->second.first)
        CHECK(*u.change->value_change == *percent - *prev->second.first);
    }
  }
}

TEST_CASE("rows and ties follow rank() for every method, measure and grouping (many ties)") {
  // Coarse points (whole numbers, some n/a so that maxima differ) tie units by the dozen; the
  // result's rows, exact ranks and tie lists must be what rank() on each unit's score() gives.
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  std::mt19937_64 g(20261130);
  std::string rows;
  for (int i = 0; i < 300; ++i)
    rows += "u" + std::to_string(i) + ",U" + std::to_string(i) + "," +
            (g() % 3 == 0 ? "huyen" : "so") + "," + (g() % 9 == 0 ? "false" : "true") + "," +
            std::to_string(g() % 7) + "," + (g() % 5 == 0 ? "n/a" : std::to_string(g() % 5)) + "\n";
  const auto set = csv(tree, rows, 2024);
  for (const auto method : {chiso::rank_method::competition, chiso::rank_method::dense,
                            chiso::rank_method::fractional, chiso::rank_method::ordinal})
    for (const bool by_group : {true, false})
      for (const auto kind : {chiso::value_kind::percent, chiso::value_kind::points}) {
        CAPTURE(static_cast<int>(method));
        CAPTURE(by_group);
        CAPTURE(static_cast<int>(kind));
        chiso::ranked_results_options o;
        o.method = method;
        o.by_group = by_group;
        o.value = kind;
        const auto r = chiso::rank_units(tree, set, o);
        std::vector<std::string> expected_order;
        std::map<std::string, std::vector<std::string>> expected_ties;
        std::map<std::string, std::optional<chiso::rational>> expected_rank;
        const auto& sheets = set.sheets;
        std::vector<std::string> groups{""};  // in order of first appearance
        if (by_group) {
          groups.clear();
          for (const auto& s : sheets)
            if (std::find(groups.begin(), groups.end(), s.unit.group) == groups.end())
              groups.push_back(s.unit.group);
        }
        for (const auto& group : groups) {
          std::vector<std::optional<chiso::rational>> values;
          for (const auto& s : sheets) {
            const auto total = chiso::score(tree, s).total();
            std::optional<chiso::rational> v;
            if (kind == chiso::value_kind::percent)
              v = total.percent();
            else if (total.points)
              v = total.points->to_rational();
            const bool in = group.empty() || s.unit.group == group;
            values.push_back(in && s.unit.ranked ? v : std::nullopt);
          }
          chiso::ranking_options ro{method, false, {}};
          if (method == chiso::rank_method::ordinal)
            ro.tie_break = [&](std::size_t a, std::size_t b) {
              return sheets[a].unit.id < sheets[b].unit.id;
            };
          const auto ranks = chiso::rank(values, ro);
          std::vector<std::size_t> ranked, others;
          for (std::size_t i = 0; i < sheets.size(); ++i) {
            if (!group.empty() && sheets[i].unit.group != group) continue;
            (ranks.is_ranked(i) ? ranked : others).push_back(i);
            expected_rank[sheets[i].unit.id] = ranks.exact_rank(i);
            for (const auto t : ranks.tied_with(i))
              expected_ties[sheets[i].unit.id].push_back(sheets[t].unit.id);
          }
          std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
            return *ranks.exact_rank(a) < *ranks.exact_rank(b);
          });
          for (const auto i : ranked) expected_order.push_back(sheets[i].unit.id);
          for (const auto i : others) expected_order.push_back(sheets[i].unit.id);
        }
        std::vector<std::string> order;
        std::size_t tied_rows = 0;
        for (const auto& u : r.units) {
          order.push_back(u.unit.id);
          CHECK(u.exact_rank() == expected_rank[u.unit.id]);
          CHECK(r.tied_with(u) == expected_ties[u.unit.id]);
          CHECK(r.tie_of(u).size() ==
                (u.tie ? expected_ties[u.unit.id].size() + 1 : std::size_t{0}));
          if (u.tie) ++tied_rows;
        }
        CHECK(order == expected_order);
        CHECK(tied_rows > 100);  // the data ties most units: the check above is not vacuous
      }
}

TEST_CASE("write_ranking_csv writes the bytes of ranking_table as CSV, without the table") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  chiso::report_options format;
  format.percent.precision = 1;  // 2 decimals of points print as 1 decimal of %: ties show
  // A name with a comma and quotes, to be quoted; a previous year for the change columns.
  const std::string rows = std::string(year_2024) + "q,\"Sở \"\"Q\"\", mới\",so,true,5,3\n";
  for (const bool with_previous : {false, true}) {
    const auto now = csv(tree, rows, 2024);
    const auto before = csv(tree, year_2023, 2023);
    const auto results = with_previous ? chiso::rank_units(tree, now, {}, nullptr, &before)
                                       : chiso::rank_units(tree, now);
    std::ostringstream streamed, table;
    chiso::write_ranking_csv(streamed, results, format);
    chiso::write_table(table, chiso::ranking_table(tree, results, format, true),
                       chiso::output_format::csv);
    CHECK(streamed.str() == table.str());
    CHECK(streamed.str().find("\"Sở \"\"Q\"\", mới\"") != std::string::npos);
    CHECK(streamed.str().find("so,2,4,b,Sở B,\"80,0\",–,c q") != std::string::npos);
  }
}

// Issue 15: the CSV view renders blocks of rows on several cores; the bytes are those of the
// table view whatever the blocks (16 500 units: two blocks of 8 192 rows and a short third).
TEST_CASE("write_ranking_csv is the table's CSV across its blocks of rows") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  std::string now_rows = "unit,name,group,ranked,1,2\n", before_rows = now_rows;
  for (int u = 0; u < 16500; ++u) {
    const auto id = "u" + std::to_string(u);
    // Many ties (points in steps of 0.25), quoted names, both groups, some units not ranked.
    const auto a = std::to_string(u % 24 / 4) + "." + std::to_string(u % 4 * 25);
    const auto b = u % 97 == 0 ? std::string("n/a") : std::to_string(u % 4) + ".5";
    const auto row = id + ",\"Sở " + std::to_string(u % 300) + ", \"\"x\"\"\"," +
                     (u % 3 == 0 ? "huyen" : "so") + "," + (u % 11 == 0 ? "false" : "true") + ",";
    now_rows += row + a + "," + b + "\n";
    if (u % 7 != 0) before_rows += row + std::to_string(u % 6) + ",1\n";
  }
  chiso::csv_options o{2024, chiso::scoring_stage::final, chiso::missing_policy::error};
  const auto now = chiso::parse_unit_matrix_csv(now_rows, "now.csv", tree, o);
  o.year = 2023;
  const auto before = chiso::parse_unit_matrix_csv(before_rows, "before.csv", tree, o);
  chiso::ranked_results_options by_group;
  by_group.by_group = true;
  const auto results = chiso::rank_units(now, 2024, by_group, nullptr, &before, 2023);
  REQUIRE(results.units.size() == 16500);
  chiso::report_options format;
  std::ostringstream streamed, table;
  chiso::write_ranking_csv(streamed, results, format);
  chiso::write_table(table, chiso::ranking_table(tree, results, format, true),
                     chiso::output_format::csv);
  CHECK(streamed.str().size() > 1000000);
  CHECK(streamed.str() == table.str());
}

// Issue 16, item 6: the words chiso adds to the cells of the tables for people follow the
// language; names, groups and band labels stay as the files wrote them, and the numeric view
// (CSV, workbook) adds none.
TEST_CASE("the ranking tables' cell markers follow the language, the data does not") {
  const auto tree = chiso::parse_criteria(tree_yaml, "t.yaml");
  const auto bands = chiso::parse_bands(R"(kind: chiso/bands
format_version: 1
id: b
tables:
  - groups: [so, huyen]
    bands:
      - {label: Tốt, from: 90}
      - {label: Khá, from: 70, to: 90}
)",
                                        "b.yaml");
  chiso::ranked_results_options o;
  o.value = chiso::value_kind::points;
  const auto r = chiso::rank_units(tree, csv(tree, year_2024, 2024), o, &bands,
                                   nullptr);  // d is not ranked; x (60 %) is below every band
  const auto name_of_d = [&](const chiso::table& t) {
    std::size_t unit = 0, name = 0;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (t.columns[c].key == "unit") unit = c;
      if (t.columns[c].key == "name") name = c;
    }
    for (const auto& row : t.rows)
      if (row[unit] == "d") return row[name];
    return std::string();
  };
  chiso::report_options vi, en;
  en.lang = chiso::language::en;
  CHECK(name_of_d(chiso::ranking_table(tree, r, vi)) == "Sở D (không xếp hạng)");
  CHECK(name_of_d(chiso::ranking_table(tree, r, en)) == "Sở D (not ranked)");
  CHECK(name_of_d(chiso::ranking_table(tree, r, en, true)) == "Sở D");  // the numeric view
  const auto counts_vi = chiso::band_count_table(r, bands);
  const auto counts_en = chiso::band_count_table(r, bands, chiso::language::en);
  REQUIRE(counts_vi.rows.size() == counts_en.rows.size());
  std::vector<std::string> first_vi, first_en, band_en;
  for (std::size_t i = 0; i < counts_vi.rows.size(); ++i) {
    first_vi.push_back(counts_vi.rows[i][0] + "|" + counts_vi.rows[i][1]);
    first_en.push_back(counts_en.rows[i][0] + "|" + counts_en.rows[i][1]);
  }
  CHECK(first_vi == std::vector<std::string>{"so|Tốt", "so|Khá", "huyen|Tốt", "huyen|Khá",
                                             "huyen|(dưới ngưỡng thấp nhất)", "(tất cả)|Tốt",
                                             "(tất cả)|Khá"});
  CHECK(first_en == std::vector<std::string>{"so|Tốt", "so|Khá", "huyen|Tốt", "huyen|Khá",
                                             "huyen|(below the lowest band)", "(all)|Tốt",
                                             "(all)|Khá"});
}

TEST_CASE("a change of points says 'điểm' in Vietnamese and 'points' in English") {
  chiso::unit_change c;
  c.value_change = chiso::rational(6, 5);
  CHECK(c.value_change_text(chiso::value_kind::points, {2, chiso::rounding::half_up, ','}) ==
        "+1,20 điểm");
  CHECK(c.value_change_text(chiso::value_kind::points, {2, chiso::rounding::half_up, ','},
                            chiso::language::en) == "+1,20 points");
  CHECK(c.value_change_text(chiso::value_kind::percent, {2, chiso::rounding::half_up, ','},
                            chiso::language::en) == "+1,20 pp");
}
