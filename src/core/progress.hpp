#pragma once
// A progress bar for long commands on a terminal; silent when stderr is not a terminal.
#include <chrono>
#include <string>

namespace minsheng {

class Progress {
 public:
  explicit Progress(std::string label);
  ~Progress();
  void update(long done, long total);
  void finish();

 private:
  std::string label_;
  bool tty_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace minsheng
