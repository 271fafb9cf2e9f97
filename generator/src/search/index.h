#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/sections.h"
#include "search/tokenizer.h"

// The search index: one search document per heading section of a note (the
// part before the first heading is a section too, with heading ""), written
// as small JavaScript files that templates/assets/search.js loads with
// <script> tags (so search works from file://). The page-side API
// (StudywikiSearch.load/query/terms/loaded) is described at the top of
// search.js; the file formats and the routing are fixed here.
//
// FIELDS (BM25F): 0 title (the note's title, in every section of the note),
// 1 heading (the section's heading text), 2 tags (the note's tags as
// written), 3 links (text of the links in the section; bare URLs count as
// body), 4 body (the rest of the section's text: prose, code, math TeX;
// embedded notes are left out, they are indexed where they live). Every
// field is tokenized with search/tokenizer.h; a field's length is its
// number of tokens (words, camelCase parts, CJK unigrams and bigrams).
//
// SCORING. The build computes, for every posting (term t in section d),
// BM25F's length-normalized weighted frequency
//     tf~ = sum over fields f of  w_f * tf_f / (1 - b_f + b_f * len_f / avg_f)
// and stores it quantized, q = clamp(round(tf~ * kImpactScale), 1, 65535). The page
// scores a section for a term as
//     idf(t) * (q / S) / (k1 + q / S),  idf = ln(1 + (D - df + 0.5) / (df + 0.5))
// (S = kImpactScale, D = number of sections, df = sections containing t),
// so it needs no per-document lengths (which would cost more to load than
// the postings). Weights, b, k1 and the average lengths are in the entry.
// avg_f is the field's mean length over all sections rounded to the nearest
// power of 2^(1/8) (search/postings.h coarse_average): an edit to a few
// notes leaves it, and so every other note's postings, as they were, and
// the index is updated in place of being built again (search/update.h).
//
// NUMBERING. Notes are numbered 0…N-1 in the byte order of their source
// paths, so a folder's notes (at any depth) are one range of numbers; a
// section is (note, s) with s = 0 for the part before the first heading.
//
// POSTINGS. Small integers are written as a string of varint characters:
// alphabet "0-9A-Za-z-_" (64 characters; the i-th has value i), a value is
// written low 5 bits first, each character but the last carrying value
// 32 + (5 bits). A term's postings, sorted by (note, section):
//     X = (note - previous note) << 3 | min(section, 7)   (previous note starts at 0)
//     [section, when min(section, 7) == 7]
//     q
// The shard value of a term is that string, or [df, string] when the list
// was cut (see CAPS), so idf still uses the true df.
// Tag filter terms "#<i>" (i = index in the entry's `tags`; never a
// tokenizer term, which has no '#') list the notes carrying tag i or one of
// its descendants: a string of varint note gaps.
//
// Name terms "=<key>" (never a tokenizer term either) list the notes whose
// title or one of whose aliases has that NAME KEY: a string of varint note
// gaps. NAME KEY of a text: the terms tokenize() gives for its whole words
// (not the camelCase parts after them) and its CJK unigrams, concatenated
// in order ("Redis 持久化", "redis持久化" and "REDIS·持久化" -> "redis持久化");
// the page computes it of the query the same way, and the notes it names
// come first (search.js).
//
// ROUTING. shard = fnv1a32(UTF-8 of ROUTE(term)) % S; ROUTE is the first
// two code points of a term (all of it when shorter: so a word goes by its
// 2-letter prefix, a CJK unigram or bigram whole), a tag term "#<i>" whole,
// and a name term "=<key>" by the first two code points of its key: the
// shard of the query's first word or bigram, which the page loads anyway.
//
// CAPS (not for tag and name terms, kept whole). A term whose postings take more than kMaxTermBytes (8 KB, about
// 3,500 postings) keeps the postings where it is in the title or heading,
// then those of highest q (ties: earlier (note, section) first), so the top
// of every one-term ranking is nearly exact and the notes named by a word
// stay findable with other words;
// very common CJK unigrams and bigrams (的, 是, 可以…) and words are stored,
// cut. In a shard still over kMaxShardBytes (12 KB) every term is cut by
// the same factor until it fits (Latin words share a shard by their first two letters, so
// the shards of `co`, `re`, `in`… would otherwise pass 60 KB). S is the power of two that makes the average shard about
// kTargetShardBytes (6 KB); kept whole, the 10,000-note bench corpus's
// postings would be about 27 MB, its longest lists 60 KB.
//
// FILES (under search/). Shard i is t-i.js, data file j is d-j.js: names
// that stay when their bytes change, so an edit rewrites only the files it
// changed (and index.js). Files are numbered in at most 32 groups of
// consecutive files; a group's hash (the first 8 hex digits of fnv1a64 over
// the fnv1a64 of each of its files, as 16 hex digits) is in the entry, and the page asks for a file as
// `t-i.js?v=<hash of its group>`, so a browser or CDN never pairs a new entry
// with an old cached file, and the entry stays small (a list of every file's
// hash would be 100+ KB for 10,000 notes).
//   index.js    StudywikiSearch._entry({version: 1, shards: S,
//               shard_group: G, shard_hashes: [...], data_count: M,
//               data_group: H, data_hashes: [...], notes_per_data: K,
//               note_count: N, doc_count: D, fields: [...], avg_len: [5],
//               weights: [5], b: [5], k1, scale, tags: [names],
//               folders: [source paths], folder_notes: [[first, end), …]
//               (notes of the folder and below)})
//   t-i.js      StudywikiSearch._shard(i, {"term": postings, …})  tag terms,
//               then name terms (by key), then the terms, sorted
//   d-j.js      StudywikiSearch._data(j, [note, …]) for notes j*K … j*K+K-1,
//               note = {u: url from the site root, t: title, g: [tag indices
//               as written], f: folder index or -1, s: [[anchor, heading,
//               text], …]} with one entry per section, text = the section's
//               text with whitespace collapsed, cut to kSnippetChars code points.
namespace studywiki {
struct Site;
class Taxonomy;
}  // namespace studywiki

namespace studywiki::search {

struct IndexCache;

enum Field : int { kTitle = 0, kHeading = 1, kTags = 2, kLinks = 3, kBody = 4 };
constexpr int kFieldCount = 5;

uint32_t fnv1a32(std::string_view bytes);
uint64_t fnv1a64(std::string_view bytes);
/// ROUTE(term) (see ROUTING).
std::string_view route_key(std::string_view term);
uint32_t shard_of(std::string_view term, uint32_t shards);
/// NAME KEY of a title or alias (see name terms above); "" when it has no
/// word or CJK character.
std::string name_key(std::string_view text);
/// The varint string of one value (see POSTINGS).
void append_varint(std::string& out, uint64_t value);

struct NoteInput {
  std::string url;                  ///< output path from the site root
  std::string title;
  std::vector<std::string> aliases; ///< front matter aliases (name terms only)
  int folder = -1;                  ///< index in IndexInput::folders, -1 at the top
  std::vector<int> tags;            ///< tags as written (indices in IndexInput::tags)
  std::vector<SectionText> sections;
  /// A hash of what its sections are made from (its body's HTML and headings), set by input_from_site.
  uint64_t source_hash = 0;
  /// Its sections were not made (input_from_site's `leave_out`): update_index takes them to be
  /// the ones its cache has for the same source_hash. Index::build never gets such a note.
  bool sections_left_out = false;
  /// Its body was not read (input_from_site's `unread`): its sections and source_hash are the
  /// cache's, which the caller made sure is of the build whose bodies this one took
  /// (write_search_index checks the build ids).
  bool as_cached = false;
};

struct IndexInput {
  std::vector<NoteInput> notes;     ///< in numbering order
  std::vector<std::string> tags;    ///< names
  std::vector<int> tag_parents;
  std::vector<std::vector<int>> tag_notes;  ///< per tag: notes carrying it or a descendant, ascending
  std::vector<std::string> folders; ///< source paths, sorted
  std::vector<int> folder_parents;
  std::vector<std::pair<int, int>> folder_notes;  ///< [first, end) per folder
};

struct Options {
  double k1 = 1.2;
  std::array<double, kFieldCount> weights{8.0, 5.0, 3.0, 2.0, 1.0};
  std::array<double, kFieldCount> b{0.5, 0.5, 0.3, 0.5, 0.75};
  int impact_scale = 10;            ///< kImpactScale
  size_t max_term_bytes = 8 * 1024;   ///< kMaxTermBytes
  size_t max_shard_bytes = 12 * 1024;  ///< kMaxShardBytes
  size_t target_shard_bytes = 6 * 1024;  ///< kTargetShardBytes
  size_t target_data_bytes = 2 * 1024;   ///< a data file holds about this much (at least one note)
  size_t snippet_chars = 120;       ///< kSnippetChars
  uint32_t shards = 0;              ///< 0: chosen from the size (tests fix it)
  bool keep_postings = true;        ///< false: terms() keep their names and df only once the files are made
};

struct Posting {
  uint32_t note = 0;
  uint16_t section = 0;
  std::array<uint8_t, kFieldCount> tf{};  ///< per field, saturating at 255
  uint32_t q = 0;                   ///< quantized tf~
};

struct Term {
  std::string term;
  uint32_t df = 0;                  ///< sections containing it
  std::vector<Posting> postings;    ///< all of them, by (note, section)
  size_t kept = 0;                  ///< how many the shard file holds (after CAPS)
};

/// Every section's length (tokens) per field, and the averages (BM25F's
/// length normalization).
struct SectionLengths {
  std::vector<uint32_t> first_section;                    ///< per note, index into `lengths`
  std::vector<std::array<uint32_t, kFieldCount>> lengths; ///< per section (search document)
  std::array<uint64_t, kFieldCount> sums{};                ///< tokens per field, over every section
  std::array<double, kFieldCount> avg{};                  ///< coarse_average() of each (search/postings.h)
};

/// The index in memory and its files, made in phases (Index::build):
/// sections (search/sections.h, before the build), postings counted, merged
/// and encoded (search/postings.h), shards (search/shards.h), data files and
/// names (search/files.h).
class Index {
 public:
  /// With `cache`, also what update_index() needs to update this index next time (its key
  /// not set); its record groups go to `sink` as they are made (search/update.h).
  static Index build(IndexInput input, unsigned jobs, const Options& options = {}, IndexCache* cache = nullptr,
                     const std::function<void(size_t, std::string)>* sink = nullptr);

  const std::vector<Term>& terms() const { return terms_; }  ///< sorted by term bytes
  const Term* find(std::string_view term) const;
  /// Length (tokens) of `field` in section `section` of note `note`.
  uint32_t length(uint32_t note, uint32_t section, int field) const;
  double avg_len(int field) const { return lengths_.avg[static_cast<size_t>(field)]; }
  size_t doc_count() const { return lengths_.lengths.size(); }
  uint32_t shards() const { return shards_; }
  /// tf~ of a posting (before quantization).
  double pseudo_tf(const Posting& p) const;
  /// The files to write under search/, in a fixed order: index.js, shards, data.
  const std::vector<std::pair<std::string, std::string>>& files() const { return files_; }
  size_t total_bytes() const;

 private:
  Options options_;
  std::vector<Term> terms_;
  SectionLengths lengths_;
  uint32_t shards_ = 1;
  std::vector<std::pair<std::string, std::string>> files_;
};

/// The index input of a site whose bodies are rendered (and embeds expanded).
/// A note for which `leave_out(number, source_hash)` says so keeps its sections unmade.
/// A note `unread` sets has no body here (the early cut-off, pipeline/early_cutoff.h:
/// the last build's is the same): its sections are left unmade, as the cache has them
/// (NoteInput::as_cached).
IndexInput input_from_site(const Site& site, const Taxonomy& taxonomy, unsigned jobs,
                           const std::function<bool(size_t, uint64_t)>& leave_out = {},
                           const std::vector<char>* unread = nullptr);

}  // namespace studywiki::search
