// Year-over-year comparison of values and ranks, across renamed and merged units.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/format.hpp"
#include "chiso/language.hpp"
#include "chiso/source_location.hpp"

namespace chiso {

/// One unit's published result in one year.
struct year_result {
  std::string unit;
  std::optional<rational> value;     ///< % (or points, see value_kind); nullopt: not scored
  std::optional<std::int64_t> rank;  ///< nullopt: not ranked
  /// The group its rank is within ("so", "huyen"; "" when ranked among all units). A unit whose
  /// group differs from the previous unit's it continues has moved: its value change stands,
  /// but ranks within different groups do not compare (rank change n/a).
  std::string group = {};
};

/// Whether values are percentages (a change is in percentage points, "pp") or points (PAPI's
/// 39,97 điểm: a change is in points, "điểm").
enum class value_kind { percent, points };

/// A declared link between a current unit and the previous year's units: a renaming (one
/// previous unit) or a merger (several). A merged unit has no single previous value: its change
/// is n/a unless `compare_with` names the previous unit it continues.
struct unit_mapping {
  std::string current;
  std::vector<std::string> previous;
  std::optional<std::string> compare_with;
  std::string note;       ///< the decision that made the change
  source_location where;  ///< in a mappings file: compare_years() reports problems there
};

enum class change_status {
  same,      ///< the unit exists in both years under the same id
  renamed,   ///< mapped to exactly one previous unit
  merged,    ///< mapped to several previous units
  new_unit,  ///< no previous unit: changes are n/a
  gone,      ///< in the previous year only (absorbed or dissolved): changes are n/a
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(change_status s) noexcept;

struct unit_change {
  std::string unit;                   ///< current id (previous id for a gone unit)
  std::vector<std::string> previous;  ///< the previous units it continues
  change_status status = change_status::same;
  std::optional<rational> previous_value, current_value;
  std::optional<std::int64_t> previous_rank, current_rank;
  std::optional<rational> value_change;     ///< current − previous, in pp or points
  std::optional<std::int64_t> rank_change;  ///< previous − current: +25 = up 25 places
  /// The previous unit's group when it differs from the current one's (year_result::group):
  /// the unit moved between groups, so rank_change is nullopt and `note` says why.
  std::optional<std::string> moved_from;
  std::string note;

  /// "+1,14 pp", "-6,40 pp", "-1,26 điểm" ("-1,26 points" in English), "n/a". Never a bare "%",
  /// which reads as relative.
  [[nodiscard]] std::string value_change_text(value_kind kind, const number_format& fmt = {},
                                              language lang = language::vi) const;
  /// "tăng 25 bậc", "giảm 13 bậc", "giữ nguyên" or "n/a" (no rank change: either rank is
  /// missing, or the unit moved between groups).
  [[nodiscard]] std::string rank_change_text() const;
};

/// Reads declared mappings from YAML (`kind: chiso/unit-mappings`, docs/units-and-bands.md):
///
///     mappings:
///       - {unit: can-tho, previous: [can-tho, soc-trang, hau-giang], note: "…"}
///       - {unit: hue, previous: thua-thien-hue}            # a renaming
///
/// Every problem (a unit mapped twice, `compare_with` not among its previous units, unknown keys)
/// is reported as file:line:col in one input_error. Whether the ids exist in the two years is
/// checked by compare_years().
[[nodiscard]] CHISO_EXPORT std::vector<unit_mapping> parse_unit_mappings(std::string_view yaml,
                                                                         std::string file_name);
[[nodiscard]] CHISO_EXPORT std::vector<unit_mapping> load_unit_mappings(
    const std::filesystem::path& file);

/// Compares two years: one row per current unit (in order), then one per previous unit that no
/// current unit continues. Units are matched by id (or by `mappings`) across groups: a unit
/// whose year_result::group differs from the previous unit's keeps its value change, gets no
/// rank change and the note "moved from <previous group> to <group>: rank change n/a (ranks are
/// within each group)" (docs/units-and-bands.md, "Units that move between groups"). Throws
/// usage_error for a unit listed twice or a mapping naming a unit that is in neither year.
[[nodiscard]] CHISO_EXPORT std::vector<unit_change> compare_years(
    std::span<const year_result> previous, std::span<const year_result> current,
    std::span<const unit_mapping> mappings = {});

}  // namespace chiso
