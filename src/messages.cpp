#include "chiso/messages.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace chiso {
namespace {

struct diagnostic_entry {
  std::string_view code;
  std::string_view vi;
  std::string_view en;
};

#define CHISO_DIAGNOSTIC(code, vi, en) diagnostic_entry{code, vi, en},
constexpr std::array diagnostic_catalogue = {
#include "messages/diagnostics.inc"
};
#undef CHISO_DIAGNOSTIC

struct text_entry {
  std::string_view vi;
  std::string_view en;
};

#define CHISO_TEXT(vi, en) text_entry{vi, en},
constexpr std::array text_catalogue = {
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
  codes.reserve(diagnostic_catalogue.size());
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

table localized(table t, language lang) {
  t.title = translate_start(t.title, lang);
  for (auto& c : t.columns) c.title = std::string(translate(c.title, lang));
  for (auto& note : t.notes) {
    const auto whole = translate(note, lang);
    note = whole != note ? std::string(whole) : translate_start(note, lang);
  }
  return t;
}

}  // namespace chiso
