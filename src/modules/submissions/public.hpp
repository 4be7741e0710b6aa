#pragma once
// Read-only queries for the public portal (issue 5): the published submissions of the portal's town — news
// (文字信息), photo stories (图说民生) and citizens' voices (群众话民生) — with their projects and photos,
// and the check behind the public media route. No scope checks: everything here is public, limited to one
// town.
//
// Visible means: of the town, state 'published', and for a voice the speaker's consent (consent = 1): a voice
// without consent is never shown, even if published. Photos are shown only when they are images with a public
// (EXIF-stripped) copy.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"
#include "modules/projects/public.hpp"

namespace minsheng::submissions {

// A photo as the portal shows it (a news photo, one side of a before/after pair, or a pair's composite).
struct PublicPhoto {
  std::int64_t file_id = 0;
  std::string caption;
  std::optional<std::string> taken_at;        // EXIF capture time "YYYY-MM-DDTHH:MM:SS" (camera local time)
  std::optional<std::int64_t> width, height;  // as displayed
};

// A before/after pair of a photo story; a side is missing when its file is not a public image.
struct PublicPair {
  int pair_no = 0;
  std::optional<PublicPhoto> before, after;
  std::optional<PublicPhoto> composite;  // the side-by-side image, when built and public
};

struct PublicProjectRef {
  std::int64_t id = 0;
  std::string code, name;
  int year = 0;
};

struct PublicItem {
  std::int64_t id = 0;
  std::string kind;  // news | photo_story | voice
  std::string title;
  std::string body;  // Markdown
  std::string author_name;
  std::string unit_name;     // the submitting unit
  std::string published_at;  // UTC text as stored ("" if missing)
  std::string published_on;  // the Asia/Shanghai day "YYYY-MM-DD" ("" if missing)
  bool is_demo = false;
  // voice (empty otherwise)
  std::string speaker_village_name, speaker_desc, quote, interviewer;
  // Lists: the picture to show next to the title (a news item's first photo, a story's first composite or
  // first "after" photo); nullopt when none.
  std::optional<PublicPhoto> cover;
  // One item (public_item) only:
  std::vector<PublicProjectRef> projects;  // of the same town, by year desc, sort order, code
  std::vector<PublicPhoto> photos;         // news, in their order
  std::vector<PublicPair> pairs;           // photo_story, by pair number
};

struct PublicList {
  std::vector<PublicItem> items;  // without projects, photos and pairs (cover only)
  std::int64_t total = 0;         // visible items of the kind
};

// True for news, photo_story and voice.
bool is_kind(std::string_view kind);

// The visible items of `kind` in the town, newest published first (then id), `limit` from `offset`.
PublicList public_list(db::Connection& conn, std::int64_t town_id, std::string_view kind, std::int64_t offset,
                       std::int64_t limit);

// The visible item `id` if it is of `kind` in the town, whole; nullopt otherwise.
std::optional<PublicItem> public_item(db::Connection& conn, std::int64_t town_id, std::string_view kind,
                                      std::int64_t id);

// The visible items linked to the project (every kind), newest published first (as lists: cover only).
std::vector<PublicItem> public_items_of_project(db::Connection& conn, std::int64_t town_id,
                                                std::int64_t project_id);

// The file if it is a photo (news photo, before or after) or a composite of a visible item of the town;
// nullopt otherwise. The bytes come from files::get_blob.
std::optional<projects::PublicPhotoFile> public_file(db::Connection& conn, std::int64_t town_id,
                                                     std::int64_t file_id);

}  // namespace minsheng::submissions
