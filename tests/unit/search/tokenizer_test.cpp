#include "search/tokenizer.h"

#include <doctest/doctest.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/utf8.h"

using studywiki::search::kind_name;
using studywiki::search::Token;
using studywiki::search::TokenKind;
using studywiki::search::tokenize;

namespace {

nlohmann::json load_cases() {
  std::ifstream in(STUDYWIKI_SOURCE_DIR "/tests/search/tokenizer_cases.json");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str())["cases"];
}

std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

// The inputs the C++ side runs: `input`, or `input_hex` bytes (invalid UTF-8).
std::vector<std::pair<std::string, std::string>> cxx_inputs() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : load_cases()) {
    if (c.value("only", "") == "js") continue;
    out.emplace_back(c["name"].get<std::string>(),
                     c.contains("input_hex") ? from_hex(c["input_hex"]) : c["input"].get<std::string>());
  }
  return out;
}

nlohmann::json as_json(const std::vector<Token>& tokens) {
  nlohmann::json out = nlohmann::json::array();
  for (const Token& t : tokens) out.push_back({t.term, t.position, kind_name(t.kind), t.byte_start, t.byte_end});
  return out;
}

std::string slice(const std::string& text, const Token& t) { return text.substr(t.byte_start, t.byte_end - t.byte_start); }

}  // namespace

TEST_CASE("tokenizer: shared vectors (tests/search/tokenizer_cases.json; the JS twin checks the same file)") {
  const nlohmann::json cases = load_cases();
  CHECK(cases.size() >= 60);
  size_t run = 0;
  for (const auto& c : cases) {
    if (c.value("only", "") == "js") continue;
    const std::string name = c["name"];
    const std::string input = c.contains("input_hex") ? from_hex(c["input_hex"]) : c["input"].get<std::string>();
    const nlohmann::json actual = as_json(tokenize(input));
    CHECK_MESSAGE(actual == c["expected"], name, "\n  expected: ", c["expected"].dump(), "\n  actual:   ",
                  actual.dump());
    ++run;
  }
  CHECK(run >= 60);
}

TEST_CASE("tokenizer: byte offsets slice back to the original text") {
  const std::string text = "学习Redis持久化：ＩＤ与getHTTPResponse。ΟΔΟΣ ｶﾞ";
  auto find = [&](const std::string& term, TokenKind kind) {
    for (const Token& t : tokenize(text))
      if (t.term == term && t.kind == kind) return slice(text, t);
    return std::string("<missing>");
  };
  CHECK(find("学习", TokenKind::CjkBigram) == "学习");
  CHECK(find("redis", TokenKind::Word) == "Redis");
  CHECK(find("化", TokenKind::CjkUnigram) == "化");
  CHECK(find("id", TokenKind::Word) == "ＩＤ");
  CHECK(find("gethttpresponse", TokenKind::Word) == "getHTTPResponse");
  CHECK(find("http", TokenKind::Word) == "HTTP");
  CHECK(find("οδος", TokenKind::Word) == "ΟΔΟΣ");
  CHECK(find("ガ", TokenKind::CjkUnigram) == "ｶﾞ");

  // For every vector: each token's slice is in bounds, non-empty, and tokenizes
  // to a token with the same term and kind.
  for (const auto& [name, input] : cxx_inputs()) {
    for (const Token& t : tokenize(input)) {
      INFO(name, ": ", t.term);
      REQUIRE(t.byte_start < t.byte_end);
      REQUIRE(t.byte_end <= input.size());
      bool found = false;
      for (const Token& u : tokenize(slice(input, t))) found = found || (u.term == t.term && u.kind == t.kind);
      CHECK(found);
    }
  }
}

TEST_CASE("tokenizer: positions are consecutive and CJK bigrams are phrases") {
  for (const auto& [name, input] : cxx_inputs()) {
    INFO(name);
    uint32_t next = 0;  // the smallest position not used yet
    for (const Token& t : tokenize(input)) {
      CHECK(t.position <= next);
      if (t.position == next) ++next;
    }
  }
  // A query's bigrams are consecutive in the text's bigrams.
  const auto text = tokenize("Redis持久化机制"), query = tokenize("久化机");
  std::vector<uint32_t> at;
  for (const Token& q : query)
    if (q.kind == TokenKind::CjkBigram)
      for (const Token& t : text)
        if (t.kind == TokenKind::CjkBigram && t.term == q.term) at.push_back(t.position);
  CHECK(at == std::vector<uint32_t>{2, 3});
}

TEST_CASE("tokenizer: every NFKC-boundary-less code point is a chunk continuation (rule 1)") {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  REQUIRE(U_SUCCESS(status));
  std::vector<char32_t> missing;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    if (!nfkc->hasBoundaryBefore(static_cast<UChar32>(c)) && !studywiki::search::is_chunk_continuation(c))
      missing.push_back(c);
  }
  CHECK(missing.empty());
}

TEST_CASE("tokenizer: whitespace, punctuation and emoji give no tokens") {
  CHECK(tokenize("").empty());
  CHECK(tokenize("  \t\n\u3000").empty());
  CHECK(tokenize("，。、！？：；「」《》…—").empty());
  CHECK(tokenize("👍🚀❤️").empty());
}

TEST_CASE("tokenizer: the fast term path gives tokenize()'s terms") {
  auto same = [](const std::string& text) {
    std::vector<std::string> a = studywiki::search::fast_terms(text), b;
    for (const auto& t : tokenize(text)) b.push_back(t.term);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
  };
  const char* fixed[] = {"getHTTPResponse utf8String IPv6 MySQL ABC Abc x", "Redis持久化 ＩＤ ＭｙＳＱＬ 索引　全角",
                         "“引号”、《书名》【括号】——破折号…… a·b 3×4 a→b • x", "max_connections C++ C# 3.14 2024年",
                         "ß ΟΔΟΣ İstanbul café naïve 𠀀𠀁 ｶﾞ 가나 かな", "\xE4\xB8", "a\xCC\x81 \xCC\x81x", ""};
  for (const char* t : fixed) CHECK_MESSAGE(same(t), t);
  for (const auto& [name, input] : cxx_inputs()) CHECK_MESSAGE(same(input), name);
  // Every separator the fast path knows, between words and between Han characters.
  for (char32_t c : {0x3000, 0x00A0, 0x3001, 0x3002, 0x3008, 0x3009, 0x300A, 0x300B, 0x300C, 0x300D, 0x300E, 0x300F,
                     0x3010, 0x3011, 0x3014, 0x3015, 0x3016, 0x3017, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D,
                     0x2026, 0x00B7, 0x00D7, 0x2190, 0x2191, 0x2192, 0x2193, 0x2022}) {
    std::string sep;
    studywiki::utf8::append(sep, c);
    CHECK_MESSAGE(same("aB" + sep + "Cd中" + sep + "文" + sep + sep + "x"), static_cast<int>(c));
  }
  // Han blocks and full-width ASCII at their ends.
  for (char32_t c : {0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xFF01, 0xFF10, 0xFF21, 0xFF41, 0xFF5E}) {
    std::string ch;
    studywiki::utf8::append(ch, c);
    CHECK_MESSAGE(same("a" + ch + ch + "B" + ch + " 中" + ch), static_cast<int>(c));
  }
  // Random strings over the fast alphabet and a few characters it leaves to tokenize().
  const std::vector<std::string> pieces = {"a", "B", "z", "Q", "0", "9", " ", "\n", "_", ".", "中", "文", "索", "引",
                                           "㐀", "Ａ", "ｂ", "５", "，", "　", "。", "、", "「", "」", "—", "…", "·",
                                           "\xC2\xA0", "é", "ß", "か", "Σ", "\xE2\x80\x8B", "①", "㈠", "\xEF\xBC\xBF"};
  uint32_t seed = 12345;
  auto rnd = [&]() { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  int bad = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    const int len = static_cast<int>(rnd() % 24);
    for (int k = 0; k < len; ++k) text += pieces[rnd() % pieces.size()];
    if (!same(text) && ++bad <= 5) CHECK_MESSAGE(false, text);
  }
  CHECK(bad == 0);
}
