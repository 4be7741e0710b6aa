#pragma once
// The files module's URL table (issue 3): upload, metadata, original, thumbnail and public copy.
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "platform/router.hpp"

namespace minsheng::files {

platform::RouteTable file_routes();

// A 200 download: the bytes with their type, `Content-Disposition: attachment` with the server-made ASCII
// name and the UTF-8 name shown to the user (RFC 8187), and nosniff.
http::Response download(std::string body, std::string_view content_type, const std::string& ascii,
                        const std::string& shown);

}  // namespace minsheng::files
