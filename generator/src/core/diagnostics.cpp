#include "core/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace studywiki {

std::string Diagnostic::to_string() const {
  std::string out = path;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (col > 0) out += ':' + std::to_string(col);
  }
  out += severity == Severity::Error ? ": error: " : ": warning: ";
  out += message;
  return out;
}

void Diagnostics::report(Diagnostic d) {
  std::lock_guard lock(mutex_);
  items_.push_back(std::move(d));
}

void Diagnostics::error(std::string path, int line, int col, std::string message) {
  report({std::move(path), line, col, Severity::Error, std::move(message)});
}

void Diagnostics::warning(std::string path, int line, int col, std::string message) {
  report({std::move(path), line, col, Severity::Warning, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> copy;
  {
    std::lock_guard lock(mutex_);
    copy = items_;
  }
  std::stable_sort(copy.begin(), copy.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.path, a.line, a.col, a.message) < std::tie(b.path, b.line, b.col, b.message);
  });
  return copy;
}

size_t Diagnostics::error_count() const {
  std::lock_guard lock(mutex_);
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t Diagnostics::warning_count() const {
  std::lock_guard lock(mutex_);
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Warning; });
}

}  // namespace studywiki
