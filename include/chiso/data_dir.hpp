// Finding the criterion trees chiso ships (installed under share/chiso/criteria).
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "chiso/export.hpp"

namespace chiso {

/// Where a data directory candidate comes from, in the order they are tried.
enum class data_dir_origin {
  environment,        ///< `$CHISO_DATA_DIR`
  executable_prefix,  ///< `<dir of the running program>/../share/chiso`: a moved install or a
                      ///< package installed under another prefix than the build's (Linux)
  install_prefix,     ///< `<prefix>/share/chiso`, compiled in when chiso was configured
  source_tree,        ///< the chiso source tree chiso was built from
};

/// One place where chiso's data directory may be.
struct data_dir_candidate {
  data_dir_origin origin = data_dir_origin::install_prefix;
  std::filesystem::path path;  ///< the data directory; its trees are in `path / "criteria"`
};

/// The places tried by shipped_criteria_dir(), in order: `$CHISO_DATA_DIR` when it is set and
/// not empty, then `share/chiso` beside the running program's `bin/` (when /proc/self/exe tells
/// where that is), then the configured install prefix's `share/chiso`, then the source tree.
[[nodiscard]] CHISO_EXPORT std::vector<data_dir_candidate> data_dir_candidates();

/// The directory of the shipped criterion trees (`sipas-par-8.1.yaml`, …): the `criteria`
/// subdirectory of the first data_dir_candidates() entry that has one.
///
/// `$CHISO_DATA_DIR` is for installs that were moved after they were built (a staged
/// `cmake --install --prefix`, a relocated package): when it is set it must hold a `criteria`
/// directory, and otherwise chiso::error is thrown rather than silently using other data.
/// Throws chiso::error naming every place tried when none has the trees.
[[nodiscard]] CHISO_EXPORT std::filesystem::path shipped_criteria_dir();

/// `shipped_criteria_dir() / file_name`; throws chiso::error when that file does not exist.
[[nodiscard]] CHISO_EXPORT std::filesystem::path shipped_criteria(std::string_view file_name);

}  // namespace chiso
