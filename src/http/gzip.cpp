#include "http/gzip.hpp"

#include <zlib.h>

#include <stdexcept>

#include "core/text.hpp"

namespace minsheng::http {

std::string gzip(std::string_view data, int level) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("gzip: deflateInit2 failed");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const auto written = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip: deflate did not finish");
  out.resize(written);
  return out;
}

bool accepts_gzip(std::string_view header) {
  std::size_t pos = 0;
  bool star = false, gz = false, gz_listed = false;
  while (pos <= header.size()) {
    auto comma = header.find(',', pos);
    std::string_view item =
        header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    std::string_view coding = item.substr(0, item.find(';'));
    const std::string name = ascii_lower(trim_ows(coding));
    bool zero = false;
    if (auto semi = item.find(';'); semi != std::string_view::npos) {
      std::string params = ascii_lower(item.substr(semi + 1));
      std::erase(params, ' ');
      if (params.starts_with("q=")) {
        std::string_view q = std::string_view(params).substr(2);
        zero = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    if (name == "gzip" || name == "x-gzip") {
      gz_listed = true;
      gz = !zero;
    } else if (name == "*") {
      star = !zero;
    }
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return gz_listed ? gz : star;
}

}  // namespace minsheng::http
