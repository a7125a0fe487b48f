// The loader's error catalogue: one broken file per validation rule, each pinning the whole
// message with its line:col (1-based), in the spirit of toml++'s parsing_should_fail.
#include <chiso/criteria_loader.hpp>
#include <chiso/error.hpp>

#include <doctest/doctest.h>

#include <string>

namespace {

std::string load_error(const std::string& yaml) {
  try {
    (void)chiso::parse_criteria(yaml, "bad.yaml");
  } catch (const chiso::input_error& e) {
    return e.what();
  }
  return "(no error)";
}

const std::string header = R"(kind: chiso/criteria
format_version: 1
index:
  id: test
  name: Thử nghiệm
  method: self_assessed
criteria:
)";

}  // namespace

TEST_CASE("criteria: a valid tree loads in document order with derived maxima") {
  const auto tree = chiso::parse_criteria(header + R"(  - code: "2"
    name: Lĩnh vực 2
    children:
      - code: "2.4"
        name: Chất lượng VBQPPL
        max: 4
        method: survey
        lead_agency: Sở Tư pháp
        children:
          - {code: "2.4.1", name: Tính đồng bộ, max: 1}
          - {code: "2.4.2", name: Tính hợp lý, max: 1}
          - {code: "2.4.3", name: Tính khả thi, max: 1}
          - {code: "2.4.4", name: Tính kịp thời, max: 1}
      - {code: "2.5", name: Khác, max: 1.5}
)",
                                          "ok.yaml");
  REQUIRE(tree.size() == 8);
  CHECK(tree.root().code.empty());
  CHECK(*tree.root().max == chiso::decimal::from_units(55, 1));
  CHECK(tree.root().max_derived);
  CHECK(tree.at("2").max_derived);
  CHECK(!tree.at("2.4").max_derived);
  CHECK(tree.at("2.4.3").method == chiso::measurement::survey);  // inherited from 2.4
  CHECK(tree.at("2.5").method == chiso::measurement::self_assessed);
  CHECK(tree.at("2.4").lead_agency == "Sở Tư pháp");
  CHECK(tree.at("2.4.1").name == "Tính đồng bộ");
  CHECK(tree.at("2.4.2").where.to_string() == "ok.yaml:18:14");
  CHECK(!tree.is_partial());
  std::string order;
  for (const auto& n : tree.nodes()) order += n.code + ";";
  CHECK(order == ";2;2.4;2.4.1;2.4.2;2.4.3;2.4.4;2.5;");
  CHECK(tree.leaves().size() == 5);
  CHECK(tree.children(*tree.find("2.4")).size() == 4);
  CHECK(tree.domain_of(*tree.find("2.4.4")) == *tree.find("2"));
  CHECK_THROWS_WITH_AS((void)tree.at("9.9"), "criterion tree 'test' has no criterion '9.9'",
                       chiso::usage_error);
}

TEST_CASE("criteria error: duplicate code, with both positions") {
  CHECK(load_error(header + R"(  - code: "1"
    name: A
    max: 1
  - code: "1"
    name: B
    max: 1
)") == "bad.yaml:11:11: error[duplicate-code]: duplicate code '1'; first defined at bad.yaml:8:5");
}

TEST_CASE("criteria error: a child code must extend its parent's") {
  CHECK(load_error(header + R"(  - code: "2.4"
    name: A
    children:
      - {code: "2.5.1", name: B, max: 1}
)") == "bad.yaml:11:16: error[code-not-under-parent]: criterion '2.5.1' is listed under '2.4' but "
       "its code does not "
       "extend it (expected '2.4.…')");
}

TEST_CASE("criteria error: children's max must sum exactly to the declared max") {
  CHECK(load_error(header + R"(  - code: "2.4"
    name: A
    max: 4
    children:
      - {code: "2.4.1", name: B, max: 1}
      - {code: "2.4.2", name: C, max: 2.5}
)") == "bad.yaml:10:10: error[max-sum]: criterion '2.4': children's max sum to 3.5, not its max 4 "
       "(declare it partial if the source lists only part)");
}

TEST_CASE("criteria error: max must be a positive decimal") {
  CHECK(
      load_error(header + "  - {code: \"1\", name: A, max: 0}\n") ==
      "bad.yaml:8:31: error[max-not-above-min]: criterion '1': max must be greater than 0, not 0");
  CHECK(load_error(header + "  - {code: \"1\", name: A, max: -1.5}\n") ==
        "bad.yaml:8:31: error[max-not-above-min]: criterion '1': max must be greater than 0, not "
        "-1.5");
  CHECK(load_error(header + "  - {code: \"1\", name: A, max: many}\n") ==
        "bad.yaml:8:31: error[not-a-number]: criterion '1': 'max' must be a decimal number, not "
        "'many': it is not a number");
  CHECK(load_error(header + "  - {code: \"1\", name: A, max: \"1,5\"}\n") ==
        "bad.yaml:8:31: error[not-a-number]: criterion '1': 'max' must be a decimal number, not "
        "'1,5': it uses a decimal comma "
        "(write decimals with a point: 1.5)");
  CHECK(load_error(header + "  - {code: \"1\", name: A, max: 1.23456}\n") ==
        "bad.yaml:8:31: error[too-many-decimals]: criterion '1': max 1.23456 has more decimals "
        "than the index "
        "declares (4)");
}

TEST_CASE("criteria error: unknown keys suggest the nearest known key") {
  CHECK(
      load_error(header + R"(  - code: "1"
    name: A
    maxx: 1
)") ==
      "bad.yaml:8:5: error[leaf-without-max]: criterion '1' is a leaf and needs a 'max' (write "
      "'max: unknown' "
      "where the source does not give it)\n"
      "bad.yaml:10:5: error[unknown-key]: criterion '1': unknown key 'maxx' (did you mean 'max'?)");
  CHECK(load_error(header + R"(  - code: "1"
    name: A
    max: 1
    weight: 2
)") == "bad.yaml:11:5: error[unknown-key]: criterion '1': unknown key 'weight' (expected 'code', "
       "'name', "
       "'max', 'min', 'method', 'partial', 'lead_agency', 'note', 'source', 'unverified', "
       "'children', 'rule', 'groups' or 'not_groups')");
  // x- keys are the users' own and are ignored.
  CHECK(load_error(header + "  - {code: \"1\", name: A, max: 1, x-portal-id: 77}\n") ==
        "(no error)");
}

TEST_CASE("criteria error: duplicate YAML keys are not silently accepted") {
  CHECK(load_error(header + R"(  - code: "1"
    name: A
    max: 1
    max: 2
)") == "bad.yaml:11:5: error[duplicate-key]: criterion '1': duplicate key 'max'; first defined at "
       "bad.yaml:10:5");
}

TEST_CASE("criteria error: wrong file kind and version") {
  CHECK(load_error("kind: chiso/scores\nformat_version: 1\n") ==
        "bad.yaml:1:7: error[wrong-file-kind]: wrong file kind 'chiso/scores': expected "
        "'chiso/criteria'");
  CHECK(load_error("index: {id: x}\n") ==
        "bad.yaml:1:1: error[not-chiso-file]: not a chiso file: missing 'kind: chiso/criteria'");
  CHECK(load_error("- a\n- b\n") ==
        "bad.yaml:1:1: error[not-chiso-file]: not a chiso file: expected a mapping starting with "
        "'kind: "
        "chiso/criteria'");
  CHECK(load_error("kind: chiso/criteria\nformat_version: 2\n") ==
        "bad.yaml:2:17: error[unsupported-format-version]: unsupported format_version '2' (this "
        "chiso reads version 1)");
}

TEST_CASE("criteria error: YAML syntax errors carry their position") {
  CHECK(load_error("kind: chiso/criteria\nindex: [1, 2\nformat_version: 1\n") ==
        "bad.yaml:3:15: error[yaml-syntax]: invalid YAML: a '[' is not closed by a matching ']' "
        "(YAML parser: end of "
        "sequence flow not found)");
}

TEST_CASE("criteria error: structural problems of nodes") {
  CHECK(load_error(header + "  - {name: A, max: 1}\n") ==
        "bad.yaml:8:5: error[missing-key]: criterion #1 of index 'test': missing key 'code'");
  CHECK(load_error(header + "  - {code: \"2..4\", name: A, max: 1}\n") ==
        "bad.yaml:8:12: error[bad-code]: criterion '2..4': '2..4' is not a dotted code such as "
        "2.4.1");
  CHECK(load_error(header + "  - {code: \"1\", max: 1}\n") ==
        "bad.yaml:8:5: error[missing-key]: criterion '1': missing key 'name'");
  CHECK(load_error(header + "  - {code: \"1\", name: A, max: 1, method: surveys}\n") ==
        "bad.yaml:8:42: error[unknown-method]: criterion '1': unknown method 'surveys' (did you "
        "mean 'survey'?)");
  CHECK(load_error(header + "  - {code: \"1\", name: A, max: 1, children: []}\n") ==
        "bad.yaml:8:44: error[empty-children]: criterion '1': 'children' must be a non-empty list "
        "of criteria");
  CHECK(load_error(R"(kind: chiso/criteria
format_version: 1
index: {id: test, name: T}
criteria:
  - {code: "1", name: A, max: 1}
)") == "bad.yaml:5:5: error[leaf-without-method]: criterion '1' has no 'method' (set it on the "
       "criterion or an "
       "ancestor: self_assessed, appraised, survey or official_data)");
}

TEST_CASE("criteria error: every problem of a file is reported in one throw, in file order") {
  const auto message = load_error(header + R"(  - code: "1"
    name: A
    max: 1
    max: 1
  - code: "1"
    name: B
    mx: 2
)");
  CHECK(message ==
        "bad.yaml:11:5: error[duplicate-key]: criterion '1': duplicate key 'max'; first defined at "
        "bad.yaml:10:5\n"
        "bad.yaml:12:5: error[leaf-without-max]: criterion '1' is a leaf and needs a 'max' (write "
        "'max: unknown' "
        "where the source does not give it)\n"
        "bad.yaml:12:11: error[duplicate-code]: duplicate code '1'; first defined at bad.yaml:8:5\n"
        "bad.yaml:14:5: error[unknown-key]: criterion '1': unknown key 'mx' (did you mean 'max'?)");
  try {
    (void)chiso::parse_criteria(header + "  - {code: \"1\", name: A, max: 0}\n", "f.yaml");
    FAIL("no throw");
  } catch (const chiso::input_error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].where.line == 8);
    CHECK(e.diagnostics()[0].where.column == 31);
    CHECK(e.diagnostics()[0].where.file_name() == "f.yaml");
  }
}

TEST_CASE("criteria: a partial node is reported as partial and checked on what is known") {
  const std::string partial_tree = header + R"(  - code: "3"
    name: Cải cách TTHC
    max: 14.5
    partial: {unlisted: full_marks, note: only the criteria below full marks are printed}
    children:
      - {code: "3.2.2", name: Công khai TTHC, max: 1.5}
      - {code: "3.4.1", name: Tỷ lệ đúng hạn, max: 1.5}
)";
  const auto tree = chiso::parse_criteria(partial_tree, "p.yaml");
  CHECK(tree.is_partial());
  REQUIRE(tree.at("3").partial);
  CHECK(tree.at("3").partial->unlisted == chiso::unlisted_policy::full_marks);
  CHECK(tree.at("3").partial->note == "only the criteria below full marks are printed");
  CHECK(tree.at("3").max == chiso::decimal::from_units(145, 1));

  CHECK(load_error(header + R"(  - code: "3"
    name: A
    max: 2
    partial: {unlisted: full_marks}
    children:
      - {code: "3.1", name: B, max: 1.5}
      - {code: "3.2", name: C, max: 1}
)") == "bad.yaml:10:10: error[partial-sum]: criterion '3' is partial but its listed children's max "
       "sum to "
       "2.5, more than its max 2");
  CHECK(load_error(header + R"(  - code: "3"
    name: A
    partial: {note: x}
    children:
      - {code: "3.1", name: B, max: 1.5}
)") == "bad.yaml:10:14: error[partial-unlisted]: criterion '3': partial: missing key 'unlisted' "
       "(full_marks, zero "
       "or unknown: what the criteria the source did not print scored)");
  CHECK(load_error(header + "  - {code: \"1\", name: A, max: 1, partial: {unlisted: zero}}\n") ==
        "bad.yaml:8:34: error[partial-leaf]: criterion '1' is a leaf: only a criterion with "
        "children can be "
        "partial");
}

TEST_CASE("criteria: 'max: unknown' makes the tree partial — a parent's max is then not derived") {
  const auto tree = chiso::parse_criteria(header + R"(  - code: "6"
    name: Tài chính công
    partial: {unlisted: full_marks}
    children:
      - {code: "6.1.1", name: Giải ngân, max: unknown}
      - {code: "6.1.3", name: Kiến nghị, max: 1}
)",
                                          "u.yaml");
  CHECK(tree.is_partial());
  CHECK(!tree.at("6.1.1").max);
  CHECK(!tree.at("6").max);
  CHECK(!tree.root().max);
}

TEST_CASE("criteria: minimums (PAPI dimensions span 1-10) are summed and checked") {
  const auto tree = chiso::parse_criteria(header + R"(  - code: "D1"
    name: Tham gia của người dân ở cơ sở
    children:
      - {code: "D1.1", name: Tri thức công dân, min: 0.25, max: 2.5}
      - {code: "D1.2", name: Cơ hội tham gia, min: 0.25, max: 2.5}
      - {code: "D1.3", name: Chất lượng bầu cử, min: 0.25, max: 2.5}
      - {code: "D1.4", name: Đóng góp tự nguyện, min: 0.25, max: 2.5}
)",
                                          "papi.yaml");
  CHECK(tree.at("D1").min == chiso::decimal(1));
  CHECK(tree.at("D1").max == chiso::decimal(10));
  CHECK(load_error(header + R"(  - code: "D1"
    name: A
    min: 2
    children:
      - {code: "D1.1", name: B, min: 0.25, max: 2.5}
)") == "bad.yaml:10:10: error[min-sum]: criterion 'D1': children's min sum to 0.25, not its min 2");
  CHECK(load_error(header + "  - {code: \"1\", name: A, min: 2, max: 1}\n") ==
        "bad.yaml:8:39: error[max-not-above-min]: criterion '1': max must be greater than its min "
        "2, not 1");
}

TEST_CASE("criteria: the shipped trees load") {
  const std::string dir = std::string(CHISO_SOURCE_DIR) + "/criteria/";
  const auto sipas = chiso::load_criteria(dir + "sipas-par-8.1.yaml");
  CHECK(!sipas.is_partial());
  CHECK(*sipas.root().max == chiso::decimal(10));
  const auto par = chiso::load_criteria(dir + "par-index-province-876-seed004.yaml");
  CHECK(par.is_partial());
  CHECK(par.info().legal_basis == "876/QĐ-BNV");
  CHECK(*par.root().max == chiso::decimal(100));
  CHECK(par.leaves().size() == 42);
  CHECK(!par.at("6.1.1").max);
  CHECK(*par.at("2.4").max == chiso::decimal(4));
  CHECK(*par.at("8.1").max == chiso::decimal(10));
}

TEST_CASE("criteria: a missing file is an input_error naming it") {
  CHECK_THROWS_WITH_AS((void)chiso::load_criteria("/nonexistent/x.yaml"),
                       "/nonexistent/x.yaml: error[cannot-open-file]: cannot open file",
                       chiso::input_error);
}
