// Reading declared unit mappings (renamings and mergers) from YAML.
#include <algorithm>
#include <map>

#include "chiso/compare.hpp"
#include "chiso/error.hpp"
#include "yaml_support.hpp"

namespace chiso {

namespace {

using detail::diagnostics;
using detail::location_of;
using detail::mapping;

// A list of unit ids: a YAML sequence of non-empty scalars (a single id may be written alone).
std::vector<std::string> read_ids(const YAML::Node& node, const detail::file_name_ptr& file,
                                  diagnostics& diag, const std::string& what) {
  std::vector<std::string> ids;
  if (node.IsScalar() && !node.Scalar().empty()) return {node.Scalar()};
  if (!node.IsSequence() || node.size() == 0) {
    diag.add("not-a-list", location_of(file, node.Mark()),
             what + " must be a unit id or a list of unit ids");
    return ids;
  }
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      diag.add("not-text", location_of(file, item.Mark()), what + ": each entry must be a unit id");
      continue;
    }
    ids.push_back(item.Scalar());
  }
  return ids;
}

}  // namespace

std::vector<unit_mapping> parse_unit_mappings(std::string_view yaml, std::string file_name) {
  return detail::guarded(file_name, [&]() -> std::vector<unit_mapping> {
    const auto file = std::make_shared<const std::string>(file_name);
    diagnostics diag;
    const auto root = detail::parse_yaml(yaml, file);
    std::vector<unit_mapping> out;
    if (!detail::check_file_kind(root, file, diag, "chiso/unit-mappings")) {
      diag.throw_if_any();
      return out;
    }
    mapping top(root, file, diag, "unit mappings",
                {"kind", "format_version", "note", "source", "mappings"});
    (void)top.optional_string("note");
    (void)top.optional_string("source");
    const auto list = top.get("mappings");
    if (!list) {
      if (top.is_mapping())
        diag.add("missing-key", top.where(), "unit mappings: missing key 'mappings'");
      diag.throw_if_any();
      return out;
    }
    if (!list->IsSequence() || list->size() == 0) {
      diag.add("not-a-list", location_of(file, list->Mark()),
               "unit mappings: 'mappings' must be a list");
      diag.throw_if_any();
    }
    std::map<std::string, source_location> current_at, previous_at;
    std::size_t n = 0;
    for (const auto& item : *list) {
      ++n;
      mapping m(item, file, diag, "mapping " + std::to_string(n),
                {"unit", "previous", "compare_with", "note"});
      if (!m.is_mapping()) continue;
      unit_mapping u;
      u.where = m.where();
      const auto unit = m.required_string("unit");
      if (unit) {
        u.current = *unit;
        const auto where = location_of(file, m.get("unit")->Mark());
        if (const auto [it, inserted] = current_at.emplace(u.current, where); !inserted)
          diag.add("mapping-unit-twice", where,
                   "mapping " + std::to_string(n) + ": unit '" + u.current +
                       "' is already mapped (line " + std::to_string(it->second.line) + ")");
      }
      const auto label = "mapping " + std::to_string(n) + " ('" + u.current + "')";
      if (const auto previous = m.get("previous")) {
        u.previous = read_ids(*previous, file, diag, label + ": 'previous'");
        std::map<std::string, bool> seen;
        for (const auto& p : u.previous)
          if (!seen.emplace(p, true).second)
            diag.add("mapping-previous-twice", location_of(file, previous->Mark()),
                     label + ": previous unit '" + p + "' is listed twice");
      } else if (m.is_mapping()) {
        diag.add("missing-key", m.where(), label + ": missing key 'previous'");
      }
      if (const auto with = m.get("compare_with")) {
        const auto where = location_of(file, with->Mark());
        if (!with->IsScalar() || with->Scalar().empty())
          diag.add("mapping-compare-with", where,
                   label + ": 'compare_with' must be one of its previous units");
        else if (std::find(u.previous.begin(), u.previous.end(), with->Scalar()) ==
                 u.previous.end())
          diag.add("mapping-compare-with", where,
                   label + ": compares with '" + with->Scalar() +
                       "', which it does not list as a previous unit");
        else
          u.compare_with = with->Scalar();
      }
      u.note = m.optional_string("note");
      if (unit) out.push_back(std::move(u));
    }
    diag.throw_if_any();
    return out;
  });
}

std::vector<unit_mapping> load_unit_mappings(const std::filesystem::path& file) {
  return parse_unit_mappings(detail::read_file(file), file.string());
}

}  // namespace chiso
