#pragma once
#include <mutex>
#include <string>
#include <vector>

namespace studywiki {

enum class Severity { Warning, Error };

/// One message in the form compilers use: `path:line:col: severity: message`.
/// line/col are 1-based (col counted in Unicode code points); 0 means "unknown"
/// and is left out of the text.
struct Diagnostic {
  std::string path;
  int line = 0;
  int col = 0;
  Severity severity = Severity::Error;
  std::string message;

  std::string to_string() const;
};

/// Thread-safe collector. Stages report into it; the build prints it sorted
/// by path, line and column so the output is the same for every --jobs.
class Diagnostics {
 public:
  void report(Diagnostic d);
  void error(std::string path, int line, int col, std::string message);
  void warning(std::string path, int line, int col, std::string message);

  std::vector<Diagnostic> sorted() const;
  size_t error_count() const;
  size_t warning_count() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Diagnostic> items_;
};

}  // namespace studywiki
