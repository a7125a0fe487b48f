// Criterion trees from a decision's annex table (tests/data/import-tree/README.md).
#include <doctest/doctest.h>

#include <string>

#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/tree_import.hpp"

namespace {

const std::string data = std::string(CHISO_TEST_DATA) + "/import-tree/";

chiso::decimal dec(const char* s) {
  return *chiso::decimal::parse(s);
}

std::vector<std::string> codes_of(const chiso::input_error& e) {
  std::vector<std::string> out;
  for (const auto& d : e.diagnostics()) out.push_back(d.code);
  return out;
}

}  // namespace

TEST_CASE("import-tree: seed 004's Phụ lục I table round-trips into a tree that loads") {
  chiso::tree_import_options o;
  o.id = "can-tho-2022-phu-luc-i";
  o.name = "Chỉ số CCHC cấp tỉnh (Phụ lục I, KH 121/KH-UBND Cần Thơ)";
  o.legal_basis = "876/QĐ-BNV";
  o.level = "tinh";
  o.years = {2022};
  const auto imported = chiso::import_tree_file(data + "can-tho-2022-phu-luc-i.csv", o);
  CHECK(imported.criteria == 17);
  CHECK(imported.warnings.empty());
  const auto tree = chiso::parse_criteria(imported.yaml, "tree.yaml");
  CHECK(tree.info().id == "can-tho-2022-phu-luc-i");
  CHECK(tree.info().legal_basis == "876/QĐ-BNV");
  REQUIRE(tree.children(0).size() == 3);
  // The hierarchy from the codes: 2.4.1 under 2.4 under 2; 3.2.2 directly under 3 (3.2 is not
  // printed in the seed).
  const auto& c241 = tree.at("2.4.1");
  CHECK(tree[c241.parent].code == "2.4");
  CHECK(tree[tree.at("3.2.2").parent].code == "3");
  // Maxima as printed, decimal comma read exactly; lĩnh vực maxima derived from the children.
  CHECK(*tree.at("2.4").max == dec("4"));
  CHECK(*tree.at("3.2.2").max == dec("1.5"));
  CHECK(*tree.at("3").max == dec("5.5"));  // 1,5 + 1,5 + 1,5 + 1
  CHECK(*tree.at("4").max == dec("5"));
  CHECK(*tree.root().max == dec("14.5"));
  // Methods: stated or inherited (2.4's survey reaches 2.4.1–2.4.4).
  CHECK(c241.method == chiso::measurement::survey);
  CHECK(tree.at("3.4.1").method == chiso::measurement::official_data);
  CHECK(tree.at("3.2.2").method == chiso::measurement::self_assessed);
  CHECK(tree.at("2.4").lead_agency == "Sở Tư pháp");
  CHECK(tree.at("2.4.1").name ==
        "Tính đồng bộ, thống nhất của hệ thống VBQPPL thuộc phạm vi quản lý nhà nước của tỉnh");
  // Sources are left for the user, each pointing at the row it came from.
  CHECK(imported.yaml.find("source: \"\"  # fill in: where the decision prints it (imported from " +
                           data + "can-tho-2022-phu-luc-i.csv:4:1)") != std::string::npos);
  CHECK(tree.at("2.4.1").source.empty());
}

TEST_CASE("import-tree: semicolon, decimal comma, BOM and CRLF give the same tree") {
  chiso::tree_import_options o;
  o.id = "t";
  o.name = "T";
  const auto comma = chiso::import_tree_file(data + "can-tho-2022-phu-luc-i.csv", o);
  const auto semicolon = chiso::import_tree_file(data + "can-tho-2022-phu-luc-i-semicolon.csv", o);
  const auto a = chiso::parse_criteria(comma.yaml, "a.yaml");
  const auto b = chiso::parse_criteria(semicolon.yaml, "b.yaml");
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 1; i < a.size(); ++i) {
    CAPTURE(a[i].code);
    CHECK(a[i].code == b[i].code);
    CHECK(a[i].name == b[i].name);
    CHECK(a[i].max == b[i].max);
    CHECK(a[i].method == b[i].method);
    CHECK(a[i].parent == b[i].parent);
  }
}

TEST_CASE("import-tree: Roman-numeral lĩnh vực, a total row and ignored columns") {
  chiso::tree_import_options o;
  o.id = "r";
  o.name = "R";
  const auto imported = chiso::import_tree_file(data + "constructed-roman.csv", o);
  const auto tree = chiso::parse_criteria(imported.yaml, "r.yaml");
  REQUIRE(tree.children(0).size() == 2);
  CHECK(tree[tree.children(0)[0]].code == "I");
  CHECK(tree[tree.at("I.1.2").parent].code == "I.1");
  CHECK(tree[tree.at("II.3").parent].code == "II");
  CHECK(*tree.root().max == dec("20"));
  CHECK(tree.at("II.3").method == chiso::measurement::survey);
  REQUIRE(imported.warnings.size() == 1);
  CHECK(imported.warnings[0].code == "import-tree-column-ignored");
  CHECK(imported.warnings[0].where.to_string() == data + "constructed-roman.csv:1:37");
  CHECK(imported.yaml.find("# " + data +
                           "constructed-roman.csv:1:37: warning[import-tree-column-"
                           "ignored]: column 'Đơn vị thực hiện' is not one "
                           "import-tree reads; ignored") != std::string::npos);
}

TEST_CASE("import-tree: a total in the STT column, and codes already under their Roman numeral") {
  const std::string text =
      "STT;Nội dung;Điểm tối đa;Phương pháp\n"
      "I;Lĩnh vực một;3;Tự đánh giá\n"
      "1;Tiêu chí;1;\n"
      "I.2;Tiêu chí hai;2;\n"
      "Tổng cộng;;3;\n";
  const auto tree = chiso::parse_criteria(chiso::import_tree_csv(text, "t.csv", {}).yaml, "t");
  CHECK(tree[tree.at("I.1").parent].code == "I");
  CHECK(tree[tree.at("I.2").parent].code == "I");
  CHECK(*tree.root().max == dec("3"));
}

TEST_CASE("import-tree: maxima that do not add up are located — --partial keeps an excerpt") {
  chiso::tree_import_options o;
  const auto file = data + "constructed-sums.csv";
  try {
    (void)chiso::import_tree_file(file, o);
    FAIL("a table whose sums disagree was imported");
  } catch (const chiso::input_error& e) {
    CHECK(std::string(e.what()) ==
          file +
              ":4:14: error[import-tree-sum]: criterion '2': children's maxima add up to 11, more "
              "than its max 10: 2.1 (6) + 2.2 (5)");
  }
  const std::string less =
      "STT;Ten tieu chi;Diem toi da;Phuong phap danh gia\n"
      "1;Linh vuc;5;tu danh gia\n"
      "1.1;a;1,5;\n"
      "1.2;b;2;\n";
  try {
    (void)chiso::import_tree_csv(less, "less.csv", o);
    FAIL("children summing to less than the parent were accepted");
  } catch (const chiso::input_error& e) {
    CHECK(std::string(e.what()) ==
          "less.csv:2:12: error[import-tree-sum]: criterion '1': children's maxima add up to "
          "3.5, not its max 5: 1.1 (1.5) + 1.2 (2) (--partial writes it as a partial node when "
          "the table is an excerpt)");
  }
  o.allow_partial = true;
  const auto imported = chiso::import_tree_csv(less, "less.csv", o);
  REQUIRE(imported.warnings.size() == 1);
  CHECK(imported.warnings[0].code == "import-tree-partial");
  const auto tree = chiso::parse_criteria(imported.yaml, "less.yaml");
  CHECK(tree.is_partial());
  CHECK(*tree.at("1").max == dec("5"));
}

TEST_CASE("import-tree: a group column names the lĩnh vực its rows belong to") {
  const std::string text =
      "Code,Name,Max points,Method,Group\n"
      "1.1,Plan adopted on time,2,self-assessed,Direction\n"
      "1.2,Plan carried out,1.5,self-assessed,Direction\n"
      "2.1,Procedures published,6,survey,Procedures\n";
  const auto imported = chiso::import_tree_csv(text, "g.csv", {});
  const auto tree = chiso::parse_criteria(imported.yaml, "g.yaml");
  CHECK(tree.at("1").name == "Direction");
  CHECK(*tree.at("1").max == dec("3.5"));
  CHECK(tree.at("2").name == "Procedures");
  CHECK(tree.info().id == "g");
}

TEST_CASE("import-tree: every problem of a table at once, each with its code") {
  const std::string text =
      "STT,Tên tiêu chí,Điểm tối đa,Phương pháp\n"
      "1,A,2;x,tự đánh giá\n"
      "1.1,B,abc,tự đánh giá\n"
      "1..2,C,1,tự đánh giá\n"
      ",D,1,tự đánh giá\n"
      "2,E,1,hỏi ý kiến\n"
      "3,F,1,\n"
      "3,G,1,tự đánh giá\n";
  try {
    (void)chiso::import_tree_csv(text, "bad.csv", {});
    FAIL("a bad table was imported");
  } catch (const chiso::input_error& e) {
    CHECK(codes_of(e) == std::vector<std::string>{"import-tree-max", "import-tree-max",
                                                  "import-tree-code", "import-tree-code",
                                                  "import-tree-method",
                                                  "import-tree-duplicate-code"});
    CHECK(std::string(e.what()).find("bad.csv:3:7: error[import-tree-max]: criterion '1.1': "
                                     "maximum 'abc' is not a positive decimal number") !=
          std::string::npos);
  }
  CHECK_THROWS_WITH_AS((void)chiso::import_tree_csv("STT,Ten\n1,a\n", "h.csv", {}),
                       "h.csv:1:1: error[import-tree-header]: the header has no maximum column "
                       "(Điểm tối đa, Điểm chuẩn)",
                       chiso::input_error);
  CHECK_THROWS_WITH_AS((void)chiso::import_tree_csv("STT,Ten,Diem\n1,a,1\n", "m.csv", {}),
                       "m.csv:2:1: error[import-tree-method]: criterion '1' has no method and "
                       "inherits none: fill in its method column (tự đánh giá, điều tra xã hội "
                       "học…) or give a default (--method)",
                       chiso::input_error);
  CHECK_THROWS_WITH_AS(
      (void)chiso::import_tree_csv("STT,Ten,Diem\n1,\"a\"x,1\n", "q.csv", {}),
      "q.csv:2:6: error[csv-text-after-quote]: unexpected text after a quoted field",
      chiso::input_error);
  CHECK_THROWS_WITH_AS((void)chiso::import_tree_csv("STT,Ten,Diem\n1,\"Ten,1\n", "u.csv", {}),
                       "u.csv:2:3: error[csv-unterminated-quote]: unterminated quoted field",
                       chiso::input_error);
  // Headers typed in decomposed Unicode (NFD, as macOS and some PDF exports write them):
  // "Điểm tối đa" with combining marks U+0302, U+0309, U+0301.
  const auto nfd = chiso::import_tree_csv(
      "STT,T\xC3\xAAn ti\xC3\xAAu ch\xC3\xAD,\xC4\x90ie\xCC\x82\xCC\x89m to\xCC\x82\xCC\x81i "
      "\xC4\x91"
      "a,Phuong phap\n1,a,\"2,5\",\xC4\x91ie\xCC\x82\xCC\x80u tra xa\xCC\x83 ho\xCC\x82\xCC\xA3i ho"
      "\xCC\xA3"
      "c\n",
      "nfd.csv", {});
  const auto nfd_tree = chiso::parse_criteria(nfd.yaml, "nfd.yaml");
  CHECK(*nfd_tree.at("1").max == dec("2.5"));
  CHECK(nfd_tree.at("1").method == chiso::measurement::survey);

  chiso::tree_import_options o;
  o.default_method = chiso::measurement::self_assessed;
  const auto tree =
      chiso::parse_criteria(chiso::import_tree_csv("STT,Ten,Diem\n1,a,1\n", "m.csv", o).yaml, "m");
  CHECK(tree.at("1").method == chiso::measurement::self_assessed);
}

TEST_CASE("import-tree: a tab-separated table (Excel's Text (Tab delimited)) with decimal commas") {
  // Header `STT<TAB>Tên tiêu chí<TAB>Điểm tối đa<TAB>Phương pháp`, maxima 1,5 and 2,5 under 4.
  const auto file = data + "constructed-roman-tab.csv";
  const auto guessed = chiso::import_tree_file(file, {});
  CHECK(guessed.warnings.empty());
  const auto tree = chiso::parse_criteria(guessed.yaml, "t.yaml");
  CHECK(*tree.at("I.1.1").max == dec("1.5"));
  CHECK(*tree.at("I.1.2").max == dec("2.5"));
  CHECK(tree.at("I.1.2").name == "Mức độ thực hiện kế hoạch");
  CHECK(*tree.root().max == dec("20"));
  chiso::tree_import_options o;
  o.separator = '\t';
  CHECK(chiso::import_tree_file(file, o).yaml == guessed.yaml);
  // Read with a comma, the header is one column: no code, name or maximum column.
  o.separator = ',';
  try {
    (void)chiso::import_tree_file(file, o);
    FAIL("a tab table read with ',' has no columns");
  } catch (const chiso::input_error& e) {
    CHECK(codes_of(e) == std::vector<std::string>{"import-tree-header", "import-tree-header",
                                                  "import-tree-header"});
  }
  o.separator = '|';
  CHECK_THROWS_AS((void)chiso::import_tree_file(file, o), chiso::input_error);
}

TEST_CASE("import-tree: NFD text (typed on a Mac, copied from a PDF) is written as NFC") {
  // constructed-roman-nfd.csv is constructed-roman.csv decomposed (Python unicodedata 'NFD').
  chiso::tree_import_options o;
  o.id = "r";
  o.name = "R";
  o.legal_basis = "Quye\xCC\x82\xCC\x81t \xC4\x91i\xCC\xA3nh";  // "Quyết định" in NFD
  const auto nfd = chiso::import_tree_file(data + "constructed-roman-nfd.csv", o);
  const auto tree = chiso::parse_criteria(nfd.yaml, "nfd.yaml");
  CHECK(tree.at("I").name == "Công tác chỉ đạo điều hành");
  CHECK(tree.at("II.3").name == "Công khai thủ tục hành chính");
  CHECK(tree.info().legal_basis == "Quyết định");
  CHECK(tree.at("II.3").method == chiso::measurement::survey);
  // No combining mark (U+0300–U+036F: UTF-8 CC 80–CD AF) anywhere in the file written.
  for (std::size_t i = 0; i + 1 < nfd.yaml.size(); ++i) {
    const auto lead = static_cast<unsigned char>(nfd.yaml[i]);
    const auto next = static_cast<unsigned char>(nfd.yaml[i + 1]);
    const bool mark = (lead == 0xCC && next >= 0x80 && next <= 0xBF) ||
                      (lead == 0xCD && next >= 0x80 && next <= 0xAF);
    CAPTURE(i);
    CHECK_FALSE(mark);
  }
  const auto nfc = chiso::import_tree_file(data + "constructed-roman.csv", o);
  const auto a = chiso::parse_criteria(nfc.yaml, "nfc.yaml");
  REQUIRE(a.size() == tree.size());
  for (std::size_t i = 1; i < a.size(); ++i) CHECK(a[i].name == tree[i].name);
}

// The level ids `chiso list --level` finds trees by; any other spelling is refused with the id
// it means, whatever the form it is typed in.
TEST_CASE("import-tree: the level is an id, and level_id reads the other spellings") {
  CHECK(chiso::level_id("tinh") == "tinh");
  CHECK(chiso::level_id("Tỉnh") == "tinh");
  CHECK(chiso::level_id("ti\xcc\x89nh") == "tinh");  // NFD: i + U+0309 combining hook above
  CHECK(chiso::level_id("HUYỆN") == "huyen");        // capitals keep their marks in NFC
  CHECK(chiso::level_id("xã") == "xa");
  CHECK(chiso::level_id("Sở") == "so");
  CHECK(chiso::level_id("ministry") == "bo");
  CHECK(chiso::level_id("District") == "huyen");
  CHECK_FALSE(chiso::level_id("vung"));
  CHECK_FALSE(chiso::level_id(""));
  const std::string table = "STT,Tên tiêu chí,Điểm tối đa\n1,A,10\n";
  chiso::tree_import_options o;
  o.default_method = chiso::measurement::appraised;
  o.level = "so";
  CHECK(chiso::import_tree_csv(table, "t.csv", o).yaml.find("  level: \"so\"\n") !=
        std::string::npos);
  o.level = "Sở";
  CHECK_THROWS_WITH_AS(
      (void)chiso::import_tree_csv(table, "t.csv", o),
      "tree_import_options::level 'Sở' is not a level id (tinh, bo, so, huyen or xa); did you "
      "mean 'so'?",
      chiso::usage_error);
  o.level = "vung";
  CHECK_THROWS_AS((void)chiso::import_tree_csv(table, "t.csv", o), chiso::usage_error);
}
