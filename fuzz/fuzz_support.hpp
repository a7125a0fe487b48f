// Shared by chiso's libFuzzer targets: the rule every target enforces and the shipped files the
// readers are checked against.
#pragma once

#include <chiso/chiso.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace chiso::fuzz {

/// The checkout the seed trees come from (set by fuzz/CMakeLists.txt).
inline std::filesystem::path source_dir() {
  return CHISO_SOURCE_DIR;
}

/// Loads a tree shipped with chiso; a fuzz target that cannot load its own fixtures is broken,
/// not fuzzed, so this aborts instead of throwing.
inline criterion_tree shipped_tree(const std::string& relative) {
  try {
    return load_criteria(source_dir() / relative);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz fixture %s does not load: %s\n", relative.c_str(), e.what());
    std::abort();
  }
}

/// Runs `read` on the input as text. A reader may refuse any input with a chiso::error (that is
/// its contract); every other exception is a finding, reported and turned into a crash so that
/// libFuzzer saves the input. Sanitizer reports, -rss_limit_mb and -timeout do the rest.
inline int run(const std::uint8_t* data, std::size_t size, void (*read)(std::string_view)) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    read(text);
  } catch (const chiso::error&) {
    // The reader's refusal: what every malformed input must get.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "\nFINDING: a non-chiso exception escaped the reader: %s: %s\n",
                 typeid(e).name(), e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "\nFINDING: a non-std exception escaped the reader\n");
    std::abort();
  }
  return 0;
}

/// The text contains `needle`: a cheap way for one target to pick among fixtures by content so
/// that mutated seeds keep reaching the deep checks of the tree they were written for.
inline bool mentions(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

}  // namespace chiso::fuzz
