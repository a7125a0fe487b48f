#include "chiso/catalog.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "chiso/criteria_loader.hpp"
#include "yaml_support.hpp"

namespace chiso {
namespace {

using detail::diagnostics;
using detail::file_name_ptr;
using detail::location_of;
using detail::mapping;

const std::vector<std::string_view> entry_keys = {"criteria", "index", "level",  "legal_basis",
                                                  "years",    "file",  "status", "note"};
const std::vector<std::string_view> status_names = {"official", "partial", "unverified", "example",
                                                    "not_shipped"};

std::string years_text(const std::vector<int>& years) {
  std::string text;
  for (int y : years) text += (text.empty() ? "" : ", ") + std::to_string(y);
  return "[" + text + "]";
}

std::vector<int> read_years(mapping& m, const std::string& what) {
  std::vector<int> years;
  const auto node = m.get("years");
  if (!node) {
    m.diag().add("missing-key", m.where(), what + ": missing key 'years'");
    return years;
  }
  const auto one = [&](const YAML::Node& y) {
    const auto d = detail::read_decimal(y, m.file(), m.diag(), what + ": a year");
    if (d && d->scale() == 0 && d->units() >= 1990 && d->units() <= 2100) {
      const int year = static_cast<int>(d->units());
      // A repeated year would also collide with this very entry in the overlap check below.
      if (std::find(years.begin(), years.end(), year) != years.end())
        m.diag().add("catalog-year-repeated", location_of(m.file(), y.Mark()),
                     what + ": year " + std::to_string(year) + " is listed twice");
      else
        years.push_back(year);
    } else if (d)
      m.diag().add("not-a-year", location_of(m.file(), y.Mark()),
                   what + ": '" + y.Scalar() + "' is not a year");
  };
  if (node->IsScalar())
    one(*node);
  else if (node->IsSequence() && node->size() > 0)
    for (const auto& y : *node) one(y);
  else
    m.diag().add("years-not-list", location_of(m.file(), node->Mark()),
                 what + ": 'years' must be a year or a non-empty list of years");
  return years;
}

}  // namespace

std::string_view to_string(tree_status s) noexcept {
  switch (s) {
    case tree_status::official:
      return "official";
    case tree_status::partial:
      return "partial";
    case tree_status::unverified:
      return "unverified";
    case tree_status::example:
      return "example";
    case tree_status::not_shipped:
      return "not_shipped";
  }
  return "official";
}

std::optional<tree_status> parse_tree_status(std::string_view name) noexcept {
  if (name == "official") return tree_status::official;
  if (name == "partial") return tree_status::partial;
  if (name == "unverified") return tree_status::unverified;
  if (name == "example") return tree_status::example;
  if (name == "not_shipped") return tree_status::not_shipped;
  return std::nullopt;
}

criteria_catalog parse_catalog(std::string_view yaml, std::string file_name,
                               const std::filesystem::path& directory) {
  return detail::guarded(file_name, [&]() -> criteria_catalog {
    auto file = std::make_shared<const std::string>(file_name);
    diagnostics diag;
    const YAML::Node root = detail::parse_yaml(yaml, file);
    if (!detail::check_file_kind(root, file, diag, "chiso/catalog")) diag.throw_if_any();
    mapping top(root, file, diag, "catalog", {"kind", "format_version", "entries"});
    criteria_catalog catalog;
    const auto list = top.get("entries");
    if (!list) {
      diag.add("missing-key", {file, 1, 1}, "catalog: missing key 'entries'");
    } else if (!list->IsSequence() || list->size() == 0) {
      diag.add("not-a-list", top.key_where("entries"),
               "catalog: 'entries' must be a non-empty list");
    } else {
      std::size_t position = 0;
      std::map<std::string, std::size_t> by_id;
      std::map<std::tuple<std::string, std::string, int>, std::size_t> by_year;
      for (const auto& item : *list) {
        ++position;
        std::string id;
        if (item.IsMap() && item["criteria"] && item["criteria"].IsScalar())
          id = item["criteria"].Scalar();
        const std::string what = id.empty() ? "catalog entry #" + std::to_string(position)
                                            : "catalog entry '" + id + "'";
        mapping m(item, file, diag, what, entry_keys);
        if (!m.is_mapping()) continue;
        catalog_entry e;
        e.where = m.where();
        e.criteria = m.required_string("criteria").value_or("");
        e.index = m.required_string("index").value_or("");
        e.level = m.required_string("level").value_or("");
        e.legal_basis = m.optional_string("legal_basis");
        e.note = m.optional_string("note");
        e.years = read_years(m, what);
        const auto file_key = m.get("file");
        if (const auto status = m.get("status")) {
          const auto parsed =
              status->IsScalar() ? parse_tree_status(status->Scalar()) : std::nullopt;
          if (parsed) {
            e.status = *parsed;
          } else {
            std::string message = what + ": unknown status '" +
                                  (status->IsScalar() ? status->Scalar() : std::string("?")) + "'";
            if (auto guess =
                    detail::nearest(status->IsScalar() ? status->Scalar() : "", status_names))
              message += " (did you mean '" + *guess + "'?)";
            else
              message += " (expected official, partial, unverified, example or not_shipped)";
            diag.add("unknown-status", location_of(file, status->Mark()), message);
          }
        } else {
          diag.add("missing-key", m.where(),
                   what +
                       ": missing key 'status' (official, partial, unverified, example or "
                       "not_shipped)");
        }
        // A decision recorded without a tree has no file; every shipped tree has one.
        if (e.status == tree_status::not_shipped) {
          if (file_key)
            diag.add("catalog-not-shipped-file", m.key_where("file"),
                     what + ": status 'not_shipped' but a 'file' is given");
          if (e.legal_basis.empty())
            diag.add("catalog-not-shipped-file", m.where(),
                     what + ": status 'not_shipped' needs the 'legal_basis' that applies");
        } else if (auto path = m.required_string("file")) {
          e.path = directory / *path;
        }
        if (!e.criteria.empty()) {
          if (const auto [other, fresh] = by_id.try_emplace(e.criteria, catalog.entries.size());
              !fresh)
            diag.add("duplicate-criteria-id", e.where,
                     what + ": duplicate criteria id; first listed at " +
                         catalog.entries[other->second].where.to_string());
        }
        for (int y : e.years) {
          const auto [other, fresh] =
              by_year.try_emplace(std::tuple(e.index, e.level, y), catalog.entries.size());
          if (fresh) continue;
          const auto& first = catalog.entries[other->second];
          diag.add("catalog-years-overlap", e.where,
                   what + ": index '" + e.index + "', level '" + e.level + "', year " +
                       std::to_string(y) + " is already covered by '" + first.criteria + "' at " +
                       first.where.to_string());
          break;
        }
        catalog.entries.push_back(std::move(e));
      }
    }
    diag.throw_if_any();
    return catalog;
  });
}

criteria_catalog load_catalog(const std::filesystem::path& file) {
  return parse_catalog(detail::read_file(file), file.string(), file.parent_path());
}

std::optional<catalog_entry> find_criteria(const criteria_catalog& catalog, std::string_view index,
                                           std::string_view level, int year) {
  for (const auto& e : catalog.entries)
    if (e.index == index && e.level == level &&
        std::find(e.years.begin(), e.years.end(), year) != e.years.end())
      return e;
  return std::nullopt;
}

criterion_tree load_criteria(const catalog_entry& entry) {
  if (!entry.has_tree())
    throw input_error("catalog-tree-not-shipped", entry.where,
                      "catalog entry '" + entry.criteria + "': chiso ships no tree for " +
                          entry.legal_basis +
                          "; import the decision's annex table with `chiso import-tree`");
  auto tree = load_criteria(entry.path);
  const auto& info = tree.info();
  std::vector<std::string> problems;
  const auto differ = [&](std::string_view key, const std::string& in_tree,
                          const std::string& in_catalog) {
    if (in_tree != in_catalog)
      problems.push_back(std::string(key) + " is '" + in_tree + "' in " + entry.path.string() +
                         " but '" + in_catalog + "' in the catalog");
  };
  differ("id", info.id, entry.criteria);
  differ("level", info.level, entry.level);
  differ("legal_basis", info.legal_basis, entry.legal_basis);
  differ("years", years_text(info.years), years_text(entry.years));
  if (tree.is_partial() != (entry.status == tree_status::partial))
    problems.push_back(std::string("the tree is ") + (tree.is_partial() ? "" : "not ") +
                       "partial but the catalog says status '" +
                       std::string(to_string(entry.status)) + "'");
  if (entry.status == tree_status::official) {
    const auto& nodes = tree.nodes();
    const auto flagged = std::find_if(nodes.begin(), nodes.end(),
                                      [](const criterion& c) { return !c.unverified.empty(); });
    if (!info.unverified.empty() || flagged != nodes.end())
      problems.push_back("status 'official' but " +
                         (info.unverified.empty() ? "criterion '" + flagged->code + "'"
                                                  : std::string("the index")) +
                         " is marked unverified");
  }
  detail::diagnostics diag;
  for (auto& p : problems)
    diag.add("catalog-entry-mismatch", entry.where,
             "catalog entry '" + entry.criteria + "': " + std::move(p), {}, {});
  diag.throw_if_any();
  return tree;
}

}  // namespace chiso
