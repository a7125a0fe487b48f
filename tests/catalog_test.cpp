// The catalog of shipped trees: lookup by index, level and results year, and located errors.
#include <doctest/doctest.h>

#include <string>

#include "chiso/catalog.hpp"
#include "chiso/criteria_loader.hpp"
#include "chiso/error.hpp"

namespace {

const std::string catalog_file = std::string(CHISO_SOURCE_DIR) + "/criteria/catalog.yaml";

std::string found(const chiso::criteria_catalog& c, const char* index, const char* level,
                  int year) {
  const auto e = chiso::find_criteria(c, index, level, year);
  return e ? e->criteria : std::string("(none)");
}

}  // namespace

TEST_CASE("find_criteria: the tree versioned by decision for a results year") {
  const auto c = chiso::load_catalog(catalog_file);
  CHECK(found(c, "par-index", "tinh", 2022) == "par-index-province-876");
  CHECK(found(c, "par-index", "tinh", 2023) == "par-index-province-876");
  CHECK(found(c, "par-index", "tinh", 2017) == "par-index-province-2948");
  CHECK(found(c, "par-index", "tinh", 2019) == "par-index-province-2948");
  // 2020 and 2021 were determined under QĐ 1149, which is not shipped; 2024+ under QĐ 892.
  CHECK(found(c, "par-index", "tinh", 2020) == "(none)");
  CHECK(found(c, "par-index", "tinh", 2024) == "(none)");
  CHECK(found(c, "par-index", "bo", 2022) == "par-index-ministry-876");
  CHECK(found(c, "papi", "tinh", 2015) == "papi-2011");
  CHECK(found(c, "papi", "tinh", 2019) == "papi-2018");
  CHECK(found(c, "papi", "tinh", 2022) == "papi-2021");
  CHECK(found(c, "service-index-766", "tinh", 2024) == "service-index-766");
  CHECK(found(c, "example-par-index", "xa", 2019) == "example-xa");

  const auto e = *chiso::find_criteria(c, "par-index", "tinh", 2022);
  CHECK(e.legal_basis == "876/QĐ-BNV, 10/11/2022");
  CHECK(e.status == chiso::tree_status::partial);
  CHECK(e.path == std::filesystem::path(CHISO_SOURCE_DIR "/criteria/par-index-province-876.yaml"));
  CHECK(chiso::load_criteria(e).is_partial());
  CHECK(chiso::find_criteria(c, "papi", "tinh", 2011)->status == chiso::tree_status::unverified);
}

TEST_CASE("catalog errors are collected and located") {
  const std::string text =
      "kind: chiso/catalog\n"
      "format_version: 1\n"
      "entries:\n"
      "  - criteria: a\n"
      "    index: par-index\n"
      "    level: tinh\n"
      "    years: [2022, 2023]\n"
      "    file: a.yaml\n"
      "    status: oficial\n"
      "  - criteria: b\n"
      "    index: par-index\n"
      "    level: tinh\n"
      "    years: [2023, 1890]\n"
      "    file: b.yaml\n"
      "    status: partial\n"
      "    lvel: x\n";
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_catalog(text, "catalog.yaml", "."),
      "catalog.yaml:9:13: error: catalog entry 'a': unknown status 'oficial' (did you mean "
      "'official'?)\n"
      "catalog.yaml:10:5: error: catalog entry 'b': index 'par-index', level 'tinh', year 2023 is "
      "already covered by 'a' at catalog.yaml:4:5\n"
      "catalog.yaml:13:19: error: catalog entry 'b': '1890' is not a year\n"
      "catalog.yaml:16:5: error: catalog entry 'b': unknown key 'lvel' (did you mean 'level'?)",
      chiso::input_error);
}

TEST_CASE("a catalog entry that disagrees with its tree is reported at the entry") {
  auto c = chiso::load_catalog(catalog_file);
  auto e = *chiso::find_criteria(c, "par-index", "tinh", 2017);
  e.status = chiso::tree_status::partial;
  e.years = {2017};
  CHECK_THROWS_WITH_AS((void)chiso::load_criteria(e),
                       (catalog_file +
                        ":11:5: error[catalog-entry-mismatch]: catalog entry "
                        "'par-index-province-2948': years is '[2017, 2018, 2019]' in " +
                        e.path.string() + " but '[2017]' in the catalog\n" + catalog_file +
                        ":11:5: error[catalog-entry-mismatch]: catalog entry "
                        "'par-index-province-2948': the tree is not partial but the "
                        "catalog says status 'partial'")
                           .c_str(),
                       chiso::input_error);
  auto u = *chiso::find_criteria(c, "service-index-766", "tinh", 2023);
  u.status = chiso::tree_status::official;
  CHECK_THROWS_WITH_AS((void)chiso::load_criteria(u),
                       (catalog_file + ":75:5: error[catalog-entry-mismatch]: catalog entry "
                                       "'service-index-766': status 'official' but "
                                       "the index is marked unverified")
                           .c_str(),
                       chiso::input_error);
}

TEST_CASE("max: equal_share — PAPI's 1/3 shares of a 1–10 dimension, and its misuse") {
  const std::string head =
      "kind: chiso/criteria\nformat_version: 1\nindex: {id: t, name: T, method: survey}\n"
      "criteria:\n";
  const auto tree =
      chiso::parse_criteria(head +
                                "  - code: \"1\"\n"
                                "    name: D\n"
                                "    min: 1\n"
                                "    max: 10\n"
                                "    children:\n"
                                "      - {code: \"1.1\", name: a, max: equal_share}\n"
                                "      - {code: \"1.2\", name: b, max: equal_share}\n"
                                "      - {code: \"1.3\", name: c, max: equal_share}\n",
                            "ok.yaml");
  CHECK_FALSE(tree.is_partial());
  CHECK(tree.at("1.1").max_equal_share);
  CHECK_FALSE(tree.at("1.1").max.has_value());
  CHECK(tree.root().min == *chiso::decimal::parse("1"));

  // Reading errors first (the sums are checked only on a tree that reads cleanly)…
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_criteria(head +
                                      "  - code: \"1\"\n"
                                      "    name: D\n"
                                      "    max: 10\n"
                                      "    children:\n"
                                      "      - {code: \"1.1\", name: a, max: equal_share, min: 1}\n"
                                      "  - code: \"2\"\n"
                                      "    name: E\n"
                                      "    max: equal_share\n"
                                      "    children:\n"
                                      "      - {code: \"2.1\", name: a, max: 1}\n",
                                  "bad.yaml"),
      "bad.yaml:9:50: error: criterion '1.1' has 'max: equal_share': its range is a share of its "
      "parent's, so it cannot declare a 'min'\n"
      "bad.yaml:12:10: error: criterion '2': only a leaf can have 'max: equal_share' (a parent's "
      "max is the sum of its children's)",
      chiso::input_error);
  // …then the parent's side: all children share, and the parent declares the range.
  CHECK_THROWS_WITH_AS(
      (void)chiso::parse_criteria(head + "  - code: \"1\"\n"
                                         "    name: D\n"
                                         "    children:\n"
                                         "      - {code: \"1.1\", name: a, max: equal_share}\n"
                                         "      - {code: \"1.2\", name: b, max: 2}\n",
                                  "bad.yaml"),
      "bad.yaml:5:5: error: criterion '1': either all or none of its children can have 'max: "
      "equal_share' (1 of 2 have it)\n"
      "bad.yaml:5:5: error: criterion '1': children with 'max: equal_share' need the parent to "
      "declare its 'max' (and 'min' if not 0), and not be partial",
      chiso::input_error);
}
