#pragma once
// bench/micro: one function per benchmark; each prints its figures on stdout
// and returns 0, or 1 when a sanity check on its result failed.
namespace studywiki::bench {

int bench_mentions(int runs);
int bench_suggest(int runs);
int bench_layout(int runs);

}  // namespace studywiki::bench
