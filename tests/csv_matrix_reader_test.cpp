// The wide CSV read straight into the matrix by several threads and from a file in chunks: the
// same matrix, and the same messages, as the sheets' path whatever the thread count.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "chiso/batch.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"
#include "chiso/unit_set.hpp"
// The fast reader itself, to see that it accepts what it should (internal header).
#include "../src/csv_matrix_reader.hpp"

namespace {

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
    }
  }
  CHECK(a.cells() == b.cells());
  CHECK(a.notes() == b.notes());
}

chiso::unit_matrix via_sheets(const std::string& text, const chiso::criterion_tree& tree,
                              const chiso::csv_options& o) {
  const auto set = chiso::parse_units_csv(text, "u.csv", tree, o);
  auto m = chiso::unit_matrix::from_sheets(tree, set.sheets);
  m.set_notes(set.notes);
  return m;
}

std::filesystem::path write_temp(const std::string& text, const char* name) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A PAR INDEX file of random units: quoted names with commas, blank lines, CRLF, n/a, empty
// cells, spaces around values, signs, trailing zeros and quoted numbers (CONSTRUCTED).
std::string random_file(const chiso::criterion_tree& tree, unsigned seed, int units) {
  std::mt19937 rng(seed);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::string text = "\xEF\xBB\xBFunit,name,group,ranked";
  for (auto leaf : tree.leaves()) text += "," + tree[leaf].code;
  text += "\n\n";
  for (int u = 0; u < units; ++u) {
    text += "u" + std::to_string(u) + ",\"Đơn vị " + std::to_string(u) + ", \"\"tỉnh\"\"\"," +
            (u % 3 ? "tinh" : "so") + "," + (u % 7 ? (u % 2 ? "true" : "") : "false");
    for (auto leaf : tree.leaves()) {
      const auto max = tree[leaf].max->with_scale(2).units();
      const auto value = chiso::decimal::from_units(pick(0, static_cast<int>(max)), 2).to_string();
      switch (pick(0, 14)) {
        case 0:
          text += ",";
          break;
        case 1:
          text += ",n/a";
          break;
        case 2:
          text += ", " + value + "\t";
          break;
        case 3:
          text += ",\"" + value + "\"";
          break;
        case 4:
          text += ",+" + value + (value.find('.') == std::string::npos ? ".000" : "00");
          break;
        case 5:
          text += ",-0";
          break;
        default:
          text += "," + value;
      }
    }
    text += u % 5 ? "\n" : "\r\n";
    if (u % 11 == 0) text += "\r\n";
  }
  return text;
}

}  // namespace

TEST_CASE("wide CSV into the matrix: 1 to 4 threads, text or file, equal the sheets' path") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/par-index-province-2948.yaml");
  for (auto missing : {chiso::missing_policy::zero, chiso::missing_policy::unknown}) {
    const auto text = random_file(tree, 11, 300);
    chiso::csv_options o{2017, chiso::scoring_stage::final, missing};
    const auto expected = via_sheets(text, tree, o);
    const auto file = write_temp(text, "chiso_csv_matrix_reader_test.csv");
    for (unsigned threads : {1u, 2u, 3u, 4u}) {
      CAPTURE(threads);
      CAPTURE(static_cast<int>(missing));
      o.threads = threads;
      check_same(chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), expected);
      check_same(chiso::load_unit_matrix_csv(file, tree, o), expected);
    }
    std::filesystem::remove(file);
  }
}

// Excel exports leave cells empty: read under --missing zero or unknown by every core, with the
// note the reference reader writes (how many, and the first one's unit, criterion, line and
// column in code points), whichever region the first one falls in.
TEST_CASE("wide CSV into the matrix: empty cells under zero or unknown take the fast path") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  for (const std::size_t first_empty : {3U, 170U}) {
    std::string text = "\xEF\xBB\xBFunit,name,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n\n";
    for (std::size_t u = 0; u < 200; ++u) {
      const bool empty = u >= first_empty && u % 9 == first_empty % 9;
      text += "u" + std::to_string(u) + ",\"Sở Tư pháp, \"\"" + std::to_string(u) + "\"\"\",1," +
              (empty ? (u % 2 ? std::string(" ") : std::string("\"\"")) : std::string("1")) +
              ",2,2,1.5\n";
      if (u % 50 == 7) text += "\n";
    }
    for (const auto missing : {chiso::missing_policy::zero, chiso::missing_policy::unknown}) {
      chiso::csv_options o{2022, chiso::scoring_stage::final, missing};
      const auto expected = via_sheets(text, tree, o);
      REQUIRE(expected.notes().size() == 1);
      CHECK(expected.notes()[0].find("the first for unit 'u" + std::to_string(first_empty) +
                                     "', criterion '8.1.2' on line ") != std::string::npos);
      for (unsigned threads : {1u, 2u, 3u}) {
        CAPTURE(threads);
        CAPTURE(first_empty);
        o.threads = threads;
        const auto fast = chiso::detail::read_unit_matrix_fast(
            chiso::detail::csv_bytes(std::string_view(text)), tree, o, {}, {});
        REQUIRE(fast.has_value());
        check_same(*fast, expected);
      }
    }
    // Under --missing error the reference reader reports them.
    const chiso::csv_options error{2022, chiso::scoring_stage::final, chiso::missing_policy::error};
    CHECK_FALSE(chiso::detail::read_unit_matrix_fast(
        chiso::detail::csv_bytes(std::string_view(text)), tree, error, {}, {}));
  }
}

// A criterion without a column, read under --missing zero or unknown, scores every unit 0 (or
// leaves it without a total): both readers say so in the same note, before the empty cells'.
TEST_CASE("wide CSV into the matrix: a leaf without a column is said in a note by both readers") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  std::string text = "unit,8.1.1,8.1.3,8.1.4\n";
  for (int u = 0; u < 60; ++u) text += "u" + std::to_string(u) + (u == 40 ? ",,2,2\n" : ",1,2,2\n");
  for (const auto missing : {chiso::missing_policy::zero, chiso::missing_policy::unknown}) {
    chiso::csv_options o{2022, chiso::scoring_stage::final, missing};
    const auto expected = via_sheets(text, tree, o);
    const auto read_as = missing == chiso::missing_policy::zero
                             ? std::string("0 points for every unit they apply to (--missing zero)")
                             : std::string(
                                   "not published for every unit they apply to "
                                   "(--missing unknown: no total, no rank)");
    REQUIRE(expected.notes().size() == 2);
    CHECK(expected.notes()[0] ==
          "no columns for criteria 8.1.2, 8.1.5 in the header: read as " + read_as);
    CHECK(expected.notes()[1].find("the first for unit 'u40', criterion '8.1.1' on line 42, "
                                   "column 5") != std::string::npos);
    for (unsigned threads : {1u, 2u}) {
      o.threads = threads;
      const auto fast = chiso::detail::read_unit_matrix_fast(
          chiso::detail::csv_bytes(std::string_view(text)), tree, o, {}, {});
      REQUIRE(fast.has_value());
      check_same(*fast, expected);
    }
  }
}

TEST_CASE("wide CSV into the matrix: a line break inside quotes is read as the sheets' path") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  std::string text = "unit,name,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n";
  for (int u = 0; u < 40; ++u)
    text += "u" + std::to_string(u) + (u == 25 ? ",\"Sở\nmới\"" : ",Sở") + ",1,1,2,2,1.5\n";
  chiso::csv_options o{2022, chiso::scoring_stage::final, chiso::missing_policy::error};
  const auto expected = via_sheets(text, tree, o);
  CHECK(expected.units()[25].name == "Sở\nmới");
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    o.threads = threads;
    check_same(chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), expected);
  }
}

TEST_CASE("wide CSV into the matrix: problems are reported as by the sheets' path, any threads") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  std::string many = "unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n";
  for (int u = 0; u < 60; ++u) many += "u" + std::to_string(u) + ",1,1,2,2,1.5\n";
  for (const std::string& text : std::vector<std::string>{
           many + "u3,1,1,2,2,1.5\n",               // a repeated unit far from its first row
           many + "u60,1,1,2,2,1.50001\n",          // finer than the tree's decimals
           many + "u60,1,1.6,2,2,1.5\n",            // above the leaf's max
           many + "u60,1,1,2,2,1.5,7\n",            // a field too many
           many + "u60,1,1,2,2\n",                  // a field too few
           many + "u60,1,1,2,2,1.\n",               // not plain notation
           many + "u60,1,1,2,2,1e0\n",              // not plain notation
           many + "u60,1,1,2,,1.5\n",               // missing under missing: error
           many + "u60,,1,2,,\n",                   // three empty cells: one error, the first
           many + "u60,1,1,2,2,\"1.5\"x\n",         // text after a quoted field
           many + "u60,1,1,2,2,\"1.5\n",            // an unterminated quote
           many + " ,1,1,2,2,1.5\n",                // an empty unit id
           "unit,8.1.1,8.1.1,8.1.3,8.1.4,8.1.5\n",  // a repeated column
           std::string("unit,8.1.1,8.1.2,8.1.3,8.1.4\nu,1,1,1,1\n"),  // a leaf without a column
           std::string("unit,8.1.1,8.1.4\nu,1,1\nv,1,1\nw,,1\n"),     // columns, then a cell
       }) {
    CAPTURE(text.substr(text.size() > 40 ? text.size() - 40 : 0));
    std::string from_sheets;
    try {
      (void)chiso::parse_units_csv(
          text, "e.csv", tree, {2022, chiso::scoring_stage::final, chiso::missing_policy::error});
    } catch (const chiso::input_error& e) {
      from_sheets = e.what();
    }
    CHECK_FALSE(from_sheets.empty());
    for (unsigned threads : {1u, 2u, 4u}) {
      CAPTURE(threads);
      std::string direct;
      try {
        (void)chiso::parse_unit_matrix_csv(
            text, "e.csv", tree,
            {2022, chiso::scoring_stage::final, chiso::missing_policy::error, {}, threads});
      } catch (const chiso::input_error& e) {
        direct = e.what();
      }
      CHECK(direct == from_sheets);
    }
  }
}

TEST_CASE("wide CSV into the matrix: a header alone is csv-no-units — a missing file is an error") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  const chiso::csv_options o{
      2022, chiso::scoring_stage::final, chiso::missing_policy::error, {}, 2};
  // Ranking an empty table would print a table of nobody: both readers refuse it.
  CHECK_THROWS_WITH_AS((void)chiso::parse_unit_matrix_csv(
                           "unit,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\r\n\r\n", "h.csv", tree, o),
                       "h.csv:1:1: error[csv-no-units]: CSV file has a header but no unit rows",
                       chiso::input_error);
  CHECK_THROWS_AS((void)chiso::load_unit_matrix_csv("/nonexistent/chiso.csv", tree, o),
                  chiso::input_error);
}

TEST_CASE("wide CSV into the matrix: Vietnamese ids, names and groups take the fast path in NFC") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  // "Sở" written precomposed (NFC, U+1EDF) and decomposed (NFD, o + U+031B + U+0309).
  const std::string nfc = "S\xE1\xBB\x9F", nfd = "So\xCC\x9B\xCC\x89";
  std::string text = "unit,name,group,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\n";
  for (int u = 0; u < 80; ++u) {
    const auto& so = u % 2 ? nfd : nfc;
    text += (u % 3 ? "u" : so + " T\xC6\xB0 ph\xC3\xA1p ") + std::to_string(u) + "," + so +
            " \xC4\x91\xC6\xA1n v\xE1\xBB\x8B\xC2\xA0" + std::to_string(u) + "x," +
            (u % 4 ? so : std::string("huy\xE1\xBB\x87n")) + ",1,1,2,2,1.5\n";
  }
  chiso::csv_options o{2022, chiso::scoring_stage::final, chiso::missing_policy::error};
  const auto expected = via_sheets(text, tree, o);
  CHECK(expected.units()[1].group == nfc);  // NFD read as NFC
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    o.threads = threads;
    // The fast reader itself accepts the file (it used to decline any byte above 0x7F).
    const auto fast = chiso::detail::read_unit_matrix_fast(
        chiso::detail::csv_bytes(std::string_view(text)), tree, o, {}, {});
    REQUIRE(fast.has_value());
    check_same(*fast, expected);
    check_same(chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), expected);
  }
}

TEST_CASE("wide CSV into the matrix: what the reference reader refuses or notes in text declines") {
  const auto tree = chiso::load_criteria(CHISO_SOURCE_DIR "/criteria/sipas-par-8.1.yaml");
  const std::string head =
      "unit,name,group,8.1.1,8.1.2,8.1.3,8.1.4,8.1.5\nu0,S\xE1\xBB\x9F,a,1,1,2,2,1.5\n";
  const chiso::csv_options o{2022, chiso::scoring_stage::final, chiso::missing_policy::error};
  for (const std::string& row : {
           std::string("u1\xC2\xA0x,n,a,1,1,2,2,1.5\n"),  // no-break space in an id
           std::string("u1,n,g\xC2\xA0h,1,1,2,2,1.5\n"),  // no-break space in a group
           std::string("u1,\xC2\xA0n,a,1,1,2,2,1.5\n"),   // no-break space trimmed (a note)
           std::string("u1,S\xE1\xBB,a,1,1,2,2,1.5\n"),   // a cut UTF-8 sequence
           std::string("u1,S\xC3\x28,a,1,1,2,2,1.5\n"),   // not UTF-8
           std::string("u1,n\0x,a,1,1,2,2,1.5\n", 21),    // a NUL byte
           std::string("So\xCC\x9B\xCC\x89,n,a,1,1,2,2,1.5\nS\xE1\xBB\x9F,n,a,1,1,2,2,1.5\n"),
       }) {
    CAPTURE(row);
    const auto text = head + row;
    CHECK_FALSE(chiso::detail::read_unit_matrix_fast(
                    chiso::detail::csv_bytes(std::string_view(text)), tree, o, {}, {})
                    .has_value());
  }
}

TEST_CASE("wide CSV into the matrix: a tree that declares its unit groups takes the fast path") {
  const auto tree = chiso::parse_criteria(R"(kind: chiso/criteria
format_version: 1
index: {id: g, name: G, method: official_data, decimals: 2, years: [2024], groups: [so, "huyện"]}
criteria:
  - {code: "1", name: A, max: 10}
  - {code: "2", name: B, max: 5}
)",
                                          "g.yaml");
  std::string text = "unit,group,1,2\n";
  for (int u = 0; u < 50; ++u)
    text += "u" + std::to_string(u) + (u % 2 ? ",so," : ",huye\xCC\xA3\xCC\x82n,") +
            std::to_string(u % 11) + ",2.5\n";
  chiso::csv_options o{2024, chiso::scoring_stage::final, chiso::missing_policy::error};
  const auto expected = via_sheets(text, tree, o);
  for (unsigned threads : {1u, 2u}) {
    o.threads = threads;
    const auto fast = chiso::detail::read_unit_matrix_fast(
        chiso::detail::csv_bytes(std::string_view(text)), tree, o, {}, {});
    REQUIRE(fast.has_value());
    check_same(*fast, expected);
    check_same(chiso::parse_unit_matrix_csv(text, "u.csv", tree, o), expected);
  }
  // A group the tree does not declare: declined, and reported as the sheets' path reports it.
  const auto bad = text + "u50,sos,1,1\n";
  CHECK_FALSE(chiso::detail::read_unit_matrix_fast(chiso::detail::csv_bytes(std::string_view(bad)),
                                                   tree, o, {}, {}));
  std::string from_sheets, direct;
  try {
    (void)chiso::parse_units_csv(bad, "u.csv", tree, o);
  } catch (const chiso::input_error& e) {
    from_sheets = e.what();
  }
  try {
    (void)chiso::parse_unit_matrix_csv(bad, "u.csv", tree, o);
  } catch (const chiso::input_error& e) {
    direct = e.what();
  }
  CHECK(from_sheets.find("group 'sos'") != std::string::npos);
  CHECK(direct == from_sheets);
}
