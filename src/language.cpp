#include "chiso/language.hpp"

#include <string>
#include <string_view>

namespace chiso {

std::optional<language> parse_language(std::string_view name) noexcept {
  // "EN", "Vi": what a user types, like the locale names (vi_VN, en_US), is not case-sensitive.
  if (name.size() != 2) return std::nullopt;
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  const std::string two{lower(name[0]), lower(name[1])};
  if (two == "vi") return language::vi;
  if (two == "en") return language::en;
  return std::nullopt;
}

std::string_view to_string(language lang) noexcept {
  return lang == language::en ? "en" : "vi";
}

language language_from_locale(const char* lc_all, const char* lc_messages,
                              const char* lang) noexcept {
  // setlocale(3): LC_ALL overrides LC_MESSAGES, which overrides LANG; an empty value is unset.
  for (const char* value : {lc_all, lc_messages, lang}) {
    if (value == nullptr || *value == '\0') continue;
    const std::string_view v(value);
    return v.substr(0, 2) == "en" ? language::en : language::vi;
  }
  return language::vi;
}

}  // namespace chiso
