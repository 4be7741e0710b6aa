#include "infra/images/images.hpp"

#include <gtest/gtest.h>

#include "support/test_images.hpp"

namespace minsheng::infra::images {
namespace {

namespace ti = testing::images;

TEST(Sniff, AllowListByMagicBytes) {
  EXPECT_EQ(sniff(ti::jpeg(8, 8)), Kind::Jpeg);
  EXPECT_EQ(sniff(ti::png(8, 8)), Kind::Png);
  EXPECT_EQ(sniff(ti::webp(8, 8)), Kind::Webp);
  EXPECT_EQ(sniff(ti::pdf()), Kind::Pdf);
  for (std::string bad : {"<?php system($_GET['c']); ?>", "<html><img src=x onerror=alert(1)>",
                          "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
                          "GIF89a....", "BM....", "RIFF\x10\0\0\0WAVEfmt ", "", "\xff\xd8", " %PDF-1.4"})
    EXPECT_FALSE(sniff(bad)) << bad;
  // A polyglot starting with HTML is refused even though it contains a JPEG.
  EXPECT_FALSE(sniff("<!--" + ti::jpeg(8, 8)));
}

TEST(Process, JpegMetadataAndStrippedVariants) {
  ti::ExifSpec spec;
  spec.gps = std::make_pair(30.2741, -120.1551);
  spec.orientation = 6;  // the camera was turned: displayed rotated 90° clockwise
  const std::string in = ti::jpeg(640, 320, spec);
  ASSERT_TRUE(read_exif_block(in).gps_lat);
  auto r = process(in);
  ASSERT_TRUE(r) << r.error().key;
  EXPECT_EQ(r->kind, Kind::Jpeg);
  EXPECT_EQ(r->width, 320);
  EXPECT_EQ(r->height, 640);
  EXPECT_EQ(r->taken_at, "2024-05-06T07:08:09");
  ASSERT_TRUE(r->gps_lat && r->gps_lng);
  EXPECT_NEAR(*r->gps_lat, 30.2741, 1e-5);
  EXPECT_NEAR(*r->gps_lng, -120.1551, 1e-5);
  ASSERT_TRUE(r->thumbnail && r->public_copy);
  EXPECT_EQ(r->thumbnail->content_type, "image/jpeg");
  EXPECT_EQ(r->thumbnail->width, 160);  // orientation honoured
  EXPECT_EQ(r->thumbnail->height, 320);
  EXPECT_EQ(r->public_copy->width, 320);
  EXPECT_EQ(r->public_copy->height, 640);
  for (const auto* v : {&*r->thumbnail, &*r->public_copy}) {
    EXPECT_EQ(sniff(v->bytes), Kind::Jpeg);
    EXPECT_FALSE(ti::contains(v->bytes, "Exif"));
    EXPECT_FALSE(ti::contains(v->bytes, "http://ns.adobe.com/xap"));
    EXPECT_FALSE(ti::contains(v->bytes, "ICC_PROFILE"));
    EXPECT_FALSE(read_exif_block(v->bytes).has_exif);
  }
}

TEST(Process, PngWebpPdf) {
  auto p = process(ti::png(50, 40));
  ASSERT_TRUE(p) << p.error().key;
  EXPECT_EQ(p->width, 50);
  EXPECT_EQ(p->public_copy->content_type, "image/png");
  EXPECT_FALSE(p->taken_at);
  auto w = process(ti::webp(30, 60));
  ASSERT_TRUE(w) << w.error().key;
  EXPECT_EQ(w->height, 60);
  EXPECT_EQ(w->public_copy->content_type, "image/webp");
  auto d = process(ti::pdf());
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, Kind::Pdf);
  EXPECT_FALSE(d->thumbnail);
  EXPECT_FALSE(d->public_copy);
}

// Photo-story composites (issue 5): oriented, same height, a gap, a JPEG without metadata.
TEST(SideBySide, SameHeightWithGapAndOrientation) {
  const std::string before = ti::jpeg(400, 300, ti::ExifSpec{1, std::pair{31.86, 117.28}});
  const std::string after = ti::jpeg(400, 300, ti::ExifSpec{6, std::nullopt});  // shown 300×400
  auto out = side_by_side(before, after, 1024, 16);
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(sniff(*out), Kind::Jpeg);
  auto p = process(*out);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->height, 300);
  EXPECT_EQ(p->width, 400 + 16 + 225);
  EXPECT_FALSE(read_exif_block(*out).has_exif);
  auto capped = side_by_side(ti::jpeg(800, 600), ti::jpeg(800, 600), 200, 10);
  ASSERT_TRUE(capped);
  EXPECT_EQ(process(*capped)->height, 200);
  EXPECT_FALSE(side_by_side("not an image", before));
  EXPECT_FALSE(side_by_side(before, ti::jpeg(40, 30).substr(0, 100)));
  auto solid = solid_jpeg(64, 48, 120, 100, 80);
  EXPECT_EQ(sniff(solid), Kind::Jpeg);
  EXPECT_EQ(process(solid)->width, 64);
}

TEST(Process, HostileInput) {
  EXPECT_EQ(process("").error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(process("<?php echo 1; ?>").error().code, ErrorCode::UnsupportedMediaType);
  EXPECT_EQ(process("<html>" + ti::jpeg(8, 8)).error().code, ErrorCode::UnsupportedMediaType);
  const std::string j = ti::jpeg(400, 300);
  auto truncated = process(std::string_view(j).substr(0, j.size() / 2));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::Unprocessable);
  auto garbage = process(std::string("\xff\xd8\xff\xe0") + std::string(100, 'x'));
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::Unprocessable);
  // Pixel flood: refused from the header, without decoding (the file has no pixel data, so a decoder would
  // have failed with another error than the pixel limit).
  auto flood = process(ti::png_header_only(65535, 65535));
  ASSERT_FALSE(flood);
  EXPECT_EQ(flood.error().code, ErrorCode::Unprocessable);
  EXPECT_EQ(flood.error().key, "file.too_many_pixels");
  Limits small;
  small.max_pixels = 100;
  EXPECT_EQ(process(ti::jpeg(11, 10), small).error().key, "file.too_many_pixels");
  EXPECT_TRUE(process(ti::jpeg(10, 10), small));
}

}  // namespace
}  // namespace minsheng::infra::images
