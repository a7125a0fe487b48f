// Internal: the band checks that run with others (rank_units collects them with its own).
#pragma once

#include "chiso/bands.hpp"
#include "yaml_support.hpp"

namespace chiso::detail {

/// check_band_groups()'s diagnostics into `diag`.
void check_band_groups(const band_scheme& bands, const criterion_tree& tree, diagnostics& diag);

}  // namespace chiso::detail
