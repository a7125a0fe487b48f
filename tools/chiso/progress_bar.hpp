// A progress bar on stderr for long runs: drawn only on a terminal, redrawn in place, erased
// when done, so that redirected output and logs never contain it.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace chiso_cli {

/// One line of the bar, exactly `width` display columns (at least 12 are needed; fewer gives
/// just the percentage): "[#######.............]  35%". `done` is clamped to `total`; a total of
/// 0 counts as finished. Pure, for tests.
[[nodiscard]] std::string render_progress_bar(std::size_t done, std::size_t total,
                                              std::size_t width);

/// The escape sequence that returns to the start of the line and clears it.
inline constexpr const char* erase_line = "\r\x1b[K";

/// Draws the bar on `stream` while a run reports progress; inactive (prints nothing) unless
/// `enabled` and the stream is a terminal. The destructor erases the bar.
class progress_bar {
 public:
  progress_bar(std::FILE* stream, bool enabled, std::string label);
  ~progress_bar();
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;

  [[nodiscard]] bool active() const noexcept { return active_; }
  /// Redraws the line when what it shows changed.
  void update(std::size_t done, std::size_t total);
  /// Erases the bar (once); later updates draw nothing.
  void finish();

 private:
  std::FILE* stream_;
  bool active_;
  bool drawn_ = false;
  std::string label_;
  std::size_t width_;
  std::string last_;
};

}  // namespace chiso_cli
