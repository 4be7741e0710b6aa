#pragma once
// Unicode normalisation (ICU). Code-like fields (project codes, unit codes) are NFKC-normalised so full-width
// digits and letters typed in a Chinese IME match their ASCII forms; body text is never normalised.
#include <string>
#include <string_view>

namespace minsheng {

// NFKC of valid UTF-8 (full-width "２０２０－０１" -> "2020-01"); invalid UTF-8 is returned unchanged.
std::string nfkc(std::string_view utf8);

}  // namespace minsheng
