#include "render/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace minsheng::render {
namespace {

// Raw HTML is dropped (no CMARK_OPT_UNSAFE); invalid UTF-8 becomes U+FFFD; a line break typed in a text box
// is a line break on the page (township staff write in a textarea, not in Markdown).
constexpr int kOptions = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_HARDBREAKS;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink"};

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

bool ascii_space_or_control(unsigned char c) {
  return c <= 0x20 || c == 0x7f;
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// True for a destination a reader may follow: relative (no scheme), http, https or mailto. Browsers ignore
// tabs and new lines anywhere in a URL and leading spaces and control characters, so those are removed
// before looking for the scheme ("java\tscript:" is javascript:). cmark has already decoded entities.
bool allowed_url(std::string_view url) {
  std::string s;
  s.reserve(url.size());
  for (char c : url)
    if (!ascii_space_or_control(static_cast<unsigned char>(c))) s += ascii_lower(c);
  const auto end = s.find_first_of("/?#");
  const auto colon = s.find(':');
  if (colon == std::string::npos || (end != std::string::npos && end < colon)) return true;  // relative
  const std::string scheme = s.substr(0, colon);
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

bool absolute_url(std::string_view url) {
  std::string s;
  for (char c : url)
    if (!ascii_space_or_control(static_cast<unsigned char>(c))) s += ascii_lower(c);
  return s.starts_with("//") || s.find(':') != std::string::npos;
}

// Moves the children of `node` before it, then frees it (a link without its anchor, an image as its alt
// text).
void unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) {
    cmark_node_unlink(child);
    cmark_node_insert_before(node, child);
  }
  cmark_node_free(node);
}

void ensure_extensions() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct Parsed {
  ParserPtr parser;
  NodePtr doc;
};

// Parses and makes the tree safe: raw HTML removed, links with other schemes unwrapped, images with other
// schemes replaced by their alt text and images on other sites turned into links (no third-party loads).
Parsed parse(std::string_view markdown) {
  ensure_extensions();
  Parsed p;
  p.parser.reset(cmark_parser_new(kOptions));
  if (!p.parser) throw std::bad_alloc();
  for (const char* name : kExtensions)
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(p.parser.get(), ext);
  cmark_parser_feed(p.parser.get(), markdown.data(), markdown.size());
  p.doc.reset(cmark_parser_finish(p.parser.get()));
  if (!p.doc) throw std::bad_alloc();

  std::vector<cmark_node*> raw_html, bad_links, bad_images, foreign_images;
  cmark_iter* it = cmark_iter_new(p.doc.get());
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it);
    const cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) {
      raw_html.push_back(n);
    } else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      const char* u = cmark_node_get_url(n);
      const std::string_view url = u ? u : "";
      if (!allowed_url(url))
        (type == CMARK_NODE_LINK ? bad_links : bad_images).push_back(n);
      else if (type == CMARK_NODE_IMAGE && absolute_url(url))
        foreign_images.push_back(n);
    }
  }
  cmark_iter_free(it);
  for (cmark_node* n : raw_html)
    cmark_node_free(n);
  for (cmark_node* n : bad_images)
    unwrap(n);
  for (cmark_node* n : foreign_images) {
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(link, cmark_node_get_url(n));
    cmark_node_insert_before(n, link);
    while (cmark_node* child = cmark_node_first_child(n)) {
      cmark_node_unlink(child);
      cmark_node_append_child(link, child);
    }
    cmark_node_free(n);
  }
  for (cmark_node* n : bad_links)
    unwrap(n);
  return p;
}

// Appends the text of `node` and its descendants; blocks and breaks become spaces.
void collect_text(cmark_node* node, std::string& out) {
  cmark_iter* it = cmark_iter_new(node);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it);
    const cmark_node_type type = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER &&
        (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK)) {
      if (const char* lit = cmark_node_get_literal(n)) out += lit;
    }
    // Breaks, and the end of any block (paragraph, heading, list item, table cell; leaf blocks have only an
    // enter event), separate words.
    const bool block = (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
    if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK || (block && ev == CMARK_EVENT_EXIT) ||
        type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_THEMATIC_BREAK)
      out += ' ';
  }
  cmark_iter_free(it);
}

// Length of the UTF-8 sequence starting with `c` (1 for a stray byte; the parser has validated the text).
std::size_t seq_len(unsigned char c) {
  if (c < 0xc0) return 1;
  if (c < 0xe0) return 2;
  if (c < 0xf0) return 3;
  return 4;
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  Parsed p = parse(markdown);
  char* html = cmark_render_html(p.doc.get(), kOptions, cmark_parser_get_syntax_extensions(p.parser.get()));
  if (!html) throw std::bad_alloc();
  std::string out(html);
  cmark_get_default_mem_allocator()->free(html);
  return out;
}

std::string markdown_to_plain(std::string_view markdown, std::size_t max_chars) {
  Parsed p = parse(markdown);
  std::string raw;
  collect_text(p.doc.get(), raw);
  // Collapse runs of white space (ASCII, and the ideographic space U+3000) into one space; trim.
  std::string text;
  text.reserve(raw.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < raw.size();) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (ascii_space_or_control(c)) {
      pending_space = true;
      ++i;
      continue;
    }
    if (raw.compare(i, 3, "\xe3\x80\x80") == 0) {
      pending_space = true;
      i += 3;
      continue;
    }
    if (pending_space && !text.empty()) text += ' ';
    pending_space = false;
    const std::size_t n = std::min(seq_len(c), raw.size() - i);
    text.append(raw, i, n);
    i += n;
  }
  // Cut at a code point boundary.
  std::size_t chars = 0, pos = 0;
  while (pos < text.size() && chars < max_chars) {
    pos += seq_len(static_cast<unsigned char>(text[pos]));
    ++chars;
  }
  if (pos >= text.size()) return text;
  text.resize(pos);
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
  return text + "…";
}

}  // namespace minsheng::render
