#include "progress_bar.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

namespace chiso_cli {

namespace {

// Columns of the terminal behind `stream`; 80 when it does not say (a pty without a size).
std::size_t terminal_columns(std::FILE* stream) {
  winsize size{};
  if (ioctl(fileno(stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

std::string render_progress_bar(std::size_t done, std::size_t total, std::size_t width) {
  if (total == 0) done = total = 1;
  done = std::min(done, total);
  // Scale down so that done × width cannot overflow.
  while (total > (std::uint64_t{1} << 32)) {
    done >>= 1;
    total >>= 1;
  }
  const std::size_t percent = done * 100 / total;
  // " 35%", "100%". Built by appending: GCC 12 -O3 warns on insert() and on "[" + std::string
  // (-Wrestrict, a false positive in char_traits, GCC bug 105329).
  const std::string digits = std::to_string(percent) + "%";
  std::string number(digits.size() < 4 ? 4 - digits.size() : 0, ' ');
  number += digits;
  if (width < 12) return number;
  const std::size_t cells = width - number.size() - 3;  // "[", "]", " "
  const std::size_t filled = done * cells / total;
  std::string bar = "[";
  bar.append(filled, '#').append(cells - filled, '.').append("] ").append(number);
  return bar;
}

progress_bar::progress_bar(std::FILE* stream, bool enabled, std::string label)
    : stream_(stream),
      active_(enabled && isatty(fileno(stream)) == 1),
      label_(std::move(label)),
      width_(0) {
  if (!active_) return;
  // Never the last column: writing there makes some terminals wrap, and the bar would scroll.
  const std::size_t columns = terminal_columns(stream_);
  const std::size_t room = columns > label_.size() + 2 ? columns - label_.size() - 2 : 0;
  width_ = std::min<std::size_t>(room, 60);
}

progress_bar::~progress_bar() {
  finish();
}

void progress_bar::update(std::size_t done, std::size_t total) {
  if (!active_) return;
  auto line = label_ + " " + render_progress_bar(done, total, width_);
  if (line == last_) return;
  std::fputs("\r", stream_);
  std::fputs(line.c_str(), stream_);
  std::fflush(stream_);
  last_ = std::move(line);
  drawn_ = true;
}

void progress_bar::finish() {
  if (!active_) return;
  if (drawn_) {
    std::fputs(erase_line, stream_);
    std::fflush(stream_);
  }
  active_ = false;
}

}  // namespace chiso_cli
