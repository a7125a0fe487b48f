#include <chiso/chiso.hpp>
#include <chiso/xlsx.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace {

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "chiso-xlsx-test";
  std::filesystem::create_directories(dir);
  return dir / name;
}

chiso::table small_table() {
  chiso::table t;
  t.title = "Xếp hạng";
  t.columns = {{"unit", "Đơn vị", false}, {"percent", "%", true}, {"band", "Xếp loại", false}};
  t.rows = {{"so-a", "86,11", "Tốt"}, {"so-b", "n/a", "–"}, {"so-c", "-0,5", "Khá"}};
  t.notes = {"Làm tròn: 2 chữ số, half_up."};
  return t;
}

}  // namespace

TEST_CASE("xlsx: a workbook is written and is a zip file") {
  const auto file = scratch("small.xlsx");
  chiso::xlsx_workbook book;
  book.sheets.push_back(
      {"Sở: [2023]/Xếp hạng rất dài quá ba mươi mốt ký tự",
       small_table(),
       {{chiso::xlsx_chart::kind::bar, "% theo đơn vị", "unit", "percent", "band", "%"}}});
  book.sheets.push_back({"Sở: [2023]/Xếp hạng rất dài quá ba mươi mốt ký tự", small_table(), {}});
  book.notes = {"Cây tiêu chí: ví dụ."};
  chiso::write_xlsx(file, book);
  std::ifstream in(file, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  CHECK(magic[0] == 'P');
  CHECK(magic[1] == 'K');
}

TEST_CASE("xlsx: a numeric cell that is not a number is refused, and no file is left") {
  const auto file = scratch("bad-number.xlsx");
  std::filesystem::remove(file);
  auto t = small_table();
  t.rows[0][1] = "86,11 điểm";
  chiso::xlsx_workbook book;
  book.sheets.push_back({"x", t, {}});
  CHECK_THROWS_AS(chiso::write_xlsx(file, book), chiso::usage_error);
  CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("xlsx: a chart naming a column the table lacks is refused") {
  chiso::xlsx_workbook book;
  book.sheets.push_back(
      {"x", small_table(), {{chiso::xlsx_chart::kind::column, "t", "unit", "points", "", ""}}});
  CHECK_THROWS_WITH_AS(chiso::write_xlsx(scratch("bad-chart.xlsx"), book),
                       doctest::Contains("column 'points'"), chiso::usage_error);
}

TEST_CASE("xlsx: an unwritable path is a chiso::error") {
  chiso::xlsx_workbook book;
  book.sheets.push_back({"x", small_table(), {}});
  CHECK_THROWS_AS(chiso::write_xlsx("/nonexistent-dir/a.xlsx", book), chiso::error);
}
