#include "core/parallel.h"

namespace studywiki {
unsigned default_jobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : n;
}
}  // namespace studywiki
