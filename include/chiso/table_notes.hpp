// Notes a ranked table owes its reader where the figures alone would mislead.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/batch.hpp"
#include "chiso/export.hpp"
#include "chiso/format.hpp"

namespace chiso {

/// Ranking on points (`value_kind::points`, the CLI's `--measure points`) compares units only
/// when their applicable maxima are equal: a unit not scored on a lĩnh vực (not applicable) has a
/// lower maximum and cannot reach the others' points. Returns one note naming the units whose
/// applicable maximum at `node` differs from the most common one (ties: the larger), with their
/// maxima, and pointing to ranking on % of the applicable maximum; empty when all ranked units
/// of `group` ("" for all) share one maximum. Only units that get a rank are considered (ranked,
/// in the group, applicable, points known). Maxima are printed exactly with `fmt`'s separator.
[[nodiscard]] CHISO_EXPORT std::vector<std::string> differing_maxima_notes(
    const batch_scores& scores, std::size_t node, std::string_view group, const number_format& fmt);

}  // namespace chiso
