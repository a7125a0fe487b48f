// Internal: splitting a loop over rows between the cores.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace chiso::detail {

/// Calls `work(begin, end)` on consecutive ranges covering [0, n), one per core, on the calling
/// thread and up to hardware_concurrency() − 1 others; a single range below `min_per_thread`
/// items per core. The first exception thrown by any range is rethrown after all have ended.
template <class Work>
void for_each_range(std::size_t n, std::size_t min_per_thread, Work work) {
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t parts =
      std::clamp<std::size_t>(n / std::max<std::size_t>(min_per_thread, 1), 1, cores);
  if (parts == 1) {
    work(std::size_t{0}, n);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  const auto run = [&](std::size_t p) {
    try {
      work(n * p / parts, n * (p + 1) / parts);
    } catch (...) {
      errors[p] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> others;
    for (std::size_t p = 1; p < parts; ++p) others.emplace_back(run, p);
    run(0);
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace chiso::detail
