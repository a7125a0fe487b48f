// Prints a ranked, banded table of many units with year-over-year columns.
//
//   ranked_table <criteria.yaml> <bands.yaml> <previous-year> <previous.csv> <year> <current.csv>
//
// Units are ranked within their group (sở, quận/huyện) by their % of the applicable maximum,
// with competition ranking on exact values; bands come from the band file's table for the
// group; changes are previous − current rank and percentage points.
#include <chiso/chiso.hpp>

#include <iostream>
#include <map>
#include <string>

namespace {

struct unit_row {
  chiso::unit_info unit;
  std::optional<chiso::rational> percent;
  std::optional<std::uint32_t> rank;
  std::string rank_label;
  std::string band;
  std::vector<std::string> tied_with;
};

struct year_table {
  int year = 0;
  std::map<std::string, std::vector<unit_row>> by_group;  // rows in file order
  std::map<std::string, std::size_t> band_counts;
  std::vector<std::string> band_labels;
  std::vector<std::string> notes;
};

year_table score_year(const chiso::criterion_tree& tree, const chiso::band_scheme& bands, int year,
                      const std::string& csv) {
  const auto set = chiso::load_units_csv(
      csv, tree, {year, chiso::scoring_stage::final, chiso::missing_policy::error});
  const auto matrix = chiso::unit_matrix::from_sheets(tree, set.sheets);
  const std::vector<std::size_t> total{0};
  const auto scores = chiso::score_batch(matrix, total);
  year_table t;
  t.year = year;
  for (const std::string group : {"so", "huyen"}) {
    const auto values = scores.values(0, chiso::batch_scores::measure::percent, group);
    const auto ranks = chiso::rank(values);
    const auto* table = bands.for_group(group);
    const auto banding =
        table ? chiso::classify(*table, scores.percents(0, group)) : chiso::banding{};
    for (std::size_t b = 0; b < banding.labels.size(); ++b) {
      if (t.band_counts.find(banding.labels[b]) == t.band_counts.end())
        t.band_labels.push_back(banding.labels[b]);
      t.band_counts[banding.labels[b]] += banding.counts[b];
    }
    t.notes.insert(t.notes.end(), banding.notes.begin(), banding.notes.end());
    for (std::size_t u = 0; u < matrix.unit_count(); ++u) {
      if (matrix.units()[u].group != group) continue;
      unit_row row{matrix.units()[u], scores.at(u, 0).percent(), std::nullopt, "–", "", {}};
      if (ranks.is_ranked(u)) {
        row.rank = ranks.rank(u);
        row.rank_label = ranks.label(u, 2);
        for (auto other : ranks.tied_with(u)) row.tied_with.push_back(matrix.units()[other].id);
      }
      if (!banding.band.empty() && banding.band[u]) row.band = banding.labels[*banding.band[u]];
      t.by_group[group].push_back(std::move(row));
    }
  }
  return t;
}

std::vector<chiso::year_result> results(const std::vector<unit_row>& rows) {
  std::vector<chiso::year_result> out;
  for (const auto& r : rows)
    out.push_back(
        {r.unit.id, r.percent, r.rank ? std::optional<std::int64_t>(*r.rank) : std::nullopt});
  return out;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 7) {
    std::cerr << "usage: ranked_table <criteria.yaml> <bands.yaml> <previous-year> <previous.csv> "
                 "<year> <current.csv>\n";
    return 2;
  }
  const auto tree = chiso::load_criteria(argv[1]);
  const auto bands = chiso::load_bands(argv[2]);
  const auto previous = score_year(tree, bands, std::stoi(argv[3]), argv[4]);
  const auto current = score_year(tree, bands, std::stoi(argv[5]), argv[6]);
  const chiso::number_format pct{2, chiso::rounding::truncate, ','};  // Cần Thơ truncates

  std::cout << "Xếp hạng, xếp loại năm " << current.year << " so với năm " << previous.year
            << " — tiêu chí '" << tree.info().id << "', xếp loại '" << bands.id << "'\n";
  if (!tree.info().unverified.empty())
    std::cout << "CHÚ Ý: bộ tiêu chí chưa kiểm chứng: " << tree.info().unverified << "\n";
  if (!bands.unverified.empty())
    std::cout << "CHÚ Ý: ngưỡng xếp loại chưa kiểm chứng: " << bands.unverified << "\n";
  std::cout << "Điểm từng đơn vị là số liệu dựng (constructed), không phải số công bố; chỉ số "
               "lượng mỗi loại là số công bố.\n";

  const std::map<std::string, std::string> group_names{{"so", "Sở, ban, ngành"},
                                                       {"huyen", "UBND quận, huyện"}};
  for (const std::string group : {"so", "huyen"}) {
    auto rows = current.by_group.at(group);
    std::stable_sort(rows.begin(), rows.end(), [](const unit_row& a, const unit_row& b) {
      return a.rank.value_or(UINT32_MAX) < b.rank.value_or(UINT32_MAX);
    });
    const auto changes = chiso::compare_years(results(previous.by_group.at(group)),
                                              results(current.by_group.at(group)));
    std::map<std::string, const chiso::unit_change*> change_of;
    for (const auto& c : changes) change_of[c.unit] = &c;
    std::cout << "\n"
              << group_names.at(group) << "\n"
              << chiso::pad_right("Hạng", 7) << chiso::pad_right("Đơn vị", 46)
              << chiso::pad_left("Chỉ số", 8) << "  " << chiso::pad_right("Xếp loại", 9)
              << chiso::pad_left("Hạng " + std::to_string(previous.year), 10) << "  "
              << chiso::pad_right("Thay đổi hạng", 14) << chiso::pad_left("± Chỉ số", 10) << "\n";
    for (const auto& r : rows) {
      const auto* c = change_of.at(r.unit.id);
      std::string previous_rank = "–";
      if (c->previous_rank) previous_rank = std::to_string(*c->previous_rank);
      std::string name = r.unit.name;
      if (!r.unit.ranked) name += " (không xếp hạng)";
      std::cout << chiso::pad_right(r.rank_label, 7) << chiso::pad_right(name, 46)
                << chiso::pad_left(r.percent ? chiso::format_number(*r.percent, pct) + "%" : "n/a",
                                   8)
                << "  " << chiso::pad_right(r.band.empty() ? "–" : r.band, 9)
                << chiso::pad_left(previous_rank, 10) << "  "
                << chiso::pad_right(c->rank_change_text(), 14)
                << chiso::pad_left(c->value_change_text(chiso::value_kind::percent, pct), 10);
      if (!r.tied_with.empty()) {
        std::cout << "  đồng hạng với";
        for (const auto& t : r.tied_with) std::cout << " " << t;
      }
      std::cout << "\n";
    }
  }
  for (const auto* t : {&previous, &current}) {
    std::cout << "\nSố lượng theo loại năm " << t->year << ":";
    std::size_t total = 0;
    for (const auto& label : t->band_labels) {
      std::cout << " " << label << " " << t->band_counts.at(label) << ";";
      total += t->band_counts.at(label);
    }
    std::cout << " tổng " << total << " đơn vị xếp loại\n";
    for (const auto& n : t->notes) std::cout << "  " << n << "\n";
  }
  return 0;
} catch (const chiso::error& e) {
  std::cerr << e.what() << "\n";
  return 1;
}
