#include "search/tokenizer.h"

#include <doctest/doctest.h>
#include <unicode/normalizer2.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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
