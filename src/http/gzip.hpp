#pragma once
// gzip for responses we keep in memory (portal pages): compressed once when cached, sent to clients that
// accept it. Pages of the catalogue shrink about five-fold, which matters on a village phone's weak signal.
#include <string>
#include <string_view>

namespace minsheng::http {

// RFC 1952 gzip of `data` (zlib, default strategy).
std::string gzip(std::string_view data, int level = 6);
// True when an Accept-Encoding header value accepts gzip (a "gzip" or "*" coding whose q is not 0).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace minsheng::http
