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

struct detail_entry {
  std::string_view en;
  std::string_view vi;
};

#define CHISO_DETAIL(en, vi) detail_entry{en, vi},
constexpr detail_entry detail_catalogue[] = {
#include "messages/details.inc"
};
#undef CHISO_DETAIL

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

// A pattern cut at its places once: `literals` has one more entry than `nested`, which says of
// each place whether it is `{m}` (a message of its own, translated in turn) or `{}` (a value).
struct shape {
  std::vector<std::string_view> literals;
  std::vector<bool> nested;
  std::string_view longest;      // the longest literal part: a text without it cannot fit
  std::size_t literal_size = 0;  // all literal parts: the more, the fewer words a value can take
};

// Shapes are tried with the most literal text first, so that a value never swallows words a
// more specific shape would have matched ("unit '{}', criterion '{}': {m}" would otherwise read
// "unit 'a', criterion '1' must be a decimal number…: it is too large" with half the English
// sentence inside its second value). Among equals, the catalogue's order.
template <class T>
void most_specific_first(std::vector<T>& shapes, const shape T::*by) {
  std::stable_sort(shapes.begin(), shapes.end(), [by](const T& a, const T& b) {
    return (a.*by).literal_size > (b.*by).literal_size;
  });
}

shape split(std::string_view pattern) {
  shape s;
  std::size_t from = 0;
  for (std::size_t at = pattern.find('{'); at != std::string_view::npos;
       at = pattern.find('{', at + 1)) {
    const auto rest = pattern.substr(at);
    const bool value = rest.substr(0, 2) == "{}";
    const bool nested = rest.substr(0, 3) == "{m}";
    if (!value && !nested) continue;
    s.literals.push_back(pattern.substr(from, at - from));
    s.nested.push_back(nested);
    from = at + (nested ? 3 : 2);
    at = from - 1;
  }
  s.literals.push_back(pattern.substr(from));
  for (const auto part : s.literals) {
    if (part.size() > s.longest.size()) s.longest = part;
    s.literal_size += part.size();
  }
  return s;
}

// The text catalogue's patterns, each side cut once (a note is matched against every pattern,
// and a run can print thousands of notes).
struct text_shape {
  const text_entry* entry;
  shape en;
  shape vi;
};

const std::vector<text_shape>& text_shapes() {
  static const std::vector<text_shape> shapes = [] {
    std::vector<text_shape> out;
    for (const auto& e : text_catalogue)
      if (e.vi.find("{}") != std::string_view::npos) out.push_back({&e, split(e.en), split(e.vi)});
    most_specific_first(out, &text_shape::en);
    return out;
  }();
  return shapes;
}

struct detail_shape {
  const detail_entry* entry;
  shape en;
};

const std::vector<detail_shape>& detail_shapes() {
  static const std::vector<detail_shape> shapes = [] {
    std::vector<detail_shape> out;
    out.reserve(std::size(detail_catalogue));
    for (const auto& e : detail_catalogue) out.push_back({&e, split(e.en)});
    most_specific_first(out, &detail_shape::en);
    return out;
  }();
  return shapes;
}

std::optional<std::string> detail_in_vietnamese(std::string_view text);

// `text` from `at` on read against the places of `s` from `place` on: each place takes a run of
// text after which the next literal part follows (the shortest first, longer ones when the rest
// does not fit); a `{m}` run must itself be a catalogued message or text, and is translated.
bool match_places(const shape& s, std::size_t place, std::string_view text, std::size_t at,
                  std::vector<std::string>& values, bool translate_nested) {
  if (place == s.nested.size()) return at == text.size();
  const auto next = s.literals[place + 1];
  const bool last = place + 1 == s.nested.size();
  // In a diagnostic's detail a value is a name, a figure or a position, never a clause: one that
  // would take a ": " (outside quotes) would hold a context prefix the shapes translate
  // ("criterion '1': 100" read as the figure of "{} points at {} decimals…"), so that split is
  // refused; a quoted one may hold ": " but not end a quote before one ("unit 'a': group 'b'"
  // read as the quoted value of "{} '{}' differs…"). (A note's value may be a list of
  // "code: figures" items.)
  const bool quoted = s.literals[place].ends_with('\'') && next.starts_with('\'');
  auto take = [&](std::size_t end) {
    if (translate_nested && !s.nested[place] &&
        text.substr(at, end - at).find(quoted ? "': " : ": ") != std::string_view::npos)
      return false;
    std::string value(text.substr(at, end - at));
    if (s.nested[place] && translate_nested) {
      auto translated = detail_in_vietnamese(value);
      if (!translated) {
        const auto* e = find_text(value, language::en);
        if (!e) return false;
        translated = std::string(e->vi);
      }
      value = std::move(*translated);
    }
    values.push_back(std::move(value));
    if (match_places(s, place + 1, text, end + next.size(), values, translate_nested)) return true;
    values.pop_back();
    return false;
  };
  if (last) {
    if (text.size() < at + next.size() || text.substr(text.size() - next.size()) != next)
      return false;
    return take(text.size() - next.size());
  }
  if (next.empty()) return false;  // two places side by side: ambiguous, never catalogued
  for (auto end = text.find(next, at); end != std::string_view::npos;
       end = text.find(next, end + 1))
    if (take(end)) return true;
  return false;
}

std::optional<std::vector<std::string>> match(const shape& s, std::string_view text,
                                              bool translate_nested = false) {
  // Cheap refusals first: most texts fail a shape on its start, its end or its longest part,
  // before any place is tried (a run prints thousands of notes, each tried on every shape).
  const auto last = s.literals.back();
  if (s.nested.empty() || !text.starts_with(s.literals.front()) || !text.ends_with(last) ||
      text.find(s.longest) == std::string_view::npos)
    return std::nullopt;
  std::vector<std::string> values;
  if (!match_places(s, 0, text, s.literals.front().size(), values, translate_nested))
    return std::nullopt;
  return values;
}

// `pattern`'s places filled with `values` in order.
std::string fill(std::string_view pattern, const std::vector<std::string>& values) {
  const auto s = split(pattern);
  std::string out(s.literals.front());
  for (std::size_t i = 0; i < s.nested.size(); ++i) {
    if (i < values.size()) out += values[i];
    out += s.literals[i + 1];
  }
  return out;
}

std::optional<std::string> detail_in_vietnamese(std::string_view text) {
  for (const auto& d : detail_shapes()) {
    if (d.en.nested.empty()) {
      if (d.entry->en == text) return std::string(d.entry->vi);
      continue;
    }
    if (auto values = match(d.en, text, true)) return fill(d.entry->vi, *values);
  }
  return std::nullopt;
}

// A text shaped like a catalogued pattern of the other language (or of this one), refilled in
// `lang`; a value that is itself a catalogued text is translated too (a ranking method's name),
// and in Vietnamese one that has a catalogued detail's shape.
std::optional<std::string> translate_shape(std::string_view text, language lang) {
  for (const auto& t : text_shapes()) {
    for (const auto* from : {&t.en, &t.vi}) {
      auto values = match(*from, text);
      if (!values) continue;
      for (auto& v : *values) {
        if (find_text(v, lang)) {
          v = std::string(translate(v, lang));
        } else if (lang == language::vi) {
          // A part built in English inside a catalogued note ("'a' and 'b' both", "band 'Tốt'").
          if (auto detail = detail_in_vietnamese(v)) v = std::move(*detail);
        }
      }
      return translate(side(*t.entry, lang), lang, *values);
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

std::optional<std::string> localize_message(std::string_view message, language lang) {
  if (lang == language::en) return std::string(message);
  return detail_in_vietnamese(message);
}

std::string to_string(const diagnostic& d, language lang, bool warning) {
  const std::string_view word = severity_word(warning ? "warning" : "error", lang);
  std::string out = d.where.to_string() + ": " + std::string(word);
  if (!d.code.empty()) out += "[" + d.code + "]";
  out += ": ";
  if (lang == language::en) return out + d.message;
  // The detail carries the values (a figure, a name, a suggestion), so once it is in Vietnamese
  // the code's general meaning adds nothing (docs/errors.md has it under the code).
  if (auto detail = localize_message(d.message, lang)) return out + *detail;
  const auto meaning = diagnostic_meaning(d.code, lang);
  if (meaning.empty()) return out + d.message;
  // A detail no catalogued shape fits: the code's sentence with the located values, then the
  // detail as the loader wrote it.
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
  if (lang == language::vi)
    if (auto detail = detail_in_vietnamese(text)) return std::move(*detail);
  return translate_start(std::string(text), lang);
}

table localized(table t, language lang) {
  t.title = localize_text(t.title, lang);
  // A rank change is a number in CSV and JSON (a numeric column) and words in the views for
  // people ("tăng 2 bậc"), which follow the language.
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c].key == "rank_change" && !t.columns[c].numeric)
      for (auto& row : t.rows)
        if (c < row.size()) row[c] = localize_text(row[c], lang);
  for (auto& c : t.columns) c.title = localize_text(c.title, lang);
  for (auto& note : t.notes) note = localize_text(note, lang);
  return t;
}

}  // namespace chiso
