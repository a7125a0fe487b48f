// The one exception hierarchy of chiso.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "chiso/export.hpp"
#include "chiso/source_location.hpp"

namespace chiso {

/// Root of every exception chiso throws: `catch (const chiso::error&)` catches them all.
class CHISO_EXPORT error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One problem found in an input file, printed GCC-style:
/// `file:line:col: error[code]: message`.
///
/// `code` is a stable identifier (`csv-separator`, `yaml-alias-limit`…) listed with an example in
/// docs/errors.md; programs (a web form, a portal) key on it and on `unit`/`criterion`, never on
/// the message text, which may be reworded or translated.
struct CHISO_EXPORT diagnostic {
  source_location where;
  std::string message;
  std::string code;       ///< stable identifier from docs/errors.md; never empty once thrown
  std::string unit;       ///< id of the unit the problem concerns, "" when none
  std::string criterion;  ///< code of the criterion it concerns, "" when none

  [[nodiscard]] std::string to_string() const;
};

/// Bad input data (YAML, CSV, score sheets). Loaders collect every problem they can find before
/// throwing, so one run shows them all; `what()` is every diagnostic on its own line.
class CHISO_EXPORT input_error : public error {
 public:
  explicit input_error(std::vector<diagnostic> diagnostics);
  input_error(std::string code, source_location where, std::string message);

  [[nodiscard]] const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<diagnostic> diagnostics_;
};

/// The library was called wrongly (a code that is not in the tree, a tree built inconsistently).
class CHISO_EXPORT usage_error : public error {
 public:
  using error::error;
};

/// An exact computation would not fit its representation; chiso refuses rather than round.
class CHISO_EXPORT overflow_error : public error {
 public:
  using error::error;
};

}  // namespace chiso
