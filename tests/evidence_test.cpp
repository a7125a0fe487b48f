// Evidence (tài liệu kiểm chứng), explanations (giải trình) and appraisal reasons through the
// stages: CV 383/BNV-CCHC and 384/BNV-CCHC.
#include <doctest/doctest.h>

#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/sheet.hpp"
#include "chiso/stages.hpp"

#include <string>
#include <vector>

namespace {

std::string data(const char* file) {
  return std::string(CHISO_SOURCE_DIR) + "/" + file;
}

std::vector<std::string> codes(const chiso::criterion_tree& tree,
                               const std::vector<std::size_t>& nodes) {
  std::vector<std::string> out;
  for (auto i : nodes) out.push_back(tree[i].code);
  return out;
}

}  // namespace

TEST_CASE("a sheet records evidence documents, explanations and reasons per criterion") {
  const auto tree = chiso::load_criteria(data("criteria/example-so.yaml"));
  const auto self = chiso::load_sheet(data("tests/data/stages/tu-phap-self_assessed.yaml"), tree);
  REQUIRE(self.evidence.size() == 5);
  const auto* one = self.evidence_for("1");
  REQUIRE(one);
  REQUIRE(one->documents.size() == 1);
  CHECK(one->documents[0].number == "15/KH-STP");
  CHECK(one->documents[0].date == "2019-01-10");
  CHECK(one->documents[0].title == "Kế hoạch CCHC năm 2019 (ví dụ)");
  CHECK(one->documents[0].link == "https://example.invalid/15-kh-stp.pdf");
  CHECK(self.evidence_for("5")->documents.size() == 2);
  CHECK(self.evidence_for("3.1")->explanation ==
        "Niêm yết tại Bộ phận một cửa; ảnh chụp đang bổ sung (ví dụ)");
  CHECK(self.evidence_for("6") == nullptr);
  // 4 and 6 are self-assessed with points and neither; 3.2 (official data) and 8 (survey) are
  // not the unit's claim.
  CHECK(codes(tree, chiso::unsupported_points(tree, self)) == std::vector<std::string>{"4", "6"});
  // Other stages list nothing: the rule is about the self-assessment.
  const auto appraised = chiso::load_sheet(data("tests/data/stages/tu-phap-appraised.yaml"), tree);
  CHECK(chiso::unsupported_points(tree, appraised).empty());
}

TEST_CASE("the stage comparison carries evidence and reasons, and lists what lacks them") {
  const auto tree = chiso::load_criteria(data("criteria/example-so.yaml"));
  const auto self = chiso::load_sheet(data("tests/data/stages/tu-phap-self_assessed.yaml"), tree);
  const auto appraised = chiso::load_sheet(data("tests/data/stages/tu-phap-appraised.yaml"), tree);
  const auto final_sheet = chiso::load_sheet(data("tests/data/stages/tu-phap-final.yaml"), tree);
  const auto c = chiso::compare_stages(tree, self, appraised, &final_sheet);
  CHECK(c.with_evidence);
  const auto& row5 = c.rows[*tree.find("5")];
  REQUIRE(row5.evidence.size() == 2);
  CHECK(row5.evidence[1].number == "41/BC-STP");
  CHECK(row5.appraisal_reason == "Báo cáo 41/BC-STP không có trích yếu (ví dụ)");
  CHECK(row5.removed_by_appraisal == chiso::decimal::parse("1.25"));
  CHECK(c.rows[*tree.find("3.1")].final_reason == "Chấp nhận giải trình sau thẩm định (ví dụ)");
  CHECK(codes(tree, c.unsupported) == std::vector<std::string>{"4", "6"});
  // 6 lost 1 point at appraisal with no reason; 8 changed after appraisal with one.
  CHECK(codes(tree, c.changed_without_reason) == std::vector<std::string>{"6"});
  // The figures are those of the scorecard overload.
  CHECK(c.total_removed == chiso::decimal::parse("6.25"));

  // Without the final sheet the final stage's changes are not considered.
  const auto two = chiso::compare_stages(tree, self, appraised);
  CHECK(codes(tree, two.changed_without_reason) == std::vector<std::string>{"6"});
  CHECK(two.rows[*tree.find("3.1")].final_reason.empty());
}

TEST_CASE("evidence entries are checked") {
  const auto tree = chiso::load_criteria(data("criteria/example-so.yaml"));
  const std::string head =
      "kind: chiso/scores\nformat_version: 1\ncriteria: example-so\nunit: {id: x, group: so}\n"
      "year: 2019\nstage: self_assessed\nmissing: zero\n";
  const auto diagnostics_of = [&](const std::string& body) {
    try {
      (void)chiso::parse_sheet(head + body, "s.yaml", tree);
    } catch (const chiso::input_error& e) {
      return e.diagnostics();
    }
    return std::vector<chiso::diagnostic>{};
  };
  auto d = diagnostics_of("evidence:\n  \"9.9\": {explanation: x}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "sheet-evidence");
  CHECK(d[0].where.line == 9);
  d = diagnostics_of("evidence:\n  \"1\": {documents: [{date: 2019-01-01}]}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "sheet-evidence");
  CHECK(d[0].message == "evidence of '1': a document needs at least its number, title or link");
  d = diagnostics_of("evidence:\n  \"1\": {documents: 15/KH}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "sheet-evidence");
  // A reason with zero points is fine; nothing is claimed, nothing is unsupported.
  CHECK(diagnostics_of("evidence:\n  \"1\": {reason: ok}\n").empty());
}
