// Markdown to safe HTML and to plain text (cmark-gfm; ARCHITECTURE.md "Markdown").
#include "render/markdown.hpp"

#include <gtest/gtest.h>

#include <string>

namespace minsheng::render {
namespace {

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xc0) != 0x80;
  return n;
}

TEST(Markdown, BasicsAndChineseText) {
  EXPECT_EQ(markdown_to_html("**农村**改厕，*惠及* 1200 户。"),
            "<p><strong>农村</strong>改厕，<em>惠及</em> 1200 户。</p>\n");
  const auto h = markdown_to_html("## 政策内容\n\n1. 改厕补助\n2. 资源化利用\n\n- 甲村\n- 乙村\n");
  EXPECT_TRUE(contains(h, "<h2>政策内容</h2>")) << h;
  EXPECT_TRUE(contains(h, "<ol>\n<li>改厕补助</li>")) << h;
  EXPECT_TRUE(contains(h, "<ul>\n<li>甲村</li>")) << h;
  // A new line typed in the back office's text box is a line break on the page.
  EXPECT_EQ(markdown_to_html("第一行\n第二行"), "<p>第一行<br />\n第二行</p>\n");
  EXPECT_EQ(markdown_to_html(""), "");
}

TEST(Markdown, ScriptInjectionAndRawHtmlAreDropped) {
  for (const char* evil :
       {"<script>alert(1)</script>", "前<script>alert(1)</script>后", "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>", "<a href=\"javascript:alert(1)\">点我</a>",
        "<div onclick=\"alert(1)\">块</div>", "<style>body{display:none}</style>", "<!-- 注释 -->正文"}) {
    const auto h = markdown_to_html(evil);
    SCOPED_TRACE(evil);
    EXPECT_FALSE(contains(h, "<script")) << h;
    EXPECT_FALSE(contains(h, "<img")) << h;
    EXPECT_FALSE(contains(h, "<iframe")) << h;
    EXPECT_FALSE(contains(h, "<div")) << h;
    EXPECT_FALSE(contains(h, "<style")) << h;
    EXPECT_FALSE(contains(h, "onerror")) << h;
    EXPECT_FALSE(contains(h, "onclick")) << h;
    EXPECT_FALSE(contains(h, "javascript:")) << h;
    EXPECT_FALSE(contains(h, "raw HTML omitted")) << "dropped without a trace: " << h;
  }
  // The text around inline HTML stays; markup in text is escaped.
  EXPECT_EQ(markdown_to_html("前<script>alert(1)</script>后"), "<p>前alert(1)后</p>\n");
  EXPECT_EQ(markdown_to_html("a &lt;b&gt; 1 < 2 & \"引号\""),
            "<p>a &lt;b&gt; 1 &lt; 2 &amp; &quot;引号&quot;</p>\n");
  // Code keeps the markup as text.
  EXPECT_EQ(markdown_to_html("`<script>`"), "<p><code>&lt;script&gt;</code></p>\n");
}

TEST(Markdown, DangerousLinksAreNeutralised) {
  for (const char* evil :
       {"[点我](javascript:alert(1))", "[点我](JaVaScRiPt:alert(1))", "[点我](java\tscript:alert(1))",
        "[点我](&#106;avascript:alert(1))", "[点我]( javascript:alert(1))", "[点我](vbscript:msgbox(1))",
        "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "[点我](file:///etc/passwd)",
        "[点我][r]\n\n[r]: javascript:alert(1)", "<javascript:alert(1)>"}) {
    const auto h = markdown_to_html(evil);
    SCOPED_TRACE(evil);
    EXPECT_FALSE(contains(h, "href")) << h;
    EXPECT_FALSE(contains(h, "<a")) << h;
    EXPECT_FALSE(contains(h, "src=")) << h;
  }
  EXPECT_EQ(markdown_to_html("<javascript:alert(1)>"), "<p>javascript:alert(1)</p>\n") << "harmless text";
  EXPECT_EQ(markdown_to_html("[点我](javascript:alert(1))"), "<p>点我</p>\n") << "the text stays";
  // Images: data: and other schemes become their alt text; a picture on another site becomes a link (no
  // third-party load on the page); our own pictures stay.
  EXPECT_EQ(markdown_to_html("![现场](data:image/png;base64,iVBORw0KGgo=)"), "<p>现场</p>\n");
  EXPECT_EQ(markdown_to_html("![现场](https://cdn.example/a.jpg)"),
            "<p><a href=\"https://cdn.example/a.jpg\">现场</a></p>\n");
  EXPECT_EQ(markdown_to_html("![现场](//cdn.example/a.jpg)"),
            "<p><a href=\"//cdn.example/a.jpg\">现场</a></p>\n");
  EXPECT_EQ(markdown_to_html("![现场](/photos/3)"), "<p><img src=\"/photos/3\" alt=\"现场\" /></p>\n");
  // Allowed: http(s), mailto, relative.
  EXPECT_EQ(markdown_to_html("[通知](https://www.gov.cn/a?b=1&c=2)"),
            "<p><a href=\"https://www.gov.cn/a?b=1&amp;c=2\">通知</a></p>\n");
  EXPECT_TRUE(contains(markdown_to_html("[信箱](mailto:ms@example.cn)"), "href=\"mailto:ms@example.cn\""));
  EXPECT_TRUE(contains(markdown_to_html("[项目](/p/2020-01)"), "href=\"/p/2020-01\""));
  EXPECT_TRUE(contains(markdown_to_html("[说明](a:b/c)"), "href") == false) << "a scheme is a scheme";
  EXPECT_TRUE(contains(markdown_to_html("[说明](docs/a:b)"), "href=\"docs/a:b\""));
  // A title cannot break out of the attribute.
  const auto t = markdown_to_html("[链接](/a \"x\\\" onmouseover=\\\"alert(1)\")");
  EXPECT_FALSE(contains(t, "\" onmouseover")) << t;
}

TEST(Markdown, GfmExtensions) {
  const auto table = markdown_to_html("| 名称 | 数量 |\n|:--|--:|\n| 户厕 | 1200 |\n| <b>站</b> | 2 |\n");
  EXPECT_TRUE(contains(table, "<table>")) << table;
  EXPECT_TRUE(contains(table, "<th align=\"left\">名称</th>")) << table;
  EXPECT_TRUE(contains(table, "<td align=\"right\">1200</td>")) << table;
  EXPECT_TRUE(contains(table, ">站</td>")) << table;
  EXPECT_FALSE(contains(table, "<b>")) << table;
  EXPECT_EQ(markdown_to_html("~~旧标准~~新标准"), "<p><del>旧标准</del>新标准</p>\n");
  const auto auto_link = markdown_to_html("详见 https://www.gov.cn/zhengce 和 www.ah.gov.cn 。");
  EXPECT_TRUE(contains(auto_link, "<a href=\"https://www.gov.cn/zhengce\">https://www.gov.cn/zhengce</a>"))
      << auto_link;
  EXPECT_TRUE(contains(auto_link, "<a href=\"http://www.ah.gov.cn\">www.ah.gov.cn</a>")) << auto_link;
}

TEST(Markdown, InvalidUtf8IsReplaced) {
  const auto h = markdown_to_html(std::string("坏\xff\xfe字节"));
  EXPECT_EQ(h, "<p>坏\xef\xbf\xbd\xef\xbf\xbd字节</p>\n");
}

TEST(MarkdownPlain, StripsSyntaxAndCollapsesWhitespace) {
  EXPECT_EQ(
      markdown_to_plain("## 政策内容\n\n对**农村**户厕改造给予[补助](https://x.cn)。\n\n- 甲村\n- 乙村"),
      "政策内容 对农村户厕改造给予补助。 甲村 乙村");
  EXPECT_EQ(markdown_to_plain("  多个   空格\t和\n\n\n换行　全角空格  "), "多个 空格 和 换行 全角空格");
  EXPECT_EQ(markdown_to_plain("前<script>alert(1)</script>后"), "前alert(1)后");
  EXPECT_EQ(markdown_to_plain("<div>块</div>\n\n正文"), "正文");
  EXPECT_EQ(markdown_to_plain("| 名称 | 数量 |\n|--|--|\n| 户厕 | 1200 |"), "名称 数量 户厕 1200");
  EXPECT_EQ(markdown_to_plain("`代码` ~~删除~~ ![图](/a.jpg)"), "代码 删除 图");
  EXPECT_EQ(markdown_to_plain("a &amp; &lt;b&gt;"), "a & <b>")
      << "plain text, not HTML: escape it when shown";
  EXPECT_EQ(markdown_to_plain(""), "");
}

TEST(MarkdownPlain, CutsByCodePoints) {
  const std::string text = "农村人居环境整治提升项目";  // 12 characters, 36 bytes
  EXPECT_EQ(markdown_to_plain(text, 12), text) << "not cut when it fits";
  EXPECT_EQ(markdown_to_plain(text, 100), text);
  const auto cut = markdown_to_plain(text, 5);
  EXPECT_EQ(cut, "农村人居环…");
  EXPECT_EQ(code_points(cut), 6u) << "at most 5 characters of text, then the ellipsis";
  EXPECT_EQ(markdown_to_plain("ab😀cd", 3), "ab😀…") << "a 4-byte character is one";
  EXPECT_EQ(markdown_to_plain("一二 三四", 3), "一二…") << "no space before the ellipsis";
  EXPECT_EQ(markdown_to_plain("**粗体**很长的文字", 2), "粗体…") << "markup does not count";
  std::string long_text;
  for (int i = 0; i < 200; ++i)
    long_text += "字";
  EXPECT_EQ(code_points(markdown_to_plain(long_text)), 121u) << "120 by default";
}

}  // namespace
}  // namespace minsheng::render
