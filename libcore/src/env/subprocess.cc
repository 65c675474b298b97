// Boost.Process v2 with std::filesystem, so nothing from Boost needs linking (Debian 12 has Boost
// 1.81 headers but 1.74 libraries). 1.81's header-only mode lacks process_environment::on_setup,
// so this file compiles v2's sources (src.hpp) and must stay the only one including Boost.Process.
#define BOOST_PROCESS_USE_STD_FS 1
#define BOOST_PROCESS_V2_SEPARATE_COMPILATION 1
#include "env/subprocess.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>

// 1.81's v2 headers name boost::optional, boost::remove_pointer and boost::is_constructible
// without including them when BOOST_PROCESS_USE_STD_FS drops Boost.Filesystem: they go first.
// clang-format off
#include <boost/optional.hpp>
#include <boost/type_traits/is_constructible.hpp>
#include <boost/type_traits/remove_pointer.hpp>
// clang-format on
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process/v2.hpp>
#include <boost/process/v2/src.hpp>

extern char** environ;

namespace lapack_ai::env::internal {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;

// The parent's environment with `overrides` replacing or adding entries.
std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string key = entry.substr(0, entry.find('='));
    if (overrides.count(key) == 0) env.push_back(entry);
  }
  for (const auto& [k, v] : overrides) env.push_back(k + "=" + v);
  return env;
}

std::optional<bp::filesystem::path> FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return bp::filesystem::path(name);
  const auto path = bp::environment::find_executable(name);
  if (path.empty()) return std::nullopt;
  return path;
}

// Starts the child with stdout (and stderr when `merge`) on `out_fd`; nullopt with `error` set if
// it cannot start.
std::optional<bp::process> Launch(asio::io_context& ctx, const bp::filesystem::path& exe,
                                  const std::vector<std::string>& args,
                                  const std::vector<std::string>& env, int out_fd, bool merge,
                                  std::string* error) {
  try {
    if (merge) {
      return bp::process(ctx, exe, args, bp::process_stdio{nullptr, out_fd, out_fd},
                         bp::process_environment(env));
    }
    return bp::process(ctx, exe, args, bp::process_stdio{nullptr, out_fd, nullptr},
                       bp::process_environment(env));
  } catch (const std::exception& e) {
    *error = e.what();
    return std::nullopt;
  }
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env_overrides, double timeout_s,
                         bool merge_stderr) {
  ProcessResult r;
  const auto exe = argv.empty() ? std::nullopt : FindProgram(argv[0]);
  if (!exe) {
    r.error = argv.empty() ? "no program given" : argv[0] + ": not found in PATH";
    return r;
  }
  // One pipe for stdout and stderr: v2 gives each readable_pipe binding its own pipe, so the
  // write end is made here and handed to both as a plain descriptor.
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    r.error = "pipe2 failed";
    return r;
  }
  asio::io_context ctx;
  asio::readable_pipe out(ctx, fds[0]);
  std::optional<bp::process> proc =
      Launch(ctx, *exe, std::vector<std::string>(argv.begin() + 1, argv.end()),
             ChildEnvironment(env_overrides), fds[1], merge_stderr, &r.error);
  ::close(fds[1]);
  if (!proc) return r;
  r.started = true;
  boost::system::error_code ec;
  asio::steady_timer timer(ctx, std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(timeout_s)));
  timer.async_wait([&](boost::system::error_code wait_ec) {
    if (wait_ec) return;
    r.timed_out = true;
    proc->terminate(ec);
    out.close(ec);  // a grandchild may still hold the write end
  });
  asio::async_read(out, asio::dynamic_buffer(r.output),
                   [&](boost::system::error_code, std::size_t) { timer.cancel(); });
  ctx.run();
  r.exit_code = proc->wait(ec);
  return r;
}

}  // namespace lapack_ai::env::internal
