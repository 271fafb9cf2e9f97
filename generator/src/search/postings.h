#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "search/index.h"

// The index's postings (see SCORING, POSTINGS and CAPS in search/index.h),
// in three phases that Index::build calls in order: terms counted per note
// (in parallel, a dictionary per worker), merged into one sorted dictionary
// with each posting's BM25F impact q, then encoded and cut to the term budget.
namespace studywiki::search {

/// A posting as the shard files need it.
struct CompactPosting {
  uint32_t note;
  uint16_t section;  ///< the top bit (kNamed): the term is in the title or the heading
  uint16_t q;
};
constexpr uint16_t kNamed = 0x8000;

/// A worker's terms, numbered as it met them (postings.cpp).
class TermDictionary;

/// A term in one section, counted per field; `term` is an id in the
/// dictionary of the worker that counted the note.
struct LocalPosting {
  uint32_t term;
  uint16_t section;
  std::array<uint8_t, kFieldCount> tf;
};

/// BM25F's average length of a field, `sum` tokens over `docs` sections,
/// rounded to the nearest power of 2^(1/8) (0 for none): a pivot that a
/// few notes' edits leave where it was, so that they change the impacts of
/// their own postings only (search/update.h), as a build from scratch would.
double coarse_average(uint64_t sum, uint64_t docs);
std::array<double, kFieldCount> average_lengths(const std::array<uint64_t, kFieldCount>& sums, uint64_t docs);

/// Phase 1's result.
struct CountedNotes {
  struct Note {
    unsigned worker = 0;
    size_t count = 0;  ///< postings in `packed`
    /// The note's postings, by section, then first occurrence, packed (a third of
    /// the 12 bytes a LocalPosting takes: 11.5 million of them at 10,000 notes),
    /// per section with postings, the section and the count (state/record_io.h's
    /// varints), then per posting the term (a varint), a byte of the fields it is
    /// in (bit f: field f) and the tf of each of those fields, a byte each
    /// (postings.cpp: for_each_posting).
    std::string packed;
  };
  std::vector<std::unique_ptr<TermDictionary>> dictionaries;  ///< per worker
  std::vector<Note> notes;

  CountedNotes();
  CountedNotes(CountedNotes&&) noexcept;
  ~CountedNotes();
};

/// Phase 1: every section's terms per field, counted, and the fields' token
/// lengths. Frees what only this phase reads (bodies, links) and cuts the
/// sections' text to its snippet.
CountedNotes count_terms(IndexInput& input, unsigned jobs, const Options& options, SectionLengths& lengths);

/// Phase 2's result: the dictionary and every term's postings, in (note, section) order.
struct Postings {
  std::vector<Term> terms;              ///< sorted by bytes; df; postings if options.keep_postings
  std::vector<CompactPosting> compact;  ///< every term's, term after term
  std::vector<size_t> first;            ///< per term and one more: term t's are [first[t], first[t + 1])

  std::span<const CompactPosting> list(size_t t) const { return {compact.data() + first[t], first[t + 1] - first[t]}; }
};

/// Phase 2: one sorted dictionary; every posting's q (BM25F, quantized).
Postings merge_postings(CountedNotes counted, const SectionLengths& lengths, const Options& options, unsigned jobs);

/// The POSTINGS string of `list` keeping `keep` postings: those where the
/// term names the section first, then those of highest q (ties: earlier
/// first). `kept` is how many it holds.
std::string encode_postings(std::span<const CompactPosting> list, size_t keep, size_t& kept);
/// encode_postings(list, keep, kept).size(), without making the string.
size_t encoded_size(std::span<const CompactPosting> list, size_t keep, size_t& kept);

/// One term's POSTINGS string, cut to options.max_term_bytes; `kept` is how many it holds.
std::string encode_term(std::span<const CompactPosting> list, const Options& options, size_t& kept);
/// Phase 3: every term's POSTINGS string, cut to options.max_term_bytes
/// (sets Term::kept).
std::vector<std::string> encode_terms(Postings& postings, const Options& options, unsigned jobs);

}  // namespace studywiki::search
