// The message catalogues: what chiso prints for people, in Vietnamese and English, kept in the
// source tree next to the diagnostic codes (src/messages/diagnostics.inc: every code of
// docs/errors.md; src/messages/texts.inc: headings, notes, help). Codes, JSON keys and CSV
// headers stay English and stable whatever the language.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chiso/error.hpp"
#include "chiso/export.hpp"
#include "chiso/language.hpp"
#include "chiso/table.hpp"

namespace chiso {

/// What diagnostic `code` means, in `lang` (one sentence, lower case first); empty when the code
/// is not catalogued.
[[nodiscard]] CHISO_EXPORT std::string_view diagnostic_meaning(std::string_view code,
                                                               language lang) noexcept;
/// Every catalogued diagnostic code, in catalogue order (docs/errors.md's).
[[nodiscard]] CHISO_EXPORT std::vector<std::string_view> catalogued_codes();

/// A diagnostic's message (written in English, with its values: names, figures, codes, file
/// positions, quoted input) in `lang`: English as written; Vietnamese refilled from the first
/// shape of src/messages/details.inc it fits (`{}` a value, kept as written; `{m}` a part that is
/// itself a catalogued message or text, translated in turn). nullopt when no shape fits.
[[nodiscard]] CHISO_EXPORT std::optional<std::string> localize_message(std::string_view message,
                                                                       language lang);

/// One diagnostic for people, GCC-style, one line. English: `file:line:col: error[code]: MESSAGE`
/// (diagnostic::to_string()). Vietnamese: `file:line:col: lỗi[code]: MESSAGE-IN-VIETNAMESE`
/// (localize_message()); a message no catalogued shape fits prints after the code's Vietnamese
/// sentence: `MEANING (đơn vị 'u', tiêu chí 'c') — MESSAGE`. `warning` prints `warning[code]` /
/// `cảnh báo[code]` instead.
[[nodiscard]] CHISO_EXPORT std::string to_string(const diagnostic& d, language lang,
                                                 bool warning = false);
/// Every diagnostic of `e`, one a line, as above.
[[nodiscard]] CHISO_EXPORT std::string to_string(const input_error& e, language lang);
/// "lỗi" or "error"; "cảnh báo" or "warning"; "ghi chú" or "note".
[[nodiscard]] CHISO_EXPORT std::string_view severity_word(std::string_view english,
                                                          language lang) noexcept;

/// A text for people in `lang`: when `text` is either side of a pair of src/messages/texts.inc,
/// that pair's text in `lang`; otherwise `text` itself (untranslated texts print as written).
[[nodiscard]] CHISO_EXPORT std::string_view translate(std::string_view text,
                                                      language lang) noexcept;

/// translate(pattern, lang) with each `{}` replaced by the next of `values`, in order (a value
/// is never translated: names, figures, codes).
[[nodiscard]] CHISO_EXPORT std::string translate(std::string_view pattern, language lang,
                                                 const std::vector<std::string>& values);

/// A text built by code (a note with figures, a title with a unit's name) in `lang`: translate()
/// when the whole text is catalogued; else refilled from the catalogued pattern it has the shape
/// of (`Directory: {}` matches `Directory: /usr/share/chiso`; each value kept, or translated when
/// it is itself catalogued); else, in Vietnamese, localize_message(); else its start up to " — "
/// or ": " translated; else as written.
[[nodiscard]] CHISO_EXPORT std::string localize_text(std::string_view text, language lang);

/// `t` for people in `lang`: its title and notes localized (localize_text()), its column headings
/// translated (translate()), and the words of a text rank-change column ("tăng 2 bậc" / "up 2";
/// CSV and JSON have a numeric one); keys, every other cell and the order of everything
/// unchanged, so CSV and JSON read the same.
[[nodiscard]] CHISO_EXPORT table localized(table t, language lang);

}  // namespace chiso
