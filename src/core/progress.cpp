#include "core/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace minsheng {

Progress::Progress(std::string label) : label_(std::move(label)), tty_(::isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
  finish();
}

void Progress::update(long done, long total) {
  if (!tty_ || total <= 0) return;
  auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_ < std::chrono::milliseconds(50)) return;
  last_ = now;
  const int width = 30;
  const int filled = static_cast<int>(width * done / total);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(width, '-');
  std::fprintf(stderr, "\r%s [%s] %ld/%ld", label_.c_str(), bar.c_str(), done, total);
  std::fflush(stderr);
}

void Progress::finish() {
  if (tty_ && !finished_ && last_ != std::chrono::steady_clock::time_point{}) std::fprintf(stderr, "\n");
  finished_ = true;
}

}  // namespace minsheng
