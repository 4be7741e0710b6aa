#include "core/public_address.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace minsheng {
namespace {

using P = AddressProblem;

std::string name(P p) {
  switch (p) {
    case P::None:
      return "none";
    case P::Unset:
      return "unset";
    case P::Invalid:
      return "invalid";
    case P::Loopback:
      return "loopback";
    case P::Private:
      return "private";
    case P::NotHttps:
      return "not_https";
  }
  return "?";
}

void expect_problems(const std::vector<std::pair<std::string, P>>& cases) {
  for (const auto& [url, want] : cases)
    EXPECT_EQ(name(public_address_problem(url)), name(want)) << url;
}

TEST(PublicAddress, UnsetAndInvalid) {
  expect_problems({
      {"", P::Unset},
      {"ms.example.gov.cn", P::Invalid},
      {"//ms.example.gov.cn", P::Invalid},
      {"ftp://ms.example.gov.cn", P::Invalid},
      {"https://", P::Invalid},
      {"https:///p", P::Invalid},
      {"https://ms.example.gov.cn:0", P::Invalid},
      {"https://ms.example.gov.cn:65536", P::Invalid},
      {"https://ms.example.gov.cn:", P::Invalid},
      {"https://ms.example.gov.cn:8o", P::Invalid},
      {"https://user:pw@ms.example.gov.cn", P::Invalid},
      {"https://ms.example.gov.cn/?a=1", P::Invalid},
      {"https://ms.example.gov.cn/#top", P::Invalid},
      {"https://ms example.gov.cn", P::Invalid},
      {"https://ms.example.gov.cn/a b", P::Invalid},
      {"https://-ms.example.gov.cn", P::Invalid},
      {"https://ms..example.gov.cn", P::Invalid},
      {"https://ms_1.example.gov.cn", P::Invalid},
      {"https://1.2.3", P::Invalid},
      {"https://1.2.3.256", P::Invalid},
      {"https://01.2.3.4", P::Invalid},
      {"https://[::1", P::Invalid},
      {"https://[gg::1]", P::Invalid},
      {"https://[::1]x", P::Invalid},
      {"https://::1", P::Invalid},
      {"https://ms.example.gov.cn/a//b", P::Invalid},
      {"https://ms.example.gov.cn/<p>", P::Invalid},
  });
}

TEST(PublicAddress, Loopback) {
  expect_problems({
      {"http://127.0.0.1:8080", P::Loopback},
      {"https://127.0.0.1", P::Loopback},
      {"http://127.255.255.254/minsheng", P::Loopback},
      {"http://127.1.2.3", P::Loopback},
      {"http://[::1]:8080", P::Loopback},
      {"http://[0:0:0:0:0:0:0:1]", P::Loopback},
      {"http://[::ffff:127.0.0.1]", P::Loopback},
      {"http://localhost:8080", P::Loopback},
      {"http://LOCALHOST", P::Loopback},
      {"http://localhost.", P::Loopback},
      {"https://ms.localhost", P::Loopback},
  });
}

TEST(PublicAddress, Private) {
  expect_problems({
      {"http://10.0.0.1", P::Private},
      {"https://10.255.255.255", P::Private},
      {"http://172.16.0.1", P::Private},
      {"http://172.31.255.255", P::Private},
      {"http://192.168.1.10:8080", P::Private},
      {"http://169.254.10.1", P::Private},
      {"http://100.64.0.1", P::Private},
      {"http://100.127.255.255", P::Private},
      {"http://0.0.0.0:8080", P::Private},
      {"http://[::]:8080", P::Private},
      {"http://[fc00::1]", P::Private},
      {"http://[fd12:3456::1]", P::Private},
      {"http://[fe80::1]", P::Private},
      {"http://[febf::1]", P::Private},
      {"http://[::ffff:192.168.0.1]", P::Private},
      {"https://minsheng.local", P::Private},
      {"https://minsheng.lan", P::Private},
      {"https://ms.corp.internal", P::Private},
      {"https://ms.home.arpa", P::Private},
      {"https://minsheng", P::Private},
      {"https://minsheng.", P::Private},
      {"http://server01:8080", P::Private},
  });
}

TEST(PublicAddress, PublicOverHttpIsOnlyAWarning) {
  expect_problems({
      {"http://ms.example.gov.cn", P::NotHttps},
      {"http://203.0.113.5:8080", P::NotHttps},
      {"http://[2001:db8::1]", P::NotHttps},
      {"HTTP://MS.EXAMPLE.GOV.CN", P::NotHttps},
  });
  EXPECT_FALSE(address_problem_blocks_print(P::NotHttps));
  EXPECT_FALSE(address_problem_blocks_print(P::None));
  for (P p : {P::Unset, P::Invalid, P::Loopback, P::Private})
    EXPECT_TRUE(address_problem_blocks_print(p)) << name(p);
}

TEST(PublicAddress, PublicHttps) {
  expect_problems({
      {"https://ms.example.gov.cn", P::None},
      {"https://ms.example.gov.cn/", P::None},
      {"https://ms.example.gov.cn:8443/minsheng", P::None},
      {"https://www.example.gov.cn/minsheng/portal/", P::None},
      {"https://民生.中国", P::None},
      {"https://xn--fiq06l.xn--fiqs8s", P::None},
      {"https://8.8.8.8", P::None},
      {"https://172.15.0.1", P::None},  // just outside 172.16/12
      {"https://172.32.0.1", P::None},
      {"https://100.63.0.1", P::None},  // just outside 100.64/10
      {"https://100.128.0.1", P::None},
      {"https://11.0.0.1", P::None},
      {"https://192.169.0.1", P::None},
      {"https://[2001:db8::1]:443", P::None},
      {"https://[fec0::1]", P::None},  // outside fe80::/10
      {"https://[fb00::1]", P::None},  // outside fc00::/7
      {"https://[::ffff:8.8.8.8]", P::None},
      {"https://local.example.gov.cn", P::None},
      {"https://example.localhost.cn", P::None},
  });
}

TEST(PublicAddress, NormalizeKeepsAPathPrefixAndLowersSchemeAndHost) {
  auto n = [](std::string_view url) {
    auto r = normalize_public_address(url, "--base-url");
    return r ? *r : "error: " + r.error().fields.front().message;
  };
  EXPECT_EQ(n("HTTPS://MS.Example.GOV.cn/"), "https://ms.example.gov.cn");
  EXPECT_EQ(n("https://ms.example.gov.cn:8443/Minsheng/"), "https://ms.example.gov.cn:8443/Minsheng");
  EXPECT_EQ(n("http://[2001:DB8::1]:8080"), "http://[2001:db8::1]:8080");
  EXPECT_EQ(n("http://127.0.0.1:8080"), "http://127.0.0.1:8080");  // valid, though it draws a warning
  EXPECT_EQ(n("ms.example.gov.cn"),
            "error: --base-url：应为以 http:// 或 https:// 开头的完整网址，如 https://ms.example.gov.cn");
  EXPECT_EQ(n("https://ms.example.gov.cn/?x=1"),
            "error: --base-url：网址只能带路径前缀，不能含有 ? 或 # 及其后的内容");
  EXPECT_EQ(n("https://a@ms.example.gov.cn"), "error: --base-url：网址不能含有用户名或密码（@）");
  EXPECT_EQ(n("https://ms.example.gov.cn:99999"), "error: --base-url：端口应为 1 到 65535 之间的数字");
  EXPECT_EQ(n("https://ms_x.cn"),
            "error: --base-url：主机名无效（应为域名、IPv4 地址或方括号中的 IPv6 地址）");
  EXPECT_EQ(n("https://ms.example.gov.cn/a b"), "error: --base-url：网址不能含有空格或控制字符");
  EXPECT_EQ(n("https://ms.example.gov.cn/a|b"), "error: --base-url：路径前缀含有无效字符");
  EXPECT_EQ(n(""), "error: --base-url不能为空");
  auto r = normalize_public_address("x", "--base-url");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(r.error().fields.front().field, "--base-url");
}

TEST(PublicAddress, WarningNamesTheAddressTheQrPointsTo) {
  EXPECT_EQ(public_address_warning("https://ms.example.gov.cn"), "");
  EXPECT_EQ(public_address_warning(""),
            "二维码指向 http://127.0.0.1:8080（尚未设置对外网址），群众手机扫码打不开。"
            "请系统管理员设置对外网址（命令 minsheng base-url，见运维手册）。");
  EXPECT_EQ(public_address_warning("http://127.0.0.1:8080"),
            "二维码指向 http://127.0.0.1:8080，这是服务器本机的地址，群众手机扫码打不开。"
            "请系统管理员设置对外网址（命令 minsheng base-url，见运维手册）。");
  EXPECT_NE(public_address_warning("http://192.168.1.10").find("192.168.1.10，这是内部网络的地址"),
            std::string::npos);
  EXPECT_NE(public_address_warning("ms.example.gov.cn").find("对外网址 ms.example.gov.cn 不是有效的网址"),
            std::string::npos);
  EXPECT_NE(public_address_warning("http://ms.example.gov.cn").find("不是 https 加密地址"),
            std::string::npos);
}

}  // namespace
}  // namespace minsheng
