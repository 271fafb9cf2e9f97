#!/bin/sh
# Builds bench/search/index_bench.cpp against the library of a CMake build
# folder (default build/) and runs it: bench/search/index_bench.sh [--build DIR] [ARGS…]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build"
if [ "$1" = "--build" ]; then build=$2; shift 2; fi
out="$build/index_bench"
if [ ! -x "$out" ] || [ "$build/libstudywiki_lib.a" -nt "$out" ] || [ "$root/bench/search/index_bench.cpp" -nt "$out" ]; then
  c++ -std=c++20 -O2 -I"$root/generator/src" "$root/bench/search/index_bench.cpp" -o "$out" \
    "$build/libstudywiki_lib.a" $(pkg-config --libs libcmark-gfm icu-uc icu-i18n igraph gumbo) \
    -lcmark-gfm-extensions -lyaml-cpp -lpthread -ldl \
    -Wl,--export-dynamic-symbol=cmark_manage_extensions_special_characters
fi
exec "$out" "$@"
