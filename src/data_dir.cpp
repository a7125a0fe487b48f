#include "chiso/data_dir.hpp"

#include <cstdlib>
#include <string>
#include <system_error>

#include "chiso/error.hpp"

#ifndef CHISO_INSTALL_DATA_DIR
#error "CHISO_INSTALL_DATA_DIR is set by cmake/library-config.cmake"
#endif
#ifndef CHISO_SOURCE_DATA_DIR
#error "CHISO_SOURCE_DATA_DIR is set by cmake/library-config.cmake"
#endif

namespace chiso {
namespace {

std::string_view origin_name(data_dir_origin origin) noexcept {
  switch (origin) {
    case data_dir_origin::environment:
      return "CHISO_DATA_DIR";
    case data_dir_origin::executable_prefix:
      return "beside the program";
    case data_dir_origin::install_prefix:
      return "install prefix";
    case data_dir_origin::source_tree:
      return "source tree";
  }
  return "?";
}

bool is_existing_directory(const std::filesystem::path& p) {
  std::error_code ec;  // an unreadable path is simply not a candidate
  return std::filesystem::is_directory(p, ec);
}

}  // namespace

std::vector<data_dir_candidate> data_dir_candidates() {
  std::vector<data_dir_candidate> out;
  // Read on every call, not cached: a program may set the variable after start-up.
  if (const char* env = std::getenv("CHISO_DATA_DIR"); env != nullptr && *env != '\0')
    out.push_back({data_dir_origin::environment, env});
  // A package built from one build tree is installed under its own prefix (/usr for the .deb)
  // whatever the build was configured with, so the program's own place comes before the
  // compiled-in prefix.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && exe.has_parent_path())
    out.push_back({data_dir_origin::executable_prefix,
                   (exe.parent_path().parent_path() / "share" / "chiso").lexically_normal()});
  out.push_back({data_dir_origin::install_prefix, CHISO_INSTALL_DATA_DIR});
  out.push_back({data_dir_origin::source_tree, CHISO_SOURCE_DATA_DIR});
  return out;
}

std::filesystem::path shipped_criteria_dir() {
  const auto candidates = data_dir_candidates();
  std::string tried;
  for (const auto& c : candidates) {
    auto dir = c.path / "criteria";
    if (is_existing_directory(dir)) return dir;
    if (c.origin == data_dir_origin::environment)
      throw error("CHISO_DATA_DIR is set to '" + c.path.string() +
                  "', which has no criteria directory (expected '" + dir.string() + "')");
    tried += "\n  " + std::string(origin_name(c.origin)) + ": " + dir.string();
  }
  throw error(
      "chiso's shipped criteria were not found; set CHISO_DATA_DIR to the directory "
      "that holds criteria/ (an install's share/chiso). Tried:" +
      tried);
}

std::filesystem::path shipped_criteria(std::string_view file_name) {
  auto file = shipped_criteria_dir() / file_name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw error("no shipped criterion tree '" + std::string(file_name) + "' in '" +
                file.parent_path().string() + "'");
  return file;
}

}  // namespace chiso
