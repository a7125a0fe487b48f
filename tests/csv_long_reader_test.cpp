// The long-form CSV read straight into a unit_matrix (src/csv_long_reader.cpp) against the
// reference path: parse_units_csv()'s sheets through unit_matrix::from_sheets().
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "chiso/batch.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/unit_set.hpp"

#include "../src/csv_long_reader.hpp"

namespace {

// One tree for sở and huyện: 3 applies to huyện only, 2.2 not to huyện (groups:/not_groups:).
const char* group_tree = R"(kind: chiso/criteria
format_version: 1
index: {id: so-huyen, name: Sở và huyện, method: self_assessed, decimals: 2}
criteria:
  - code: "1"
    name: Chỉ đạo điều hành
    children:
      - {code: "1.1", name: Kế hoạch, max: 6}
      - {code: "1.2", name: Báo cáo, max: 4}
  - code: "2"
    name: Thủ tục hành chính
    children:
      - {code: "2.1", name: Công khai, max: 5}
      - {code: "2.2", name: Rà soát văn bản của sở, max: 5, not_groups: [huyen]}
  - code: "3"
    name: Cấp xã
    groups: [huyen]
    children:
      - {code: "3.1", name: Xã đạt chuẩn, min: -2, max: 10}
      - {code: "3.2", name: Xã điện tử, max: 2.5}
)";

// Two matrices hold the same units, cells, cell states and notes.
void check_same(const chiso::unit_matrix& a, const chiso::unit_matrix& b) {
  REQUIRE(a.unit_count() == b.unit_count());
  REQUIRE(a.leaf_count() == b.leaf_count());
  for (std::size_t u = 0; u < a.unit_count(); ++u) {
    CAPTURE(u);
    CHECK(a.units()[u].id == b.units()[u].id);
    CHECK(a.units()[u].name == b.units()[u].name);
    CHECK(a.units()[u].group == b.units()[u].group);
    CHECK(a.units()[u].ranked == b.units()[u].ranked);
    for (std::size_t c = 0; c < a.leaf_count(); ++c) {
      CAPTURE(c);
      CHECK(a.state(u, c) == b.state(u, c));
      CHECK(a.get(u, c) == b.get(u, c));
    }
  }
  CHECK(a.cells() == b.cells());
  CHECK(a.notes() == b.notes());
}

chiso::unit_matrix via_sheets(const std::string& text, const chiso::criterion_tree& tree,
                              const chiso::csv_options& o) {
  auto set = chiso::parse_units_csv(text, "u.csv", tree, o);
  auto m = chiso::unit_matrix::from_sheets(tree, set.sheets);
  m.set_notes(set.notes);
  return m;
}

// The long-form text read by the direct path alone.
std::optional<chiso::unit_matrix> direct_of(const std::string& text,
                                            const chiso::criterion_tree& tree,
                                            const chiso::csv_options& o) {
  return chiso::detail::read_long_form_direct(chiso::detail::csv_bytes(std::string_view(text)),
                                              "u.csv", tree, o, {});
}

// The direct path alone (it must not decline), and the public one, against the sheets'.
void check_direct(const std::string& text, const chiso::criterion_tree& tree,
                  const chiso::csv_options& o) {
  const auto expected = via_sheets(text, tree, o);
  const auto direct = direct_of(text, tree, o);
  REQUIRE(direct.has_value());
  check_same(*direct, expected);
  check_same(chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), expected);
}

struct dialect_case {
  const char* name;
  chiso::csv_dialect asked;
  char separator, mark;
};

const dialect_case dialects[] = {
    {"comma", {chiso::csv_separator::comma, chiso::csv_decimal::point}, ',', '.'},
    {"auto, comma", {}, ',', '.'},
    {"auto, semicolon", {}, ';', ','},
    {"semicolon-decimal-point",
     {chiso::csv_separator::semicolon, chiso::csv_decimal::point},
     ';',
     '.'},
    {"tab", {chiso::csv_separator::tab, chiso::csv_decimal::point}, '\t', '.'},
    {"tab-decimal-comma", {chiso::csv_separator::tab, chiso::csv_decimal::comma}, '\t', ','},
};

// A random well-formed long-form file: columns in a random order (with a user's x- column and,
// sometimes, empty columns after the header's last name), units with names that need quotes,
// groups, ranked in Excel's spelling or empty, ids written in NFC or NFD, points at the tree's
// decimals (written with blanks, quotes or extra zeros now and then), n/a on leaves and on
// parents, leaves left out where `missing` allows it, rows in unit, leaf or random order, LF or
// CRLF, empty lines.
std::string random_long_file(const chiso::criterion_tree& tree, std::mt19937& rng,
                             const dialect_case& d, chiso::missing_policy missing, int units,
                             int order) {
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const bool by_group = chiso::has_group_applicability(tree);
  std::vector<std::string> columns{"unit", "code", "points", "name", "group", "ranked", "x-note"};
  std::shuffle(columns.begin(), columns.end(), rng);
  const std::string sep(1, d.separator);
  const std::string eol = pick(0, 1) ? "\r\n" : "\n";
  std::string text;
  for (std::size_t k = 0; k < columns.size(); ++k) text += (k ? sep : "") + columns[k];
  if (pick(0, 2) == 0) text += sep + sep;  // trailing empty columns: a note
  text += eol;
  const int scale = tree.info().decimals;
  struct row {
    int unit;
    std::size_t leaf_order;
    std::string code, points;
  };
  std::vector<row> rows;
  std::vector<std::string> ids, names, groups, ranked;
  for (int u = 0; u < units; ++u) {
    // "Sở Tư pháp" with 'ở' precomposed (NFC) or as o + horn + hook (NFD): one unit.
    ids.push_back(u % 4 == 0 ? "s\xE1\xBB\x9F-" + std::to_string(u) : "u" + std::to_string(u));
    names.push_back("\"Đơn vị " + std::to_string(u) + ", " + "tỉnh; \"\"A\"\"\"");
    groups.push_back(pick(0, 1) ? "so" : "huyen");
    const char* spellings[] = {"true", "false", "TRUE", "FALSE", "", "False"};
    ranked.push_back(spellings[pick(0, 5)]);
    const auto excluded = chiso::not_applicable_to_group(tree, groups.back());
    // Parents marked n/a now and then: their leaves get no row, or n/a too.
    std::vector<bool> under_na(tree.size(), false);
    for (std::size_t i = 1; i < tree.size(); ++i) {
      if (tree.is_leaf(i) || tree[i].code.empty() || pick(0, 30) != 0) continue;
      rows.push_back({u, i, tree[i].code, "n/a"});
      for (auto j = i; j < tree[i].subtree_end; ++j) under_na[j] = true;
    }
    for (std::size_t c = 0; c < tree.leaves().size(); ++c) {
      const auto leaf = tree.leaves()[c];
      const auto& node = tree[leaf];
      const int kind = pick(0, 9);
      if ((by_group && excluded[leaf]) || under_na[leaf]) {
        if (kind < 3) rows.push_back({u, leaf, node.code, "n/a"});
        continue;
      }
      if (kind == 0 && missing != chiso::missing_policy::error) {
        // Left out, or given an empty points cell (pandas.melt's blank), which is the same.
        if (pick(0, 1)) rows.push_back({u, leaf, node.code, pick(0, 1) ? "" : " "});
        continue;
      }
      if (kind == 1) {
        rows.push_back({u, leaf, node.code, "n/a"});
        continue;
      }
      const auto low = node.min.with_scale(scale).units();
      const auto high = node.max ? node.max->with_scale(scale).units() : low + 100000;
      auto value = chiso::decimal::from_units(
                       std::uniform_int_distribution<std::int64_t>(low, high)(rng), scale)
                       .to_string();
      if (kind == 2 && value.find('.') != std::string::npos) value += "00";
      if (d.mark == ',') std::replace(value.begin(), value.end(), '.', ',');
      if (kind == 3) value = " " + value + "\t";
      if (kind == 4 || value.find(d.separator) != std::string::npos) value = "\"" + value + "\"";
      rows.push_back({u, leaf, node.code, value});
    }
  }
  if (order == 1)
    std::stable_sort(rows.begin(), rows.end(),
                     [](const row& a, const row& b) { return a.leaf_order < b.leaf_order; });
  if (order == 2) std::shuffle(rows.begin(), rows.end(), rng);
  for (const auto& r : rows) {
    std::string id = ids[static_cast<std::size_t>(r.unit)];
    if (id.starts_with("s\xE1\xBB\x9F") && pick(0, 1))
      id = "so\xCC\x9B\xCC\x89" + id.substr(4);  // the same id in NFD
    for (std::size_t k = 0; k < columns.size(); ++k) {
      if (k) text += sep;
      const auto& c = columns[k];
      const auto u = static_cast<std::size_t>(r.unit);
      if (c == "unit") text += id;
      if (c == "code") text += r.code;
      if (c == "points") text += r.points;
      if (c == "name") text += names[u];
      if (c == "group") text += groups[u];
      if (c == "ranked") text += ranked[u];
      if (c == "x-note") text += pick(0, 1) ? "ghi chú" : "\"a" + sep + "b\"";
    }
    text += eol;
    if (pick(0, 40) == 0) text += eol;  // an empty line: skipped without a note
  }
  return text;
}

chiso::csv_options options_for(const chiso::criterion_tree& tree, chiso::missing_policy missing,
                               const dialect_case& d) {
  chiso::csv_options o;
  o.year = tree.info().years.empty() ? 2024 : tree.info().years.back();
  o.missing = missing;
  o.dialect = d.asked;
  return o;
}

}  // namespace

TEST_CASE("long CSV straight into the matrix equals the sheets' path, on random files") {
  const auto par = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/par-index-province-2948.yaml");
  const auto groups = chiso::parse_criteria(group_tree, "t.yaml");
  const auto sipas = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  std::mt19937 rng(15);
  int files = 0;
  for (const auto* tree : {&par, &groups, &sipas})
    for (const auto& d : dialects)
      for (auto missing : {chiso::missing_policy::error, chiso::missing_policy::zero,
                           chiso::missing_policy::unknown})
        for (int order = 0; order < 3; ++order) {
          CAPTURE(tree->info().id);
          CAPTURE(d.name);
          CAPTURE(static_cast<int>(missing));
          CAPTURE(order);
          const auto text = random_long_file(*tree, rng, d, missing, tree == &par ? 12 : 25, order);
          CAPTURE(text);
          check_direct(text, *tree, options_for(*tree, missing, d));
          ++files;
        }
  CHECK(files == 3 * 6 * 3 * 3);
}

TEST_CASE("long CSV straight into the matrix: the cells, states and notes it reads") {
  const auto tree = chiso::parse_criteria(group_tree, "t.yaml");
  const std::string text =
      "unit;code;points;group;x-note;;\n"
      "h;1.1;5,5;huyen;a\n"
      "s;1.1;6;so;;;\n"
      "h;2;n/a;huyen;\n"
      "s;3.1;n/a;so;\n"
      "h;3.1;-1,25;huyen;\n"
      "\n"
      "s;2.1;0;so;\n";
  chiso::csv_options o;
  o.year = 2024;
  o.missing = chiso::missing_policy::unknown;
  const auto m = direct_of(text, tree, o);
  REQUIRE(m.has_value());
  REQUIRE(m->unit_count() == 2);
  CHECK(m->units()[0].id == "h");  // first row first
  CHECK(m->units()[1].group == "so");
  using s = chiso::cell_state;
  // Leaves 1.1, 1.2, 2.1, 2.2, 3.1, 3.2.
  const std::vector<s> h{s::known,          s::unknown, s::not_applicable,
                         s::not_applicable, s::known,   s::unknown};
  const std::vector<s> so{s::known,   s::unknown,        s::known,
                          s::unknown, s::not_applicable, s::not_applicable};
  for (std::size_t c = 0; c < 6; ++c) {
    CAPTURE(c);
    CHECK(m->state(0, c) == h[c]);
    CHECK(m->state(1, c) == so[c]);
  }
  CHECK(m->get(0, 0) == chiso::decimal::parse("5.5"));
  CHECK(m->get(0, 4) == chiso::decimal::parse("-1.25"));
  CHECK(m->cells()(0, 4) == -125);
  CHECK(m->get(1, 0) == chiso::decimal(6));
  CHECK(m->notes() ==
        std::vector<std::string>{
            "CSV dialect: ';' separator, decimal comma (detected from the header line; choose it "
            "with --csv-dialect)",
            "ignored 2 empty columns at the end of the header (trailing separators, as "
            "spreadsheets write)",
            "ignored column 'x-note' (line 1, column 24): columns named 'x-…' are the user's own",
            // Read as unknown, the pairs without a row are said too (h: 1.2, 3.2; s: 1.2, 2.2).
            "no row for 4 (unit, criterion) pairs: read as not published (--missing unknown: no "
            "total, no rank), the first for unit 'h', criterion '1.2'"});
  check_same(*m, via_sheets(text, tree, o));
  // A band table's groups (csv_options::groups): a unit outside them is the sheets' path's to
  // report (unknown-unit-group).
  o.groups = {"so", "huyen"};
  CHECK(direct_of(text, tree, o).has_value());
  o.groups = {"so"};
  CHECK_FALSE(direct_of(text, tree, o));
  CHECK_THROWS_AS((void)chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), chiso::input_error);
  o.groups.clear();
  // Under `missing: error` the leaves without a row are the sheets' path's to report.
  o.missing = chiso::missing_policy::error;
  CHECK_FALSE(direct_of(text, tree, o));
}

TEST_CASE("long CSV: an empty points cell is no row under --missing zero|unknown, an error else") {
  const auto tree = chiso::parse_criteria(group_tree, "t.yaml");
  // As pandas.melt writes a wide sheet with blanks: h's 1.2 and s's 2.1 are empty, s has no row
  // for 2.2 at all (3 is huyện's only).
  const std::string text =
      "unit,code,points,group\n"
      "h,1.1,5,huyen\nh,1.2,,huyen\nh,2.1,4,huyen\nh,3.1,1,huyen\nh,3.2,2,huyen\n"
      "s,1.1,6,so\ns,1.2,3,so\ns,2.1, ,so\n";
  chiso::csv_options o;
  o.year = 2024;
  using s = chiso::cell_state;
  for (const auto missing : {chiso::missing_policy::zero, chiso::missing_policy::unknown}) {
    CAPTURE(static_cast<int>(missing));
    o.missing = missing;
    const auto m = direct_of(text, tree, o);
    REQUIRE(m.has_value());
    const auto empty = missing == chiso::missing_policy::zero ? s::known : s::unknown;
    CHECK(m->state(0, 1) == empty);  // h 1.2
    CHECK(m->state(1, 2) == empty);  // s 2.1
    CHECK(m->state(1, 3) == empty);  // s 2.2, no row
    CHECK(m->state(0, 0) == s::known);
    if (missing == chiso::missing_policy::zero) CHECK(m->get(0, 1) == chiso::decimal(0));
    CHECK(m->notes() ==
          std::vector<std::string>{
              "no row or an empty points cell for 3 (unit, criterion) pairs: read as " +
              std::string(missing == chiso::missing_policy::zero
                              ? "0 points (--missing zero)"
                              : "not published (--missing unknown: no total, no rank)") +
              ", the first for unit 'h', criterion '1.2'"});
    check_same(*m, via_sheets(text, tree, o));
  }
  // Under --missing error each empty cell is reported where it is, with the remedy, and is not
  // also a criterion without a row.
  o.missing = chiso::missing_policy::error;
  CHECK_FALSE(direct_of(text, tree, o));
  std::string message;
  try {
    (void)chiso::parse_unit_matrix_csv(text, "u.csv", tree, o);
  } catch (const chiso::input_error& e) {
    message = e.what();
  }
  CHECK(message ==
        "u.csv:3:7: error[csv-empty-cell]: unit 'h', criterion '1.2': empty points cell: write "
        "its points, n/a if it does not apply, or delete the row (--missing zero reads empty "
        "cells as 0, --missing unknown as not published)\n"
        "u.csv:7:1: error[points-missing]: unit 's': no rows for 2.2 (add them, with n/a where a "
        "criterion does not apply, or read the file with --missing zero to score them 0, or "
        "--missing unknown if they were not published)\n"
        "u.csv:9:7: error[csv-empty-cell]: unit 's', criterion '2.1': empty points cell: write "
        "its points, n/a if it does not apply, or delete the row (--missing zero reads empty "
        "cells as 0, --missing unknown as not published)");
}

TEST_CASE("long CSV straight into the matrix: what it declines is reported as the sheets' path") {
  const auto tree = chiso::parse_criteria(group_tree, "t.yaml");
  const std::string header = "unit,code,points,group,name,ranked\n";
  const std::string good = "h,1.1,5,huyen,H,true\nh,1.2,4,huyen,H,true\nh,2.1,5,huyen,H,true\n";
  const std::string rest = "h,3.1,1,huyen,H,true\nh,3.2,1,huyen,H,true\n";
  // Each declines: an error for the reference reader, a row it notes, or (a carriage return
  // inside a line) what the direct reader leaves to it.
  enum outcome { refused, noted, accepted };
  std::vector<std::pair<std::string, outcome>> cases{
      {header + good + rest + "h,1.1,5,huyen,H,true\n", refused},  // points twice
      {header + good + rest + "h,1,n/a,huyen,H,true\n", refused},  // n/a over points
      {header + good + "h,3,n/a,huyen,H,true\n" + rest, refused},  // points under n/a
      {header + good + "h,3.1,n/a,huyen,H,true\nh,3.1,1,huyen,H,true\nh,3.2,1,huyen,H,true\n",
       refused},                                                   // n/a and points
      {header + good + rest + "h,3,1,huyen,H,true\n", refused},    // points on a parent
      {header + good + rest + "h,3.3,1,huyen,H,true\n", refused},  // unknown code
      {header + good + rest + "h,,1,huyen,H,true\n", refused},     // empty code
      {header + good + rest + ",1.1,1,huyen,H,true\n", refused},   // empty unit
      {header + good + rest + "s,1.1,1,so,S,true\n", refused},     // missing rows (error)
      {header + good + "h,3.1,1,huyen,H2,true\nh,3.2,1,huyen,H,true\n", refused},  // name differs
      {header + good + "h,3.1,1,so,H,true\nh,3.2,1,huyen,H,true\n", refused},      // group differs
      {header + good + "h,3.1,1,huyen,H,false\nh,3.2,1,huyen,H,true\n", refused},  // ranked
      {header + good + "h,3.1,1,huyen,H,maybe\nh,3.2,1,huyen,H,true\n", refused},  // csv-ranked
      {header + good + "h,3.1,11,huyen,H,true\nh,3.2,1,huyen,H,true\n", refused},  // above max
      {header + good + "h,3.1,-3,huyen,H,true\nh,3.2,1,huyen,H,true\n", refused},  // below min
      {header + good + "h,3.1,1.001,huyen,H,true\nh,3.2,1,huyen,H,true\n", refused},    // decimals
      {header + good + "h,3.1,\"1,5\",huyen,H,true\nh,3.2,1,huyen,H,true\n", refused},  // mark
      {header + good + "h,3.1,abc,huyen,H,true\nh,3.2,1,huyen,H,true\n", refused},  // not a number
      {header + good + "h,3.1,,huyen,H,true\nh,3.2,1,huyen,H,true\n", refused},     // empty points
      {header + good + "h,2.2,1,huyen,H,true\n" + rest, refused},  // not-applicable-to-group
      {header + good + "h,3.1,1,,H,true\nh,3.2,1,huyen,H,true\n", refused},  // group differs
      {header + good + rest + ",,,,,\n", noted},                             // blank row: a note
      {header + good +
           "h,3.1,\xC2\xA0"
           "1,huyen,H,true\n" +
           "h,3.2,1,huyen,H,true\n",
       noted},  // no-break space: a note
      {header + good + "h\xC2\xA0x,3.1,1,huyen,H,true\n" + rest, refused},  // nbsp in an id
      {header + good + "h,3.1,1,huyen,S\xF5,true\nh,3.2,1,huyen,H,true\n", refused},  // not UTF-8
      {header + good + "h,3.1,1\r,huyen,H,true\nh,3.2,1,huyen,H,true\n", accepted},  // CR in a line
      {header + good + "h,3.1,1,huyen\n" + rest, refused},                           // short row
      {header + good + rest + "h,3.1,1,huyen,H,true,x\n", refused},  // unnamed column
      {header + good + "h,3.1,1,huyen,\"H,true\nh,3.2,1,huyen,H,true\n", refused},  // quote
      {header + good + "h,3.1,1,huyen,\"H\"x,true\n" + rest, refused},    // text after a quote
      {header + good + "h,3.1,1,huyen,\"H\nH\",true\n" + rest, refused},  // quoted line break
      {header, refused},                                                  // no units
      {"unit,code,points,name,ranked\nh,1.1,5,H,true\n", refused},        // no group, by group
      {"unit,code,points,group\r"
       "h,1.1,5,huyen\r",
       refused},  // CR line endings
  };
  // A carriage return at a field's end is dropped by the reference reader (Excel's line ends
  // inside a quoted cell): the direct reader leaves it to that reader on every row.
  auto with_cr = header + good + rest;
  for (auto at = with_cr.find(",H,"); at != std::string::npos; at = with_cr.find(",H,", at + 1))
    with_cr.replace(at, 3, ",H\r,");
  cases.emplace_back(with_cr, accepted);
  chiso::csv_options o;
  o.year = 2024;
  for (const auto& c : cases) {
    // Not a structured binding: CAPTURE's lambda could not capture it (clang 14).
    const auto& text = c.first;
    const auto expected_outcome = c.second;
    CAPTURE(text);
    CHECK_FALSE(direct_of(text, tree, o));
    std::string from_sheets, direct;
    try {
      const auto expected = via_sheets(text, tree, o);
      check_same(chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), expected);
      CHECK(expected.notes().empty() == (expected_outcome == accepted));
    } catch (const chiso::input_error& e) {
      from_sheets = e.what();
    }
    try {
      (void)chiso::parse_unit_matrix_csv(text, "u.csv", tree, o);
    } catch (const chiso::input_error& e) {
      direct = e.what();
    }
    CHECK(from_sheets.empty() == (expected_outcome != refused));
    CHECK(direct == from_sheets);
  }
  // The same file well formed is read directly.
  CHECK(direct_of(header + good + rest, tree, o));
}

TEST_CASE("long CSV straight into the matrix: from a file in chunks, with progress") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  std::string text = "\xEF\xBB\xBFunit,code,points\n";
  for (int u = 0; u < 2000; ++u)
    for (const char* code : {"8.1.1", "8.1.2", "8.1.3", "8.1.4", "8.1.5"})
      text += "unit-" + std::to_string(u) + "," + code + ",1\n";
  const auto file = std::filesystem::temp_directory_path() / "chiso_long_reader_test.csv";
  {
    std::ofstream out(file, std::ios::binary);
    out << text;
  }
  const chiso::csv_options o{2022, chiso::scoring_stage::final, chiso::missing_policy::error};
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  const auto m = chiso::detail::read_long_form_direct(
      chiso::detail::csv_bytes(file), file.string(), tree, o,
      [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  REQUIRE(m.has_value());
  CHECK(m->unit_count() == 2000);
  CHECK(m->units()[1999].id == "unit-1999");
  check_same(*m, chiso::load_unit_matrix_csv(file, tree, o));
  check_same(*m, via_sheets(text, tree, o));
  // The bytes after the byte-order mark, from 0 to all of them.
  REQUIRE(calls.size() >= 50);
  CHECK(calls.front() == std::pair<std::size_t, std::size_t>(0, text.size() - 3));
  CHECK(calls.back() == std::pair<std::size_t, std::size_t>(text.size() - 3, text.size() - 3));
  std::filesystem::remove(file);
}

TEST_CASE(
    "long CSV straight into the matrix: the CLI tests' long files are the wide file's units") {
  const auto tree =
      chiso::load_criteria(CHISO_SOURCE_DIR "/examples/data/so-huyen-constructed-criteria.yaml");
  const chiso::csv_options o{2023, chiso::scoring_stage::final, chiso::missing_policy::error};
  auto wide = chiso::load_unit_matrix_csv(
      CHISO_SOURCE_DIR "/examples/data/can-tho-units-2023-constructed.csv", tree, o);
  for (const char* name :
       {"can-tho-units-2023-long.csv", "can-tho-units-2023-long-semicolon.csv"}) {
    CAPTURE(name);
    const std::filesystem::path file = std::string(CHISO_SOURCE_DIR "/tests/data/") + name;
    const auto direct = chiso::detail::read_long_form_direct(chiso::detail::csv_bytes(file),
                                                             file.string(), tree, o, {});
    REQUIRE(direct.has_value());
    // The semicolon file's dialect note, and no other.
    CHECK(direct->notes().size() == (std::string_view(name).ends_with("semicolon.csv") ? 1u : 0u));
    wide.set_notes(direct->notes());
    check_same(*direct, wide);
    CHECK(direct->unit_count() == 30);
  }
}

TEST_CASE("long CSV straight into the matrix: on mutated files, the sheets' matrix or message") {
  // Random edits of well-formed files (separators, quotes, line breaks, carriage returns,
  // no-break spaces, signs, marks, n/a, digits, deleted and repeated bytes): whatever the
  // direct reader accepts must be what the sheets' path reads, and what it declines must be
  // reported as that path reports it.
  const auto tree = chiso::parse_criteria(group_tree, "t.yaml");
  std::mt19937 rng(1515);
  const auto pick = [&](std::size_t lo, std::size_t hi) {
    return std::uniform_int_distribution<std::size_t>(lo, hi)(rng);
  };
  const std::vector<std::string> inserts{",",  ";",  "\"", "\n", "\r",           " ",   "\xC2\xA0",
                                         "-",  "+",  ".",  "9",  "n/a",          "x-",  "\xCC\x9B",
                                         "so", "\t", "",   "0",  "\xE1\xBB\x9F", "1.1", "huyen"};
  int read = 0, reported = 0;
  for (int k = 0; k < 1200; ++k) {
    const auto& d = dialects[k % 6];
    const auto missing = static_cast<chiso::missing_policy>(k / 6 % 3);
    auto text = random_long_file(tree, rng, d, missing, 3, k % 3);
    for (auto edits = pick(1, 3); edits-- > 0;) {
      const auto at = pick(0, text.size() - 1);
      switch (pick(0, 3)) {
        case 0:
          text.insert(at, inserts[pick(0, inserts.size() - 1)]);
          break;
        case 1:
          text.erase(at, pick(1, 3));
          break;
        case 2: {  // a line repeated
          const auto begin = text.rfind('\n', at);
          const auto end = text.find('\n', at);
          if (begin != std::string::npos && end != std::string::npos)
            text.insert(end, text.substr(begin, end - begin));
          break;
        }
        default:
          text.replace(at, 1, inserts[pick(0, inserts.size() - 1)]);
          break;
      }
    }
    CAPTURE(text);
    const auto o = options_for(tree, missing, d);
    std::optional<chiso::unit_matrix> expected;
    std::string expected_error, direct_error;
    try {
      expected.emplace(via_sheets(text, tree, o));
    } catch (const chiso::input_error& e) {
      expected_error = e.what();
    }
    try {
      const auto m = chiso::parse_unit_matrix_csv(text, "u.csv", tree, o);
      REQUIRE(expected.has_value());
      check_same(m, *expected);
    } catch (const chiso::input_error& e) {
      direct_error = e.what();
    }
    CHECK(direct_error == expected_error);
    if (const auto direct = direct_of(text, tree, o)) {
      REQUIRE(expected.has_value());
      check_same(*direct, *expected);
      ++read;
    }
    reported += !expected_error.empty();
  }
  // Both kinds occur: files still well formed after the edits, and files with a problem.
  CHECK(read > 40);
  CHECK(reported > 300);
}
