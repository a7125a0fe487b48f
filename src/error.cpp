#include "chiso/error.hpp"

#include <sstream>

namespace chiso {
namespace {

std::string join(const std::vector<diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

}  // namespace

const std::string& source_location::file_name() const {
  static const std::string unnamed = "<input>";
  return file ? *file : unnamed;
}

std::string source_location::to_string() const {
  if (!has_position()) return file_name();
  return file_name() + ':' + std::to_string(line) + ':' + std::to_string(column);
}

std::ostream& operator<<(std::ostream& out, const source_location& where) {
  return out << where.to_string();
}

std::string diagnostic::to_string() const {
  return where.to_string() + (code.empty() ? ": error: " : ": error[" + code + "]: ") + message;
}

input_error::input_error(std::vector<diagnostic> diagnostics)
    : error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

input_error::input_error(std::string code, source_location where, std::string message)
    : input_error(std::vector<diagnostic>{
          {std::move(where), std::move(message), std::move(code), {}, {}}}) {}

}  // namespace chiso
