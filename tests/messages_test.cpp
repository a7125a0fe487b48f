#include "chiso/messages.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "chiso/criteria_loader.hpp"
#include "chiso/report.hpp"
#include "chiso/sheet.hpp"

TEST_CASE("language: --lang takes vi or en, in any case") {
  CHECK(chiso::parse_language("vi") == chiso::language::vi);
  CHECK(chiso::parse_language("en") == chiso::language::en);
  CHECK(chiso::parse_language("EN") == chiso::language::en);
  CHECK(chiso::parse_language("Vi") == chiso::language::vi);
  CHECK_FALSE(chiso::parse_language("fr"));
  CHECK_FALSE(chiso::parse_language("eng"));
  CHECK_FALSE(chiso::parse_language(""));
  CHECK(chiso::to_string(chiso::language::en) == "en");
}

TEST_CASE("language: LC_ALL, then LC_MESSAGES, then LANG — C, POSIX, unset and others are vi") {
  using chiso::language;
  CHECK(chiso::language_from_locale(nullptr, nullptr, nullptr) == language::vi);
  CHECK(chiso::language_from_locale(nullptr, nullptr, "C") == language::vi);
  CHECK(chiso::language_from_locale(nullptr, nullptr, "C.UTF-8") == language::vi);
  CHECK(chiso::language_from_locale("", "", "POSIX") == language::vi);
  CHECK(chiso::language_from_locale(nullptr, nullptr, "en_US.UTF-8") == language::en);
  CHECK(chiso::language_from_locale(nullptr, nullptr, "vi_VN.UTF-8") == language::vi);
  CHECK(chiso::language_from_locale(nullptr, nullptr, "de_DE.UTF-8") == language::vi);
  CHECK(chiso::language_from_locale(nullptr, "en_GB.UTF-8", "vi_VN.UTF-8") == language::en);
  CHECK(chiso::language_from_locale("vi_VN.UTF-8", "en_GB.UTF-8", "en_US.UTF-8") == language::vi);
  // An empty LC_ALL is unset, as setlocale(3) reads it.
  CHECK(chiso::language_from_locale("", nullptr, "en_US.UTF-8") == language::en);
}

TEST_CASE("messages: every catalogued code has a text in both languages") {
  const auto codes = chiso::catalogued_codes();
  CHECK(codes.size() >= 190);
  for (const auto code : codes) {
    INFO(code);
    CHECK_FALSE(chiso::diagnostic_meaning(code, chiso::language::vi).empty());
    CHECK_FALSE(chiso::diagnostic_meaning(code, chiso::language::en).empty());
  }
  CHECK(chiso::diagnostic_meaning("no-such-code", chiso::language::vi).empty());
}

TEST_CASE("messages: a diagnostic in Vietnamese: its detail by shape, the code and position kept") {
  const auto file = std::make_shared<const std::string>("u.csv");
  const chiso::diagnostic d{
      {file, 2, 6},
      "unit 'so-a', criterion '8.1.1' must be a decimal number or n/a, not 'abc'",
      "csv-not-a-number",
      "so-a",
      "8.1.1"};
  CHECK(chiso::to_string(d, chiso::language::en) == d.to_string());
  CHECK(chiso::to_string(d, chiso::language::vi) ==
        "u.csv:2:6: lỗi[csv-not-a-number]: đơn vị 'so-a', tiêu chí '8.1.1': phải là một số thập "
        "phân hoặc n/a, không phải 'abc'");
  CHECK(chiso::to_string(d, chiso::language::en, true)
            .find("u.csv:2:6: warning[csv-not-a-number]: ") == 0);
  CHECK(chiso::to_string(d, chiso::language::vi, true)
            .find("u.csv:2:6: cảnh báo[csv-not-a-number]: ") == 0);
  // A code the catalogue does not know prints the detail alone.
  const chiso::diagnostic other{{file, 1, 1}, "something", "not-catalogued", {}, {}};
  CHECK(chiso::to_string(other, chiso::language::vi) ==
        "u.csv:1:1: lỗi[not-catalogued]: something");
}

TEST_CASE("messages: translate either way, fill the places, leave unknown texts alone") {
  CHECK(chiso::translate("Hạng", chiso::language::en) == "Rank");
  CHECK(chiso::translate("Rank", chiso::language::vi) == "Hạng");
  CHECK(chiso::translate("Hạng", chiso::language::vi) == "Hạng");
  CHECK(chiso::translate("Thành phố Cần Thơ", chiso::language::en) == "Thành phố Cần Thơ");
  CHECK(chiso::translate("UNVERIFIED: {}", chiso::language::vi, {"x"}) == "CHƯA KIỂM CHỨNG: x");
  CHECK(chiso::translate("Directory: {}", chiso::language::en, {"/a"}) == "Directory: /a");
}

TEST_CASE("messages: a score table in English — keys, cells and JSON keys unchanged") {
  const auto tree = chiso::parse_criteria(
      "kind: chiso/criteria\nformat_version: 1\n"
      "index: {id: t, name: T, method: official_data, decimals: 2}\n"
      "criteria:\n  - {code: \"1\", name: A, max: 2.5}\n  - {code: \"2\", name: B, max: 7.5}\n",
      "t.yaml");
  const auto sheet = chiso::parse_sheet(
      "kind: chiso/scores\nformat_version: 1\ncriteria: t\nunit: {id: u}\nyear: 2024\n"
      "stage: final\npoints:\n  \"1\": 2\nnot_applicable: [\"2\"]\n",
      "s.yaml", tree);
  auto options = chiso::report_options_for(tree);
  const auto vi = chiso::score_table(tree, chiso::score(tree, sheet), options);
  options.lang = chiso::language::en;
  const auto en = chiso::localized(chiso::score_table(tree, chiso::score(tree, sheet), options),
                                   chiso::language::en);
  REQUIRE(vi.rows.size() == 3);
  CHECK(vi.rows[0].back() == "TỔNG");
  CHECK(en.rows[0].back() == "TOTAL");
  CHECK(vi.rows[2].back() == "B (không áp dụng)");
  CHECK(en.rows[2].back() == "B (not applicable)");
  CHECK(vi.columns[2].title == "Điểm đạt");
  CHECK(en.columns[2].title == "Points");
  CHECK(en.columns[2].key == vi.columns[2].key);
  CHECK(vi.notes.front() ==
        "Làm tròn chỉ khi hiển thị: điểm 2 chữ số thập phân, % 2 chữ số thập phân, half_up; giá "
        "trị lưu là chính xác.");
  CHECK(en.notes.front() ==
        "Rounding for display only: points 2 decimals, % 2 decimals, half_up; stored values are "
        "exact.");
  CHECK(chiso::localized(en, chiso::language::vi).columns[2].title == "Điểm đạt");
}

TEST_CASE("messages: a diagnostic's detail in Vietnamese, its values kept (real inputs)") {
  const auto file = std::make_shared<const std::string>("tests/data/bad-sheet.yaml");
  // What `chiso validate -c examples/criteria/sipas-par-8.1.yaml tests/data/bad-sheet.yaml`
  // prints for the sheet's second and third problems.
  const chiso::diagnostic comma{{file, 8, 12},
                                "criterion '8.1.2': points must be a decimal number, not "
                                "'1,2027': it uses a decimal comma (write decimals with a point: "
                                "1.2027)",
                                "not-a-number",
                                "can-tho",
                                "8.1.2"};
  CHECK(chiso::to_string(comma, chiso::language::vi) ==
        "tests/data/bad-sheet.yaml:8:12: lỗi[not-a-number]: tiêu chí '8.1.2': điểm phải là một "
        "số thập phân, không phải '1,2027': số này dùng dấu phẩy thập phân (hãy viết số thập "
        "phân bằng dấu chấm: 1.2027)");
  CHECK(chiso::to_string(comma, chiso::language::en) == comma.to_string());
  // Composed: a context prefix, a detail and a suggestion, each from its own shape.
  CHECK(chiso::localize_message("survey 1: unknown criterion '3.4' (not in criteria "
                                "'constructed-index'); did you mean '3.1'?",
                                chiso::language::vi) ==
        "khảo sát 1: không có tiêu chí '3.4' (không thuộc bộ tiêu chí 'constructed-index'); có "
        "phải '3.1' không?");
  // A nested part that is no catalogued message makes the whole shape not fit.
  CHECK_FALSE(chiso::localize_message("criterion '1': something new", chiso::language::vi));
  CHECK(chiso::localize_message("criterion '1': something new", chiso::language::en) ==
        "criterion '1': something new");
  // Not fitted: the code's meaning, then the English detail (one line still).
  const chiso::diagnostic other{
      {file, 1, 1}, "criterion '1': something new", "points-above-max", {}, "1"};
  CHECK(chiso::to_string(other, chiso::language::vi) ==
        "tests/data/bad-sheet.yaml:1:1: lỗi[points-above-max]: điểm vượt quá điểm tối đa của "
        "tiêu chí (tiêu chí '1') — criterion '1': something new");
}

TEST_CASE("messages: notes of the CSV reader are localized by shape") {
  CHECK(chiso::localize_text("ignored column 'x-ghi chú' (line 1, column 55): columns named "
                             "'x-…' are the user's own",
                             chiso::language::vi) ==
        "bỏ qua cột 'x-ghi chú' (dòng 1, cột 55): các cột tên 'x-…' là của người dùng");
  CHECK(chiso::localize_text("ignored column 'x-ghi chú' (line 1, column 55): columns named "
                             "'x-…' are the user's own",
                             chiso::language::en) ==
        "ignored column 'x-ghi chú' (line 1, column 55): columns named 'x-…' are the user's own");
}

TEST_CASE("messages: notes built in English inside a catalogued note read in Vietnamese") {
  // tests/data/rounding (CTest cli_rank_rounding_and_moves): the unit list and ranks are parts
  // the library builds in English inside the catalogued rounding note.
  CHECK(chiso::localize_text("Rounded to 2 decimals (half_up), 'a' and 'b' both print 90,00 but "
                             "are ranked apart on their exact values: 'a' 90 % (rank 1), 'b' "
                             "89,9951 % (rank 2).",
                             chiso::language::vi) ==
        "Làm tròn đến 2 chữ số thập phân (half_up), cả 'a' và 'b' in ra 90,00 nhưng được xếp "
        "hạng khác nhau theo giá trị chính xác: 'a' 90 % (hạng 1), 'b' 89,9951 % (hạng 2).");
  CHECK(chiso::localize_text("Rounded to 2 decimals (half_up), the change of 'f' prints 0,00 pp "
                             "but is exactly -0,003 pp (band 'Tốt' in 2023, 'Khá' in 2024).",
                             chiso::language::vi) ==
        "Làm tròn đến 2 chữ số thập phân (half_up), mức thay đổi của 'f' in ra 0,00 pp nhưng "
        "chính xác là -0,003 pp (xếp loại 'Tốt' năm 2023, 'Khá' năm 2024).");
  // A rank change is words for people, in either language.
  chiso::table t{"",
                 {{"rank_change", "Thay đổi hạng", false}},
                 {{"tăng 2 bậc"}, {"giảm 1 bậc"}, {"giữ nguyên"}, {"n/a"}},
                 {}};
  const auto en = chiso::localized(t, chiso::language::en);
  CHECK(en.rows ==
        std::vector<std::vector<std::string>>{{"up 2"}, {"down 1"}, {"unchanged"}, {"n/a"}});
  CHECK(en.columns[0].title == "Rank change");
  // CSV and JSON have the signed number (a numeric column): it does not change.
  t.columns[0].numeric = true;
  t.rows = {{"2"}, {"-1"}};
  CHECK(chiso::localized(t, chiso::language::en).rows == t.rows);
}

TEST_CASE("Vietnamese details: no value swallows a context prefix or the words of a sentence") {
  const auto vi = chiso::language::vi;
  // The unit prefix is a context of its own, not part of the first value.
  CHECK(chiso::localize_message(
            "unit 'tu-phap': group 'huyen' differs from 'so' on its first row (line 8)", vi) ==
        "đơn vị 'tu-phap': group 'huyen' khác với 'so' ở dòng đầu tiên của đơn vị (dòng 8)");
  CHECK(chiso::localize_message("band 'Khá': unknown key 'form' (expected 'label', 'from', "
                                "'above', 'to', 'up_to', 'note' or 'source')",
                                vi) ==
        "xếp loại 'Khá': khóa 'form' không được chấp nhận (chỉ nhận 'label', 'from', 'above', "
        "'to', 'up_to', 'note' hoặc 'source')");
  CHECK(chiso::localize_message("unit 'so-b', criterion '3.1' must be a decimal number or n/a, "
                                "not '20000000000000000000': it is too large (at most 18 digits)",
                                vi) ==
        "đơn vị 'so-b', tiêu chí '3.1': phải là một số thập phân hoặc n/a, không phải "
        "'20000000000000000000': số này quá lớn (tối đa 18 chữ số)");
}
