// The process runner: argument vectors reach the child verbatim (no shell), timeouts and
// cancellations end the whole process group, and secrets never reach anything logged.
#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "lapack_ai/cloud/process.h"

namespace lapack_ai::cloud {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A zombie (killed, not yet reaped by whoever inherited it) counts as gone.
bool PidAlive(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const std::size_t paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] != 'Z';
}

TEST_SUITE("cloud") {

TEST_CASE("cloud process: an argument with shell syntax reaches the child as one word") {
  ProcessSpec spec;
  spec.argv = {"printf", "%s|", "a b", "$(echo no)", "; rm -rf /", "'q'"};
  const ProcessResult r = RunProcess(spec);
  REQUIRE(r.ok());
  CHECK(r.out == "a b|$(echo no)|; rm -rf /|'q'|");
}

TEST_CASE("cloud process: stdout and stderr and exit code and stdin and environment and working dir") {
  const fs::path dir = fs::temp_directory_path() / ("la-proc-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "cat; echo \"$LA_X\" >&2; pwd; exit 3"};
  spec.env = {{"LA_X", "x-value"}};
  spec.stdin_text = "from-stdin\n";
  spec.working_dir = dir.string();
  const ProcessResult r = RunProcess(spec);
  CHECK(r.started);
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.ok());
  CHECK(r.out == "from-stdin\n" + fs::canonical(dir).string() + "\n");
  CHECK(r.err == "x-value\n");
  CHECK(r.Describe() == "exit 3");
  fs::remove_all(dir);
}

TEST_CASE("cloud process: a missing program is reported and not thrown") {
  ProcessSpec spec;
  spec.argv = {"lapack-ai-no-such-program"};
  const ProcessResult r = RunProcess(spec);
  CHECK_FALSE(r.started);
  CHECK(r.error.find("not found") != std::string::npos);
}

TEST_CASE("cloud process: a timeout kills the child and what it started") {
  const fs::path pidfile = fs::temp_directory_path() / ("la-grandchild-" + std::to_string(::getpid()));
  ProcessSpec spec;
  // The grandchild writes its pid, then both sleep; only killing the group ends the grandchild.
  spec.argv = {"sh", "-c", "sleep 30 & echo $! > \"$1\"; sleep 30", "sh", pidfile.string()};
  spec.timeout_s = 0.5;
  spec.kill_grace_s = 0.5;
  const auto t0 = Clock::now();
  const ProcessResult r = RunProcess(spec);
  CHECK(r.timed_out);
  CHECK(Since(t0) < 3.0);
  std::ifstream in(pidfile);
  pid_t grandchild = 0;
  in >> grandchild;
  REQUIRE(grandchild > 0);
  for (int i = 0; i < 50 && PidAlive(grandchild); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_FALSE(PidAlive(grandchild));
  fs::remove(pidfile);
}

TEST_CASE("cloud process: a cancellation stops a wait within a second but not a teardown call") {
  Cancellation::Reset();
  std::thread canceller([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Cancellation::Request("test");
  });
  ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  const auto t0 = Clock::now();
  const ProcessResult r = RunProcess(spec);
  canceller.join();
  CHECK(r.cancelled);
  CHECK(Since(t0) < 1.5);
  CHECK(Cancellation::Reason() == "test");

  ProcessSpec teardown;
  teardown.argv = {"sh", "-c", "sleep 0.2; echo done"};
  teardown.cancellable = false;
  const ProcessResult t = RunProcess(teardown);
  CHECK(t.ok());
  CHECK(t.out == "done\n");
  CHECK_FALSE(SleepFor(0.5));
  Cancellation::Reset();
}

TEST_CASE("cloud process: SIGTERM to this process becomes a cancellation and not death") {
  Cancellation::Reset();
  Cancellation::Install();
  ::kill(::getpid(), SIGTERM);
  CHECK(Cancellation::Requested());
  CHECK(Cancellation::Reason() == "SIGTERM");
  Cancellation::Reset();
}

TEST_CASE("cloud process: a background child is polled and its group ended") {
  ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  Child c(spec);
  CHECK(c.Running());
  CHECK_FALSE(c.ExitCode().has_value());
  const auto t0 = Clock::now();
  const int code = c.Terminate(1.0);
  CHECK(code == 128 + SIGTERM);
  CHECK(Since(t0) < 1.5);
  CHECK_FALSE(c.Running());

  ProcessSpec quick;
  quick.argv = {"sh", "-c", "exit 7"};
  Child q(quick);
  CHECK(q.Wait(5) == 7);
}

TEST_CASE("cloud process: registered secrets and AWS key shapes are redacted") {
  RegisterSecret("s3cr3t-Value/xyz");
  const std::string text =
      "key AKIAABCDEFGHIJKLMNOP and s3cr3t-Value/xyz; aws_secret_access_key = abc123def";
  const std::string red = Redact(text);
  CHECK(red.find("AKIAABCDEFGHIJKLMNOP") == std::string::npos);
  CHECK(red.find("s3cr3t-Value/xyz") == std::string::npos);
  CHECK(red.find("abc123def") == std::string::npos);
  CHECK(red.find("key *** and ***") != std::string::npos);
  CHECK(FormatCommand({"aws", "--secret", "s3cr3t-Value/xyz", "a b"}) == "aws --secret *** 'a b'");
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::cloud
