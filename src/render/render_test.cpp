#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "render/script.hpp"
#include "render/templates.hpp"

namespace minsheng::render {
namespace {

namespace json = boost::json;
using namespace std::literals;

Templates load_ok(std::initializer_list<EmbeddedFile> files) {
  auto t = Templates::load(std::span<const EmbeddedFile>(files.begin(), files.size()));
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().fields.front().message);
  return std::move(t).value();
}

TEST(Templates, EscapesDataByDefault) {
  auto t = load_ok({{"p/page.mustache"sv, "<p>{{x}}</p><a title=\"{{x}}\">{{{html}}}</a>"sv}});
  auto out = t.render("p/page", json::object{{"x", "<script>alert('x')</script>&\""}, {"html", "<b>ok</b>"}});
  EXPECT_EQ(out.find("<script>"), std::string::npos) << out;
  EXPECT_NE(out.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;&quot;"), std::string::npos)
      << out;
  EXPECT_NE(out.find("<b>ok</b>"), std::string::npos);  // triple mustache: HTML we produced
}

TEST(Templates, PartialsByNameAndLayout) {
  auto t = load_ok({
      {"p/_partials/footer.mustache"sv, "<footer>{{unit}}</footer>"sv},
      {"p/_layout/base.mustache"sv, "<html><title>{{title}}</title>{{{content}}}{{> footer}}</html>"sv},
      {"p/home.mustache"sv, "<main>{{#items}}<li>{{name}}</li>{{/items}}</main>"sv},
      {"p/readme.txt"sv, "not a template {{"sv},
  });
  EXPECT_TRUE(t.has("p/home"));
  EXPECT_FALSE(t.has("p/readme"));
  auto out = t.render_in_layout(
      "p/_layout/base", "p/home",
      json::object{
          {"title", "首页"}, {"unit", "民生镇<b>"}, {"items", json::array{json::object{{"name", "甲村"}}}}});
  EXPECT_EQ(out,
            "<html><title>首页</title><main><li>甲村</li></main><footer>民生镇&lt;b&gt;</footer></html>");
}

TEST(Templates, DataCannotSupplyAPartial) {
  auto t = load_ok({{"p/_partials/x.mustache"sv, "safe"sv}, {"p/page.mustache"sv, "{{> x}}"sv}});
  EXPECT_EQ(t.render("p/page", json::object{{"x", "<script>"}}), "safe");
}

TEST(Templates, ProblemsAreErrorsAtLoad) {
  std::initializer_list<EmbeddedFile> missing_partial{{"p/page.mustache"sv, "{{> nowhere}}"sv}};
  auto a = Templates::load(std::span<const EmbeddedFile>(missing_partial.begin(), missing_partial.size()));
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().fields.front().message.find("nowhere"), std::string::npos);

  std::initializer_list<EmbeddedFile> bad_syntax{{"p/page.mustache"sv, "{{#open}} never closed"sv}};
  EXPECT_FALSE(Templates::load(std::span<const EmbeddedFile>(bad_syntax.begin(), bad_syntax.size())).ok());

  std::initializer_list<EmbeddedFile> twice{{"a/_partials/x.mustache"sv, "1"sv},
                                            {"b/_partials/x.mustache"sv, "2"sv}};
  EXPECT_FALSE(Templates::load(std::span<const EmbeddedFile>(twice.begin(), twice.size())).ok());

  auto t = load_ok({{"p/page.mustache"sv, "x"sv}});
  EXPECT_TRUE(t.require({"p/page"}).ok());
  auto r = t.require({"p/page", "p/missing"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().fields.front().field.find("p/missing"), std::string::npos);
  EXPECT_THROW((void)t.render("p/missing", json::object{}), std::out_of_range);
}

TEST(Templates, EmbeddedSetLoadsWithThePortalPages) {
  auto t = Templates::load_embedded();
  ASSERT_TRUE(t.ok()) << t.error().fields.front().field << ": " << t.error().fields.front().message;
  EXPECT_TRUE(t->require({"portal/_layout/base", "portal/home", "portal/error"}).ok());
}

TEST(Script, S2twConvertsAndKeepsMarkup) {
  auto& c = ScriptConverter::s2tw();
  const std::string out = c.convert("<p class=\"x\">民生工程 发布 乡镇</p>");
  EXPECT_EQ(out, "<p class=\"x\">民生工程 發佈 鄉鎮</p>");
  EXPECT_EQ(c.convert(""), "");
  EXPECT_FALSE(ScriptConverter::open("no-such-config.json").ok());
}

}  // namespace
}  // namespace minsheng::render
