#pragma once
#include <string>
#include <string_view>

namespace studywiki {

/// Appends `text` escaped for HTML and XML text and attribute values:
/// & < > " ' become &amp; &lt; &gt; &quot; &#39;. Everything from notes goes
/// through here before it reaches a page, an SVG or a feed.
void append_html_escaped(std::string& out, std::string_view text);
std::string html_escape(std::string_view text);
/// `text` as a JSON string (with its quotes), escaped as nlohmann::json's
/// dump() escapes valid UTF-8: quote, backslash and control characters.
void append_json_string(std::string& out, std::string_view text);

}  // namespace studywiki
