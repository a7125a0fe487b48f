// A scoring portal's whole cycle on the shipped example data, as typed values and JSON:
//
//   portal_cycle <source dir> [out.json]
//
// 1. One sở's stages on the example sở tree: self-assessment (tự chấm), appraisal (thẩm định)
//    and the final result with the survey part (criterion 8, điều tra xã hội học) added.
// 2. Ranks and bands per unit group (sở, quận/huyện) of 29 units, year over year (2017 → 2023),
//    from the wide CSVs straight into the batch engine (no sheet per unit).
// 3. The ranked result as JSON (docs/schema/ranked-results.schema.json) for the web front end,
//    and the stages with their evidence (docs/schema/stage-comparison.schema.json).
// The figures are checked: the stages are illustrative, the per-unit scores constructed, the
// band counts 10 / 17 / 2 of 2023 the published ones (seed 000:26-31).
#include <chiso/chiso.hpp>

#include <fstream>
#include <iostream>
#include <string>

namespace {

void expect(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("unexpected figure: " + what);
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::cerr << "usage: portal_cycle <source dir> [out.json]\n";
    return 2;
  }
  const std::string dir = argv[1];

  // 1. Stages of one unit from its sheets: what appraisal removed, what the survey added, and
  //    the self-assessed points with neither evidence nor explanation (CV 383/BNV-CCHC).
  const auto so_tree = chiso::load_criteria(dir + "/criteria/example-so.yaml");
  const auto sheet = [&](const char* name) {
    return chiso::load_sheet(dir + "/tests/data/stages/tu-phap-" + std::string(name) + ".yaml",
                             so_tree);
  };
  const auto final_sheet = sheet("final");
  const auto stages =
      chiso::compare_stages(so_tree, sheet("self_assessed"), sheet("appraised"), &final_sheet);
  const auto& total = stages.rows.front();
  const auto survey = *so_tree.find("8");
  std::cout << stages.unit.name << ": self " << total.self_assessed->to_string() << ", appraised "
            << total.appraised->to_string() << ", final " << total.final_points->to_string()
            << "; survey (8) " << stages.rows[survey].appraised->to_string() << " -> "
            << stages.rows[survey].final_points->to_string() << "\n";
  expect(*total.self_assessed == *chiso::decimal::parse("94.7"), "self-assessed total");
  expect(stages.total_removed == *chiso::decimal::parse("6.25"), "removed by appraisal");
  expect(*total.final_points == *chiso::decimal::parse("90.15"), "final total");
  expect(*stages.rows[survey].changed_after_appraisal == *chiso::decimal::parse("1.2"),
         "survey points added after appraisal");
  std::cout << "without evidence or explanation: " << stages.unsupported.size() << " criteria\n";
  expect(stages.unsupported.size() == 2, "4 and 6 unsupported");

  // 2. Ranks and bands per group, year over year, from the batch engine.
  const auto tree = chiso::load_criteria(dir + "/examples/data/so-huyen-constructed-criteria.yaml");
  const auto bands = chiso::load_bands(dir + "/criteria/bands/can-tho-so-huyen-2017.yaml");
  const auto load = [&](int year) {
    return chiso::load_unit_matrix_csv(
        dir + "/examples/data/can-tho-units-" + std::to_string(year) + "-constructed.csv", tree,
        {year, chiso::scoring_stage::final, chiso::missing_policy::error});
  };
  const auto now = load(2023);
  const auto before = load(2017);
  const auto results = chiso::rank_units(now, 2023, {}, &bands, &before, 2017);

  const auto& noi_vu = *results.find("noi-vu");
  std::cout << noi_vu.unit.name << ": " << *noi_vu.rank << "/" << noi_vu.ranked_count << ", "
            << chiso::format_number(*noi_vu.percent, {2, chiso::rounding::half_up, ','}) << "%, "
            << *noi_vu.band << ", was " << *noi_vu.change->previous_rank << " ("
            << noi_vu.change->rank_change_text() << ", "
            << noi_vu.change->value_change_text(chiso::value_kind::percent) << ")\n";
  expect(*noi_vu.rank == 4 && noi_vu.ranked_count == 20, "Sở Nội vụ 04/20");
  expect(results.tied_with(noi_vu) == std::vector<std::string>{"tu-phap"}, "tie with Sở Tư pháp");
  expect(*noi_vu.band == "Rất tốt" && *noi_vu.change->rank_change == 16, "band, +16 places");
  expect(*noi_vu.change->value_change == chiso::rational(2413, 100), "+24,13 pp");
  const auto& unranked = *results.find("vp-doan-dbqh");
  expect(unranked.status == chiso::result_status::not_ranked && !unranked.rank, "not ranked");

  std::size_t counts[3] = {0, 0, 0};  // Rất tốt, Tốt, Khá over both groups
  for (const auto& group : results.band_counts)
    for (std::size_t b = 0; b < group.counts.size() && b < 3; ++b) counts[b] += group.counts[b];
  std::cout << "2023: Rất tốt " << counts[0] << "; Tốt " << counts[1] << "; Khá " << counts[2]
            << "\n";
  expect(counts[0] == 10 && counts[1] == 17 && counts[2] == 2, "published counts 10/17/2");

  // 3. JSON for the front end.
  if (argc > 2) {
    std::ofstream out(argv[2], std::ios::binary);
    chiso::write_json(out, results);
  } else {
    const auto json = chiso::to_json(results);
    expect(json.find("\"rank\": 4, \"exact_rank\": 4, \"ranked_count\": 20") != std::string::npos,
           "JSON rank");
    std::cout << "JSON: " << json.size() << " bytes, " << results.units.size() << " units\n";
    const auto stage_json = chiso::to_json(so_tree, stages);  // chiso/stage-comparison
    expect(stage_json.find("\"unsupported\": [\"4\", \"6\"]") != std::string::npos,
           "stage JSON: unsupported points");
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << e.what() << "\n";
  return 1;
}
