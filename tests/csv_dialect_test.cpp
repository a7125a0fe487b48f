// Files as offices produce them: spreadsheet CSV dialects, legacy encodings and the two Unicode
// forms of one Vietnamese word. Both CSV paths (sheets and the direct matrix) must agree.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "chiso/bands.hpp"
#include "chiso/batch.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/rule.hpp"
#include "chiso/table.hpp"
#include "chiso/unit_set.hpp"

namespace {

const std::string dir = CHISO_SOURCE_DIR "/tests/data/csv-dialects/";

// "sở" (department) in its two forms: NFC is one code point U+1EDF for "ở"; NFD is o + U+031B
// (combining horn) + U+0309 (combining hook above), as macOS and some web forms write it.
const std::string so_nfc = "s\xE1\xBB\x9F";
const std::string so_nfd = "so\xCC\x9B\xCC\x89";

chiso::criterion_tree sipas() {
  return chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
}

chiso::csv_options options(chiso::csv_dialect dialect = {}) {
  chiso::csv_options o{2022, chiso::scoring_stage::final, chiso::missing_policy::error};
  o.dialect = dialect;
  return o;
}

chiso::csv_dialect dialect(const char* name) {
  const auto d = chiso::parse_csv_dialect(name);
  REQUIRE(d.has_value());
  return *d;
}

// The error both CSV paths report for `text`; they must agree.
std::string error_of(const std::string& text, const chiso::csv_options& o = options()) {
  const auto tree = sipas();
  std::string from_sheets, direct;
  try {
    (void)chiso::parse_units_csv(text, "f.csv", tree, o);
  } catch (const chiso::input_error& e) {
    from_sheets = e.what();
  }
  try {
    (void)chiso::parse_unit_matrix_csv(text, "f.csv", tree, o);
  } catch (const chiso::input_error& e) {
    direct = e.what();
  }
  CHECK(direct == from_sheets);
  return from_sheets;
}

std::string file_error(const std::string& name) {
  const auto tree = sipas();
  std::string from_sheets, direct;
  try {
    (void)chiso::load_units_csv(dir + name, tree, options());
  } catch (const chiso::input_error& e) {
    from_sheets = e.what();
  }
  try {
    (void)chiso::load_unit_matrix_csv(dir + name, tree, options());
  } catch (const chiso::input_error& e) {
    direct = e.what();
  }
  CHECK(direct == from_sheets);
  return from_sheets;
}

std::string code_of(const std::string& text, const chiso::csv_options& o = options()) {
  try {
    (void)chiso::parse_units_csv(text, "f.csv", sipas(), o);
  } catch (const chiso::input_error& e) {
    return e.diagnostics().front().code;
  }
  return {};
}

}  // namespace

TEST_CASE("CSV dialect names") {
  CHECK(dialect("auto").separator == chiso::csv_separator::automatic);
  CHECK(dialect("semicolon").separator == chiso::csv_separator::semicolon);
  CHECK(dialect("semicolon").decimal == chiso::csv_decimal::comma);
  CHECK(dialect("semicolon-decimal-point").decimal == chiso::csv_decimal::point);
  CHECK(dialect("tab").decimal == chiso::csv_decimal::point);
  CHECK(dialect("tab-decimal-comma").decimal == chiso::csv_decimal::comma);
  CHECK(dialect("comma").decimal == chiso::csv_decimal::point);
  CHECK_FALSE(chiso::parse_csv_dialect("excel").has_value());
}

TEST_CASE(
    "an Excel export in a Vietnamese locale: semicolon, decimal commas, BOM, TRUE/FALSE, x-, "
    "blank row, trailing columns, no-break spaces") {
  const auto tree = sipas();
  const auto set = chiso::load_units_csv(dir + "excel-vn-semicolon.csv", tree, options());
  REQUIRE(set.sheets.size() == 4);
  const auto& tu_phap = set.sheets[0];
  CHECK(tu_phap.unit.id == "so-tu-phap");
  CHECK(tu_phap.unit.name == "Sở Tư pháp");  // the no-break space before it is trimmed
  CHECK(tu_phap.unit.group == so_nfc);
  REQUIRE(tu_phap.points.size() == 5);
  CHECK(tu_phap.points[0].points == *chiso::decimal::parse("1.5"));  // "1,5"
  CHECK(tu_phap.points[2].points == *chiso::decimal::parse("2.5"));  // "2,5"
  CHECK(set.sheets[1].points[2].points == *chiso::decimal::parse("2.25"));
  CHECK(set.sheets[2].unit.id == "huyen-phong-dien");
  CHECK(set.sheets[2].unit.ranked == false);  // FALSE
  CHECK(set.sheets[2].not_applicable.size() == 1);
  CHECK(set.sheets[3].unit.ranked == true);  // TRUE
  CHECK(set.notes == std::vector<std::string>{
                         "CSV dialect: ';' separator, decimal comma (detected from the header "
                         "line; choose it with --csv-dialect)",
                         "ignored 2 empty columns at the end of the header (trailing separators, "
                         "as spreadsheets write)",
                         "ignored column 'x-ghi chú' (line 1, column 55): columns named 'x-…' are "
                         "the user's own",
                         "skipped 1 blank row (only separators), the first on line 4",
                         "removed no-break spaces (U+00A0) around 2 cells, the first 'name' on "
                         "line 1, column 6"});
  // The direct matrix path reads the same units, cells and notes.
  const auto direct = chiso::load_unit_matrix_csv(dir + "excel-vn-semicolon.csv", tree, options());
  const auto via = chiso::unit_matrix::from_sheets(tree, set.sheets);
  REQUIRE(direct.unit_count() == 4);
  CHECK(direct.cells() == via.cells());
  for (std::size_t u = 0; u < 4; ++u) {
    CHECK(direct.units()[u].name == via.units()[u].name);
    CHECK(direct.units()[u].group == via.units()[u].group);
    CHECK(direct.units()[u].ranked == via.units()[u].ranked);
    for (std::size_t c = 0; c < 5; ++c) CHECK(direct.state(u, c) == via.state(u, c));
  }
  CHECK(direct.notes() == set.notes);
  // Said explicitly, the dialect is noted without "detected".
  const auto told =
      chiso::load_units_csv(dir + "excel-vn-semicolon.csv", tree, options(dialect("semicolon")));
  CHECK(told.notes.front() == "CSV dialect: ';' separator, decimal comma");
}

TEST_CASE("a header in another separator than the dialect's names the separator and the fix") {
  const std::string text = "unit;8.1.1;8.1.2;8.1.3;8.1.4;8.1.5\nso-a;1,5;1;2;2;1\n";
  CHECK(error_of(text, options(dialect("comma"))) ==
        "f.csv:1:1: error[csv-separator]: the header uses ';' as separator, not ',': read the "
        "file with --csv-dialect semicolon (or auto, which detects it)");
  CHECK(error_of("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n", options(dialect("semicolon"))) ==
        "f.csv:1:1: error[csv-separator]: the header uses ',' as separator, not ';': read the "
        "file with --csv-dialect comma (or auto, which detects it)");
}

TEST_CASE("a decimal mark is read only in the dialect that has it") {
  // ',' separators: "1,5" (quoted) is refused, not read as 1.5 or 15.
  CHECK(error_of("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\nso-a,\"1,5\",1,2,2,1\n") ==
        "f.csv:2:6: error[csv-decimal-mark]: unit 'so-a', criterion '8.1.1': '1,5' has a decimal "
        "comma, but this file (',' separator, decimal point) writes decimals with a point: "
        "write 1.5");
  // ';' with decimal commas (detected): "1.5" is refused, since '.' groups thousands there.
  CHECK(error_of("unit;8.1.1;8.1.2;8.1.3;8.1.4;8.1.5\nso-a;1.5;1;2;2;1\n") ==
        "f.csv:2:6: error[csv-decimal-mark]: unit 'so-a', criterion '8.1.1': '1.5' has a decimal "
        "point, but this file (';' separator, decimal comma, detected from the header) writes "
        "decimals with a comma: write 1,5, or read the file with --csv-dialect "
        "semicolon-decimal-point");
  CHECK(error_of("unit;8.1.1;8.1.2;8.1.3;8.1.4;8.1.5\nso-a;1.500;1;2;2;1\n") ==
        "f.csv:2:6: error[csv-decimal-mark]: unit 'so-a', criterion '8.1.1': '1.500' has a "
        "decimal point, but this file (';' separator, decimal comma, detected from the header) "
        "writes decimals with a comma: write 1,500 (or 1500 if the '.' groups thousands), or "
        "read the file with --csv-dialect semicolon-decimal-point");
  // ... and read as 1.5 when the dialect says decimal point.
  const auto tree = sipas();
  const auto set =
      chiso::parse_units_csv("unit;8.1.1;8.1.2;8.1.3;8.1.4;8.1.5\nso-a;1.5;1;2;2;1\n", "f.csv",
                             tree, options(dialect("semicolon-decimal-point")));
  CHECK(set.sheets[0].points[0].points == *chiso::decimal::parse("1.5"));
  CHECK(error_of("unit;8.1.1;8.1.2;8.1.3;8.1.4;8.1.5\nso-a;1,5;1;2;2;1\n",
                 options(dialect("semicolon-decimal-point"))) ==
        "f.csv:2:6: error[csv-decimal-mark]: unit 'so-a', criterion '8.1.1': '1,5' has a decimal "
        "comma, but this file (';' separator, decimal point) writes decimals with a point: write "
        "1.5, or read the file with --csv-dialect semicolon");
  CHECK(code_of("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\nso-a,abc,1,2,2,1\n") == "csv-not-a-number");
}

TEST_CASE("tab-separated files are detected, with decimal points unless told otherwise") {
  const auto tree = sipas();
  const std::string text = "unit\t8.1.1\t8.1.2\t8.1.3\t8.1.4\t8.1.5\nso-a\t1.5\t1\t2\t2\t1\n";
  const auto set = chiso::parse_units_csv(text, "f.csv", tree, options());
  CHECK(set.sheets[0].points[0].points == *chiso::decimal::parse("1.5"));
  CHECK(set.notes == std::vector<std::string>{"CSV dialect: tab separator, decimal point "
                                              "(detected from the header line; choose it with "
                                              "--csv-dialect)"});
  const std::string comma = "unit\t8.1.1\t8.1.2\t8.1.3\t8.1.4\t8.1.5\nso-a\t1,5\t1\t2\t2\t1\n";
  CHECK(chiso::parse_units_csv(comma, "f.csv", tree, options(dialect("tab-decimal-comma")))
            .sheets[0]
            .points[0]
            .points == *chiso::decimal::parse("1.5"));
  CHECK(code_of(comma) == "csv-decimal-mark");
}

TEST_CASE("blank rows, trailing empty columns and x- columns: accepted and noted, not guessed") {
  const auto tree = sipas();
  const std::string text =
      "unit,x-note,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5,,\n"
      ",,,,,,,,\n"
      "so-a,checked,1,1,2,2,1,,\n"
      "so-b,,1,1,2,2,1\n"  // without the trailing separators
      " , ,,,,,,\n";
  const auto set = chiso::parse_units_csv(text, "f.csv", tree, options());
  CHECK(set.sheets.size() == 2);
  CHECK(set.notes ==
        std::vector<std::string>{
            "ignored 2 empty columns at the end of the header (trailing separators, as "
            "spreadsheets write)",
            "ignored column 'x-note' (line 1, column 6): columns named 'x-…' are the user's own",
            "skipped 2 blank rows (only separators), the first on line 2"});
  CHECK(chiso::parse_unit_matrix_csv(text, "f.csv", tree, options()).notes() == set.notes);
  // Text under an empty column name is data nobody named: refused.
  CHECK(error_of("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5,\nso-a,1,1,2,2,1,7\n") ==
        "f.csv:2:16: error[csv-unnamed-column]: '7' in column 7, which has no name in the header "
        "(name it, or 'x-…' to have it ignored)");
  CHECK(error_of("unit,,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n") ==
        "f.csv:1:6: error[csv-header-empty-column]: header: empty column name (name it, or "
        "'x-…' to have it ignored)");
  CHECK(code_of("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\nso-a,1,1\n") == "csv-row-width");
  // A row wider than the header (no empty header column to be under) is csv-row-width too, as a
  // short one is: csv-unnamed-column is for text under an unnamed header column only.
  CHECK(error_of("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\nso-a,1,1,2,2,1,7\n") ==
        "f.csv:2:16: error[csv-row-width]: row has 7 fields, the header has 6");
  CHECK(error_of("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5,\nso-a,1,1,2,2,1,,7\n") ==
        "f.csv:2:17: error[csv-row-width]: row has 8 fields, the header has 6");
  CHECK(error_of("unit,code,points\nso-a,8.1.1,1,2\n") ==
        "f.csv:2:14: error[csv-row-width]: row has 4 fields, the header has 3");
}

TEST_CASE("ranked: TRUE/FALSE as Excel writes them — anything else is an error") {
  const auto tree = sipas();
  const auto set = chiso::parse_units_csv(
      "unit,ranked,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\na,TRUE,1,1,2,2,1\nb,False,1,1,2,2,1\n", "f.csv",
      tree, options());
  CHECK(set.sheets[0].unit.ranked);
  CHECK_FALSE(set.sheets[1].unit.ranked);
  CHECK(error_of("unit,ranked,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\na,yes,1,1,2,2,1\n") ==
        "f.csv:2:3: error[csv-ranked]: unit 'a': ranked must be true or false, not 'yes'");
}

TEST_CASE("encodings: UTF-8 with or without BOM is read — UTF-16 and Windows-1258 are refused") {
  CHECK(file_error("cp1258.csv") ==
        dir +
            "cp1258.csv:2:13: error[csv-not-utf8]: line 2 is not UTF-8 (byte 0xF5 at column 13): "
            "the file is in a legacy code page (Windows-1258, TCVN3/ABC or VNI, as old Excel and "
            "Vietnamese Windows write), which chiso does not guess: in Excel, save it as 'CSV "
            "UTF-8 (Comma delimited)', or convert it with `iconv -f CP1258 -t UTF-8`");
  CHECK(file_error("utf16le-bom.csv") ==
        dir +
            "utf16le-bom.csv:1:1: error[csv-utf16]: the file is UTF-16 (little-endian, with a "
            "byte-order mark), not UTF-8: in Excel, save it as 'CSV UTF-8 (Comma delimited)', or "
            "convert it with `iconv -f UTF-16 -t UTF-8`");
  // Without a byte-order mark, UTF-16 shows as NUL bytes between ASCII letters.
  const std::string no_bom("u\0n\0i\0t\0", 8);
  CHECK(error_of(no_bom).find("error[csv-utf16]: the file is UTF-16 (little-endian, without a "
                              "byte-order mark)") != std::string::npos);
  CHECK(code_of(std::string("unit,8.1.1\nab\0c,1\n", 18)) == "csv-not-utf8");
  // Truncated, overlong and surrogate sequences are not UTF-8 either.
  for (const char* bad : {"\xE1\xBB", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    CAPTURE(bad);
    CHECK(code_of(std::string("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n") + bad + ",1,1,2,2,1\n") ==
          "csv-not-utf8");
  }
  const auto tree = sipas();
  CHECK(chiso::parse_units_csv("\xEF\xBB\xBFunit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\na,1,1,2,2,1\n",
                               "f.csv", tree, options())
            .sheets.size() == 1);
}

TEST_CASE("Unicode: ids, groups and codes compare in NFC — two forms of one id are refused") {
  const auto tree = sipas();
  // One group, written in both forms, is one group (in NFC).
  const auto set = chiso::parse_units_csv("unit,group,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\na," + so_nfd +
                                              ",1,1,2,2,1\nb," + so_nfc + ",1,1,2,2,1\n",
                                          "f.csv", tree, options());
  CHECK(set.sheets[0].unit.group == so_nfc);
  CHECK(set.sheets[1].unit.group == so_nfc);
  CHECK(file_error("nfd-twice.csv") ==
        dir + "nfd-twice.csv:3:1: error[csv-duplicate-unit]: unit '" + so_nfc +
            "' has a second row (first on line 2): '" + so_nfd + "' (NFD) and '" + so_nfc +
            "' (NFC) differ only in Unicode normalisation\n" + dir +
            "nfd-twice.csv:4:9: error[csv-nbsp]: group 'UBND\xC2\xA0huyện' contains U+00A0 "
            "(no-break space), which prints as a space but is not one: replace it with a normal "
            "space");
  // Year over year: last year's ids in NFD are this year's ids.
  const auto previous = chiso::load_units_csv(dir + "2022-nfd.csv", tree, options());
  const auto current = chiso::load_units_csv(dir + "2023-nfc.csv", tree, options());
  REQUIRE(previous.sheets.size() == 2);
  CHECK(previous.sheets[0].unit.id == current.sheets[0].unit.id);
  CHECK(previous.sheets[1].unit.group == current.sheets[1].unit.group);
  // Header codes too: a column in NFD finds an NFC criterion (here through a duplicate).
  CHECK(error_of("unit,group,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5," + so_nfd + "," + so_nfc + "\n")
            .find("column '" + so_nfc + "' appears twice: '" + so_nfd + "' (NFD) and '" + so_nfc +
                  "' (NFC) differ only in Unicode normalisation") != std::string::npos);
}

TEST_CASE("Unicode: YAML keys and answers compare in NFC — YAML must be UTF-8") {
  // A band table keyed by the NFD group finds the NFC group of the CSVs.
  const auto scheme = chiso::load_bands(dir + "bands-nfd.yaml");
  CHECK(scheme.for_group(so_nfc) != nullptr);
  // A levels rule whose answer is given in NFD ("Hoàn thành", à = a + U+0300).
  const auto tree = chiso::parse_criteria(
      "kind: chiso/criteria\nformat_version: 1\nindex:\n  id: t\n  name: T\n  decimals: 4\n"
      "criteria:\n  - code: \"1\"\n    name: D\n    children:\n      - code: \"1.1\"\n"
      "        name: L\n        method: official_data\n        max: 1\n        rule:\n"
      "          kind: levels\n          inputs: {answer: lgsp}\n          levels:\n"
      "            Chưa: 0\n            Ho\xC3\xA0n th\xC3\xA0nh: 1\n",
      "rules.yaml");
  const std::string hoan_thanh_nfd = "Hoa\xCC\x80n tha\xCC\x80nh";
  CHECK(chiso::apply_rule(tree.at("1.1"), {{"lgsp", hoan_thanh_nfd, {}}}).points ==
        chiso::decimal(1));
  // The levels written in NFD in the YAML, the answer in NFC.
  const auto nfd_tree = chiso::parse_criteria(
      "kind: chiso/criteria\nformat_version: 1\nindex:\n  id: t\n  name: T\n  decimals: 4\n"
      "criteria:\n  - code: \"1\"\n    name: D\n    children:\n      - code: \"1.1\"\n"
      "        name: L\n        method: official_data\n        max: 1\n        rule:\n"
      "          kind: levels\n          inputs: {answer: lgsp}\n          levels:\n"
      "            Chưa: 0\n            " +
          hoan_thanh_nfd + ": 1\n",
      "rules.yaml");
  CHECK(chiso::apply_rule(nfd_tree.at("1.1"), {{"lgsp", "Ho\xC3\xA0n th\xC3\xA0nh", {}}}).points ==
        chiso::decimal(1));
  // Not UTF-8: refused at the line, with the fix.
  try {
    (void)chiso::parse_bands("kind: chiso/bands\nformat_version: 1\nid: t\nname: S\xF4 N\n",
                             "b.yaml");
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(e.diagnostics().front().code == "yaml-not-utf8");
    CHECK(e.diagnostics().front().where.line == 4);
  }
  try {
    (void)chiso::parse_bands("\xFF\xFEk\0", "b.yaml");
    FAIL("no error");
  } catch (const chiso::input_error& e) {
    CHECK(e.diagnostics().front().code == "yaml-utf16");
  }
}

TEST_CASE("JSON output is valid UTF-8 with control characters escaped, whatever a table holds") {
  chiso::table t;
  t.title = "S\xF4 N";  // a Windows-1258 byte that reached a table built by hand
  t.columns = {{"unit", "Unit", false}};
  t.rows = {
      {std::string("a\x01"
                   "b\xE1\xBB")}};
  std::ostringstream out;
  chiso::write_table(out, t, chiso::output_format::json);
  CHECK(out.str() ==
        "{\n  \"title\": \"S\xEF\xBF\xBD N\",\n  \"columns\": [\"unit\"],\n  \"rows\": [\n    "
        "{\"unit\": \"a\\u0001b\xEF\xBF\xBD\xEF\xBF\xBD\"}\n  ],\n  \"notes\": []\n}\n");
}

TEST_CASE("line ends: LF, CRLF and a last CR are read — CR alone (old Mac) is refused at the CR") {
  const auto tree = sipas();
  for (const char* end : {"\n", "\r\n"}) {
    CAPTURE(end);
    const auto text = std::string("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5") + end + "a,1,1,2,2,1" +
                      end + "b,1,1,2,2,2" + end;
    CHECK(chiso::parse_units_csv(text, "f.csv", tree, options()).sheets.size() == 2);
    CHECK(chiso::parse_unit_matrix_csv(text, "f.csv", tree, options()).unit_count() == 2);
  }
  // One row and nothing after it but a CR: not a Mac file, the row is read.
  CHECK(code_of("unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\r") == "csv-no-units");
  const std::string mac = "unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\ra,1,1,2,2,1\r";
  CHECK(error_of(mac) ==
        "f.csv:1:35: error[csv-cr-line-endings]: lines end with a carriage return alone (old Mac "
        "line endings, as Excel's 'CSV (Macintosh)' writes), so the file reads as a single line: "
        "in Excel, save it as 'CSV UTF-8 (Comma delimited)', or convert it with `tr '\\r' '\\n'`");
  // The rank path's reader refuses it the same way.
  CHECK_THROWS_WITH_AS(chiso::parse_unit_matrix_csv(mac, "f.csv", tree, options()),
                       doctest::Contains("error[csv-cr-line-endings]"), chiso::input_error);
}
