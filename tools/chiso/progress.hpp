// A progress bar on stderr for long runs (Monte Carlo, large batches). It draws only when stderr
// is a terminal, so logs and pipes never receive control characters.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <string>

namespace chiso::cli {

class progress {
 public:
  progress(std::string label, std::size_t total)
      : label_(std::move(label)), total_(total), enabled_(isatty(STDERR_FILENO) == 1) {}
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;
  ~progress() {
    if (enabled_ && drawn_) std::fputs("\r\033[K", stderr);  // leave no trace on the terminal
  }

  [[nodiscard]] bool enabled() const noexcept { return enabled_; }

  void advance(std::size_t done) {
    if (!enabled_ || total_ == 0) return;
    const std::size_t percent = done >= total_ ? 100 : done * 100 / total_;
    if (drawn_ && percent == last_percent_) return;  // redraw only when the figure changes
    last_percent_ = percent;
    drawn_ = true;
    constexpr std::size_t width = 30;
    const std::size_t filled = percent * width / 100;
    std::string bar(filled, '#');
    bar.append(width - filled, '.');
    std::fprintf(stderr, "\r%s [%s] %3zu%%", label_.c_str(), bar.c_str(), percent);
    std::fflush(stderr);
  }

 private:
  std::string label_;
  std::size_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::size_t last_percent_ = 0;
};

}  // namespace chiso::cli
