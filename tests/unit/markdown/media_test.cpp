#include "markdown/media.h"

#include <doctest/doctest.h>

using namespace studywiki::markdown;

TEST_CASE("media: the size written in an image's alt text") {
  auto a = split_alt_size("250");
  CHECK(a.alt == "");
  CHECK(a.width == "250");
  CHECK(a.height == "");
  a = split_alt_size("架构图|250");
  CHECK(a.alt == "架构图");
  CHECK(a.width == "250");
  a = split_alt_size("x|640x480");
  CHECK(a.alt == "x");
  CHECK(a.width == "640");
  CHECK(a.height == "480");
  // Not a size: the alt text stays as written.
  CHECK(split_alt_size("截图").alt == "截图");
  CHECK(split_alt_size("截图").width == "");
  CHECK(split_alt_size("a|b").alt == "a|b");
  CHECK(split_alt_size("2024").width == "2024");
  CHECK(split_alt_size("250x").alt == "250x");
  CHECK(split_alt_size("1234567").alt == "1234567");  // too long for a width
}

TEST_CASE("media: kinds by extension and by address") {
  CHECK(media_kind("imgs/a.png") == MediaKind::Image);
  CHECK(media_kind("录音/第一课.MP3") == MediaKind::Audio);
  CHECK(media_kind("a.m4a?x=1") == MediaKind::Audio);
  CHECK(media_kind("demo.webm#t=10") == MediaKind::Video);
  CHECK(media_kind("papers/raft.pdf") == MediaKind::Pdf);
  CHECK(media_kind("https://www.youtube.com/watch?v=dQw4w9WgXcQ") == MediaKind::YouTube);
  CHECK(media_kind("https://youtu.be/dQw4w9WgXcQ?t=42") == MediaKind::YouTube);
  CHECK(media_kind("https://www.youtube.com/shorts/abcDEF_123") == MediaKind::YouTube);
  CHECK(media_kind("https://www.bilibili.com/video/BV1GJ411x7h7/?p=2") == MediaKind::Bilibili);
  CHECK(media_kind("https://www.youtube.com/") == MediaKind::Image);          // no video id
  CHECK(media_kind("https://evil.example/youtube.com/watch?v=x") == MediaKind::Image);
  CHECK(media_kind("https://www.youtube.com/watch?v=a\"b") == MediaKind::Image);  // not an id
}

TEST_CASE("media: one privacy-friendly player URL for Markdown images and raw <iframe>s") {
  CHECK(video_player_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s") ==
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42");
  CHECK(video_player_url("https://youtube.com/shorts/abcDEF_123") == "https://www.youtube-nocookie.com/embed/abcDEF_123");
  CHECK(video_player_url("https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1&mute=1") ==
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  CHECK(video_player_url("//player.bilibili.com/player.html?aid=12345&cid=678&page=2&autoplay=1") ==
        "https://player.bilibili.com/player.html?aid=12345&cid=678&page=2&autoplay=0");
  CHECK(video_player_url("https://www.bilibili.com/video/BV1GJ411x7h7/") ==
        "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&autoplay=0");
  CHECK(video_player_url("https://evil.example/embed/dQw4w9WgXcQ") == "");
  CHECK(video_player_url("javascript:alert(1)") == "");
}

TEST_CASE("media: HTML of each kind") {
  CHECK(media_html("a.png", {}) == std::nullopt);
  CHECK(*media_html("rec/a%20b.mp3", {"第一课", "", ""}) ==
        "<audio class=\"media-embed\" controls preload=\"metadata\" src=\"rec/a%20b.mp3\" title=\"第一课\"></audio>");
  CHECK(*media_html("v.mp4", {"", "320", ""}) ==
        "<video class=\"media-embed\" controls preload=\"metadata\" src=\"v.mp4\" width=\"320\"></video>");
  CHECK(*media_html("papers/raft.pdf", {}) ==
        "<span class=\"media-embed pdf-embed\"><object data=\"papers/raft.pdf\" type=\"application/pdf\"></object>"
        "<a href=\"papers/raft.pdf\">raft.pdf</a></span>");
  const std::string yt = *media_html("https://youtu.be/dQw4w9WgXcQ", {});
  CHECK(yt.find("src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\"") != std::string::npos);
  CHECK(yt.find("loading=\"lazy\"") != std::string::npos);
  CHECK(yt.find("<a href=\"https://youtu.be/dQw4w9WgXcQ\">") != std::string::npos);
  const std::string bili = *media_html("https://www.bilibili.com/video/BV1GJ411x7h7", {"B站", "", ""});
  CHECK(bili.find("player.bilibili.com/player.html?bvid=BV1GJ411x7h7&amp;autoplay=0") != std::string::npos);
  // Text from the note is escaped.
  CHECK(media_html("a.mp3", {"<script>", "", ""})->find("<script>") == std::string::npos);
}

TEST_CASE("media: a missing image leaves a box with its alt text and path") {
  CHECK(broken_image_html("架构图", "imgs/arch.png") ==
        "<span class=\"broken-image\" title=\"Missing image\" role=\"img\" aria-label=\"Missing image: 架构图\">"
        "<span class=\"broken-image-alt\">架构图</span><code class=\"broken-image-path\">imgs/arch.png</code></span>");
  CHECK(broken_image_html("", "a<b>.png").find("a&lt;b&gt;.png") != std::string::npos);
}
