// Reading criterion trees from YAML (format: docs/criteria-format.md).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "chiso/export.hpp"
#include "chiso/tree.hpp"

namespace chiso {

/// Loads and validates a `kind: chiso/criteria` file. Every problem found is collected and
/// thrown together as one input_error whose diagnostics carry file:line:col.
///
/// Threads: every chiso loader (load_*, parse_*) may be called from several threads at once,
/// against one shared tree; each call reads into its own objects (docs/guide.md "Threads").
[[nodiscard]] CHISO_EXPORT criterion_tree load_criteria(const std::filesystem::path& file);

/// Same, from text; `file_name` is used in diagnostics.
[[nodiscard]] CHISO_EXPORT criterion_tree parse_criteria(std::string_view yaml,
                                                         std::string file_name);

}  // namespace chiso
