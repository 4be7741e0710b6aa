#include "infra/qr/qr.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace minsheng::infra::qr {
namespace {

struct QrFree {
  void operator()(QRcode* p) const { QRcode_free(p); }
};

QRecLevel to_qrencode(Level level) {
  switch (level) {
    case Level::M:
      return QR_ECLEVEL_M;
    case Level::Q:
      return QR_ECLEVEL_Q;
    case Level::H:
      return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

}  // namespace

Result<Matrix> encode(std::string_view text, Level level) {
  if (text.empty()) return Error::field(ErrorCode::InvalidArgument, "url", "二维码内容不能为空");
  // The largest 8-bit payload (version 40, level M) is 2331 bytes; anything longer cannot fit at any level.
  // (The int cast below is safe after this check.)
  if (text.size() > 2331) return Error::field(ErrorCode::InvalidArgument, "url", "二维码内容过长");
  // 8-bit mode exactly as given (QRcode_encodeData: no mode switching, no case folding, NULs allowed);
  // version 0 = the smallest version that holds the data.
  errno = 0;
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeData(static_cast<int>(text.size()),
                                                         reinterpret_cast<const unsigned char*>(text.data()),
                                                         0, to_qrencode(level)));
  if (!code) {
    if (errno == ERANGE || errno == EINVAL)
      return Error::field(ErrorCode::InvalidArgument, "url", "二维码内容过长");
    return Error::make(ErrorCode::Internal, "error.internal");
  }
  Matrix m;
  m.size = code->width;
  const std::size_t n = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
  m.modules.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    m.modules[i] = static_cast<std::uint8_t>(code->data[i] & 1U);  // bit 0: dark module
  return m;
}

}  // namespace minsheng::infra::qr
