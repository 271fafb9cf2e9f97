#include "state/build_state.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <sys/stat.h>
#include <unistd.h>

#include "content/discovery.h"
#include "core/disk.h"
#include "core/hash.h"
#include "core/parallel.h"

namespace studywiki {

namespace {

// The format, one record per line; every string is length-prefixed so paths
// and messages may hold any byte:
//
//   studywiki-state 1
//   key <len>:<bytes>
//   counts <errors> <warnings> <notes> <folders> <files> <outputs>
//   i <type> <size> <inode> <mtime_ns> <ctime_ns> <len>:<path>      (one per input)
//   m <n|w|e> <len>:<message>        (one per message: note, warning, error)
//   end <inputs> <messages> <checksum of everything above, hex>
constexpr std::string_view kMagic = "studywiki-state ";

void put_string(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool word(std::string_view w) {
    if (s_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }
  template <class T>
  bool number(T& v) {
    auto [p, ec] = std::from_chars(s_.data() + pos_, s_.data() + s_.size(), v);
    if (ec != std::errc()) return false;
    pos_ = static_cast<size_t>(p - s_.data());
    return true;
  }
  bool string(std::string& out) {
    size_t n = 0;
    if (!number(n) || !word(":") || n > s_.size() - pos_) return false;
    out.assign(s_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool space() { return word(" "); }
  bool eol() { return word("\n"); }
  bool at_end() const { return pos_ == s_.size(); }
  size_t pos() const { return pos_; }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

std::string serialize_build_state(const BuildState& st) {
  std::string out;
  out.reserve(64 + st.inputs.size() * 80);
  out += kMagic;
  out += std::to_string(BuildState::kVersion);
  out += "\nkey ";
  put_string(out, st.key);
  out += "\ncounts ";
  for (size_t v : {st.errors, st.warnings, st.notes, st.folders, st.files}) out += std::to_string(v) + " ";
  out += std::to_string(st.outputs);
  out += '\n';
  for (const InputStamp& i : st.inputs) {
    out += "i ";
    out += std::to_string(i.type) + ' ' + std::to_string(i.size) + ' ' + std::to_string(i.inode) + ' ' +
           std::to_string(i.mtime_ns) + ' ' + std::to_string(i.ctime_ns) + ' ';
    put_string(out, i.path);
    out += '\n';
  }
  for (const StateMessage& m : st.messages) {
    out += "m ";
    out += static_cast<char>(m.kind);
    out += ' ';
    put_string(out, m.text);
    out += '\n';
  }
  const std::string sum = hex64(fnv1a64(out));
  out += "end " + std::to_string(st.inputs.size()) + ' ' + std::to_string(st.messages.size()) + ' ' + sum + '\n';
  return out;
}

std::optional<BuildState> parse_build_state(std::string_view bytes, std::string* why) {
  auto fail = [&](const char* what) -> std::optional<BuildState> {
    if (why) *why = what;
    return std::nullopt;
  };
  Reader r(bytes);
  int version = 0;
  if (!r.word(kMagic) || !r.number(version) || !r.eol()) return fail("not a studywiki build state");
  if (version != BuildState::kVersion) return fail("written by another version of studywiki");
  BuildState st;
  if (!r.word("key ") || !r.string(st.key) || !r.eol()) return fail("damaged (key)");
  if (!r.word("counts ")) return fail("damaged (counts)");
  for (size_t* v : {&st.errors, &st.warnings, &st.notes, &st.folders, &st.files, &st.outputs})
    if (!r.number(*v) || !(v == &st.outputs ? r.eol() : r.space())) return fail("damaged (counts)");
  while (r.peek() == 'i') {
    InputStamp i;
    if (!r.word("i ") || !r.number(i.type) || !r.space() || !r.number(i.size) || !r.space() || !r.number(i.inode) ||
        !r.space() || !r.number(i.mtime_ns) || !r.space() || !r.number(i.ctime_ns) || !r.space() ||
        !r.string(i.path) || !r.eol())
      return fail("damaged (inputs)");
    st.inputs.push_back(std::move(i));
  }
  while (r.peek() == 'm') {
    StateMessage m;
    if (!r.word("m ")) return fail("damaged (messages)");
    const char kind = r.peek();
    if (kind != 'n' && kind != 'w' && kind != 'e') return fail("damaged (messages)");
    m.kind = static_cast<StateMessage::Kind>(kind);
    if (!r.word(std::string_view(&kind, 1)) || !r.space() || !r.string(m.text) || !r.eol())
      return fail("damaged (messages)");
    st.messages.push_back(std::move(m));
  }
  const size_t body_end = r.pos();
  size_t n_inputs = 0, n_messages = 0;
  std::string sum;
  if (!r.word("end ") || !r.number(n_inputs) || !r.space() || !r.number(n_messages) || !r.space())
    return fail("truncated");
  const std::string expected = hex64(fnv1a64(bytes.substr(0, body_end)));
  if (!r.word(expected) || !r.eol() || !r.at_end() || n_inputs != st.inputs.size() ||
      n_messages != st.messages.size())
    return fail("damaged (checksum)");
  return st;
}

bool recent(int64_t mtime_ns, int64_t ctime_ns, int64_t now, int64_t margin_ns) {
  return now - mtime_ns < margin_ns || now - ctime_ns < margin_ns;
}

bool racy(const std::vector<InputStamp>& inputs, int64_t now, int64_t margin_ns) {
  for (const InputStamp& i : inputs)
    if (i.path != "x:" && recent(i.mtime_ns, i.ctime_ns, now, margin_ns)) return true;
  return false;
}

InputStamp stamp_of(const Disk& disk, const std::filesystem::path& path, std::string name) {
  const FileInfo f = disk.stat(path.native());
  InputStamp s;
  s.path = std::move(name);
  s.type = static_cast<int>(f.type);
  if (f.exists()) {
    s.size = f.size;
    s.inode = f.inode;
    s.mtime_ns = f.mtime_ns;
    s.ctime_ns = f.ctime_ns;
  }
  return s;
}

std::vector<InputStamp> stamp_inputs(const Disk& disk, const Disk& site_disk, const std::filesystem::path& source,
                                     const std::filesystem::path& site, const SourceFiles& files, unsigned jobs) {
  namespace stdfs = std::filesystem;
  struct Want {
    const Disk* disk;
    stdfs::path path;
    std::string name;
  };
  std::vector<InputStamp> stamps;
  stamps.reserve(files.notes.size() + files.assets.size() + 16);
  // The notes and files as the walk saw them (no second stat).
  auto seen = [&](const SourceFile& f, const char* prefix) {
    InputStamp s;
    s.path = prefix + f.rel;
    s.type = static_cast<int>(f.info.type);
    s.size = f.info.size;
    s.inode = f.info.inode;
    s.mtime_ns = f.info.mtime_ns;
    s.ctime_ns = f.info.ctime_ns;
    stamps.push_back(std::move(s));
  };
  for (const SourceFile& f : files.notes) seen(f, "n:");
  for (const SourceFile& f : files.assets) seen(f, "a:");
  std::vector<Want> want;
  want.push_back({&disk, source / "site.yml", "c:vault/site.yml"});
  want.push_back({&disk, source / ".obsidian/templates.json", "c:vault/.obsidian/templates.json"});
  want.push_back({&disk, source / ".obsidian/plugins/templater-obsidian/data.json", "c:vault/.obsidian/templater"});
  if (!site.empty()) {
    want.push_back({&site_disk, site / "site.yml", "c:site.yml"});
    for (const SourceFile& f : walk_files(site_disk, site / "templates", nullptr))
      want.push_back({&site_disk, site / "templates" / stdfs::path(f.disk), "t:" + f.rel});
    for (const SourceFile& f : walk_files(disk, site / "static", nullptr))
      want.push_back({&disk, site / "static" / stdfs::path(f.disk), "s:" + f.rel});
  }
  const size_t first = stamps.size();
  stamps.resize(first + want.size());
  parallel_for(want.size(), jobs,
               [&](size_t i, unsigned) { stamps[first + i] = stamp_of(*want[i].disk, want[i].path, want[i].name); });
  stamps.push_back(generator_stamp());
  std::sort(stamps.begin(), stamps.end(), [](const InputStamp& a, const InputStamp& b) { return a.path < b.path; });
  return stamps;
}

std::string git_head(const std::filesystem::path& source) {
  // Only inside a repository: a walk up for `.git` is cheaper than starting git.
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(source, ec);
  bool found = false;
  for (; !p.empty(); p = p.parent_path()) {
    struct stat st;
    if (::stat((p / ".git").c_str(), &st) == 0) {
      found = true;
      break;
    }
    if (p == p.parent_path()) break;
  }
  if (!found) return "";
  std::string quoted = "'";
  for (char c : source.native()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  FILE* pipe = ::popen(("git -C " + quoted + " rev-parse HEAD 2>/dev/null").c_str(), "r");
  if (!pipe) return "?";
  std::array<char, 128> buffer{};
  std::string head;
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) head += buffer.data();
  ::pclose(pipe);
  while (!head.empty() && (head.back() == '\n' || head.back() == '\r')) head.pop_back();
  return head.empty() ? "none" : head;
}

InputStamp generator_stamp() {
  InputStamp s;
  s.path = "x:";
  struct stat st;
  if (::stat("/proc/self/exe", &st) == 0) {
    s.type = 1;
    s.size = static_cast<uint64_t>(st.st_size);
    s.inode = static_cast<uint64_t>(st.st_ino);
    s.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    s.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  }
  return s;
}

int64_t now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace studywiki
