// What kind of chiso file a path holds, without loading it.
#pragma once

#include <filesystem>
#include <string>

namespace chiso {

/// The `kind:` of a chiso YAML file ("chiso/criteria", "chiso/scores", …). Throws input_error
/// with a position when the file cannot be read, is not YAML, or has no `kind:`.
[[nodiscard]] std::string read_file_kind(const std::filesystem::path& file);

}  // namespace chiso
