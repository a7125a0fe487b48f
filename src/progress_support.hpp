// Internal: reporting progress to a progress_callback about a hundred times per run.
#pragma once

#include <algorithm>
#include <cstddef>

#include "chiso/progress.hpp"

namespace chiso::detail {

/// Reports (0, total) at once, then each time `done` passes another hundredth of `total`, and
/// (total, total) from finish(): a caller's bar is redrawn a bounded number of times, however
/// many steps the run has.
class progress_reporter {
 public:
  progress_reporter(const progress_callback& callback, std::size_t total)
      : callback_(callback), total_(total), every_(std::max<std::size_t>(1, total / 100)) {
    if (callback_) callback_(0, total_);
  }
  void at(std::size_t done) {
    if (callback_ && done >= next_) {
      callback_(done, total_);
      next_ = done + every_;
    }
  }
  void finish() {
    if (callback_) callback_(total_, total_);
  }

 private:
  const progress_callback& callback_;
  std::size_t total_, every_, next_ = every_;
};

}  // namespace chiso::detail
