#include "yaml_support.hpp"

#include <yaml-cpp/eventhandler.h>

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
  // A directory opens as a stream and reads as empty: it would be reported as an empty file.
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw input_error("cannot-open-file",
                      source_location{std::make_shared<const std::string>(path.string())},
                      "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw input_error("cannot-open-file",
                      source_location{std::make_shared<const std::string>(path.string())},
                      "cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void diagnostics::add(std::string code, source_location where, std::string message,
                      std::string unit, std::string criterion) {
  // Enough to sort and keep the first max_diagnostics by position; the rest are only counted.
  if (list_.size() >= 100 * max_diagnostics) {
    ++dropped_;
    return;
  }
  list_.push_back({std::move(where), std::move(message), std::move(code), std::move(unit),
                   std::move(criterion)});
}

void diagnostics::add_all(const input_error& e) {
  for (const auto& d : e.diagnostics()) add(d.code, d.where, d.message, d.unit, d.criterion);
}

void diagnostics::throw_if_any() {
  if (empty()) return;
  std::stable_sort(list_.begin(), list_.end(), [](const diagnostic& a, const diagnostic& b) {
    const int files = a.where.file_name().compare(b.where.file_name());
    if (files != 0) return files < 0;
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
  if (list_.size() + dropped_ > max_diagnostics) {
    const std::size_t more = list_.size() + dropped_ - max_diagnostics;
    list_.resize(max_diagnostics);
    // No position: printed last, after the ones kept.
    add("too-many-problems", {list_.back().where.file, 0, 0},
        "… " + std::to_string(more) + " more problem" + (more == 1 ? "" : "s") +
            " not shown (fix these first)");
  }
  dropped_ = 0;
  throw input_error(std::move(list_));
}

void rethrow_as_input_error(const std::string& file) {
  const source_location where{std::make_shared<const std::string>(file), 0, 0};
  try {
    throw;
  } catch (const YAML::Exception& e) {
    throw input_error("yaml-invalid", location_of(where.file, e.mark), "invalid YAML: " + e.msg);
  } catch (const std::bad_alloc&) {
    throw input_error("input-too-large", where, "not enough memory to read this file");
  } catch (const std::exception& e) {
    throw input_error("internal-error", where,
                      std::string("chiso could not read this file: ") + e.what() +
                          " (a bug in chiso: please report it with the file)");
  } catch (...) {
    throw input_error("internal-error", where,
                      "chiso could not read this file (a bug in chiso: please report it)");
  }
}

namespace {

// Walks the parser's events before yaml-cpp builds its node graph, to bound what the loaders
// will walk: yaml-cpp shares an aliased node instead of copying it, so a few lines of aliases of
// aliases make a tree of billions of nodes, and an alias inside its own anchor a cycle.
class yaml_guard : public YAML::EventHandler {
 public:
  explicit yaml_guard(file_name_ptr file) : file_(std::move(file)) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    // A plain (tag "?") `<<` in key position is YAML 1.1's merge key; quoted it is a word.
    if (value == "<<" && tag == "?" && !open_.empty() && open_.back().map && open_.back().key)
      throw input_error("yaml-merge-key", location_of(file_, mark),
                        "merge keys (<<) are not supported: write the keys out in each mapping "
                        "(an alias '*name' can still stand for a whole value)");
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= size_.size() || size_[anchor] == 0)
      throw input_error("yaml-alias-cycle", location_of(file_, mark),
                        "this alias refers to a node that contains it: chiso cannot read a "
                        "recursive structure (write the nested part out)");
    count(mark, size_[anchor], true);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    start(mark, anchor, false);
  }
  void OnSequenceEnd() override { end(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start(mark, anchor, true);
  }
  void OnMapEnd() override { end(); }

 private:
  struct frame {
    YAML::anchor_t anchor;
    std::uint64_t before;  ///< total_ when it started
    YAML::Mark mark;
    bool map;
    bool key;  ///< a mapping's next node is a key
  };

  void anchor_size(YAML::anchor_t anchor, std::uint64_t size) {
    if (anchor == YAML::NullAnchor) return;
    if (size_.size() <= anchor) size_.resize(anchor + 1, 0);
    size_[anchor] = size;
  }
  void count(const YAML::Mark& mark, std::uint64_t nodes, bool alias) {
    total_ += nodes;
    if (total_ > max_yaml_nodes && alias)
      throw input_error("yaml-alias-limit", location_of(file_, mark),
                        "aliases here expand the file beyond " + std::to_string(max_yaml_nodes) +
                            " nodes (each use of '*name' copies what '&name' marks): chiso "
                            "refuses files this large");
    if (total_ > max_yaml_nodes)
      throw input_error("yaml-too-large", location_of(file_, mark),
                        "the file has more than " + std::to_string(max_yaml_nodes) +
                            " nodes: chiso refuses files this large");
    if (!open_.empty() && open_.back().map) open_.back().key = !open_.back().key;
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    anchor_size(anchor, 1);
    count(mark, 1, false);
  }
  void start(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    if (open_.size() >= max_yaml_depth)
      throw input_error("yaml-too-deep", location_of(file_, mark),
                        "lists and mappings nest more than " + std::to_string(max_yaml_depth) +
                            " levels deep here: chiso reads at most " +
                            std::to_string(max_yaml_depth));
    // Open: an alias to it from inside would be a cycle (its size is still 0).
    anchor_size(anchor, 0);
    open_.push_back({anchor, total_, mark, map, true});
    total_ += 1;  // the collection itself
  }
  void end() {
    const frame f = open_.back();
    open_.pop_back();
    const std::uint64_t inside = total_ - f.before;
    anchor_size(f.anchor, inside);
    total_ = f.before;
    count(f.mark, inside, false);
  }

  file_name_ptr file_;
  std::vector<frame> open_;
  std::vector<std::uint64_t> size_;  ///< per anchor id: expanded nodes, 0 while open
  std::uint64_t total_ = 0;
};

bool line_has_tab(std::string_view text, int line) {
  std::size_t begin = 0;
  for (int l = 0; l < line && begin != std::string_view::npos; ++l) {
    begin = text.find('\n', begin);
    if (begin != std::string_view::npos) ++begin;
  }
  if (begin == std::string_view::npos) return false;
  const auto end = text.find('\n', begin);
  return text.substr(begin, end == std::string_view::npos ? end : end - begin).find('\t') !=
         std::string_view::npos;
}

// yaml-cpp's messages name its grammar; these say what the writer did.
std::string explain(const YAML::Exception& e, std::string_view text) {
  const std::string& m = e.msg;
  if (m.find("illegal tab") != std::string::npos)
    return "a tab is used for indentation: YAML indents with spaces only (replace the tab)";
  const bool tab = !e.mark.is_null() && (line_has_tab(text, e.mark.line) ||
                                         (e.mark.line > 0 && line_has_tab(text, e.mark.line - 1)));
  std::string what;
  if (m == "end of map flow not found")
    what = "a '{' is not closed by a matching '}'";
  else if (m == "end of sequence flow not found")
    what = "a '[' is not closed by a matching ']'";
  else if (m == "end of map not found" || m == "end of sequence not found" ||
           m == "illegal block entry" || m == "illegal map value" ||
           m == "block sequence entries are not allowed in this context" ||
           m == "block map entries are not allowed in this context")
    what =
        "this line is not indented like the lines it belongs with (or a ': ' inside a value "
        "needs quotes)";
  else if (m == "bad file")
    what = "the structure nests too deeply";
  else
    what = m;
  if (tab) what += "; this line or the one before contains a tab: YAML indents with spaces only";
  return what + " (YAML parser: " + m + ")";
}

}  // namespace

YAML::Node parse_yaml(std::string_view text, const file_name_ptr& file) {
  // Every scalar, key and code of a chiso YAML file is compared as NFC (unicode_support.hpp).
  // Normalising the whole text is the same as normalising each scalar: YAML's syntax is ASCII
  // (only '<', '=' or '>' directly followed by U+0338 would compose, which nobody types).
  text = check_text_encoding(text, file, {"yaml-utf16", "yaml-not-utf8"},
                             "save it as UTF-8 (your editor's 'Save with Encoding')");
  const std::string copy = to_nfc(text);
  try {
    {
      std::istringstream in(copy);
      YAML::Parser parser(in);
      yaml_guard guard(file);
      parser.HandleNextDocument(guard);
    }
    return YAML::Load(copy);
  } catch (const YAML::Exception& e) {
    throw input_error("yaml-syntax", location_of(file, e.mark),
                      "invalid YAML: " + explain(e, copy));
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
  // Typed with or without diacritics or capitals ('huyện' or 'Sở' for 'huyen' or 'so') is
  // the nearest there is.
  const auto bare = [](std::string_view text) {
    auto out = without_marks(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char ch) {
      return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
    });
    return out;
  };
  const auto word_bare = bare(word);
  for (auto c : candidates) {
    const std::size_t d = c != word && bare(c) == word_bare ? 1 : edit_distance(word, c);
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
    diag_.add("not-a-mapping", where(), context_ + " must be a mapping of keys to values");
    return;
  }
  const bool flow = node_.Style() == YAML::EmitterStyle::Flow;
  for (const auto& kv : node_) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    const auto key_where = location_of(file_, kv.first.Mark());
    if (!kv.first.IsScalar()) {
      diag_.add("key-not-text", key_where, context_ + ": keys must be plain words");
      continue;
    }
    if (const auto previous = index_.find(key); previous != index_.end()) {
      diag_.add("duplicate-key", key_where,
                context_ + ": duplicate key '" + key + "'; first defined at " +
                    location_of(file_, entries_[previous->second].key_node.Mark()).to_string());
      continue;
    }
    // `{name: Tính đồng bộ, thống nhất, max: 1}`: the comma ended the name, and the rest of it
    // became a key without a value.
    const bool known = allowed.empty() || key.rfind("x-", 0) == 0 ||
                       std::find(allowed.begin(), allowed.end(), key) != allowed.end();
    if (flow && kv.second.IsNull() && !entries_.empty() && (!known || allowed.empty())) {
      const auto& before = entries_.back().key;
      const auto& value = entries_.back().value;
      const auto digits = [](const std::string& t) {
        return !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
      };
      if (value.IsScalar() && digits(value.Scalar()) && digits(key)) {
        diag_.add("yaml-flow-comma", key_where,
                  context_ + ": '" + value.Scalar() + "," + key + "' was read as two entries ('" +
                      before + "': " + value.Scalar() + " and '" + key +
                      "'): write decimals with a point (" + before + ": " + value.Scalar() + "." +
                      key + ")");
        reported_.insert(key);
        continue;
      }
      diag_.add("yaml-flow-comma", key_where,
                context_ + ": a ',' inside {…} ends the value, so '" + key +
                    "' became a key of its own: quote the value of '" + before + "' (" + before +
                    ": \"…, " + key + "\")");
      reported_.insert(key);
      continue;
    }
    index_.emplace(key, entries_.size());
    entries_.push_back({key, kv.first, kv.second});
    if (known) continue;
    std::string message = context_ + ": unknown key '" + key + "'";
    if (auto guess = nearest(key, allowed))
      message += " (did you mean '" + *guess + "'?)";
    else
      message += " (expected " + quoted_list(allowed) + ")";
    diag_.add("unknown-key", key_where, message);
  }
}

std::optional<YAML::Node> mapping::get(std::string_view key) const {
  const auto it = index_.find(std::string(key));
  if (it == index_.end()) return std::nullopt;
  return entries_[it->second].value;
}

source_location mapping::key_where(std::string_view key) const {
  const auto it = index_.find(std::string(key));
  if (it == index_.end()) return where();
  return location_of(file_, entries_[it->second].key_node.Mark());
}

std::optional<std::string> mapping::required_string(std::string_view key) {
  const auto value = get(key);
  if (!value) {
    if (is_mapping())
      diag_.add("missing-key", where(), context_ + ": missing key '" + std::string(key) + "'");
    return std::nullopt;
  }
  if (!value->IsScalar() || value->Scalar().empty()) {
    diag_.add("not-text", location_of(file_, value->Mark()),
              context_ + ": '" + std::string(key) + "' must be a non-empty text");
    return std::nullopt;
  }
  return to_nfc(value->Scalar());  // "\u031B" escapes are not normalised with the text
}

std::string mapping::optional_string(std::string_view key) {
  const auto value = get(key);
  if (!value || value->IsNull()) return {};
  if (!value->IsScalar()) {
    diag_.add("not-text", location_of(file_, value->Mark()),
              context_ + ": '" + std::string(key) + "' must be a text");
    return {};
  }
  return to_nfc(value->Scalar());
}

std::optional<decimal> read_decimal(const YAML::Node& node, const file_name_ptr& file,
                                    diagnostics& diag, const std::string& what) {
  const auto where = location_of(file, node.Mark());
  if (!node.IsScalar()) {
    diag.add("not-a-number", where, what + " must be a decimal number");
    return std::nullopt;
  }
  const std::string& text = node.Scalar();
  if (auto value = decimal::parse(text)) return value;
  std::string message =
      what + " must be a decimal number, not '" + text + "': " + decimal::parse_failure(text);
  if (const auto comma = text.find(','); comma != std::string::npos &&
                                         text.find('.') == std::string::npos &&
                                         text.find(',', comma + 1) == std::string::npos) {
    std::string fixed = text;
    std::replace(fixed.begin(), fixed.end(), ',', '.');
    std::string whole = text;
    whole.erase(comma, 1);
    // "1,000" is a thousand in an English export and one in a Vietnamese one.
    if (text.size() - comma == 4)
      message += " (write " + fixed + " if it is a decimal, " + whole +
                 " if the comma separates thousands)";
    else
      message += " (write decimals with a point: " + fixed + ")";
  }
  diag.add("not-a-number", where, message);
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
    diag_.add("not-a-whole-number", location_of(file_, value->Mark()),
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
  diag_.add("not-a-boolean", location_of(file_, value->Mark()),
            context_ + ": '" + std::string(key) + "' must be true or false");
  return std::nullopt;
}

bool check_file_kind(const YAML::Node& root, const file_name_ptr& file, diagnostics& diag,
                     std::string_view expected_kind) {
  const source_location start{file, 1, 1};
  if (!root.IsMap()) {
    diag.add("not-chiso-file", start,
             "not a chiso file: expected a mapping starting with 'kind: " +
                 std::string(expected_kind) + "'");
    return false;
  }
  const auto kind = root["kind"];
  if (!kind || !kind.IsScalar()) {
    diag.add("not-chiso-file", start,
             "not a chiso file: missing 'kind: " + std::string(expected_kind) + "'");
    return false;
  }
  if (kind.Scalar() != expected_kind) {
    diag.add(
        "wrong-file-kind", location_of(file, kind.Mark()),
        "wrong file kind '" + kind.Scalar() + "': expected '" + std::string(expected_kind) + "'");
    return false;
  }
  const auto version = root["format_version"];
  if (!version) {
    diag.add("missing-format-version", start, "missing 'format_version: 1'");
    return false;
  }
  if (!version.IsScalar() || version.Scalar() != "1") {
    diag.add("unsupported-format-version", location_of(file, version.Mark()),
             "unsupported format_version '" + (version.IsScalar() ? version.Scalar() : "?") +
                 "' (this chiso reads version 1)");
    return false;
  }
  return true;
}

}  // namespace chiso::detail
