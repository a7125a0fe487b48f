// A score sheet: one unit's points for one year and stage.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/printed.hpp"
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

/// A document backing a criterion's points (tài liệu kiểm chứng): BNV's self-assessment guidance
/// (CV 383/BNV-CCHC, CV 384/BNV-CCHC) asks for one behind every self-assessed point.
struct evidence_document {
  std::string number;  ///< số, ký hiệu: "12/KH-UBND"
  std::string date;    ///< ngày ban hành as written, ISO 8601 recommended: "2024-01-15"
  std::string title;   ///< trích yếu: "Kế hoạch CCHC năm 2024"
  std::string link;    ///< URL or path of the scanned document
  source_location where;
};

/// What a sheet records about one criterion besides its points (the `evidence:` key).
struct criterion_evidence {
  std::string code;
  std::vector<evidence_document> documents;
  /// giải trình: why evidence is missing or incomplete (CV 383/BNV-CCHC).
  std::string explanation;
  /// The appraisal's reason (lý do) for changing the points: on appraised and final sheets.
  std::string reason;
  source_location where;  ///< the code's key
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
  /// Figures the source printed (checked by check_printed()) and leaves derived from them.
  printed_figures printed;
  std::vector<criterion_evidence> evidence;  ///< per criterion, any node of the tree
  source_location where;
  /// Where `stage:` and the unit's `id:` are written (`where` when absent or not from a file), so
  /// that a sheet given in the wrong place is pointed at the value that makes it wrong.
  source_location stage_where, unit_where;

  /// The evidence entry of `code`, or nullptr.
  [[nodiscard]] const criterion_evidence* evidence_for(std::string_view code) const noexcept;
};

/// Leaves (tree indices, in tree order) of method self_assessed where a self-assessed sheet
/// claims points above the leaf's minimum with neither an evidence document nor an explanation —
/// what BNV's guidance (CV 383/BNV-CCHC, 384/BNV-CCHC) does not accept. Evidence given on an
/// ancestor covers its leaves. Empty for sheets of other stages. The sheet must be valid
/// (validate_sheet()).
[[nodiscard]] CHISO_EXPORT std::vector<std::size_t> unsupported_points(const criterion_tree& tree,
                                                                       const score_sheet& sheet);

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
