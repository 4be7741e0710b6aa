#pragma once
// Checks shown to the reviewer before publishing (issue 5), pure: warnings, never blocks by themselves.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minsheng::submissions {

struct Warning {
  std::string code;     // halfwidth_punct | id_number | phone_number | banned_word | photo_order |
                        // photo_distance | photo_project_distance | photo_no_exif | voice_full_name
  std::string field;    // title | body | quote | speaker_desc | pairs[0] ...
  std::string message;  // Chinese, names the place and quotes a short excerpt
};

// Half-width , . ; : ? ! ( ) next to Chinese characters; unmasked 18-digit ID numbers (with a valid check
// digit) and 11-digit mobile numbers (1[3-9]…); words from the town's list (one per line, case-insensitive
// for ASCII). Details:
// - Punctuation: a run of those characters whose neighbour just before or after is a CJK ideograph, CJK
//   symbol (、。《》「」…) or full-width form; one warning per run. Not inside URLs (http://, https://,
//   www.), not Markdown syntax ("![" of an image, the "(" ")" of "[text](link)"); "2020.06", "3:1", "Hello,
//   world" have no CJK neighbour.
// - ID numbers: exactly 17 digits + a digit or X (ASCII or full-width), not inside a longer run of digits
//   (a "." between digits joins runs: 13812345678.5 is a number), with a valid ISO 7064 MOD 11-2 check
//   character and a real birth date (YYYYMMDD, 1900..2099). Mobiles: 11 digits 1[3-9]…, or written 3-4-4
//   with the same "-" or " " twice (138-1234-5678), not inside a longer run. Masked forms (138****5678) pass.
// - Banned words: each line of `banned_words` trimmed; empty lines ignored.
// - Each warning quotes ≤ 20 characters around the hit (numbers masked in the quote: 110105********123X,
//   138****5678) and names the field (and the line, for text of several lines). At most 5 warnings per code
//   and field, then one more saying how many were left out.
std::vector<Warning> text_warnings(std::string_view field, std::string_view text,
                                   std::span<const std::string> banned_words);

struct PhotoFacts {
  std::optional<std::string> taken_at;  // EXIF "YYYY-MM-DD HH:MM:SS" (camera time)
  std::optional<double> lat, lng;
};

// One before/after pair: before must be earlier than after, both within `max_m` metres of each other and of
// the project's location when known; missing EXIF time or GPS is flagged. Details: pair_no is 1-based (as
// submission_photos.pair_no); fields are "pairs[pair_no - 1]" for the pair (order, distance) and
// "pairs[i].before" / "pairs[i].after" for one photo (no EXIF, project distance). taken_at may be "YYYY-MM-DD
// HH:MM:SS", "YYYY-MM-DDTHH:MM:SS" (images.hpp) or EXIF's "YYYY:MM:DD HH:MM:SS"; anything else (e.g.
// "0000:00:00 00:00:00") counts as missing, as do GPS (0, 0) and out-of-range values. Equal times are flagged
// (before must be strictly earlier). max_m <= 0 turns the distance checks off. All positions are WGS-84
// (CGCS2000 is the same at this scale): convert a GCJ-02 project location with to_wgs84() first, its offset
// is several hundred metres.
std::vector<Warning> pair_warnings(int pair_no, const PhotoFacts& before, const PhotoFacts& after,
                                   std::optional<std::pair<double, double>> project_location, int max_m);

// Great-circle distance in metres (haversine, mean Earth radius).
double distance_m(double lat1, double lng1, double lat2, double lng2);

// A position in `system` (cgcs2000 | wgs84 | gcj02, projects/model.hpp) as WGS-84 {lat, lng}: GCJ-02 ("Mars
// coordinates" of Chinese web maps) is converted back (iteratively, < 1 m error in China; unchanged outside
// China); the others are returned as they are.
std::pair<double, double> to_wgs84(double lat, double lng, std::string_view system);

}  // namespace minsheng::submissions
