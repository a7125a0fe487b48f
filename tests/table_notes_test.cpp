#include "chiso/table_notes.hpp"

#include <doctest/doctest.h>

#include "chiso/criteria_loader.hpp"
#include "chiso/ranked_report.hpp"
#include "chiso/unit_set.hpp"

namespace {

// Two lĩnh vực, 2,5 + 7,5 = 10 points; unit c is not scored on lĩnh vực 1 (constructed).
chiso::criterion_tree two_domains() {
  return chiso::parse_criteria(
      "kind: chiso/criteria\nformat_version: 1\nindex: {id: t, name: T, method: official_data}\n"
      "criteria:\n  - {code: \"1\", name: A, max: 2.5}\n  - {code: \"2\", name: B, max: 7.5}\n",
      "t.yaml");
}

chiso::unit_set units(const chiso::criterion_tree& tree, const std::string& rows) {
  return chiso::parse_units_csv("unit,group,1,2\n" + rows, "u.csv", tree,
                                {2024, chiso::scoring_stage::final, chiso::missing_policy::error});
}

}  // namespace

TEST_CASE("points ranking: units whose applicable maxima differ are named with their maxima") {
  const auto tree = two_domains();
  const auto set = units(tree, "a,so,2.5,7\nb,so,2,7.5\nc,so,n/a,7.5\n");
  const auto matrix = chiso::unit_matrix::from_sheets(tree, set.sheets);
  const std::vector<std::size_t> root{0};
  const auto scores = chiso::score_batch(matrix, root);
  const auto notes =
      chiso::differing_maxima_notes(scores, 0, "", {4, chiso::rounding::half_up, ','});
  CHECK(notes == std::vector<std::string>{
                     "Ranked on points, but the applicable maxima differ: 2 units have a maximum "
                     "of 10; other maxima: 'c' 7,5 (criteria not applicable to them). A unit "
                     "cannot earn points it is not scored on, so these ranks compare unequal "
                     "totals: rank on % of the applicable maximum (--measure percent) instead."});
  // Within another group, or when every unit has the same maximum, there is nothing to say.
  CHECK(chiso::differing_maxima_notes(scores, 0, "huyen", {}).empty());
  const auto same = units(tree, "a,so,2.5,7\nb,so,2,7.5\n");
  const auto same_matrix = chiso::unit_matrix::from_sheets(tree, same.sheets);
  CHECK(chiso::differing_maxima_notes(chiso::score_batch(same_matrix, root), 0, "", {}).empty());
}

TEST_CASE("points ranking: the ranked table carries the note — ranking on % does not need it") {
  const auto tree = two_domains();
  const auto set = units(tree, "a,so,2.5,7\nb,so,2,7.5\nc,so,n/a,7.5\n");
  chiso::ranking_report_options options;
  options.value = chiso::value_kind::points;
  const auto by_points = chiso::ranking_table(tree, set, nullptr, options);
  const auto has_note = [](const chiso::table& t) {
    return std::any_of(t.notes.begin(), t.notes.end(), [](const std::string& n) {
      return n.starts_with("Ranked on points, but the applicable maxima differ");
    });
  };
  CHECK(has_note(by_points));
  options.value = chiso::value_kind::percent;
  CHECK_FALSE(has_note(chiso::ranking_table(tree, set, nullptr, options)));
}
