// SIPAS inside PAR INDEX 8.1 computed from answer tallies through the `survey` rule.
#include <chiso/criteria_loader.hpp>
#include <chiso/score.hpp>
#include <chiso/sheet.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_CASE("sipas: 8.1 from Likert tallies reproduces Cần Thơ 2022's 8,07 (seed 004:678-695)") {
  // The tallies are constructed (no seed prints them); the weights and the shares they encode
  // are the printed ones, and the Likert mapping is marked unverified in the tree.
  const std::string data = CHISO_TEST_DATA;
  const auto tree = chiso::load_criteria(data + "/sipas-par-8.1-survey.yaml");
  CHECK(!tree.info().unverified.empty());
  const auto card =
      chiso::score(tree, chiso::load_sheet(data + "/can-tho-2022-sipas-tallies.yaml", tree));
  const auto points = [&](const char* code) { return *card[*tree.find(code)].points; };
  CHECK(points("8.1.1") == *chiso::decimal::parse("1.2036"));  // 1,5 × 8024/10000
  CHECK(points("8.1.2") == *chiso::decimal::parse("1.2027"));
  CHECK(points("8.1.3") == *chiso::decimal::parse("2.1093"));  // 2,10925 rounded half_up
  CHECK(points("8.1.4") == *chiso::decimal::parse("2.0258"));  // 2,02575 rounded half_up
  CHECK(points("8.1.5") == *chiso::decimal::parse("1.5286"));
  CHECK(*card.total().points == *chiso::decimal::parse("8.07"));
  // The unrounded value is kept beside the rounded one.
  CHECK(*card[*tree.find("8.1.3")].unrounded == chiso::rational(210925, 100000));
}
