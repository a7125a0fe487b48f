#include "yaml_support.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "unicode_support.hpp"

namespace chiso::detail {

source_location location_of(const file_name_ptr& file, const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return {file, 0, 0};
  return {file, static_cast<std::uint32_t>(mark.line + 1),
          static_cast<std::uint32_t>(mark.column + 1)};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw input_error(source_location{std::make_shared<const std::string>(path.string())},
                      "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void diagnostics::add(std::string code, source_location where, std::string message,
                      std::string unit, std::string criterion) {
  list_.push_back({std::move(where), std::move(message), std::move(code), std::move(unit),
                   std::move(criterion)});
}

void diagnostics::add(source_location where, std::string message) {
  list_.push_back({std::move(where), std::move(message), {}, {}, {}});
}

void diagnostics::throw_if_any() {
  if (list_.empty()) return;
  std::stable_sort(list_.begin(), list_.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
  throw input_error(std::move(list_));
}

YAML::Node parse_yaml(std::string_view text, const file_name_ptr& file) {
  // Every scalar, key and code of a chiso YAML file is compared as NFC (unicode_support.hpp).
  // Normalising the whole text is the same as normalising each scalar: YAML's syntax is ASCII
  // (only '<', '=' or '>' directly followed by U+0338 would compose, which nobody types).
  text = check_text_encoding(text, file, "yaml",
                             "save it as UTF-8 (your editor's 'Save with Encoding')");
  try {
    return YAML::Load(to_nfc(text));
  } catch (const YAML::Exception& e) {
    throw input_error(location_of(file, e.mark), "invalid YAML: " + e.msg);
  }
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string quoted_list(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " or " : ", ";
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "'" + std::string.
    out += '\'';
    out += words[i];
    out += '\'';
  }
  return out;
}

}  // namespace

std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string_view>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (auto c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (!best || d < best_distance) {
      best = std::string(c);
      best_distance = d;
    }
  }
  // More than a third of the word changed is not a typo any more, and neither is a word with
  // nothing in common ('4' for '1').
  if (best && best_distance < word.size() &&
      best_distance * 3 <= std::max<std::size_t>(word.size(), 3))
    return best;
  return std::nullopt;
}

mapping::mapping(const YAML::Node& node, file_name_ptr file, diagnostics& diag, std::string context,
                 std::vector<std::string_view> allowed)
    : node_(node), file_(std::move(file)), diag_(diag), context_(std::move(context)) {
  if (!node_.IsMap()) {
    diag_.add(where(), context_ + " must be a mapping of keys to values");
    return;
  }
  for (const auto& kv : node_) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    const auto key_where = location_of(file_, kv.first.Mark());
    if (!kv.first.IsScalar()) {
      diag_.add(key_where, context_ + ": keys must be plain words");
      continue;
    }
    const auto previous = std::find_if(entries_.begin(), entries_.end(),
                                       [&](const entry& e) { return e.key == key; });
    if (previous != entries_.end()) {
      diag_.add(key_where, context_ + ": duplicate key '" + key + "'; first defined at " +
                               location_of(file_, previous->key_node.Mark()).to_string());
      continue;
    }
    entries_.push_back({key, kv.first, kv.second});
    if (allowed.empty()) continue;          // a map of codes: any key
    if (key.rfind("x-", 0) == 0) continue;  // reserved for users' own extensions
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = context_ + ": unknown key '" + key + "'";
    if (auto guess = nearest(key, allowed))
      message += " (did you mean '" + *guess + "'?)";
    else
      message += " (expected " + quoted_list(allowed) + ")";
    diag_.add(key_where, message);
  }
}

std::optional<YAML::Node> mapping::get(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.key == key) return e.value;
  return std::nullopt;
}

source_location mapping::key_where(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.key == key) return location_of(file_, e.key_node.Mark());
  return where();
}

std::optional<std::string> mapping::required_string(std::string_view key) {
  const auto value = get(key);
  if (!value) {
    if (is_mapping()) diag_.add(where(), context_ + ": missing key '" + std::string(key) + "'");
    return std::nullopt;
  }
  if (!value->IsScalar() || value->Scalar().empty()) {
    diag_.add(location_of(file_, value->Mark()),
              context_ + ": '" + std::string(key) + "' must be a non-empty text");
    return std::nullopt;
  }
  return to_nfc(value->Scalar());  // "\u031B" escapes are not normalised with the text
}

std::string mapping::optional_string(std::string_view key) {
  const auto value = get(key);
  if (!value || value->IsNull()) return {};
  if (!value->IsScalar()) {
    diag_.add(location_of(file_, value->Mark()),
              context_ + ": '" + std::string(key) + "' must be a text");
    return {};
  }
  return to_nfc(value->Scalar());
}

std::optional<decimal> read_decimal(const YAML::Node& node, const file_name_ptr& file,
                                    diagnostics& diag, const std::string& what) {
  const auto where = location_of(file, node.Mark());
  if (!node.IsScalar()) {
    diag.add(where, what + " must be a decimal number");
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  if (auto value = decimal::parse(text)) return value;
  std::string message = what + " must be a decimal number, not '" + text + "'";
  if (text.find(',') != std::string::npos && text.find('.') == std::string::npos) {
    std::string fixed = text;
    std::replace(fixed.begin(), fixed.end(), ',', '.');
    message += " (write decimals with a point: " + fixed + ")";
  }
  diag.add(where, message);
  return std::nullopt;
}

std::optional<decimal> mapping::optional_decimal(std::string_view key) {
  const auto value = get(key);
  if (!value) return std::nullopt;
  return read_decimal(*value, file_, diag_, context_ + ": '" + std::string(key) + "'");
}

std::optional<int> mapping::optional_int(std::string_view key) {
  const auto value = get(key);
  if (!value) return std::nullopt;
  const auto d = read_decimal(*value, file_, diag_, context_ + ": '" + std::string(key) + "'");
  if (!d) return std::nullopt;
  if (d->scale() != 0 || d->units() < -1000000 || d->units() > 1000000) {
    diag_.add(location_of(file_, value->Mark()),
              context_ + ": '" + std::string(key) + "' must be a whole number");
    return std::nullopt;
  }
  return static_cast<int>(d->units());
}

std::optional<bool> mapping::optional_bool(std::string_view key) {
  const auto value = get(key);
  if (!value) return std::nullopt;
  if (value->IsScalar()) {
    if (value->Scalar() == "true") return true;
    if (value->Scalar() == "false") return false;
  }
  diag_.add(location_of(file_, value->Mark()),
            context_ + ": '" + std::string(key) + "' must be true or false");
  return std::nullopt;
}

bool check_file_kind(const YAML::Node& root, const file_name_ptr& file, diagnostics& diag,
                     std::string_view expected_kind) {
  const source_location start{file, 1, 1};
  if (!root.IsMap()) {
    diag.add(start, "not a chiso file: expected a mapping starting with 'kind: " +
                        std::string(expected_kind) + "'");
    return false;
  }
  const auto kind = root["kind"];
  if (!kind || !kind.IsScalar()) {
    diag.add(start, "not a chiso file: missing 'kind: " + std::string(expected_kind) + "'");
    return false;
  }
  if (kind.Scalar() != expected_kind) {
    diag.add(location_of(file, kind.Mark()), "wrong file kind '" + kind.Scalar() + "': expected '" +
                                                 std::string(expected_kind) + "'");
    return false;
  }
  const auto version = root["format_version"];
  if (!version) {
    diag.add(start, "missing 'format_version: 1'");
    return false;
  }
  if (!version.IsScalar() || version.Scalar() != "1") {
    diag.add(location_of(file, version.Mark()), "unsupported format_version '" +
                                                    (version.IsScalar() ? version.Scalar() : "?") +
                                                    "' (this chiso reads version 1)");
    return false;
  }
  return true;
}

}  // namespace chiso::detail
