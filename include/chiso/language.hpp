// The language chiso writes for people: Vietnamese (the default) or English. A value passed to
// whatever renders text (report_options, chiso::to_string(diagnostic, language)…), never a
// global setting; JSON keys, CSV headers and diagnostic codes do not depend on it.
#pragma once

#include <optional>
#include <string_view>

#include "chiso/export.hpp"

namespace chiso {

enum class language {
  vi,  ///< Tiếng Việt: the default, for the offices that publish the indices
  en,  ///< English
};

/// "vi" or "en" (exactly; `--lang` takes these); nullopt for anything else.
[[nodiscard]] CHISO_EXPORT std::optional<language> parse_language(std::string_view name) noexcept;
[[nodiscard]] CHISO_EXPORT std::string_view to_string(language lang) noexcept;

/// The language a POSIX locale asks for, given the values of LC_ALL, LC_MESSAGES and LANG (null
/// or empty when unset), consulted in that order as setlocale(3) does: the first one set decides,
/// `vi…` → vi, `en…` → en; C, POSIX or any other language → vi (chiso has no third catalogue,
/// and its users read Vietnamese).
[[nodiscard]] CHISO_EXPORT language language_from_locale(const char* lc_all,
                                                         const char* lc_messages,
                                                         const char* lang) noexcept;

}  // namespace chiso
