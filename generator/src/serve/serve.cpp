// `studywiki serve`: the HTTP server (cpp-httplib), the watch-and-rebuild
// loop, and the Server-Sent Events that tell open pages what changed.
#include "serve/serve.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>

#include "core/fs.h"
#include "core/hash.h"
#include "pipeline/last_build.h"
#include "pipeline/quick.h"
#include "serve/request_path.h"
#include "serve/watch.h"

namespace studywiki::serve {

namespace stdfs = std::filesystem;

namespace {

constexpr const char* kEventsPath = "/__studywiki/events";
constexpr const char* kScriptPath = "/__studywiki/live.js";

// Ctrl-C: the first asks the loop to stop (after a running build), a second ends at once.
std::atomic<int> g_signals{0};
std::atomic<bool> g_building{false};
// Pages served, and whether the loop waits for one (a quick answer's page reloading before the build).
std::atomic<uint64_t> g_pages_served{0};
std::atomic<bool> g_waiting_for_page{false};
int g_wake_fd = -1;
extern "C" void on_signal(int) {
  if (g_signals.fetch_add(1) >= 1) _exit(130);
  if (g_building.load()) {
    static const char note[] = "\nstudywiki: stopping once this build is done (Ctrl-C again stops at once)\n";
    (void)!::write(2, note, sizeof note - 1);
  }
  const char byte = 1;
  if (g_wake_fd >= 0) (void)!::write(g_wake_fd, &byte, 1);
}

/// The first build, with Ctrl-C told that one is running.
Rebuilt building(const Rebuild& rebuild) {
  g_building = true;
  BuildRequest request;
  request.first = true;
  Rebuilt r = rebuild(request);
  g_building = false;
  return r;
}

/// What the pages are told: every build's message in order, kept briefly so
/// a page that missed one (it was reloading) still gets the latest state.
class Live {
 public:
  void publish(const Rebuilt& r, bool first) {
    nlohmann::json changed = nlohmann::json::array(), failures = nlohmann::json::array();
    for (const auto& c : r.changed) changed.push_back(c);
    for (const auto& f : r.failures) failures.push_back(f);
    std::lock_guard lock(mutex_);
    failures_ = failures.dump();
    base_path_ = base_path_of(r.base_url);
    if (!first) {
      ++generation_;
      const nlohmann::json message = {{"changed", changed}, {"failures", failures}};
      messages_.push_back(message.dump());
      if (messages_.size() > 64) messages_.pop_front();
    }
    cv_.notify_all();
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    cv_.notify_all();
  }
  std::string base_path() const {
    std::lock_guard lock(mutex_);
    return base_path_;
  }
  /// The number of builds since the first: served pages carry it, so their
  /// event stream starts from the build they were read at.
  uint64_t generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
  }
  /// The state on connecting ("state" event). The stream goes on from
  /// `since` (the page's generation, or the last event a reconnecting stream
  /// had) when given, so a build that ended while the page was loading still
  /// reaches it; else from now.
  std::string hello(uint64_t& seen, std::optional<uint64_t> since) const {
    std::lock_guard lock(mutex_);
    seen = since && *since <= generation_ ? *since : generation_;
    return "retry: 1000\nevent: state\ndata: {\"failures\":" + failures_ + "}\n\n";
  }
  /// Waits for builds after `seen` (or a keep-alive after 5 s: writing it is how a
  /// stream whose page has gone is noticed, and its thread freed); "" when stopping.
  std::string next(uint64_t& seen) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::seconds(5), [&] { return stopping_ || generation_ != seen; });
    if (stopping_) return "";
    if (generation_ == seen) return ": keep-alive\n\n";
    std::string out;
    const uint64_t oldest = generation_ - messages_.size() + 1;
    // Builds too old to be kept: the page cannot know what they changed, so it reloads.
    if (seen + 1 < oldest) out += "event: build\ndata: {\"reload\":true,\"changed\":[],\"failures\":[]}\n\n";
    for (uint64_t g = std::max(seen + 1, oldest); g <= generation_; ++g)
      out += "id: " + std::to_string(g) + "\nevent: build\ndata: " + messages_[g - oldest] + "\n\n";
    seen = generation_;
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  uint64_t generation_ = 0;
  std::deque<std::string> messages_;
  std::string failures_ = "[]";
  std::string base_path_ = "/";
  bool stopping_ = false;
};

std::optional<std::string> read_whole(const stdfs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(s).str();
}

/// The raw path with its query dropped (for redirects to a folder's URL with its slash).
std::string raw_path(const std::string& target) { return target.substr(0, target.find_first_of("?#")); }

/// A whole decimal number, else nullopt.
std::optional<uint64_t> number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

/// Where an event stream starts: the last build event a reconnecting stream
/// had (Last-Event-ID), else the generation its page was served at (?since=N).
std::optional<uint64_t> stream_start(const httplib::Request& req) {
  if (req.has_header("Last-Event-ID")) return number(req.get_header_value("Last-Event-ID"));
  const std::string& t = req.target;
  const size_t q = t.find('?');
  if (q == std::string::npos) return std::nullopt;
  std::string_view query = std::string_view(t).substr(q + 1);
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    if (pair.rfind("since=", 0) == 0) return number(pair.substr(6));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
  }
  return std::nullopt;
}

void answer_file(const httplib::Request& req, httplib::Response& res, const stdfs::path& out, const Live& live) {
  const std::string base = live.base_path();
  const uint64_t generation = live.generation();  // before reading: a build ending meanwhile reaches the page
  const Target t = resolve_target(req.target, base);
  auto not_found = [&] {
    res.status = 404;
    if (auto page = read_whole(out / "404.html"))
      res.set_content(inject_live_script(std::move(*page), kScriptPath, base, generation), "text/html; charset=utf-8");
    else
      res.set_content("404 not found\n", "text/plain; charset=utf-8");
  };
  switch (t.kind) {
    case Target::Kind::BadRequest:
      res.status = 400;
      res.set_content("400 bad request: " + t.why + "\n", "text/plain; charset=utf-8");
      return;
    case Target::Kind::Redirect:
      res.set_redirect(t.location, 302);
      return;
    case Target::Kind::Outside: not_found(); return;
    case Target::Kind::File: break;
  }
  // What builds keep for themselves is never served.
  if (t.rel.rfind(".studywiki", 0) == 0) return not_found();
  stdfs::path path = t.rel.empty() ? out : out / stdfs::u8path(t.rel);
  std::error_code ec;
  if (stdfs::is_directory(path, ec)) {
    if (!t.slash && !t.rel.empty()) {
      res.set_redirect(raw_path(req.target) + "/", 301);
      return;
    }
    path /= "index.html";
  }
  if (!stdfs::is_regular_file(path, ec)) return not_found();
  if (!inside_folder(out, path)) {
    res.status = 403;
    res.set_content("403 forbidden: outside the output folder\n", "text/plain; charset=utf-8");
    return;
  }
  auto bytes = read_whole(path);
  if (!bytes) return not_found();
  const std::string type = content_type_for(path.filename().native());
  if (type.rfind("text/html", 0) == 0) {
    *bytes = inject_live_script(std::move(*bytes), kScriptPath, base, generation);
    ++g_pages_served;
    const char byte = 3;
    if (g_waiting_for_page.load() && g_wake_fd >= 0) (void)!::write(g_wake_fd, &byte, 1);
  } else {
    // Stylesheets, scripts, data: kept by the browser and asked again on every load
    // (a page's reload after a save then costs a 304 for each, not its bytes).
    const std::string etag = "\"" + hex64(fnv1a64(*bytes)) + "\"";
    res.headers.erase("Cache-Control");
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
  }
  res.set_content(std::move(*bytes), type.c_str());
}

/// The sources a rebuild is about, for its summary line.
std::string list_sources(const std::vector<std::string>& sources) {
  if (sources.empty()) return "";
  std::string s = " (" + sources[0];
  if (sources.size() == 2) s += " and " + sources[1];
  else if (sources.size() > 2) s += " and " + std::to_string(sources.size() - 1) + " more";
  return s + " changed)";
}

/// `rel` (relative to the site) without a leading "./".
std::string shown_rel(const stdfs::path& p) {
  std::string s = fs::generic(p.lexically_normal());
  if (s == ".") return "";
  if (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

/// Whether `rel` (a relative path) is `prefix` or under it.
bool under(const std::string& rel, const std::string& prefix) {
  return !prefix.empty() && (rel == prefix || rel.rfind(prefix + "/", 0) == 0);
}

/// `inner` relative to `outer` when it is inside it ("" for the same folder), else nullopt.
std::optional<std::string> inside(const stdfs::path& outer, const stdfs::path& inner) {
  std::error_code ec;
  const auto o = stdfs::weakly_canonical(stdfs::absolute(outer, ec), ec);
  const auto i = stdfs::weakly_canonical(stdfs::absolute(inner, ec), ec);
  const std::string rel = shown_rel(i.lexically_relative(o));
  if (i.lexically_relative(o).empty() || rel.rfind("..", 0) == 0) return std::nullopt;
  return rel;
}

}  // namespace

std::vector<WatchRoot> watch_roots(const BuildOptions& o) {
  std::vector<WatchRoot> roots;
  if (!o.site.empty()) {
    const auto source_rel = inside(o.site, o.source);
    const auto out_rel = inside(o.site, o.out);
    const std::string out = out_rel.value_or("");
    const std::string source = source_rel.value_or("");
    roots.push_back({o.site, "", [=](const std::string& rel) {
                       if (out_rel && (out.empty() || under(rel, out))) return false;
                       const std::string first = rel.substr(0, rel.find('/'));
                       if (first == "site.yml" || first == "templates" || first == "static") return true;
                       // the notes' folder, and the folders on the way to it
                       return source_rel && (source.empty() || under(rel, source) || under(source, rel));
                     }});
    if (!source_rel) {
      const auto out_in_source = inside(o.source, o.out);
      const std::string out2 = out_in_source.value_or("");
      roots.push_back({o.source, o.display_root, [=](const std::string& rel) {
                         return !(out_in_source && (out2.empty() || under(rel, out2)));
                       }});
    }
  } else {
    const auto out_rel = inside(o.source, o.out);
    const std::string out = out_rel.value_or("");
    roots.push_back({o.source, o.display_root,
                     [=](const std::string& rel) { return !(out_rel && (out.empty() || under(rel, out))); }});
  }
  return roots;
}

std::string quick_line(const Rebuilt& r) {
  char head[64];
  std::snprintf(head, sizeof head, " in %.3f s; rebuilding the rest", r.seconds);
  std::string line = "wrote " + r.changed.front();
  if (r.changed.size() > 1) line += " and " + std::to_string(r.changed.size() - 1) + " more";
  return line + head;
}

std::string summary_line(const Rebuilt& r, const std::vector<std::string>& sources) {
  char head[160];
  std::snprintf(head, sizeof head, "rebuilt in %.2f s: %zu written, %zu removed", r.seconds, r.written, r.removed);
  std::string line = head;
  line += list_sources(sources);
  if (r.status == 2) line = "build stopped" + list_sources(sources) + "; fix it and save again";
  else if (!r.failures.empty())
    line += "; " + std::to_string(r.failures.size()) + (r.failures.size() == 1 ? " error" : " errors");
  return line;
}

Builds full_rebuild(const BuildOptions& options) {
  // The results of the last build that ran to the end, for quick answers; a
  // build replaces them only once it is done (the old ones answer meanwhile).
  struct Kept {
    std::mutex mutex;
    std::shared_ptr<LastBuild> last;
    std::shared_ptr<LastBuild> get() {
      std::lock_guard lock(mutex);
      return last;
    }
  };
  auto kept = std::make_shared<Kept>();
  Builds builds;
  builds.quick = [kept](const std::vector<std::string>& sources) -> std::optional<Rebuilt> {
    const std::shared_ptr<LastBuild> last = kept->get();
    if (!last) return std::nullopt;
    const auto start = Clock::now();
    auto written = quick_pages(*last, sources);
    if (!written) return std::nullopt;
    Rebuilt r;
    r.written = written->size();
    r.changed = std::move(*written);
    r.base_url = last->config.base_url;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return r;
  };
  builds.needs_warm = [kept] { return !kept->get(); };
  builds.rebuild = [options, kept](const BuildRequest& request) {
    BuildOutcome outcome;
    BuildOptions o = options;
    o.quiet = !request.first;
    o.outcome = &outcome;
    o.exit_after_build = false;
    o.print_diagnostics = request.first;
    std::shared_ptr<LastBuild> fresh;
    o.keep = &fresh;
    o.allow_replay = !request.warm;
    o.gate = request.gate;
    Rebuilt r;
    const auto start = Clock::now();
    r.status = run_build(o);
    r.cancelled = outcome.cancelled;
    if (fresh) {
      std::lock_guard lock(kept->mutex);
      kept->last = std::move(fresh);
    }
    r.changed = std::move(outcome.changed);
    r.failures = std::move(outcome.failures);
    r.warnings = std::move(outcome.warnings_shown);
    r.base_url = outcome.base_url;
    r.written = outcome.written;
    r.removed = outcome.removed;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (r.status != 0 && !r.cancelled && r.failures.empty())
      r.failures.push_back(r.status == 2 ? "the build stopped before it began: see the terminal for why"
                                         : "the build failed: see the terminal for why");
    return r;
  };
  return builds;
}

int run_serve(const ServeOptions& so, const Builds& builds) {
  const Rebuild& rebuild = builds.rebuild;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one line at a time, also into a pipe
  const BuildOptions& o = so.build;

  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(32); };  // each open page holds one for its events
  server.set_keep_alive_timeout(1);
  if (!server.bind_to_port(so.bind, so.port)) {
    std::fprintf(stderr, "studywiki: error: cannot listen on %s:%d (is another server using the port? try --port)\n",
                 so.bind.c_str(), so.port);
    return 1;
  }

  // Ctrl-C from here on stops cleanly: during the first build, once it is done.
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    std::perror("studywiki: error: pipe");
    return 1;
  }
  g_wake_fd = pipe_fds[1];
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
  auto close_pipe = [&] {
    g_wake_fd = -1;
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
  };

  // The first build: a site that does not build at all is not served.
  Live live;
  Rebuilt first = building(rebuild);
  if (first.status == 2) {
    close_pipe();
    return 2;
  }
  if (g_signals.load() != 0) {
    std::printf("stopping\n");
    close_pipe();
    return 0;
  }
  live.publish(first, true);

  const stdfs::path out = o.out;
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    if (req.method != "GET" && req.method != "HEAD") {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
      res.set_content("405 method not allowed\n", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    // No compression: on this machine it costs more than it saves (brotli took
    // 0.24 s for style.css), and an event stream must not be buffered.
    const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
    const std::string path = raw_path(req.target);
    if (path == kScriptPath) {
      res.set_content(live_script(), "text/javascript; charset=utf-8");
    } else if (path == kEventsPath) {
      auto seen = std::make_shared<uint64_t>(0);
      auto hello = std::make_shared<std::string>(live.hello(*seen, stream_start(req)));
      res.set_chunked_content_provider("text/event-stream", [&live, seen, hello](size_t, httplib::DataSink& sink) {
        std::string chunk;
        if (!hello->empty()) chunk.swap(*hello);
        else chunk = live.next(*seen);
        if (chunk.empty()) {
          sink.done();
          return true;
        }
        return sink.write(chunk.data(), chunk.size());
      });
    } else {
      answer_file(req, res, out, live);
    }
    return httplib::Server::HandlerResponse::Handled;
  });

  std::thread http([&] { server.listen_after_bind(); });
  const char* env = std::getenv("STUDYWIKI_WATCH");
  auto watcher = Watcher::make(watch_roots(o), so.polling || (env && std::string(env) == "poll"));
  const std::string host = so.bind.find(':') != std::string::npos ? "[" + so.bind + "]" : so.bind;
  std::printf("serving http://%s:%d%s (watching with %s; Ctrl-C stops)\n", host.c_str(), so.port,
              live.base_path().c_str(), watcher->kind());

  // Builds run on a thread of their own, so that a save while one runs is
  // answered at once (its notes' pages, pipeline/quick.h) and calls it off:
  // its inputs are out of date. The next one starts when it has stopped.
  struct Running {
    std::thread thread;
    WriteGate gate;
    std::atomic<bool> done{false};
    Rebuilt result;
    std::vector<std::string> sources;
    bool warm = false;
  };
  std::unique_ptr<Running> running;
  auto start = [&](std::vector<std::string> sources, bool warm) {
    running = std::make_unique<Running>();
    running->sources = std::move(sources);
    running->warm = warm;
    Running* r = running.get();
    g_building = true;
    r->thread = std::thread([r, &rebuild, wake = pipe_fds[1]] {
      BuildRequest request;
      request.warm = r->warm;
      request.gate = &r->gate;
      r->result = rebuild(request);
      r->done = true;
      const char byte = 2;
      (void)!::write(wake, &byte, 1);
    });
  };
  std::set<std::string> sources;  // saved since the last build that ran to the end began
  std::set<std::string> fresh;    // saved since the last quick answer
  std::set<std::string> warnings_before(first.warnings.begin(), first.warnings.end());
  bool failing = !first.failures.empty();
  bool build_wanted = false;
  std::set<std::string> unannounced;  // files a called-off build changed: the next build's message names them
  // After a quick answer the build waits for the open page to reload (both cores are the
  // browser's meanwhile): until a page is served and 150 ms more, or a second at most.
  struct Hold {
    bool on = false;
    Clock::time_point since{}, page_at{};
    bool page_seen = false;
    uint64_t served = 0;
    void start(Clock::time_point now) {
      *this = {};
      on = true;
      since = now;
      served = g_pages_served.load();
    }
    Clock::time_point until() const {
      return page_seen ? page_at + std::chrono::milliseconds(150) : since + std::chrono::milliseconds(1000);
    }
    bool over(Clock::time_point now) {
      if (!page_seen && g_pages_served.load() > served) {
        page_seen = true;
        page_at = now;
      }
      return now >= until();
    }
  } hold;
  auto finish = [&] {
    running->thread.join();
    g_building = false;
    const Rebuilt& r = running->result;
    if (r.cancelled) {
      sources.insert(running->sources.begin(), running->sources.end());  // their pages are not all written yet
      unannounced.insert(r.changed.begin(), r.changed.end());
      build_wanted = true;
    } else if (!running->warm || !r.failures.empty() || !r.changed.empty()) {
      // The usual diagnostics: every error, and the warnings the last build did not have.
      std::fflush(stdout);
      for (const auto& line : r.failures) std::fprintf(stderr, "%s\n", line.c_str());
      size_t known = 0;
      for (const auto& line : r.warnings) {
        if (warnings_before.count(line)) ++known;
        else std::fprintf(stderr, "%s\n", line.c_str());
      }
      if (known > 0) std::fprintf(stderr, "(and %zu warning%s shown before)\n", known, known == 1 ? "" : "s");
      warnings_before = {r.warnings.begin(), r.warnings.end()};
      if (!running->warm) std::printf("%s\n", summary_line(r, running->sources).c_str());
      failing = !r.failures.empty();
      Rebuilt told = r;
      unannounced.insert(told.changed.begin(), told.changed.end());
      told.changed.assign(unannounced.begin(), unannounced.end());
      unannounced.clear();
      live.publish(told, false);
    }
    running.reset();
  };

  // A first build that found nothing to do kept nothing for quick answers: one more, quiet.
  if (builds.quick && builds.needs_warm && builds.needs_warm()) start({}, true);
  // A burst of saves is one build, 100 ms after its last save; the saved notes' own pages are
  // answered sooner, 30 ms after (an editor's save is one write, or a few in a row).
  Debouncer debounce;
  Debouncer quick_debounce(std::chrono::milliseconds(30), std::chrono::milliseconds(2000));
  while (g_signals.load() == 0) {
    int timeout = -1;
    if (auto w = debounce.wait(Clock::now())) timeout = static_cast<int>(w->count());
    if (auto w = quick_debounce.wait(Clock::now()))
      timeout = timeout < 0 ? static_cast<int>(w->count()) : std::min(timeout, static_cast<int>(w->count()));
    if (build_wanted && !running && hold.on) {
      const long long left =
          std::max<long long>(0, std::chrono::ceil<std::chrono::milliseconds>(hold.until() - Clock::now()).count());
      timeout = timeout < 0 ? static_cast<int>(left) : std::min(timeout, static_cast<int>(left));
    }
    const std::vector<std::string> changed = watcher->wait(timeout, pipe_fds[0]);
    for (char drain[64]; ::read(pipe_fds[0], drain, sizeof drain) > 0;) {
    }
    if (g_signals.load() != 0) break;
    const auto now = Clock::now();
    if (!changed.empty()) {
      debounce.event(now);
      quick_debounce.event(now);
      sources.insert(changed.begin(), changed.end());
      fresh.insert(changed.begin(), changed.end());
    }
    if (running && running->done) finish();
    const bool build_due = debounce.due(now);
    if ((quick_debounce.due(now) || build_due) && !fresh.empty()) {
      // The saved notes' own pages first, at once; a build still running is out of date: called off.
      if (running) running->gate.close();
      if (builds.quick && !failing) {
        if (const auto q = builds.quick({fresh.begin(), fresh.end()}); q && !q->changed.empty()) {
          std::printf("%s\n", quick_line(*q).c_str());
          hold.start(now);
          g_waiting_for_page = true;
          live.publish(*q, false);
        }
      }
      fresh.clear();
    }
    if (build_due) build_wanted = true;
    if (build_wanted && !running && hold.on && !hold.over(Clock::now())) continue;
    if (build_wanted && !running) {
      hold.on = false;
      g_waiting_for_page = false;
      start({sources.begin(), sources.end()}, false);
      sources.clear();
      build_wanted = false;
    }
  }
  if (running) running->thread.join();  // Ctrl-C waits for a build to end (a second one stops at once)

  std::printf("stopping\n");
  live.stop();
  server.stop();
  http.join();
  close_pipe();
  return 0;
}

}  // namespace studywiki::serve
