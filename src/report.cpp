#include "chiso/report.hpp"

namespace chiso {
namespace {

std::string pad(std::string_view text, std::size_t width) {
  return pad_left(text, width);
}

std::string with_unit(const std::optional<decimal>& v, const number_format& f) {
  return v ? format_number(*v, f) : "?";
}

}  // namespace

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
