// Boost.Process v2 with an argument vector. libcore's env/subprocess.cc compiles v2's sources
// (Debian 12 pairs Boost 1.81 headers with 1.74 libraries); this file uses the same separate-
// compilation mode and links those definitions through lapack_ai::core instead of compiling a
// second copy.
#define BOOST_PROCESS_USE_STD_FS 1
#define BOOST_PROCESS_V2_SEPARATE_COMPILATION 1
#include "lapack_ai/cloud/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

// 1.81's v2 headers name these without including them when BOOST_PROCESS_USE_STD_FS is set.
// clang-format off
#include <boost/optional.hpp>
#include <boost/type_traits/is_constructible.hpp>
#include <boost/type_traits/remove_pointer.hpp>
// clang-format on
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/v2.hpp>

extern char** environ;

namespace lapack_ai::cloud {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
using Clock = std::chrono::steady_clock;

// The child leads a new process group, so killpg reaches whatever it starts.
struct NewProcessGroup {
  template <typename Launcher>
  bp::error_code on_exec_setup(Launcher&, const bp::filesystem::path&, const char* const*&) {
    if (::setpgid(0, 0) != 0) return bp::error_code(errno, bp::system_category());
    return {};
  }
};

std::vector<std::string> ChildEnvironment(const ProcessSpec& spec) {
  std::vector<std::string> env;
  auto dropped = [&](const std::string& key) {
    if (spec.env.count(key) != 0) return true;
    for (const std::string& u : spec.env_unset)
      if (u == key) return true;
    return false;
  };
  if (!spec.clear_env) {
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      const std::string entry(*e);
      if (!dropped(entry.substr(0, entry.find('=')))) env.push_back(entry);
    }
  }
  for (const auto& [k, v] : spec.env) env.push_back(k + "=" + v);
  return env;
}

bp::filesystem::path FindProgram(const std::string& name, const std::vector<std::string>& env) {
  if (name.find('/') != std::string::npos) return bp::filesystem::path(name);
  // PATH of the child's environment when it sets one (tests put fake programs first).
  std::string path_var;
  for (const std::string& e : env)
    if (e.rfind("PATH=", 0) == 0) path_var = e.substr(5);
  std::size_t start = 0;
  while (start <= path_var.size()) {
    const std::size_t end = std::min(path_var.find(':', start), path_var.size());
    const std::string dir = path_var.substr(start, end - start);
    if (!dir.empty()) {
      const bp::filesystem::path p = bp::filesystem::path(dir) / name;
      if (::access(p.c_str(), X_OK) == 0) return p;
    }
    start = end + 1;
  }
  return {};
}

int ExitCodeOf(int native_status, int* signal_out) {
  if (WIFEXITED(native_status)) return WEXITSTATUS(native_status);
  if (WIFSIGNALED(native_status)) {
    *signal_out = WTERMSIG(native_status);
    return 128 + WTERMSIG(native_status);
  }
  return -1;
}

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

int OpenForWrite(const std::string& path) {
  const int fd = ::open(path.empty() ? "/dev/null" : path.c_str(),
                        O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot open {} for the child's output", path));
  return fd;
}

// --- cancellation -------------------------------------------------------------------------
volatile sig_atomic_t g_signal = 0;
std::atomic<bool> g_requested{false};
std::mutex g_reason_mutex;
std::string g_reason;

extern "C" void OnCancelSignal(int sig) {
  if (g_signal == 0) g_signal = sig;
  g_requested.store(true);
}

// --- secrets --------------------------------------------------------------------------------
std::mutex g_secret_mutex;
std::vector<std::string>& Secrets() {
  static std::vector<std::string> s;
  return s;
}

}  // namespace

std::string ProcessResult::Describe() const {
  if (!started) return Redact("not started: " + error);
  if (cancelled) return fmt::format("cancelled after {:.1f} s", seconds);
  if (timed_out) return fmt::format("timed out after {:.1f} s", seconds);
  if (signal != 0) return fmt::format("killed by signal {}", signal);
  return fmt::format("exit {}", exit_code);
}

ProcessResult RunProcess(const ProcessSpec& spec) {
  ProcessResult r;
  const auto t0 = Clock::now();
  if (spec.argv.empty()) {
    r.error = "no program given";
    return r;
  }
  const std::vector<std::string> env = ChildEnvironment(spec);
  const bp::filesystem::path exe = FindProgram(spec.argv[0], env);
  if (exe.empty()) {
    r.error = spec.argv[0] + ": not found in PATH";
    return r;
  }
  asio::io_context ctx;
  int out_fds[2] = {-1, -1}, err_fds[2] = {-1, -1}, in_fds[2] = {-1, -1};
  const bool capture_out = spec.stdout_path.empty(), capture_err = spec.stderr_path.empty();
  if ((capture_out && ::pipe2(out_fds, O_CLOEXEC) != 0) ||
      (capture_err && ::pipe2(err_fds, O_CLOEXEC) != 0) ||
      (spec.stdin_text && ::pipe2(in_fds, O_CLOEXEC) != 0)) {
    r.error = "pipe2 failed";
    return r;
  }
  const int out_w = capture_out ? out_fds[1] : OpenForWrite(spec.stdout_path);
  const int err_w = capture_err ? err_fds[1] : OpenForWrite(spec.stderr_path);
  int in_r = spec.stdin_text ? in_fds[0] : ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  std::optional<bp::process> proc;
  try {
    const bp::filesystem::path dir =
        spec.working_dir.empty() ? bp::filesystem::current_path() : bp::filesystem::path(spec.working_dir);
    proc.emplace(ctx, exe, std::vector<std::string>(spec.argv.begin() + 1, spec.argv.end()),
                 bp::process_stdio{in_r, out_w, err_w}, bp::process_environment(env),
                 bp::process_start_dir(dir), NewProcessGroup{});
  } catch (const std::exception& e) {
    r.error = fmt::format("{}: {}", spec.argv[0], e.what());
  }
  ::close(out_w);
  ::close(err_w);
  ::close(in_r);
  if (!proc) {
    if (capture_out) ::close(out_fds[0]);
    if (capture_err) ::close(err_fds[0]);
    if (spec.stdin_text) ::close(in_fds[1]);
    return r;
  }
  r.started = true;
  const pid_t pid = proc->id();

  std::optional<asio::readable_pipe> out_pipe, err_pipe;
  std::optional<asio::writable_pipe> in_pipe;
  int open_reads = 0;
  if (capture_out) {
    out_pipe.emplace(ctx, out_fds[0]);
    ++open_reads;
    asio::async_read(*out_pipe, asio::dynamic_buffer(r.out),
                     [&](boost::system::error_code, std::size_t) { --open_reads; });
  }
  if (capture_err) {
    err_pipe.emplace(ctx, err_fds[0]);
    ++open_reads;
    asio::async_read(*err_pipe, asio::dynamic_buffer(r.err),
                     [&](boost::system::error_code, std::size_t) { --open_reads; });
  }
  if (spec.stdin_text) {
    in_pipe.emplace(ctx, in_fds[1]);
    asio::async_write(*in_pipe, asio::buffer(*spec.stdin_text),
                      [&](boost::system::error_code, std::size_t) {
                        boost::system::error_code ec;
                        in_pipe->close(ec);
                      });
  }

  // One 50 ms tick checks the deadline, the cancellation and whether the child has ended; the
  // reads end at EOF (or are closed when the group is killed: a daemonised grandchild may keep
  // the pipe open).
  std::optional<Clock::time_point> term_sent;
  bool exited = false;
  std::optional<Clock::time_point> exited_at;
  asio::steady_timer tick(ctx);
  std::function<void()> arm = [&] {
    tick.expires_after(std::chrono::milliseconds(50));
    tick.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      boost::system::error_code pec;
      if (!exited && !proc->running(pec)) exited = true;
      if (!term_sent && !exited) {
        if (spec.timeout_s > 0 && SecondsSince(t0) > spec.timeout_s) r.timed_out = true;
        if (spec.cancellable && Cancellation::Requested()) r.cancelled = true;
        if (r.timed_out || r.cancelled) {
          ::killpg(pid, SIGTERM);
          term_sent = Clock::now();
        }
      }
      if (term_sent && !exited && SecondsSince(*term_sent) > spec.kill_grace_s) ::killpg(pid, SIGKILL);
      // Once the child has ended, output still buffered in the pipes is read; a grandchild
      // that keeps them open (a daemon it started) is not waited for beyond a second.
      if (exited && !exited_at) exited_at = Clock::now();
      if (exited && (open_reads == 0 || term_sent || SecondsSince(*exited_at) > 1.0)) {
        boost::system::error_code cec;
        if (out_pipe) out_pipe->close(cec);
        if (err_pipe) err_pipe->close(cec);
        if (in_pipe) in_pipe->close(cec);
        return;
      }
      arm();
    });
  };
  arm();
  ctx.run();
  boost::system::error_code wec;
  proc->wait(wec);
  r.exit_code = ExitCodeOf(proc->native_exit_code(), &r.signal);
  r.seconds = SecondsSince(t0);
  return r;
}

// --- Child ----------------------------------------------------------------------------------
struct Child::Impl {
  asio::io_context ctx;
  std::optional<bp::process> proc;
  pid_t pid = -1;
  bool ended = false;
  int exit_code = -1;
  bool cancellable = true;
  double grace = 2.0;

  void Reap() {
    if (ended) return;
    boost::system::error_code ec;
    if (!proc->running(ec)) {
      ended = true;
      int sig = 0;
      exit_code = ExitCodeOf(proc->native_exit_code(), &sig);
    }
  }
};

Child::Child(const ProcessSpec& spec) : impl_(std::make_unique<Impl>()) {
  if (spec.argv.empty()) throw std::runtime_error("no program given");
  const std::vector<std::string> env = ChildEnvironment(spec);
  const bp::filesystem::path exe = FindProgram(spec.argv[0], env);
  if (exe.empty()) throw std::runtime_error(spec.argv[0] + ": not found in PATH");
  const int out_w = OpenForWrite(spec.stdout_path);
  const int err_w = OpenForWrite(spec.stderr_path);
  const int in_r = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  impl_->cancellable = spec.cancellable;
  impl_->grace = spec.kill_grace_s;
  try {
    const bp::filesystem::path dir =
        spec.working_dir.empty() ? bp::filesystem::current_path() : bp::filesystem::path(spec.working_dir);
    impl_->proc.emplace(impl_->ctx, exe,
                        std::vector<std::string>(spec.argv.begin() + 1, spec.argv.end()),
                        bp::process_stdio{in_r, out_w, err_w}, bp::process_environment(env),
                        bp::process_start_dir(dir), NewProcessGroup{});
  } catch (const std::exception& e) {
    ::close(out_w);
    ::close(err_w);
    ::close(in_r);
    throw std::runtime_error(fmt::format("{}: {}", spec.argv[0], e.what()));
  }
  ::close(out_w);
  ::close(err_w);
  ::close(in_r);
  impl_->pid = impl_->proc->id();
}

Child::~Child() {
  if (impl_ && impl_->proc && !impl_->ended) Terminate(impl_->grace);
  if (impl_ && impl_->proc) impl_->proc->detach();
}

pid_t Child::pid() const { return impl_->pid; }

bool Child::Running() {
  impl_->Reap();
  return !impl_->ended;
}

std::optional<int> Child::ExitCode() {
  impl_->Reap();
  if (!impl_->ended) return std::nullopt;
  return impl_->exit_code;
}

int Child::Terminate(double grace_s) {
  impl_->Reap();
  if (impl_->ended) return impl_->exit_code;
  ::killpg(impl_->pid, SIGTERM);
  const auto t0 = Clock::now();
  while (SecondsSince(t0) < grace_s) {
    impl_->Reap();
    if (impl_->ended) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The leader may be gone while others of its group still run.
  ::killpg(impl_->pid, SIGKILL);
  if (!impl_->ended) {
    boost::system::error_code ec;
    impl_->proc->wait(ec);
    int sig = 0;
    impl_->exit_code = ExitCodeOf(impl_->proc->native_exit_code(), &sig);
    impl_->ended = true;
  }
  return impl_->exit_code;
}

int Child::Wait(double timeout_s) {
  const auto t0 = Clock::now();
  while (Running()) {
    if ((timeout_s > 0 && SecondsSince(t0) > timeout_s) ||
        (impl_->cancellable && Cancellation::Requested()))
      return Terminate(impl_->grace);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return impl_->exit_code;
}

// --- Cancellation ---------------------------------------------------------------------------
void Cancellation::Install() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_handler = &OnCancelSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    RegisterEnvironmentSecrets();
  });
}

bool Cancellation::Requested() { return g_requested.load(); }
int Cancellation::Signal() { return g_signal; }

void Cancellation::Request(std::string_view why) {
  {
    std::lock_guard<std::mutex> lock(g_reason_mutex);
    if (g_reason.empty()) g_reason = std::string(why);
  }
  g_requested.store(true);
}

std::string Cancellation::Reason() {
  if (g_signal == SIGINT) return "SIGINT";
  if (g_signal == SIGTERM) return "SIGTERM";
  std::lock_guard<std::mutex> lock(g_reason_mutex);
  return g_reason;
}

void Cancellation::Reset() {
  g_signal = 0;
  g_requested.store(false);
  std::lock_guard<std::mutex> lock(g_reason_mutex);
  g_reason.clear();
}

bool SleepFor(double seconds) {
  const auto t0 = Clock::now();
  while (SecondsSince(t0) < seconds) {
    if (Cancellation::Requested()) return false;
    const double left = seconds - SecondsSince(t0);
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(0.05, std::max(0.0, left))));
  }
  return !Cancellation::Requested();
}

// --- secrets --------------------------------------------------------------------------------
void RegisterSecret(const std::string& value) {
  if (value.size() < 6) return;
  std::lock_guard<std::mutex> lock(g_secret_mutex);
  for (const std::string& s : Secrets())
    if (s == value) return;
  Secrets().push_back(value);
}

void RegisterEnvironmentSecrets() {
  for (const char* name : {"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID",
                           "AWS_SECURITY_TOKEN", "GITHUB_TOKEN", "GH_TOKEN"}) {
    if (const char* v = std::getenv(name); v != nullptr) RegisterSecret(v);
  }
}

std::string Redact(std::string_view text) {
  std::string s(text);
  {
    std::lock_guard<std::mutex> lock(g_secret_mutex);
    for (const std::string& secret : Secrets()) {
      for (std::size_t p = s.find(secret); p != std::string::npos; p = s.find(secret, p + 3))
        s.replace(p, secret.size(), "***");
    }
  }
  static const std::regex kAccessKey("(AKIA|ASIA)[A-Z0-9]{16}");
  static const std::regex kAssignment(
      "((aws_secret_access_key|aws_session_token|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)"
      "[\"']?\\s*[=:]\\s*[\"']?)[^\\s\"',]+");
  if (s.find("AKIA") != std::string::npos || s.find("ASIA") != std::string::npos)
    s = std::regex_replace(s, kAccessKey, "***");
  // The regex only where a credential name occurs: results files are large.
  for (const char* name : {"aws_secret_access_key", "aws_session_token", "AWS_SECRET_ACCESS_KEY",
                           "AWS_SESSION_TOKEN"}) {
    if (s.find(name) != std::string::npos) {
      s = std::regex_replace(s, kAssignment, "$1***");
      break;
    }
  }
  return s;
}

std::string FormatCommand(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& a : argv) {
    if (!line.empty()) line += ' ';
    const bool plain = !a.empty() && a.find_first_not_of(
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                         "0123456789@%+=:,./_-") == std::string::npos;
    if (plain) {
      line += a;
    } else {
      line += '\'';
      for (char c : a) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
      line += '\'';
    }
  }
  return Redact(line);
}

}  // namespace lapack_ai::cloud
