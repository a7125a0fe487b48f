// Internal: UTF-8 validation and NFC normalisation of text read from files (utf8proc).
//
// Why: the same Vietnamese word arrives in two byte forms. macOS, some web forms and copy from
// PDF give NFD ("sở" = o + U+031B horn + U+0300 grave), Windows and Excel give NFC (one code
// point U+1EDF). They look identical, so every identifier or key that chiso compares is brought
// to NFC when it is read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "chiso/source_location.hpp"

namespace chiso::detail {

/// True when every byte is below 0x80 (the common case, which needs no normalisation).
[[nodiscard]] bool is_ascii(std::string_view text) noexcept;

/// Offset of the first byte that does not start or continue a well-formed UTF-8 sequence
/// (overlong forms, surrogates and code points above U+10FFFF are ill-formed), or nullopt.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8_offset(std::string_view text) noexcept;
[[nodiscard]] inline bool is_valid_utf8(std::string_view text) noexcept {
  return !first_invalid_utf8_offset(text);
}

/// `text` in Unicode Normalization Form C. Text that is not valid UTF-8 is returned unchanged
/// (the readers refuse it before anything is compared).
[[nodiscard]] std::string to_nfc(std::string_view text);
/// In place; cheap for ASCII and for text already in NFC.
void normalise_nfc(std::string& text);

/// `text` without its diacritics ("huyện" → "huyen", "Đà" → "Da"), for suggestions only: a
/// word typed with or without them is the same word to the person typing.
[[nodiscard]] std::string without_marks(std::string_view text);

/// "NFC", "NFD" or "mixed": for messages about two forms of one word.
[[nodiscard]] std::string normalisation_form(std::string_view text);
/// "'sở' (NFD) and 'sở' (NFC) differ only in Unicode normalisation", or "" when `a` and `b`
/// are equal or differ in more than normalisation.
[[nodiscard]] std::string normalisation_difference(std::string_view a, std::string_view b);

/// Text with every ill-formed UTF-8 sequence replaced by U+FFFD, for output that must be UTF-8.
[[nodiscard]] std::string valid_utf8(std::string_view text);

/// Checks the encoding of a whole input file. A UTF-8 byte-order mark is accepted (the returned
/// view starts after it). UTF-16 (a byte-order mark or NUL bytes), a NUL byte and bytes that
/// are not UTF-8 (a legacy code page such as Windows-1258) are refused with one located
/// input_error, code `<kind>-utf16` or `<kind>-not-utf8` (`kind` is "csv" or "yaml"); `fix`
/// says how to save the file as UTF-8.
/// The diagnostic codes a reader reports encoding problems under (docs/errors.md).
struct encoding_codes {
  std::string_view utf16;     ///< the text is UTF-16
  std::string_view not_utf8;  ///< a byte that is not UTF-8 (a legacy code page, a NUL)
};
std::string_view check_text_encoding(std::string_view text,
                                     const std::shared_ptr<const std::string>& file,
                                     encoding_codes codes, std::string_view fix);

/// Refuses a text whose lines end with a lone CR (Excel for Mac's "CSV (Macintosh)", classic Mac
/// OS): read as written the whole file is one line, so every later message would point at line
/// 1. One located input_error, code `code`, at the first CR; `fix` says how to save the file.
/// CRLF and LF files, and a single trailing CR, pass.
void check_line_endings(std::string_view text, const std::shared_ptr<const std::string>& file,
                        std::string_view code, std::string_view fix);

}  // namespace chiso::detail
