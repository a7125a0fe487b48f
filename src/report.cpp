#include "chiso/report.hpp"

#include "chiso/messages.hpp"
#include "rounding.hpp"

namespace chiso {
namespace {

std::string pad(std::string_view text, std::size_t width) {
  return pad_left(text, width);
}

std::string with_unit(const std::optional<decimal>& v, const number_format& f) {
  return v ? format_number(*v, f) : "?";
}

std::string percent_text(const std::optional<rational>& p, const number_format& f) {
  return p ? format_number(*p, f) : "?";
}

std::string unit_line(const scorecard& card) {
  return (card.unit.name.empty() ? card.unit.id : card.unit.name) + ", " +
         std::to_string(card.year) + ", " + std::string(to_string(card.stage));
}

// Sums of printed cells that miss the printed figure they should make, found while a table is
// built; one note says the cells are rounded separately, with the first few cases.
class separate_rounding {
 public:
  explicit separate_rounding(const number_format& fmt) : fmt_(fmt) {}

  // points + gap = max, checked on the printed cells.
  void row(const std::string& code, const decimal& points, const decimal& gap, const decimal& max) {
    if (points.to_rational() + gap.to_rational() != max.to_rational() ||
        shown(points) + shown(gap) == shown(max))
      return;
    add(code + ": points " + text(points) + " + gap " + text(gap) + " ≠ max " + text(max));
  }
  // A sum that holds exactly, checked on the printed cells: `parts` add up to `whole`.
  // "<head> 0,62 + 0,62 ≠ <whole_word>1,23".
  void sum(const std::string& head, const std::vector<decimal>& parts, const decimal& whole,
           const std::string& whole_word) {
    rational exact = 0, printed = 0;
    std::string terms;
    for (const auto& p : parts) {
      exact += p.to_rational();
      printed += shown(p);
      terms += (terms.empty() ? "" : " + ") + text(p);
    }
    if (exact != whole.to_rational() || printed == shown(whole)) return;
    if (parts.size() > 4) terms = "the sum of " + std::to_string(parts.size()) + " printed cells";
    add(head + " " + terms + " ≠ " + whole_word + text(whole));
  }
  void note_into(std::vector<std::string>& notes) const {
    if (cases_.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < cases_.size() && i < 3; ++i)
      list += (list.empty() ? "" : "; ") + cases_[i];
    if (cases_.size() > 3) list += "; … (" + std::to_string(cases_.size()) + " in all)";
    notes.push_back("Cells are rounded separately, so printed figures may not add up (" + list +
                    "); the exact values do.");
  }

 private:
  [[nodiscard]] rational shown(const decimal& d) const {
    return detail::printed_value(d.to_rational(), fmt_);
  }
  [[nodiscard]] std::string text(const decimal& d) const { return format_number(d, fmt_); }
  void add(std::string c) { cases_.push_back(std::move(c)); }

  number_format fmt_;
  std::vector<std::string> cases_;
};

// The method column: the criteria file's own word (`self_assessed`, `survey`…), or "–" for a
// node whose children are measured in several ways or not said (chiso's `unspecified`, which no
// criteria file writes).
std::string method_cell(measurement m) {
  return m == measurement::unspecified ? "–" : std::string(to_string(m));
}

}  // namespace

report_options report_options_for(const criterion_tree& tree) {
  report_options r;
  r.points.precision = tree.info().decimals;
  return r;
}

std::vector<std::string> report_notes(const criterion_tree& tree, const report_options& options) {
  std::vector<std::string> notes;
  const auto lang = options.lang;
  notes.push_back(translate(
      "Rounding for display only: points {} decimals, % {} decimals, {}; stored values are exact.",
      lang,
      {std::to_string(options.points.precision), std::to_string(options.percent.precision),
       std::string(to_string(options.points.mode))}));
  if (tree.is_partial())
    notes.push_back(
        translate("PARTIAL tree: the source prints only part of '{}'; unlisted parts "
                  "count as each node declares; '?' = not determined.",
                  lang, {tree.info().id}));
  if (!tree.info().unverified.empty())
    notes.push_back(translate("UNVERIFIED: {}", lang, {tree.info().unverified}));
  return notes;
}

table score_table(const criterion_tree& tree, const scorecard& card,
                  const report_options& options) {
  table t;
  t.title = tree.info().name + " — " + unit_line(card);
  t.columns = {{"code", "Mã", false},         {"depth", "Cấp", true},
               {"points", "Điểm đạt", true},  {"max", "Điểm chuẩn", true},
               {"percent", "% tối đa", true}, {"gap", "Thiếu", true},
               {"method", "Đo lường", false}, {"name", "Tiêu chí", false}};
  separate_rounding rounded(options.points);
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto& node = tree[i];
    const auto& s = card[i];
    const std::string depth = std::to_string(node.depth);
    std::string name = i == 0 ? std::string(translate("TỔNG", options.lang)) : node.name;
    // Appended piece by piece: GCC 12 -O3 warns on " " + std::string (-Wrestrict, a false
    // positive in char_traits, GCC bug 105329).
    if (!node.unverified.empty()) name.append(" ").append(translate("[unverified]", options.lang));
    if (!s.applicable) {
      t.rows.push_back({node.code, depth, "n/a", "n/a", "n/a", "n/a", method_cell(node.method),
                        name + " " + std::string(translate("(not applicable)", options.lang))});
      continue;
    }
    t.rows.push_back({node.code, depth, with_unit(s.points, options.points),
                      with_unit(s.max, options.points), percent_text(s.percent(), options.percent),
                      with_unit(s.gap, options.points), method_cell(node.method), name});
    const std::string label = i == 0 ? "the total" : node.code;
    if (s.points && s.gap && s.max) rounded.row(label, *s.points, *s.gap, *s.max);
    // Children that are not applicable print n/a and count for nothing; an unknown child
    // leaves nothing to add up.
    std::vector<decimal> points, maxima;
    bool known = s.points && s.max;
    for (auto c : tree.children(i)) {
      if (!card[c].applicable) continue;
      if (!card[c].points || !card[c].max) known = false;
      if (!known) break;
      points.push_back(*card[c].points);
      maxima.push_back(*card[c].max);
    }
    if (known && !points.empty()) {
      rounded.sum("children of " + label + ": points", points, *s.points, "");
      rounded.sum("children of " + label + ": maxima", maxima, *s.max, "");
    }
  }
  t.notes = report_notes(tree, options);
  rounded.note_into(t.notes);
  return t;
}

table gap_table(const criterion_tree& tree, const scorecard& card, const report_options& options) {
  table t;
  t.title = "Không đạt điểm tối đa — " + unit_line(card);
  t.columns = {{"code", "Mã", false},        {"max", "Điểm chuẩn", true},
               {"points", "Điểm đạt", true}, {"percent", "% tối đa", true},
               {"gap", "Thiếu", true},       {"name", "Tiêu chí", false}};
  const auto report = gaps(tree, card, options.order);
  separate_rounding rounded(options.points);
  std::vector<decimal> gap_cells;
  for (const auto& item : report.items) {
    t.rows.push_back({tree[item.node].code, format_number(item.max, options.points),
                      format_number(item.points, options.points),
                      format_number(item.percent, options.percent),
                      format_number(item.gap, options.points), tree[item.node].name});
    rounded.row(tree[item.node].code, item.points, item.gap, item.max);
    gap_cells.push_back(item.gap);
  }
  for (auto i : report.unknown)
    t.rows.push_back(
        {tree[i].code, "?", format_number(*card[i].points, options.points), "?", "?",
         tree[i].name + " " + std::string(translate("(max not in the source)", options.lang))});
  t.notes = report_notes(tree, options);
  t.notes.push_back("Known gaps total " + format_number(report.total, options.points) +
                    (report.unknown.empty() ? std::string(".")
                     : report.unknown.size() == 1
                         ? std::string("; 1 criterion with unknown max not included.")
                         : "; " + std::to_string(report.unknown.size()) +
                               " criteria with unknown max not included."));
  rounded.sum("known gaps:", gap_cells, report.total, "total ");
  rounded.note_into(t.notes);
  return t;
}

table domain_gap_table(const criterion_tree& tree, const scorecard& card,
                       const report_options& options) {
  table t;
  t.title = "Điểm thiếu theo lĩnh vực — " + unit_line(card);
  t.columns = {{"code", "Mã", false},
               {"gap", "Thiếu", true},
               {"criteria", "Số tiêu chí", true},
               {"unknown", "Không rõ", false},
               {"name", "Lĩnh vực", false}};
  for (const auto& g : gaps_by_domain(tree, card, options.order)) {
    std::string unknown;
    for (auto i : g.unknown) unknown += (unknown.empty() ? "" : ", ") + tree[i].code;
    t.rows.push_back({tree[g.domain].code, format_number(g.subtotal, options.points),
                      std::to_string(g.items.size()), unknown, tree[g.domain].name});
  }
  t.notes = report_notes(tree, options);
  return t;
}

table stage_table(const criterion_tree& tree, const stage_comparison& comparison,
                  const report_options& options) {
  table t;
  t.title = "Tự chấm → thẩm định → kết quả — " +
            (comparison.unit.name.empty() ? comparison.unit.id : comparison.unit.name);
  t.columns = {{"code", "Mã", false},
               {"self_assessed", "Tự chấm", true},
               {"appraised", "Thẩm định", true},
               {"final", "Kết quả", true},
               {"removed_by_appraisal", "Thẩm định trừ", true},
               {"changed_after_appraisal", "Thay đổi sau thẩm định", true},
               {"name", "Tiêu chí", false}};
  const bool with_final = !comparison.rows.empty() && comparison.rows.front().final_points;
  if (comparison.with_evidence) {
    // Before the name, which stays last as in every table.
    t.columns.insert(t.columns.end() - 1, {{"evidence", "Tài liệu kiểm chứng", false},
                                           {"explanation", "Giải trình", false},
                                           {"appraisal_reason", "Lý do thẩm định", false}});
    if (with_final)
      t.columns.insert(t.columns.end() - 1, {"final_reason", "Lý do thay đổi", false});
  }
  for (const auto& row : comparison.rows) {
    const auto& node = tree[row.node];
    std::vector<std::string> cells = {
        node.code,
        with_unit(row.self_assessed, options.points),
        with_unit(row.appraised, options.points),
        row.final_points ? format_number(*row.final_points, options.points) : "",
        with_unit(row.removed_by_appraisal, options.points),
        row.final_points ? with_unit(row.changed_after_appraisal, options.points) : ""};
    if (comparison.with_evidence) {
      std::string documents;
      for (const auto& d : row.evidence) {
        auto text = d.number.empty() ? (d.title.empty() ? d.link : d.title) : d.number;
        if (!d.date.empty()) text += " (" + d.date + ")";
        documents += (documents.empty() ? "" : "; ") + text;
      }
      cells.push_back(documents);
      cells.push_back(row.explanation);
      cells.push_back(row.appraisal_reason);
      if (with_final) cells.push_back(row.final_reason);
    }
    cells.push_back(row.node == 0 ? std::string(translate("TỔNG", options.lang)) : node.name);
    t.rows.push_back(std::move(cells));
  }
  t.notes = report_notes(tree, options);
  const auto codes = [&](const std::vector<std::size_t>& nodes) {
    std::string out;
    for (auto i : nodes) out += (out.empty() ? "" : ", ") + tree[i].code;
    return out;
  };
  const auto where = codes(comparison.where_removed);
  t.notes.push_back("Appraisal removed " + format_number(comparison.total_removed, options.points) +
                    " points" + (where.empty() ? std::string(".") : " at " + where + "."));
  if (comparison.with_evidence) {
    t.notes.push_back(
        comparison.unsupported.empty()
            ? "Every self-assessed point has evidence or an explanation (CV 383/BNV-CCHC)."
            : "Self-assessed points with neither evidence nor explanation (CV 383/BNV-CCHC, "
              "384/BNV-CCHC): " +
                  codes(comparison.unsupported) + ".");
    if (!comparison.changed_without_reason.empty())
      t.notes.push_back("Points changed without a stated reason: " +
                        codes(comparison.changed_without_reason) + ".");
  }
  return t;
}

void print_gap_report(std::ostream& out, const criterion_tree& tree, const scorecard& card,
                      const report_options& options) {
  const auto& info = tree.info();
  const auto& total = card.total();
  out << info.name;
  if (!info.legal_basis.empty()) out << " (" << info.legal_basis << ")";
  out << "\nĐơn vị: " << (card.unit.name.empty() ? card.unit.id : card.unit.name) << ", năm "
      << card.year << ", giai đoạn " << to_string(card.stage) << "\n";
  if (tree.is_partial())
    out << "Cây tiêu chí KHÔNG ĐẦY ĐỦ (partial): nguồn chỉ in một phần; phần không in được tính "
           "theo khai báo 'unlisted' của từng nút.\n";
  if (!info.unverified.empty()) out << "Chưa kiểm chứng (unverified): " << info.unverified << "\n";
  out << "Tổng điểm: " << with_unit(total.points, options.points) << " / "
      << with_unit(total.max, options.points);
  if (auto p = total.percent()) out << " = " << format_number(*p, options.percent) << "%";
  if (!total.points) out << " (không xác định được từ các số liệu đã in)";
  out << "\nLàm tròn khi in: điểm " << options.points.precision << " chữ số, % "
      << options.percent.precision << " chữ số, quy tắc " << to_string(options.points.mode)
      << "; giá trị lưu trữ không làm tròn.\n\n";

  const auto report = gaps(tree, card, options.order);
  out << "Tiêu chí không đạt điểm tối đa (" << report.items.size() << "), xếp theo "
      << (options.order == gap_order::by_gap       ? "điểm thiếu giảm dần"
          : options.order == gap_order::by_percent ? "% điểm tối đa tăng dần"
                                                   : "mã tiêu chí")
      << ":\n";
  out << pad("Mã", 7) << pad("Điểm chuẩn", 12) << pad("Điểm đạt", 10) << pad("% tối đa", 10)
      << pad("Thiếu", 9) << "  Tiêu chí\n";
  for (const auto& item : report.items) {
    const auto& node = tree[item.node];
    out << pad(node.code, 7) << pad(format_number(item.max, options.points), 12)
        << pad(format_number(item.points, options.points), 10)
        << pad(format_number(item.percent, options.percent) + "%", 10)
        << pad(format_number(item.gap, options.points), 9) << "  " << node.name << "\n";
  }
  for (auto i : report.unknown)
    out << pad(tree[i].code, 7) << pad("?", 12)
        << pad(format_number(*card[i].points, options.points), 10) << pad("?", 10) << pad("?", 9)
        << "  " << tree[i].name << " (điểm chuẩn không có trong nguồn)\n";

  out << "\nĐiểm thiếu theo lĩnh vực:\n";
  for (const auto& g : gaps_by_domain(tree, card, options.order)) {
    const auto& domain = tree[g.domain];
    out << pad(domain.code, 3) << pad(format_number(g.subtotal, options.points), 9);
    for (auto i : g.unknown) out << " + " << tree[i].code << " (?)";
    out << "  " << domain.name << " (" << g.items.size() << " tiêu chí)\n";
  }
  out << "Tổng điểm thiếu đã biết: " << format_number(report.total, options.points);
  if (!report.unknown.empty())
    out << " (chưa gồm " << report.unknown.size() << " tiêu chí không rõ điểm chuẩn)";
  out << "\n";
}

}  // namespace chiso
