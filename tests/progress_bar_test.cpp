// The command-line tool's progress bar: the pure renderer, and that it stays silent off a
// terminal. (That it is drawn and erased on a terminal is checked by tests/cli/progress_tty.cmake.)
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "progress_bar.hpp"

using chiso_cli::render_progress_bar;

TEST_CASE("progress bar: rendering is exact and fills the width") {
  CHECK(render_progress_bar(0, 2000, 20) == "[.............]   0%");
  CHECK(render_progress_bar(700, 2000, 20) == "[####.........]  35%");
  CHECK(render_progress_bar(1999, 2000, 20) == "[############.]  99%");
  CHECK(render_progress_bar(2000, 2000, 20) == "[#############] 100%");
  CHECK(render_progress_bar(2000, 2000, 60).size() == 60u);
  CHECK(render_progress_bar(1, 3, 12) == "[#....]  33%");
  // Past the total counts as done; an empty run is finished.
  CHECK(render_progress_bar(5000, 2000, 20) == "[#############] 100%");
  CHECK(render_progress_bar(0, 0, 20) == "[#############] 100%");
  // No room for a bar: the percentage alone.
  CHECK(render_progress_bar(700, 2000, 11) == " 35%");
  CHECK(render_progress_bar(700, 2000, 0) == " 35%");
  // Huge counts do not overflow.
  const std::size_t big = std::size_t{1} << 62;
  CHECK(render_progress_bar(big / 2, big, 20) == "[######.......]  50%");
}

TEST_CASE("progress bar: nothing is written when the stream is not a terminal or it is off") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    chiso_cli::progress_bar bar(file, true, "chiso uncertainty");
    CHECK_FALSE(bar.active());
    bar.update(10, 100);
    bar.update(100, 100);
  }
  {
    chiso_cli::progress_bar bar(file, false, "chiso uncertainty");
    CHECK_FALSE(bar.active());
    bar.update(50, 100);
  }
  CHECK(std::ftell(file) == 0);
  std::fclose(file);
}
