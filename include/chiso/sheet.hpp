// A score sheet: one unit's points for one year and stage.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/rule.hpp"
#include "chiso/source_location.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// The step of the scoring process a sheet records.
enum class scoring_stage {
  self_assessed,  ///< the unit's own scores (tự chấm)
  appraised,      ///< after the appraisal council (thẩm định)
  final,          ///< published
};

[[nodiscard]] CHISO_EXPORT std::string_view to_string(scoring_stage s) noexcept;
[[nodiscard]] CHISO_EXPORT std::optional<scoring_stage> parse_stage(std::string_view name) noexcept;

/// What to do with a leaf that has neither points nor a not-applicable mark.
enum class missing_policy {
  error,    ///< refuse the sheet (default)
  zero,     ///< score it 0, explicitly requested by the sheet
  unknown,  ///< not published: its points, and every total above it, are unknown (no rank)
};

/// A scored or ranked body: sở, UBND huyện, a province…
struct unit_info {
  std::string id;
  std::string name;
  std::string group;   ///< unit group for bands: "so", "huyen", "xa", "tinh"…
  bool ranked = true;  ///< false: scored but not ranked
};

/// A leaf's points as written in the sheet.
struct points_entry {
  std::string code;
  decimal points;
  source_location where;
};

/// A rule leaf's raw inputs as written in the sheet's `inputs:` (docs/rules.md).
struct inputs_entry {
  std::string code;
  std::vector<rule_value> values;
  source_location where;  ///< the code's key
};

/// A node the unit is not scored on (a department without administrative procedures is not
/// scored on lĩnh vực 3); its whole subtree leaves the unit's maximum.
struct not_applicable_entry {
  std::string code;
  source_location where;
};

struct score_sheet {
  std::string criteria;  ///< id of the criterion tree the sheet is for
  unit_info unit;
  int year = 0;
  scoring_stage stage = scoring_stage::final;
  missing_policy missing = missing_policy::error;
  std::vector<points_entry> points;
  std::vector<inputs_entry> inputs;  ///< leaves scored by their rule from raw inputs
  std::vector<not_applicable_entry> not_applicable;
  source_location where;
};

/// Loads a `kind: chiso/scores` file and validates it against `tree`: unknown codes, points on
/// inner nodes, points outside [min, max], more decimals than the tree declares, leaves with
/// neither points nor n/a. All problems are thrown together as one input_error. Safe to call
/// from several threads at once against one shared tree.
[[nodiscard]] CHISO_EXPORT score_sheet load_sheet(const std::filesystem::path& file,
                                                  const criterion_tree& tree);
[[nodiscard]] CHISO_EXPORT score_sheet parse_sheet(std::string_view yaml, std::string file_name,
                                                   const criterion_tree& tree);

/// Checks a sheet built in code against `tree`, with the same rules as the loader.
CHISO_EXPORT void validate_sheet(const score_sheet& sheet, const criterion_tree& tree);

}  // namespace chiso
