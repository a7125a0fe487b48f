// The JSON writers of one unit's values: scorecard, gaps and stage comparison (json.hpp). The
// figures are the shipped sheets' (checked against the tables the CLI prints from the same
// values) or a sheet constructed here; the documents' shapes are checked against
// docs/schema/*.schema.json by the cli_schema_* tests.
#include <doctest/doctest.h>

#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/gaps.hpp"
#include "chiso/json.hpp"
#include "chiso/score.hpp"
#include "chiso/sheet.hpp"
#include "chiso/stages.hpp"

#include <string>
#include <vector>

namespace {

std::string data(const char* file) {
  return std::string(CHISO_SOURCE_DIR) + "/" + file;
}

bool has(const std::string& json, const std::string& part) {
  const bool found = json.find(part) != std::string::npos;
  if (!found) MESSAGE("not in the JSON: " << part);
  return found;
}

// On the EXAMPLE sở tree (maxima 12, 8, 14 = 7 + 7, 8, 14, 8, 16, 20): lĩnh vực 3 not
// applicable, 4 not published.
constexpr const char* constructed_sheet = R"j(kind: chiso/scores
format_version: 1
criteria: example-so
unit: {id: thanh-tra, name: "Thanh tra \"tỉnh\"", group: so}
year: 2019
stage: appraised
missing: unknown
points: {"1": 12, "2": 6, "5": 14, "6": 8, "7": 16, "8": 20}
not_applicable: ["3"]
)j";

}  // namespace

TEST_CASE("scorecard JSON: every node with its status, unknown and not applicable apart") {
  const auto tree = chiso::load_criteria(data("criteria/example-so.yaml"));
  const auto sheet = chiso::parse_sheet(constructed_sheet, "constructed.yaml", tree);
  const auto json = chiso::to_json(tree, chiso::score(tree, sheet));
  CHECK(json.rfind("{\n  \"kind\": \"chiso/scorecard\",\n  \"format_version\": 1,\n", 0) == 0);
  CHECK(has(json, R"j("unit": {"id": "thanh-tra", "name": "Thanh tra \"tỉnh\"", "group": "so", )j"
                  R"j("ranked": true},)j"));
  CHECK(has(json, "\"year\": 2019,\n"));
  CHECK(has(json, "\"stage\": \"appraised\",\n"));
  CHECK(has(json, R"j("numbers": {"points_decimals": 4, "percent_decimals": 4, )j"));
  // 6 of 8: 75 %, 2 lost.
  CHECK(has(json, R"j({"code": "2", "parent": "", "depth": 1, )j"));
  CHECK(has(json, R"j("status": "scored", "points": 6.0000, "max": 8.0000, "min": 0.0000, )j"
                  R"j("gap": 2.0000, "percent": 75.0000, "percent_of_range": 75.0000, )j"
                  R"j("complete": true, )j"));
  // Not published: its maximum is known, its points are not.
  CHECK(has(json,
            R"j("status": "unknown", "points": null, "max": 8.0000, "min": 0.0000, )j"
            R"j("gap": null, "percent": null, "percent_of_range": null, "complete": false)j"));
  // Not applicable, with its subtree: no figure at all.
  CHECK(has(json, R"j({"code": "3.1", "parent": "3", "depth": 2, )j"));
  const auto na = R"j("status": "not_applicable", "points": null, "max": null, "min": null, )j"
                  R"j("gap": null, "percent": null, "percent_of_range": null, "complete": false)j";
  const auto first = json.find(na);
  REQUIRE(first != std::string::npos);
  const auto second = json.find(na, first + 1);
  REQUIRE(second != std::string::npos);
  CHECK(json.find(na, second + 1) != std::string::npos);  // 3, 3.1 and 3.2
  // The total: 100 − 14 applicable, its points unknown because of 4.
  CHECK(has(json, R"j("code": "", "parent": null, "depth": 0, )j"));
  CHECK(has(json, R"j("status": "unknown", "points": null, "max": 86.0000, )j"));
  CHECK(has(json, "\"notes\": [\n    \"UNVERIFIED: Example: domain maxima are illustrative"));
}

TEST_CASE("scorecard JSON of a published sheet: SIPAS Cần Thơ 2022, with notes added") {
  const auto tree = chiso::load_criteria(data("criteria/sipas-par-8.1.yaml"));
  const auto card =
      chiso::score(tree, chiso::load_sheet(data("examples/data/can-tho-2022-sipas.yaml"), tree));
  const std::vector<std::string> notes = {"a note on the sheet"};
  const auto json = chiso::to_json(tree, card, notes);
  CHECK(has(json, "\"criteria\": \"sipas-par-8.1\",\n"));
  CHECK(has(json, "\"year\": 2022,\n"));
  CHECK(has(json, "\"stage\": \"final\",\n"));
  CHECK(has(json, R"j({"code": "8.1.1", "parent": "8.1", "depth": 2, )j"
                  R"j("name": "Chỉ số hài lòng về tiếp cận dịch vụ", "method": "survey", )j"
                  R"j("status": "scored", "points": 1.2036, "max": 1.5000, "min": 0.0000, )j"
                  R"j("gap": 0.2964, "percent": 80.2400, "percent_of_range": 80.2400, )j"
                  R"j("complete": true, "unverified": null})j"));
  CHECK(has(json, R"j("points": 8.0700, "max": 10.0000, "min": 0.0000, "gap": 1.9300, )j"
                  R"j("percent": 80.7000, )j"));
  CHECK(has(json, "    \"a note on the sheet\"\n  ]\n}\n"));
}

TEST_CASE("gaps JSON: items in the order asked, unknown gaps apart, exact subtotals") {
  // Seed 004, Cần Thơ 2022: the figures `chiso gaps` prints (golden gaps_table,
  // gaps_by_domain_markdown).
  const auto tree = chiso::load_criteria(data("criteria/par-index-province-876-seed004.yaml"));
  const auto card =
      chiso::score(tree, chiso::load_sheet(data("examples/data/can-tho-2022.yaml"), tree));
  const auto json = chiso::to_json(tree, card, chiso::gaps(tree, card));
  CHECK(json.rfind("{\n  \"kind\": \"chiso/gaps\",\n", 0) == 0);
  CHECK(has(json, "\"tree_partial\": true,\n"));
  CHECK(has(json,
            "\"order\": \"gap\",\n  \"total\": 13.1894,\n  \"items\": [\n"
            R"j(    {"code": "5.4", )j"));
  CHECK(has(json, R"j({"code": "7.3.7", "name": "Thanh toán trực tuyến", "domain": "7", )j"
                  R"j("points": 0.6440, "max": 1.5000, "gap": 0.8560, "percent": 42.9333})j"));
  CHECK(has(json, "\"unknown\": [\n    {\"code\": \"6.1.1\", "));
  CHECK(has(json, R"j("domain": "6", "points": 0.7658})j"));
  CHECK(has(json, R"j("subtotal": 1.2025, "items": [)j"));
  CHECK(has(json, R"j(], "unknown": ["6.1.1"]})j"));
  CHECK(has(json, R"j("subtotal": 3.4934, )j"));
  CHECK(has(json, R"j("subtotal": 0.7953, "items": ["2.4.2", "2.4.3", "2.4.1", )j"));
  // By code: document order, in the list and within each lĩnh vực.
  const auto by_code =
      chiso::to_json(tree, card, chiso::gaps(tree, card, chiso::gap_order::by_code));
  CHECK(has(by_code, "\"order\": \"code\",\n  \"total\": 13.1894,\n"));
  CHECK(has(by_code, R"j("subtotal": 0.7953, "items": ["2.4.1", "2.4.2", "2.4.3", )j"));
}

TEST_CASE("stage comparison JSON carries evidence, explanations, reasons and what lacks them") {
  const auto tree = chiso::load_criteria(data("criteria/example-so.yaml"));
  const auto self = chiso::load_sheet(data("tests/data/stages/tu-phap-self_assessed.yaml"), tree);
  const auto appraised = chiso::load_sheet(data("tests/data/stages/tu-phap-appraised.yaml"), tree);
  const auto final_sheet = chiso::load_sheet(data("tests/data/stages/tu-phap-final.yaml"), tree);
  const auto json =
      chiso::to_json(tree, chiso::compare_stages(tree, self, appraised, &final_sheet));
  CHECK(json.rfind("{\n  \"kind\": \"chiso/stage-comparison\",\n", 0) == 0);
  CHECK(has(json, "\"year\": 2019,\n"));
  CHECK(has(json,
            "\"stages\": [\"self_assessed\", \"appraised\", \"final\"],\n"
            "  \"with_evidence\": true,\n  \"total_removed\": 6.2500,\n"
            "  \"where_removed\": [\"7\", \"5\", \"1\", \"3.1\", \"6\", \"2\"],\n"
            "  \"unsupported\": [\"4\", \"6\"],\n  \"changed_without_reason\": [\"6\"],\n"));
  // The total: 94,7 → 88,45 → 90,15.
  CHECK(has(json, R"j("status": "scored", "self_assessed": 94.7000, "appraised": 88.4500, )j"
                  R"j("final": 90.1500, "removed_by_appraisal": 6.2500, )j"
                  R"j("changed_after_appraisal": 1.7000, "evidence": [], "explanation": "", )j"
                  R"j("appraisal_reason": "", "final_reason": ""})j"));
  CHECK(has(json, R"j("self_assessed": 13.5000, "appraised": 12.2500, "final": 12.2500, )j"
                  R"j("removed_by_appraisal": 1.2500, "changed_after_appraisal": 0.0000, )j"
                  R"j("evidence": [{"number": "40/QĐ-STP", "date": "2019-06-20", )j"
                  R"j("title": "Quyết định vị trí việc làm (ví dụ)", "link": ""}, )j"
                  R"j({"number": "41/BC-STP", "date": "2019-11-30", "title": "", "link": ""}], )j"
                  R"j("explanation": "", )j"
                  R"j("appraisal_reason": "Báo cáo 41/BC-STP không có trích yếu (ví dụ)", )j"
                  R"j("final_reason": ""})j"));
  CHECK(has(json, R"j("link": "https://example.invalid/15-kh-stp.pdf"}])j"));
  CHECK(has(json,
            R"j("removed_by_appraisal": 1.0000, "changed_after_appraisal": 0.5000, )j"
            R"j("evidence": [], )j"
            R"j("explanation": "Niêm yết tại Bộ phận một cửa; ảnh chụp đang bổ sung (ví dụ)", )j"
            R"j("appraisal_reason": "Chưa có ảnh chụp niêm yết (ví dụ)", )j"
            R"j("final_reason": "Chấp nhận giải trình sau thẩm định (ví dụ)"})j"));
  CHECK(has(json, R"j("self_assessed": 16.2000, "appraised": 16.2000, "final": 17.4000, )j"
                  R"j("removed_by_appraisal": 0.0000, "changed_after_appraisal": 1.2000, )j"));
}

TEST_CASE("stage comparison JSON without sheets or a final stage: null, not empty") {
  const auto tree = chiso::load_criteria(data("criteria/example-so.yaml"));
  const auto card = [&](const char* stage) {
    return chiso::score(
        tree,
        chiso::load_sheet(
            data(("tests/data/stages/tu-phap-" + std::string(stage) + ".yaml").c_str()), tree));
  };
  const auto json =
      chiso::to_json(tree, chiso::compare_stages(tree, card("self_assessed"), card("appraised")));
  CHECK(has(json,
            "\"stages\": [\"self_assessed\", \"appraised\"],\n  \"with_evidence\": false,\n"
            "  \"total_removed\": 6.2500,\n"));
  CHECK(has(json, "\"unsupported\": null,\n  \"changed_without_reason\": null,\n"));
  CHECK(has(json, R"j("status": "scored", "self_assessed": 94.7000, "appraised": 88.4500, )j"
                  R"j("final": null, "removed_by_appraisal": 6.2500, )j"
                  R"j("changed_after_appraisal": null, "evidence": null, "explanation": null, )j"
                  R"j("appraisal_reason": null, "final_reason": null})j"));
}

TEST_CASE("a unit's JSON writers refuse values of another tree") {
  const auto so = chiso::load_criteria(data("criteria/example-so.yaml"));
  const auto sipas = chiso::load_criteria(data("criteria/sipas-par-8.1.yaml"));
  const auto card =
      chiso::score(sipas, chiso::load_sheet(data("examples/data/can-tho-2022-sipas.yaml"), sipas));
  CHECK_THROWS_AS((void)chiso::to_json(so, card), chiso::usage_error);
  CHECK_THROWS_AS((void)chiso::to_json(so, card, chiso::gaps(sipas, card)), chiso::usage_error);
}
