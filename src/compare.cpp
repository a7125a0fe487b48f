#include "chiso/compare.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "chiso/error.hpp"
#include "chiso/messages.hpp"
#include "chiso/ranking.hpp"

namespace chiso {

std::string_view to_string(change_status s) noexcept {
  switch (s) {
    case change_status::same:
      return "same";
    case change_status::renamed:
      return "renamed";
    case change_status::merged:
      return "merged";
    case change_status::new_unit:
      return "new";
    case change_status::gone:
      return "gone";
  }
  return "?";
}

std::string unit_change::value_change_text(value_kind kind, const number_format& fmt,
                                           language lang) const {
  if (!value_change) return "n/a";
  std::string text = format_number(*value_change, fmt);
  if (*value_change > 0) text = "+" + text;
  return text + " " + std::string(kind == value_kind::percent ? "pp" : translate("điểm", lang));
}

std::string unit_change::rank_change_text() const {
  if (!previous_rank || !current_rank || !rank_change) return "n/a";
  return chiso::rank_change_text(*previous_rank, *current_rank);
}

namespace {

std::map<std::string, const year_result*> index_of(std::span<const year_result> results,
                                                   const char* year) {
  std::map<std::string, const year_result*> out;
  for (const auto& r : results)
    if (!out.emplace(r.unit, &r).second)
      throw usage_error(std::string("compare_years: unit '") + r.unit +
                        "' is listed twice in the " + year + " year");
  return out;
}

}  // namespace

std::vector<unit_change> compare_years(std::span<const year_result> previous,
                                       std::span<const year_result> current,
                                       std::span<const unit_mapping> mappings) {
  const auto prev = index_of(previous, "previous");
  const auto curr = index_of(current, "current");
  std::map<std::string, const unit_mapping*> mapping_of;
  for (const auto& m : mappings) {
    // A mapping read from a file is bad input, reported where it was written.
    const auto fail = [&](const char* code, const std::string& message) {
      if (m.where.file) throw input_error(code, m.where, message);
      throw usage_error("compare_years: " + message);
    };
    if (!curr.contains(m.current))
      fail("mapping-unknown-unit",
           "mapping for '" + m.current + "', which is not in the current year");
    for (const auto& p : m.previous)
      if (!prev.contains(p))
        fail("mapping-unknown-unit",
             "mapping of '" + m.current + "' names '" + p + "', which is not in the previous year");
    if (m.previous.empty())
      fail("mapping-no-previous", "mapping of '" + m.current + "' names no previous unit");
    if (m.compare_with &&
        std::find(m.previous.begin(), m.previous.end(), *m.compare_with) == m.previous.end())
      fail("mapping-compare-with", "mapping of '" + m.current + "' compares with '" +
                                       *m.compare_with +
                                       "', which it does not list as a previous unit");
    if (!mapping_of.emplace(m.current, &m).second)
      fail("mapping-twice", "unit '" + m.current + "' is mapped twice");
  }

  std::vector<unit_change> out;
  std::set<std::string> continued;
  for (const auto& c : current) {
    unit_change row;
    row.unit = c.unit;
    row.current_value = c.value;
    row.current_rank = c.rank;
    const year_result* base = nullptr;
    if (const auto m = mapping_of.find(c.unit); m != mapping_of.end()) {
      row.previous = m->second->previous;
      row.note = m->second->note;
      row.status = row.previous.size() == 1 ? change_status::renamed : change_status::merged;
      if (row.previous.size() == 1)
        base = prev.at(row.previous.front());
      else if (m->second->compare_with)
        base = prev.at(*m->second->compare_with);
      else
        row.note += std::string(row.note.empty() ? "" : "; ") + "merged from " +
                    std::to_string(row.previous.size()) +
                    " units: no single previous value or rank";
    } else if (const auto p = prev.find(c.unit); p != prev.end()) {
      row.previous = {c.unit};
      base = p->second;
    } else {
      row.status = change_status::new_unit;
    }
    continued.insert(row.previous.begin(), row.previous.end());
    if (base) {
      row.previous_value = base->value;
      row.previous_rank = base->rank;
      if (row.previous_value && row.current_value)
        row.value_change = *row.current_value - *row.previous_value;
      if (base->group != c.group) {
        // Ranks within two different groups do not compare; the value does.
        row.moved_from = base->group;
        row.note += std::string(row.note.empty() ? "" : "; ") + "moved from " + base->group +
                    " to " + c.group + ": rank change n/a (ranks are within each group)";
      } else if (row.previous_rank && row.current_rank) {
        row.rank_change = rank_change(*row.previous_rank, *row.current_rank);
      }
    }
    out.push_back(std::move(row));
  }
  for (const auto& p : previous) {
    if (continued.contains(p.unit)) continue;
    unit_change row;
    row.unit = p.unit;
    row.status = change_status::gone;
    row.previous_value = p.value;
    row.previous_rank = p.rank;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace chiso
