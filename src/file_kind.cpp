#include "chiso/file_kind.hpp"

#include "yaml_support.hpp"

namespace chiso {

std::string read_file_kind(const std::filesystem::path& file) {
  return detail::guarded(file.string(), [&]() -> std::string {
    const auto name = std::make_shared<const std::string>(file.string());
    const YAML::Node root = detail::parse_yaml(detail::read_file(file), name);
    if (root.IsMap() && root["kind"] && root["kind"].IsScalar()) return root["kind"].Scalar();
    throw input_error("not-chiso-file", source_location{name, 1, 1},
                      "not a chiso file: missing 'kind:'");
  });
}

}  // namespace chiso
