// Results as JSON for programs (a portal, a web page): numbers as JSON numbers, states as words.
#pragma once

#include <ostream>
#include <string>

#include "chiso/export.hpp"
#include "chiso/ranked_results.hpp"

namespace chiso {

/// Writes a ranked result as one JSON object, `kind: chiso/ranked-results`, whose shape is
/// docs/schema/ranked-results.schema.json (UTF-8, keys in a fixed order, one unit per line).
///
/// Numbers are JSON numbers written from the exact values at the tree's precision `d` (its
/// `decimals`): points, maxima and point changes exactly (they have at most d decimals); % and
/// changes in percentage points rounded half up to max(d, 2) decimals; ranks as integers, a
/// fractional rank exactly (2.5); `ranked_count` beside every rank. The rule is repeated in the
/// output's `numbers`. `status` says why a value is absent: `unknown` (points not published)
/// and `not_applicable` are different; `null` stands only for a figure that is not determined
/// (no value, no rank, no previous year's figure).
CHISO_EXPORT void write_json(std::ostream& out, const ranked_results& results);
[[nodiscard]] CHISO_EXPORT std::string to_json(const ranked_results& results);

}  // namespace chiso
