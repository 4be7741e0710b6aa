#include "infra/docx/zip.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <map>

namespace minsheng::infra::docx {
namespace {

std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  zip_error_fini(&err);
  if (!za) {
    zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    const char* name = zip_get_name(za, static_cast<zip_uint64_t>(i), 0);
    zip_stat_t st;
    zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(static_cast<std::size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out[name] = data;
  }
  zip_close(za);
  return out;
}

TEST(Zip, RoundTripsNamesAndBytesDeterministically) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"2020-01 标牌.pdf", std::string("%PDF-1.5\n\x00\x01 binary", 19)}, {"说明/readme.txt", "hello"}};
  auto a = zip_files(files);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->substr(0, 2), "PK");
  auto back = unzip(*a);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back.at("2020-01 标牌.pdf"), files[0].second);
  EXPECT_EQ(back.at("说明/readme.txt"), "hello");
  auto b = zip_files(files);
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
}

TEST(Zip, RefusesEmptyAndDuplicateNames) {
  EXPECT_FALSE(zip_files({{"", "x"}}));
  EXPECT_FALSE(zip_files({{"a.pdf", "x"}, {"a.pdf", "y"}}));
  auto empty = zip_files({});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(unzip(*empty).empty());
}

}  // namespace
}  // namespace minsheng::infra::docx
