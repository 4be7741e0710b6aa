#include "modules/submissions/checks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <tuple>

#include "core/messages.hpp"

namespace minsheng::submissions {
namespace {

constexpr std::size_t kExcerptChars = 20;
constexpr std::size_t kMaxPerCode = 5;

// ---------------------------------------------------------------------------------------------------------
// UTF-8, by code point.

struct Cp {
  char32_t c = 0;
  std::size_t off = 0;  // byte offset in the text
  std::size_t len = 0;  // bytes
};

// Decodes UTF-8; a byte that does not start a valid sequence becomes U+FFFD of length 1.
std::vector<Cp> decode(std::string_view s) {
  std::vector<Cp> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    char32_t c = 0xFFFD;
    std::size_t len = 1;
    std::size_t need = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
      c = b0;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
      c = b0 & 0x1FU;
      min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      c = b0 & 0x0FU;
      min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      c = b0 & 0x07U;
      min = 0x10000;
    }
    if (need > 0) {
      bool ok = i + need < s.size();
      for (std::size_t k = 1; ok && k <= need; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0U) != 0x80U) ok = false;
        c = (c << 6) | (b & 0x3FU);
      }
      if (ok && c >= min && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF)) {
        len = need + 1;
      } else {
        c = 0xFFFD;
      }
    }
    out.push_back(Cp{c, i, len});
    i += len;
  }
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Chinese context: ideographs, CJK radicals and symbols (、。《》「」 and the ideographic space), bopomofo,
// compatibility ideographs and the full-width forms (，：！ ０-９ Ａ-Ｚ ...).
bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0x3100 && c <= 0x312F) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

bool is_halfwidth_punct(char32_t c) {
  return c == ',' || c == '.' || c == ';' || c == ':' || c == '?' || c == '!' || c == '(' || c == ')';
}

// ASCII or full-width digit value, else -1.
int digit_of(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);
  return -1;
}
bool is_digit(char32_t c) {
  return digit_of(c) >= 0;
}
bool is_x(char32_t c) {
  return c == 'X' || c == 'x' || c == 0xFF38 || c == 0xFF58;
}
bool is_ascii_alnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char32_t ascii_lower(char32_t c) {
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

// ---------------------------------------------------------------------------------------------------------
// Where a hit is, quoted.

class Text {
 public:
  Text(std::string_view field, std::string_view text)
      : field_(field), cps_(decode(text)), masked_(cps_.size(), false) {
    multiline_ = text.find('\n') != std::string_view::npos;
  }
  const std::vector<Cp>& cps() const { return cps_; }
  std::size_t size() const { return cps_.size(); }
  char32_t at(std::size_t i) const { return i < cps_.size() ? cps_[i].c : 0; }
  std::string_view field() const { return field_; }

  // The field's label, with the line of code point `i` for text of several lines.
  std::string place(std::size_t i) const {
    std::string label = field_label();
    if (!multiline_) return label;
    std::size_t line = 1;
    for (std::size_t k = 0; k < i && k < cps_.size(); ++k)
      line += cps_[k].c == '\n' ? 1 : 0;
    return messages::for_field("submission.warn.place_line", label, {{"line", std::to_string(line)}});
  }
  std::string place_all() const { return field_label(); }

  // Digits in [begin, end) are shown as '*' in every excerpt (the middle of ID and mobile numbers).
  void mask(std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end && k < masked_.size(); ++k)
      masked_[k] = true;
  }

  // At most 20 characters around [begin, end).
  std::string excerpt(std::size_t begin, std::size_t end) const {
    const std::size_t n = cps_.size();
    std::size_t a = begin;
    std::size_t b = end;
    if (b - a >= kExcerptChars) {
      b = a + kExcerptChars;
    } else {
      std::size_t room = kExcerptChars - (b - a);
      const std::size_t before = std::min(room / 2, a);
      a -= before;
      room -= before;
      const std::size_t after = std::min(room, n - b);
      b += after;
      room -= after;
      a -= std::min(room, a);  // near the end: more before
    }
    std::string out;
    for (std::size_t k = a; k < b; ++k) {
      const char32_t c = cps_[k].c;
      if (masked_[k] && is_digit(c))
        out += '*';
      else if (c == '\n' || c == '\r' || c == '\t')
        out += ' ';
      else
        append_utf8(out, c);
    }
    const auto first = out.find_first_not_of(' ');
    if (first == std::string::npos) return "";
    return out.substr(first, out.find_last_not_of(' ') - first + 1);
  }

 private:
  std::string field_label() const {
    // The submission's body is 正文; "body" in the catalogue is the request body.
    if (field_ == "body") return "正文";
    std::string_view f = field_;
    if (f == "speaker_desc") f = "speakerDesc";
    if (const auto dot = f.rfind('.'); dot != std::string_view::npos) f = f.substr(dot + 1);
    return messages::field_label(f);
  }

  std::string_view field_;
  std::vector<Cp> cps_;
  std::vector<bool> masked_;
  bool multiline_ = false;
};

// Warnings of one code, at most kMaxPerCode, then a count of the rest.
class Collector {
 public:
  Collector(std::vector<Warning>& out, const Text& text, std::string code)
      : out_(out), text_(text), code_(std::move(code)) {}
  void add(std::string message) {
    if (added_ < kMaxPerCode) out_.push_back(Warning{code_, std::string(text_.field()), std::move(message)});
    ++added_;
  }
  void finish() {
    if (added_ <= kMaxPerCode) return;
    out_.push_back(Warning{
        code_, std::string(text_.field()),
        messages::format("submission.warn.more",
                         {{"place", text_.place_all()}, {"count", std::to_string(added_ - kMaxPerCode)}})});
  }

 private:
  std::vector<Warning>& out_;
  const Text& text_;
  std::string code_;
  std::size_t added_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// Half-width punctuation.

bool starts_with_ci(const Text& t, std::size_t i, std::string_view ascii) {
  for (std::size_t k = 0; k < ascii.size(); ++k)
    if (ascii_lower(t.at(i + k)) != static_cast<char32_t>(ascii[k]) || i + k >= t.size()) return false;
  return true;
}

// Code points that are not prose: URLs and Markdown syntax.
std::vector<bool> not_prose(const Text& t) {
  const std::size_t n = t.size();
  std::vector<bool> skip(n, false);
  for (std::size_t i = 0; i < n;) {
    const bool www = starts_with_ci(t, i, "www.") && (i == 0 || !is_ascii_alnum(t.at(i - 1)));
    if (!starts_with_ci(t, i, "http://") && !starts_with_ci(t, i, "https://") && !www) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && t.at(j) > 0x20 && t.at(j) < 0x7F)
      ++j;
    // Trailing punctuation belongs to the sentence, and so does a ")" that closes nothing in the URL.
    for (bool trimmed = true; trimmed && j > i;) {
      trimmed = false;
      const char32_t last = t.at(j - 1);
      if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?') {
        --j;
        trimmed = true;
      } else if (last == ')') {
        const auto opens = std::count_if(t.cps().begin() + static_cast<std::ptrdiff_t>(i),
                                         t.cps().begin() + static_cast<std::ptrdiff_t>(j),
                                         [](const Cp& c) { return c.c == '('; });
        const auto closes = std::count_if(t.cps().begin() + static_cast<std::ptrdiff_t>(i),
                                          t.cps().begin() + static_cast<std::ptrdiff_t>(j),
                                          [](const Cp& c) { return c.c == ')'; });
        if (closes > opens) {
          --j;
          trimmed = true;
        }
      }
    }
    for (std::size_t k = i; k < j; ++k)
      skip[k] = true;
    i = std::max(j, i + 1);
  }
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (t.at(i) == '!' && t.at(i + 1) == '[') skip[i] = true;  // ![image](...)
    if (t.at(i) == ']' && t.at(i + 1) == '(') {                // [text](link)
      int depth = 0;
      for (std::size_t k = i + 1; k < n && t.at(k) != '\n'; ++k) {
        if (t.at(k) == '(') ++depth;
        if (t.at(k) == ')' && --depth == 0) {
          skip[i + 1] = true;
          skip[k] = true;
          break;
        }
      }
    }
  }
  return skip;
}

void punct_warnings(const Text& t, std::vector<Warning>& out) {
  Collector col(out, t, "halfwidth_punct");
  const std::vector<bool> skip = not_prose(t);
  const std::size_t n = t.size();
  for (std::size_t i = 0; i < n;) {
    if (!is_halfwidth_punct(t.at(i)) || skip[i]) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && is_halfwidth_punct(t.at(j)) && !skip[j])
      ++j;
    const bool cjk_before = i > 0 && is_cjk(t.at(i - 1));
    const bool cjk_after = j < n && is_cjk(t.at(j));
    if (cjk_before || cjk_after) {
      std::string punct;
      for (std::size_t k = i; k < j; ++k)
        append_utf8(punct, t.at(k));
      col.add(messages::format("submission.warn.halfwidth_punct",
                               {{"place", t.place(i)}, {"punct", punct}, {"excerpt", t.excerpt(i, j)}}));
    }
    i = j;
  }
  col.finish();
}

// ---------------------------------------------------------------------------------------------------------
// ID and mobile numbers.

bool valid_birth_date(const std::array<int, 18>& d) {
  const int y = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9];
  const int m = d[10] * 10 + d[11];
  const int day = d[12] * 10 + d[13];
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int dim = m == 2 && !leap ? 28 : kDays[static_cast<std::size_t>(m - 1)];
  return day <= dim;
}

// d[0..16] digits, d[17] the check character (10 for X).
bool valid_id(const std::array<int, 18>& d) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::array<int, 11> kCheck = {1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2};
  if (d[0] == 0) return false;
  int sum = 0;
  for (std::size_t k = 0; k < 17; ++k)
    sum += d[k] * kWeights[k];
  return kCheck[static_cast<std::size_t>(sum % 11)] == d[17] && valid_birth_date(d);
}

struct NumberHit {
  bool id = false;                           // else a mobile number
  std::size_t begin = 0, end = 0;            // code points
  std::size_t mask_begin = 0, mask_end = 0;  // the digits hidden in quotes
};

std::vector<NumberHit> find_numbers(const Text& t) {
  std::vector<NumberHit> hits;
  const std::size_t n = t.size();
  for (std::size_t i = 0; i < n;) {
    if (!is_digit(t.at(i))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && is_digit(t.at(j)))
      ++j;
    const std::size_t len = j - i;
    // A decimal point between digits makes one number of both runs: 13812345678.5 is not a phone number.
    const bool joined_before = i >= 2 && t.at(i - 1) == '.' && is_digit(t.at(i - 2));
    const bool joined_after = j + 1 < n && t.at(j) == '.' && is_digit(t.at(j + 1));
    std::size_t next = j;
    if (!joined_before && !joined_after) {
      std::array<int, 18> d{};
      for (std::size_t k = 0; k < len && k < 18; ++k)
        d[k] = digit_of(t.at(i + k));
      const bool x_end = len == 17 && is_x(t.at(j)) && !(j + 1 < n && is_ascii_alnum(t.at(j + 1)));
      if (x_end) d[17] = 10;
      if ((len == 18 || x_end) && valid_id(d)) {
        hits.push_back(NumberHit{true, i, i + 18, i + 6, i + 14});
      } else if (len == 11 && d[0] == 1 && d[1] >= 3) {
        hits.push_back(NumberHit{false, i, j, i + 3, i + 7});
      } else if (len == 3 && d[0] == 1 && d[1] >= 3 && (t.at(j) == '-' || t.at(j) == ' ')) {
        // 138-1234-5678, 138 1234 5678
        const char32_t sep = t.at(j);
        auto run_of_4 = [&](std::size_t k) {
          for (std::size_t m = k; m < k + 4; ++m)
            if (m >= n || !is_digit(t.at(m))) return false;
          return k + 4 >= n || !is_digit(t.at(k + 4));
        };
        if (run_of_4(j + 1) && j + 5 < n && t.at(j + 5) == sep && run_of_4(j + 6) &&
            !(j + 11 < n && t.at(j + 10) == '.' && is_digit(t.at(j + 11)))) {
          hits.push_back(NumberHit{false, i, j + 10, j + 1, j + 5});
          next = j + 10;
        }
      }
    }
    i = next;
  }
  return hits;
}

void number_warnings(const Text& t, const std::vector<NumberHit>& hits, std::vector<Warning>& out) {
  Collector ids(out, t, "id_number");
  Collector phones(out, t, "phone_number");
  for (const NumberHit& h : hits) {
    (h.id ? ids : phones)
        .add(messages::format(h.id ? "submission.warn.id_number" : "submission.warn.phone_number",
                              {{"place", t.place(h.begin)}, {"excerpt", t.excerpt(h.begin, h.end)}}));
  }
  ids.finish();
  phones.finish();
}

// ---------------------------------------------------------------------------------------------------------
// Banned words.

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void banned_warnings(const Text& t, std::string_view text, std::span<const std::string> words,
                     std::vector<Warning>& out) {
  Collector col(out, t, "banned_word");
  const std::string hay = lower_ascii(text);
  // Hits in text order, whichever word they are.
  struct Hit {
    std::size_t begin, end;  // code points
    std::string word;
  };
  std::vector<Hit> hits;
  for (const std::string& line : words) {
    const std::string_view word = trim(line);
    if (word.empty()) continue;
    const std::string needle = lower_ascii(word);
    for (std::size_t pos = hay.find(needle); pos != std::string::npos;
         pos = hay.find(needle, pos + needle.size())) {
      const auto& cps = t.cps();
      const auto b =
          std::lower_bound(cps.begin(), cps.end(), pos, [](const Cp& c, std::size_t p) { return c.off < p; });
      const auto e = std::lower_bound(cps.begin(), cps.end(), pos + needle.size(),
                                      [](const Cp& c, std::size_t p) { return c.off < p; });
      if (b == cps.end() || b->off != pos) continue;  // not on a character boundary
      if (e != cps.end() && e->off != pos + needle.size()) continue;
      hits.push_back(Hit{static_cast<std::size_t>(b - cps.begin()), static_cast<std::size_t>(e - cps.begin()),
                         std::string(word)});
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.begin < b.begin; });
  for (const Hit& h : hits)
    col.add(messages::format(
        "submission.warn.banned_word",
        {{"place", t.place(h.begin)}, {"word", h.word}, {"excerpt", t.excerpt(h.begin, h.end)}}));
  col.finish();
}

// ---------------------------------------------------------------------------------------------------------
// Photos.

// "YYYY-MM-DD HH:MM:SS" from the accepted spellings; nullopt for anything else.
std::optional<std::string> normalise_time(const std::optional<std::string>& s) {
  if (!s || s->size() < 19) return std::nullopt;
  const std::string& v = *s;
  const char ds = v[4];
  if ((ds != '-' && ds != ':') || v[7] != ds || (v[10] != ' ' && v[10] != 'T') || v[13] != ':' ||
      v[16] != ':')
    return std::nullopt;
  auto num = [&](std::size_t at, std::size_t len) {
    int x = 0;
    for (std::size_t k = at; k < at + len; ++k) {
      if (v[k] < '0' || v[k] > '9') return -1;
      x = x * 10 + (v[k] - '0');
    }
    return x;
  };
  const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 ||
      se > 60)
    return std::nullopt;
  std::string out = v.substr(0, 19);
  out[4] = '-';
  out[7] = '-';
  out[10] = ' ';
  return out;
}

std::optional<std::pair<double, double>> position(const PhotoFacts& p) {
  if (!p.lat || !p.lng) return std::nullopt;
  const double lat = *p.lat, lng = *p.lng;
  if (!std::isfinite(lat) || !std::isfinite(lng) || std::abs(lat) > 90 || std::abs(lng) > 180)
    return std::nullopt;
  if (lat == 0 && lng == 0) return std::nullopt;
  return std::pair{lat, lng};
}

double distance(std::pair<double, double> a, std::pair<double, double> b) {
  return distance_m(a.first, a.second, b.first, b.second);
}

std::string metres(double d) {
  return std::to_string(static_cast<long long>(std::ceil(d)));
}

// GCJ-02 offset of a WGS-84 position (the published algorithm, Krasovsky 1940 ellipsoid).
bool outside_china(double lat, double lng) {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

std::pair<double, double> wgs84_to_gcj02(double lat, double lng) {
  if (outside_china(lat, lng)) return {lat, lng};
  constexpr double kPi = std::numbers::pi;
  constexpr double kA = 6378245.0;
  constexpr double kEe = 0.00669342162296594323;
  const double x = lng - 105.0, y = lat - 35.0;
  double dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  dlat += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  dlat += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  dlat += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  double dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  dlng += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  dlng += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  dlng += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  const double rad = lat / 180.0 * kPi;
  double magic = std::sin(rad);
  magic = 1 - kEe * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kA * (1 - kEe)) / (magic * sqrt_magic) * kPi);
  dlng = (dlng * 180.0) / (kA / sqrt_magic * std::cos(rad) * kPi);
  return {lat + dlat, lng + dlng};
}

}  // namespace

std::vector<Warning> text_warnings(std::string_view field, std::string_view text,
                                   std::span<const std::string> banned_words) {
  std::vector<Warning> out;
  Text t(field, text);
  // Numbers first, so that no quote of any warning shows them.
  const std::vector<NumberHit> numbers = find_numbers(t);
  for (const NumberHit& h : numbers)
    t.mask(h.mask_begin, h.mask_end);
  punct_warnings(t, out);
  number_warnings(t, numbers, out);
  banned_warnings(t, text, banned_words, out);
  return out;
}

std::vector<Warning> pair_warnings(int pair_no, const PhotoFacts& before, const PhotoFacts& after,
                                   std::optional<std::pair<double, double>> project_location, int max_m) {
  std::vector<Warning> out;
  const std::string pair = std::to_string(pair_no);
  const std::string field = "pairs[" + std::to_string(pair_no - 1) + "]";
  const std::string which_before(messages::text("submission.photo_before"));
  const std::string which_after(messages::text("submission.photo_after"));
  const auto t_before = normalise_time(before.taken_at);
  const auto t_after = normalise_time(after.taken_at);
  const auto p_before = position(before);
  const auto p_after = position(after);

  auto no_exif = [&](const std::optional<std::string>& t, const std::optional<std::pair<double, double>>& p,
                     const std::string& which, const char* side) {
    const char* key = !t && !p ? "submission.warn.photo_no_exif"
                      : !t     ? "submission.warn.photo_no_time"
                      : !p     ? "submission.warn.photo_no_gps"
                               : nullptr;
    if (key == nullptr) return;
    out.push_back(Warning{"photo_no_exif", field + "." + side,
                          messages::format(key, {{"pair", pair}, {"which", which}})});
  };
  no_exif(t_before, p_before, which_before, "before");
  no_exif(t_after, p_after, which_after, "after");

  if (t_before && t_after && *t_before >= *t_after) {
    out.push_back(Warning{
        "photo_order", field,
        messages::format(
            "submission.warn.photo_order",
            {{"pair", pair}, {"before", t_before->substr(0, 16)}, {"after", t_after->substr(0, 16)}})});
  }
  if (max_m <= 0) return out;
  const std::string max = std::to_string(max_m);
  if (p_before && p_after) {
    const double d = distance(*p_before, *p_after);
    if (d > max_m)
      out.push_back(Warning{"photo_distance", field,
                            messages::format("submission.warn.photo_distance",
                                             {{"pair", pair}, {"distance", metres(d)}, {"max", max}})});
  }
  std::optional<std::pair<double, double>> project;
  if (project_location)
    project = position(PhotoFacts{std::nullopt, project_location->first, project_location->second});
  if (project) {
    for (const auto& [p, which, side] :
         {std::tuple{p_before, which_before, "before"}, std::tuple{p_after, which_after, "after"}}) {
      if (!p) continue;
      const double d = distance(*p, *project);
      if (d > max_m)
        out.push_back(Warning{
            "photo_project_distance", field + "." + side,
            messages::format("submission.warn.photo_project_distance",
                             {{"pair", pair}, {"which", which}, {"distance", metres(d)}, {"max", max}})});
    }
  }
  return out;
}

double distance_m(double lat1, double lng1, double lat2, double lng2) {
  constexpr double kEarthRadius = 6371008.8;  // mean radius (IUGG), metres
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlng = (lng2 - lng1) * kRad;
  const double s1 = std::sin(dlat / 2);
  const double s2 = std::sin(dlng / 2);
  const double a = s1 * s1 + std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * s2 * s2;
  return 2 * kEarthRadius * std::atan2(std::sqrt(a), std::sqrt(std::max(0.0, 1 - a)));
}

std::pair<double, double> to_wgs84(double lat, double lng, std::string_view system) {
  if (system != "gcj02" || outside_china(lat, lng)) return {lat, lng};
  // Invert by fixed-point iteration: find w with wgs84_to_gcj02(w) = (lat, lng).
  double wlat = lat, wlng = lng;
  for (int k = 0; k < 30; ++k) {
    const auto [glat, glng] = wgs84_to_gcj02(wlat, wlng);
    const double elat = lat - glat, elng = lng - glng;
    wlat += elat;
    wlng += elng;
    if (std::abs(elat) < 1e-10 && std::abs(elng) < 1e-10) break;
  }
  return {wlat, wlng};
}

}  // namespace minsheng::submissions
