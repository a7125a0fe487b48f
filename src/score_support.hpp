// Internal: scoring a sheet the caller vouches for.
#pragma once

#include "chiso/score.hpp"

namespace chiso::detail {

/// score() without validate_sheet(): for sheets built internally, such as the batch engine's
/// sheet of zeros, whose points may lie outside a leaf's [min, max] because they are offsets.
scorecard score_unchecked(const criterion_tree& tree, const score_sheet& sheet);

}  // namespace chiso::detail
