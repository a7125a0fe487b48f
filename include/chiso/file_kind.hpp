// What kind of chiso file a path holds, without loading it.
#pragma once

#include <filesystem>
#include <string>

#include "chiso/export.hpp"

namespace chiso {

/// The `kind:` of a chiso YAML file ("chiso/criteria", "chiso/scores", …). Throws input_error
/// with a position when the file cannot be read, is not YAML, or has no `kind:`.
[[nodiscard]] CHISO_EXPORT std::string read_file_kind(const std::filesystem::path& file);

}  // namespace chiso
