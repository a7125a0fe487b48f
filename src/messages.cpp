#include "chiso/messages.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

namespace chiso {
namespace {

struct diagnostic_entry {
  std::string_view code;
  std::string_view vi;
  std::string_view en;
};

// Plain arrays: std::array's deduction guide is a fold over every element, which clang stops at
// 256 (the catalogues are longer).
#define CHISO_DIAGNOSTIC(code, vi, en) diagnostic_entry{code, vi, en},
constexpr diagnostic_entry diagnostic_catalogue[] = {
#include "messages/diagnostics.inc"
};
#undef CHISO_DIAGNOSTIC

struct text_entry {
  std::string_view vi;
  std::string_view en;
};

#define CHISO_TEXT(vi, en) text_entry{vi, en},
constexpr text_entry text_catalogue[] = {
#include "messages/texts.inc"
};
#undef CHISO_TEXT

std::string_view side(const text_entry& e, language lang) {
  return lang == language::en ? e.en : e.vi;
}

// The catalogue's text for `text` when a pair has it on either side; the side in `lang` first,
// so that a text both languages write alike ("Cấp"/"Level" and "Level"/"Cấp") stays itself.
const text_entry* find_text(std::string_view text, language lang) {
  for (const auto& e : text_catalogue)
    if (side(e, lang) == text) return &e;
  for (const auto& e : text_catalogue)
    if (e.vi == text || e.en == text) return &e;
  return nullptr;
}

// `text` read against `pattern`, whose `{}` places each take the shortest run of text that lets
// the next literal part follow; the runs, or nullopt when `text` does not have that shape.
std::optional<std::vector<std::string>> match(std::string_view pattern, std::string_view text) {
  std::vector<std::string_view> parts;
  for (std::size_t from = 0;;) {
    const auto at = pattern.find("{}", from);
    parts.push_back(pattern.substr(from, at == std::string_view::npos ? at : at - from));
    if (at == std::string_view::npos) break;
    from = at + 2;
  }
  if (parts.size() < 2 || text.substr(0, parts.front().size()) != parts.front())
    return std::nullopt;
  std::vector<std::string> values;
  std::size_t at = parts.front().size();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const auto next = last ? (text.size() >= parts[i].size() &&
                                      text.substr(text.size() - parts[i].size()) == parts[i]
                                  ? text.size() - parts[i].size()
                                  : std::string_view::npos)
                           : text.find(parts[i], at);
    if (next == std::string_view::npos || next < at) return std::nullopt;
    values.emplace_back(text.substr(at, next - at));
    at = next + parts[i].size();
  }
  return values;
}

// A text shaped like a catalogued pattern of the other language (or of this one), refilled in
// `lang`; a value that is itself a catalogued text is translated too (a ranking method's name).
std::optional<std::string> translate_shape(std::string_view text, language lang) {
  for (const auto& e : text_catalogue) {
    if (e.vi.find("{}") == std::string_view::npos) continue;
    for (const auto from : {e.en, e.vi}) {
      auto values = match(from, text);
      if (!values) continue;
      for (auto& v : *values) v = std::string(translate(v, lang));
      return translate(side(e, lang), lang, *values);
    }
  }
  return std::nullopt;
}

// A title or note whose start is a catalogued text followed by " — " or ": ": that start
// translated, the rest (a unit's name, a year) as written.
std::string translate_start(const std::string& text, language lang) {
  for (std::string_view separator : {" — ", ": "}) {
    const auto at = text.find(separator);
    if (at == std::string::npos) continue;
    const auto* e = find_text(std::string_view(text).substr(0, at), lang);
    if (e) return std::string(side(*e, lang)) + text.substr(at);
  }
  return text;
}

}  // namespace

std::string_view diagnostic_meaning(std::string_view code, language lang) noexcept {
  for (const auto& e : diagnostic_catalogue)
    if (e.code == code) return lang == language::en ? e.en : e.vi;
  return {};
}

std::vector<std::string_view> catalogued_codes() {
  std::vector<std::string_view> codes;
  codes.reserve(std::size(diagnostic_catalogue));
  for (const auto& e : diagnostic_catalogue) codes.push_back(e.code);
  return codes;
}

std::string_view translate(std::string_view text, language lang) noexcept {
  const auto* e = find_text(text, lang);
  return e ? side(*e, lang) : text;
}

std::string translate(std::string_view pattern, language lang,
                      const std::vector<std::string>& values) {
  const auto text = translate(pattern, lang);
  std::string out;
  std::size_t next = 0;
  std::size_t from = 0;
  for (auto at = text.find("{}"); at != std::string_view::npos; at = text.find("{}", from)) {
    out += text.substr(from, at - from);
    if (next < values.size()) out += values[next++];
    from = at + 2;
  }
  return out + std::string(text.substr(from));
}

std::string_view severity_word(std::string_view english, language lang) noexcept {
  return translate(english, lang);
}

std::string to_string(const diagnostic& d, language lang, bool warning) {
  const std::string_view word = severity_word(warning ? "warning" : "error", lang);
  std::string out = d.where.to_string() + ": " + std::string(word);
  if (!d.code.empty()) out += "[" + d.code + "]";
  out += ": ";
  const auto meaning = diagnostic_meaning(d.code, lang);
  if (lang == language::en || meaning.empty()) return out + d.message;
  // The catalogue's sentence with the located values, then the detail the loader wrote (in
  // English: it carries the figures and suggestions the sentence does not).
  out += meaning;
  if (!d.unit.empty() || !d.criterion.empty()) {
    out += " (";
    if (!d.unit.empty()) out += "đơn vị '" + d.unit + "'";
    if (!d.unit.empty() && !d.criterion.empty()) out += ", ";
    if (!d.criterion.empty()) out += "tiêu chí '" + d.criterion + "'";
    out += ")";
  }
  return out + " — " + d.message;
}

std::string to_string(const input_error& e, language lang) {
  std::string out;
  for (const auto& d : e.diagnostics()) {
    if (!out.empty()) out += '\n';
    out += to_string(d, lang);
  }
  return out;
}

std::string localize_text(std::string_view text, language lang) {
  if (const auto* e = find_text(text, lang)) return std::string(side(*e, lang));
  if (auto shaped = translate_shape(text, lang)) return std::move(*shaped);
  return translate_start(std::string(text), lang);
}

table localized(table t, language lang) {
  t.title = localize_text(t.title, lang);
  for (auto& c : t.columns) c.title = localize_text(c.title, lang);
  for (auto& note : t.notes) note = localize_text(note, lang);
  return t;
}

}  // namespace chiso
