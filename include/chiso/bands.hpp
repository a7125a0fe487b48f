// Bands (xếp loại): Rất tốt / Tốt / Khá…, Nhóm A / B / C, PAPI's quartile groups.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/decimal.hpp"
#include "chiso/export.hpp"
#include "chiso/source_location.hpp"

namespace chiso {

class criterion_tree;

/// One band: values v with lower ≤ v < upper, as official texts write "từ X đến dưới Y".
/// "trên X" (strictly above) and "đến X" (up to and including) are the two exceptions, and must
/// be declared as such; a missing bound is open (the top or bottom band).
struct band {
  std::string label;
  std::optional<rational> lower;  ///< from (inclusive) or above (exclusive)
  bool lower_inclusive = true;
  std::optional<rational> upper;  ///< to (exclusive) or up_to (inclusive)
  bool upper_inclusive = false;
  source_location where;

  [[nodiscard]] bool contains(const rational& value) const;
  /// "từ 80 đến dưới 90", "trên 90", "dưới 70"
  [[nodiscard]] std::string describe() const;
};

/// What to do when units tied at a quota's cut-off would split: a quota is never exceeded by
/// default (all tied units move down), or it may be exceeded to keep the tie together.
enum class quota_ties { move_down, keep_together };

/// "The top band holds at most N% of the units."
struct band_quota {
  rational max_percent;
  quota_ties ties = quota_ties::move_down;
  source_location where;
};

/// The bands of one unit group, best first: either thresholds or quantile groups.
struct band_table {
  std::vector<std::string> groups;  ///< unit groups it applies to ("so", "huyen"); empty: all
  std::vector<source_location> group_where;  ///< where each of `groups` is written (if read)
  std::vector<band> bands;                   ///< best first; empty for quantile tables
  /// Quantile groups, best first (PAPI: 4): percentiles by linear interpolation (type 7),
  /// lower bound inclusive, so n = 63 gives 16 / 16 / 15 / 16.
  std::vector<std::string> quantile_labels;
  std::optional<band_quota> quota;
  /// Quantile tables: with fewer classified units than this, no groups are formed (every unit
  /// gets no group, with a note): quartiles of 3 units say nothing. 0: always formed.
  std::size_t min_units = 0;
  source_location where;

  [[nodiscard]] bool is_quantile() const noexcept { return !quantile_labels.empty(); }
  [[nodiscard]] std::vector<std::string> labels() const;
};

/// A `kind: chiso/bands` file.
struct band_scheme {
  std::string id;
  std::string name;
  std::string source;
  std::string note;
  std::string unverified;  ///< non-empty: why the thresholds are not verified as official
  std::vector<band_table> tables;

  /// The table for a unit group (a table listing no groups applies to all); nullptr if none.
  [[nodiscard]] const band_table* for_group(std::string_view group) const;
};

/// Loads and validates a band scheme: bands ordered best first, no gap and no overlap between
/// neighbours (including the boundary value itself), labels unique, quota in (0, 100]. All
/// problems are thrown together as one input_error.
[[nodiscard]] CHISO_EXPORT band_scheme load_bands(const std::filesystem::path& file);
[[nodiscard]] CHISO_EXPORT band_scheme parse_bands(std::string_view yaml, std::string file_name);

/// Checks that every unit group the band tables name is one `tree` declares (`groups:` in the
/// criteria file; nothing is checked when it declares none). Throws input_error with a
/// `band-unknown-group` diagnostic at each such group in the band file, with the nearest declared
/// group ('huyện' → 'huyen'). rank_units() runs the same check.
CHISO_EXPORT void check_band_groups(const band_scheme& bands, const criterion_tree& tree);

/// Units classified by one band table.
struct banding {
  std::vector<std::string> labels;               ///< the table's labels, best first
  std::vector<std::optional<std::size_t>> band;  ///< per unit: index into labels, or none
  std::vector<std::size_t> counts;               ///< per label
  std::size_t unbanded = 0;          ///< units with a value in no band (below the lowest threshold)
  std::vector<rational> cut_points;  ///< quantile tables: the percentiles, best first
  /// Quantile tables: each group's computed range, best first (lower bound inclusive, upper
  /// exclusive, the best group open above and the worst open below); empty when not formed.
  std::vector<chiso::band> quantile_ranges;
  bool formed = true;  ///< false: fewer units than the table's `min_units`, nobody grouped
  /// How a quota or a tie was applied; for quantile tables the cut points, ties that straddle
  /// a cut point, empty groups and groups not formed (docs/units-and-bands.md).
  std::vector<std::string> notes;
};

/// Classifies values (% of max, exact); nullopt values are not classified and not counted.
[[nodiscard]] CHISO_EXPORT banding classify(const band_table& table,
                                            std::span<const std::optional<rational>> values);

/// Percentile p (0–1) of sorted values by linear interpolation between closest ranks (R type 7,
/// numpy's default), exactly.
[[nodiscard]] CHISO_EXPORT rational percentile_type7(std::span<const rational> sorted,
                                                     const rational& p);

}  // namespace chiso
