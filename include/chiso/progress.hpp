// Progress of long computations, reported to the caller (a command-line bar, a GUI, a log).
#pragma once

#include <cstddef>
#include <functional>

namespace chiso {

/// Called with `done` of `total` steps, on the calling thread, a bounded number of times per run
/// (about a hundred, not once per step) and always last with done == total. An exception it
/// throws abandons the run and propagates to the caller (a way to cancel).
using progress_callback = std::function<void(std::size_t done, std::size_t total)>;

}  // namespace chiso
