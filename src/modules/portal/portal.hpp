#pragma once
// The public portal (PRODUCT.md §9, CONVENTIONS.md §2-§3): server-rendered Chinese pages for citizens,
// Public routes (no session), cached in memory per (path, script, text size, content version); the cache
// keys come from the content (years, project codes), the oldest pages leave first when it is full.
//
// Pages: GET / (the town, its offices, its projects and a search box, the §2.1 footer), the Chinese 404/500
// pages for paths outside /api/ (through the dispatcher's error-page hook), and the embedded stylesheet and
// share image under /static/portal/ (so the binary works from any folder).
// Projects (issue 4): GET /projects?year= (the year's catalogue by category), /p/{code} (one project: facts,
// targets, texts, location, timeline with photos), /search?q= (results are rendered per request, never
// cached: their keys would be free text), /media/{id} and /media/{id}/thumb (the EXIF-stripped copy or the
// thumbnail of a photo attached to a progress update of the town's projects, or of a photo or composite of a
// published submission of the town; 404 for any other file).
// Submissions (issue 5): GET /news, /photos, /voices (?page=N, 20 a page, newest published first) and
// /news/{id}, /photos/{id}, /voices/{id} (one published item of that kind, linked to its projects; a voice
// only with the speaker's consent); the home page's columns of the latest 5, and /p/{code}'s related items.
// Photo stories show each before/after pair as two figures, enhanced into a slider by
// static/portal/compare.js where JavaScript runs (same-origin script, no inline code: the server's CSP
// holds).
//
// Reader choices, each from a query parameter remembered in a cookie (SameSite=Lax; Path=/):
//   ?script=hant | hans   Traditional (OpenCC s2tw, lang zh-TW) or Simplified (default, zh-CN)
//   ?size=large | normal  large text (适老 mode: bigger type, 60 px targets)
#include "platform/router.hpp"

namespace minsheng::portal {

// The portal's routes; they share one page cache (one per call, so one per App).
platform::RouteTable portal_routes();

}  // namespace minsheng::portal
