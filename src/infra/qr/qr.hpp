#pragma once
// QR codes (ARCHITECTURE.md "QR, PDF/PNG"): the only place that includes libqrencode (scripts/lint-deps).
// Pure: text in, module matrix out; drawing is the artwork renderer's job (infra/pdf/artwork.hpp).
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace minsheng::infra::qr {

enum class Level { M, Q, H };  // error correction: 15 %, 25 %, 30 % (level L is never used: boards get dirty)

struct Matrix {
  int size = 0;                       // modules per side, without the quiet zone
  std::vector<std::uint8_t> modules;  // size × size, row-major, 1 = dark
  bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y) * size + x] != 0; }
};

// 8-bit mode, case-sensitive, the smallest version that fits. InvalidArgument (field "url") for empty text
// or text too long for a QR code at that level; Internal if libqrencode fails otherwise.
Result<Matrix> encode(std::string_view text, Level level = Level::M);

}  // namespace minsheng::infra::qr
