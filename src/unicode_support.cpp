#include "unicode_support.hpp"

#include <utf8proc.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "chiso/error.hpp"

namespace chiso::detail {

bool is_ascii(std::string_view text) noexcept {
  for (const char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

namespace {

// Length of the well-formed sequence starting at `i`, or 0 (Unicode 15, table 3-7).
std::size_t sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) -> unsigned {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0x100U;
  };
  const unsigned b0 = byte(i);
  if (b0 < 0x80) return 1;
  const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    const unsigned b = byte(k);
    return b >= lo && b <= hi;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (b0 == 0xE0) return cont(i + 1, 0xA0, 0xBF) && cont(i + 2) ? 3 : 0;
  if (b0 == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;  // no surrogates
  if (b0 >= 0xE1 && b0 <= 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (b0 == 0xF0) return cont(i + 1, 0x90, 0xBF) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (b0 == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

struct malloc_free {
  void operator()(void* p) const noexcept { std::free(p); }
};

std::string map(std::string_view text, int options) {
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                              static_cast<utf8proc_ssize_t>(text.size()), &out,
                              static_cast<utf8proc_option_t>(options));
  const std::unique_ptr<utf8proc_uint8_t, malloc_free> owned(out);
  if (n < 0 || !out) return std::string(text);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

std::string hex_byte(unsigned char b) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", static_cast<unsigned>(b));
  return buffer;
}

}  // namespace

std::string without_marks(std::string_view text) {
  if (is_ascii(text) || !is_valid_utf8(text)) return std::string(text);
  auto out = map(text, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
  // 'đ' is a letter of its own, not d with a mark, but typed without diacritics it is 'd'.
  for (const auto& [from, to] : {std::pair<std::string_view, char>{"\u0111", 'd'},
                                 std::pair<std::string_view, char>{"\u0110", 'D'}})
    for (auto i = out.find(from); i != std::string::npos; i = out.find(from, i + 1))
      out.replace(i, from.size(), 1, to);
  return out;
}

std::optional<std::size_t> first_invalid_utf8_offset(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const auto n = sequence_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string to_nfc(std::string_view text) {
  if (is_ascii(text) || !is_valid_utf8(text)) return std::string(text);
  return map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

void normalise_nfc(std::string& text) {
  if (is_ascii(text)) return;
  auto nfc = to_nfc(text);
  if (nfc != text) text = std::move(nfc);
}

std::string normalisation_form(std::string_view text) {
  if (is_ascii(text) || !is_valid_utf8(text)) return "NFC";
  const std::string s(text);
  if (map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE) == s) return "NFC";
  if (map(text, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE) == s) return "NFD";
  return "mixed";
}

std::string normalisation_difference(std::string_view a, std::string_view b) {
  if (a == b || to_nfc(a) != to_nfc(b)) return {};
  // Appended, not `"'" + std::string(a) + …`: GCC 12 -O3 warns on that (-Wrestrict, a false
  // positive in char_traits, GCC bug 105329).
  std::string out = "'";
  out.append(a).append("' (").append(normalisation_form(a)).append(") and '");
  out.append(b).append("' (").append(normalisation_form(b));
  out.append(") differ only in Unicode normalisation");
  return out;
}

std::string valid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto n = sequence_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string_view check_text_encoding(std::string_view text,
                                     const std::shared_ptr<const std::string>& file,
                                     encoding_codes codes, std::string_view fix) {
  const auto utf16 = [&](const std::string& what) {
    throw input_error(std::string(codes.utf16), source_location{file, 1, 1},
                      "the file is UTF-16 (" + what + "), not UTF-8: " + std::string(fix) +
                          ", or convert it with `iconv -f UTF-16 -t UTF-8`");
  };
  if (text.starts_with("\xFF\xFE")) utf16("little-endian, with a byte-order mark");
  if (text.starts_with("\xFE\xFF")) utf16("big-endian, with a byte-order mark");
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  // Line and column (in code points) of a byte offset, for the messages below.
  const auto at = [&](std::size_t offset) {
    std::uint32_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    return source_location{file, line, column};
  };
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    // ASCII text in UTF-16 without a byte-order mark: every other byte is NUL.
    if (text.size() >= 4 && ((text[1] == '\0' && text[3] == '\0' && text[0] != '\0') ||
                             (text[0] == '\0' && text[2] == '\0' && text[1] != '\0')))
      utf16(text[1] == '\0' ? "little-endian, without a byte-order mark"
                            : "big-endian, without a byte-order mark");
    throw input_error(std::string(codes.not_utf8), at(nul),
                      "a NUL byte: this is not a text file (a spreadsheet's .xlsx or a UTF-16 "
                      "file?): " +
                          std::string(fix));
  }
  if (const auto bad = first_invalid_utf8_offset(text)) {
    const auto where = at(*bad);
    throw input_error(
        std::string(codes.not_utf8), where,
        "line " + std::to_string(where.line) + " is not UTF-8 (byte " +
            hex_byte(static_cast<unsigned char>(text[*bad])) + " at column " +
            std::to_string(where.column) +
            "): the file is in a legacy code page (Windows-1258, TCVN3/ABC or VNI, as old "
            "Excel and Vietnamese Windows write), which chiso does not guess: " +
            std::string(fix) + ", or convert it with `iconv -f CP1258 -t UTF-8`");
  }
  return text;
}

void check_line_endings(std::string_view text, const std::shared_ptr<const std::string>& file,
                        std::string_view code, std::string_view fix) {
  const auto cr = text.find('\r');
  if (cr == std::string_view::npos || text.find('\n') != std::string_view::npos) return;
  if (text.find_first_not_of("\r", cr) == std::string_view::npos) return;  // a trailing CR only
  std::uint32_t column = 1;
  for (std::size_t i = 0; i < cr; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  throw input_error(std::string(code), source_location{file, 1, column},
                    "lines end with a carriage return alone (old Mac line endings, as Excel's "
                    "'CSV (Macintosh)' writes), so the file reads as a single line: " +
                        std::string(fix) + ", or convert it with `tr '\\r' '\\n'`");
}

}  // namespace chiso::detail
