// Issue 15, item 1: the property tests against score() extended to the command-line path. Random
// trees and units are written as the files users give the tool — a wide CSV, a long CSV and a
// directory of score sheets — and `chiso rank --format json` on each must print exactly the
// JSON of the ranked results whose every unit's points and % equal score() on its sheet.
#include <doctest/doctest.h>

#include <chiso/chiso.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "../random_tree.hpp"

namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

// A CSV field: quoted, with its quotes doubled (RFC 4180).
std::string csv_field(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A double-quoted YAML scalar.
std::string yaml_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return out + "\"";
}

// The tree as a criteria file (children nested under their parent, pre-order).
void write_node(std::ostream& out, const chiso::criterion_tree& tree, std::size_t node,
                const std::string& indent) {
  const auto& c = tree[node];
  out << indent << "- code: " << quoted(c.code) << "\n"
      << indent << "  name: " << quoted(c.name) << "\n"
      << indent << "  max: " << c.max->to_string() << "\n";
  if (tree.children(node).empty()) return;
  out << indent << "  children:\n";
  for (const auto child : tree.children(node)) write_node(out, tree, child, indent + "    ");
}

std::string tree_yaml(const chiso::criterion_tree& tree) {
  std::ostringstream out;
  out << "kind: chiso/criteria\nformat_version: 1\nindex:\n  id: random\n  name: Random\n"
      << "  years: [2022]\n  decimals: 1\n  max: " << tree[0].max->to_string()
      << "\n  method: appraised\ncriteria:\n";
  for (const auto domain : tree.children(0)) write_node(out, tree, domain, "  ");
  return out.str();
}

// A unit's points or n/a per leaf, as the sheet says.
std::map<std::string, std::string> cells_of(const chiso::score_sheet& s) {
  std::map<std::string, std::string> out;
  for (const auto& p : s.points) out[p.code] = p.points.to_string();
  for (const auto& na : s.not_applicable) out[na.code] = "n/a";
  return out;
}

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

std::string run(const std::string& command) {
  std::string out;
  const std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  REQUIRE(pipe);
  std::array<char, 65536> buffer{};
  for (std::size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0;)
    out.append(buffer.data(), n);
  return out;
}

}  // namespace

TEST_CASE("chiso rank on wide CSV, long CSV and sheet directories equals score() per sheet") {
  const fs::path dir = fs::temp_directory_path() / ("chiso-cli-path-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sheets");
  std::mt19937_64 g(20261130);
  std::size_t tied = 0, not_applicable = 0, not_ranked = 0;
  for (int round = 0; round < 12; ++round) {
    CAPTURE(round);
    const auto generated = chiso_test::random_tree(g);
    write_file(dir / "tree.yaml", tree_yaml(generated));
    const auto tree = chiso::load_criteria(dir / "tree.yaml");
    chiso::unit_set set;
    set.criteria = "random";
    set.year = 2022;
    const auto units = 5 + g() % 40;
    for (std::size_t i = 0; i < units; ++i) {
      // Ids in file-name order: a directory's sheets are read in that order, as the CSV rows.
      const auto id = std::to_string(100 + i);
      auto s = chiso_test::random_sheet(g, tree, "u" + id, true);
      // A domain not applicable is written leaf by leaf: the form a CSV can say it in.
      std::vector<chiso::not_applicable_entry> leaves;
      for (const auto& na : s.not_applicable) {
        const auto node = *tree.find(na.code);
        for (const auto leaf : tree.leaves())
          if (node <= leaf && leaf < tree[node].subtree_end)
            leaves.push_back({tree[leaf].code, {}});
      }
      s.not_applicable = leaves;
      s.criteria = "random";
      s.unit.name = "Đơn vị " + std::to_string(i % 7) + ", \"x\"";  // quoted in both forms
      s.unit.group = g() % 3 ? "so" : "huyen";
      s.unit.ranked = g() % 9 != 0;
      not_applicable += s.not_applicable.empty() ? 0U : 1U;
      not_ranked += s.unit.ranked ? 0U : 1U;
      set.sheets.push_back(std::move(s));
    }
    // The expected value, checked against score() sheet by sheet.
    const auto expected = chiso::rank_units(tree, set);
    for (const auto& r : expected.units) {
      const auto& sheet = *std::find_if(set.sheets.begin(), set.sheets.end(),
                                        [&](const auto& s) { return s.unit.id == r.unit.id; });
      const auto total = chiso::score(tree, sheet).total();
      CHECK(r.points == total.points);
      CHECK(r.percent == total.percent());
      tied += r.tie ? 1U : 0U;
    }
    const auto json = chiso::to_json(expected);

    // The three files.
    std::string wide = "unit,name,group,ranked";
    for (const auto leaf : tree.leaves()) wide += "," + tree[leaf].code;
    wide += "\n";
    std::string long_form = "unit,name,group,ranked,code,points\n";
    fs::remove_all(dir / "sheets");
    fs::create_directories(dir / "sheets");
    for (const auto& s : set.sheets) {
      const auto cells = cells_of(s);
      const auto attributes = s.unit.id + "," + csv_field(s.unit.name) + "," + s.unit.group + "," +
                              (s.unit.ranked ? "true" : "false");
      wide += attributes;
      for (const auto leaf : tree.leaves()) wide += "," + cells.at(tree[leaf].code);
      wide += "\n";
      for (const auto& [code, value] : cells)
        long_form += attributes + "," + code + "," + value + "\n";
      std::ostringstream sheet;
      sheet << "kind: chiso/scores\nformat_version: 1\ncriteria: random\nunit: {id: " << s.unit.id
            << ", name: " << yaml_string(s.unit.name) << ", group: " << s.unit.group
            << ", ranked: " << (s.unit.ranked ? "true" : "false")
            << "}\nyear: 2022\nstage: final\npoints:\n";
      for (const auto& p : s.points)
        sheet << "  " << quoted(p.code) << ": " << p.points.to_string() << "\n";
      if (!s.not_applicable.empty()) {
        sheet << "not_applicable: [";
        for (std::size_t k = 0; k < s.not_applicable.size(); ++k)
          sheet << (k ? ", " : "") << quoted(s.not_applicable[k].code);
        sheet << "]\n";
      }
      write_file(dir / "sheets" / (s.unit.id + ".yaml"), sheet.str());
    }
    write_file(dir / "wide.csv", wide);
    write_file(dir / "long.csv", long_form);

    const std::string chiso = std::string(CHISO_CLI) + " rank --no-progress -c " +
                              (dir / "tree.yaml").string() + " --format json ";
    const std::string quiet = " 2>/dev/null";
    CHECK(run(chiso + "--csv " + (dir / "wide.csv").string() + " --year 2022" + quiet) == json);
    CHECK(run(chiso + "--csv " + (dir / "long.csv").string() + " --year 2022" + quiet) == json);
    CHECK(run(chiso + "--units " + (dir / "sheets").string() + quiet) == json);
  }
  // The data exercises what the paths could disagree on.
  CHECK(tied > 5);
  CHECK(not_applicable > 5);
  CHECK(not_ranked > 5);
  fs::remove_all(dir);
}

// The other commands that read many units, on the constructed index's 30 sheets: the directory,
// the same units as a wide CSV and as a long CSV print the same bytes.
TEST_CASE("rank, report, simulate, plan and uncertainty print the same from a directory and CSVs") {
  const fs::path sim = fs::path(CHISO_SOURCE_DIR) / "examples/data/simulation";
  const fs::path dir = fs::temp_directory_path() / ("chiso-cli-forms-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto tree = chiso::load_criteria(sim / "constructed-index.yaml");
  const auto set = chiso::load_sheet_directory(sim / "units", tree);
  REQUIRE(set.sheets.size() == 30);
  std::string wide = "unit,name,group";
  for (const auto leaf : tree.leaves()) wide += "," + tree[leaf].code;
  wide += "\n";
  std::string long_form = "unit,name,group,code,points\n";
  for (const auto& s : set.sheets) {
    const auto cells = cells_of(s);
    const auto attributes = s.unit.id + "," + csv_field(s.unit.name) + "," + s.unit.group;
    wide += attributes;
    for (const auto leaf : tree.leaves()) wide += "," + cells.at(tree[leaf].code);
    wide += "\n";
    for (const auto& [code, value] : cells)
      long_form += attributes + "," + code + "," + value + "\n";
  }
  write_file(dir / "wide.csv", wide);
  write_file(dir / "long.csv", long_form);
  write_file(dir / "scenario.yaml",
             "kind: chiso/scenario\nformat_version: 1\ncriteria: constructed-index\nname: test\n"
             "changes:\n  - {code: \"2.2\", action: to_max, units: [p23]}\n"
             "  - {code: \"3\", action: add_percent, value: 5, units: [p10, p23]}\n");
  const std::string chiso = std::string(CHISO_CLI) + " ";
  const std::string tree_arg = " -c " + (sim / "constructed-index.yaml").string();
  const std::vector<std::string> commands = {
      "rank --format json",
      "report --format json -o /dev/stdout",
      "simulate --format json --scenario " + (dir / "scenario.yaml").string(),
      "plan --format json --plan " + (sim / "top20-plan.yaml").string(),
      "uncertainty --format json --no-progress --run " + (sim / "uncertainty.yaml").string(),
  };
  for (const auto& command : commands) {
    CAPTURE(command);
    const auto from_directory =
        run(chiso + command + tree_arg + " --units " + (sim / "units").string() + " 2>&1");
    CHECK(from_directory.size() > 200);
    CHECK(run(chiso + command + tree_arg + " --csv " + (dir / "wide.csv").string() +
              " --year 2022 2>&1") == from_directory);
    CHECK(run(chiso + command + tree_arg + " --csv " + (dir / "long.csv").string() +
              " --year 2022 2>&1") == from_directory);
  }
  fs::remove_all(dir);
}
