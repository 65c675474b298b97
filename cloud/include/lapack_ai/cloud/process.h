// Running programs for the cloud providers: always an argument vector through Boost.Process v2,
// never a shell string, so a value from a config file can never become shell syntax. Each child
// leads its own process group, so a timeout or a cancellation ends it with everything it started
// (the aws CLI's helpers, ssh's ControlMaster, a leg's workers).
#pragma once
#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lapack_ai::cloud {

/// What to run and how.
struct ProcessSpec {
  std::vector<std::string> argv;  ///< argv[0]: a path, or a name looked up in PATH
  /// Entries added to (or replacing those of) the inherited environment.
  std::map<std::string, std::string> env;
  std::vector<std::string> env_unset;  ///< inherited entries to drop
  bool clear_env = false;              ///< start from an empty environment, then apply `env`
  std::string working_dir;             ///< "" = the current one
  std::optional<std::string> stdin_text;  ///< written to the child's stdin, then closed
  double timeout_s = 0;                   ///< 0 = none; past it the group gets SIGTERM, then SIGKILL
  /// A cancellation (SIGINT/SIGTERM to this process, see Cancellation) ends the child within
  /// ~kill_grace_s. Teardown calls set this false: they must run after a cancellation.
  bool cancellable = true;
  double kill_grace_s = 2.0;  ///< SIGTERM to SIGKILL
  /// Run() only: where stdout/stderr go instead of being captured ("" = captured).
  std::string stdout_path, stderr_path;
};

/// The outcome of a finished child.
struct ProcessResult {
  bool started = false;   ///< false: `error` says why (not found, not executable)
  int exit_code = -1;     ///< 128 + signal when killed by a signal
  int signal = 0;         ///< the signal that ended it, 0 if it exited
  bool timed_out = false;
  bool cancelled = false;  ///< ended because of a cancellation
  double seconds = 0;
  std::string out, err;  ///< captured stdout and stderr (unredacted: redact before logging)
  std::string error;
  bool ok() const { return started && exit_code == 0 && !timed_out && !cancelled; }
  /// One line for messages: "exit 255", "timed out after 30 s", "not started: ...". Redacted.
  std::string Describe() const;
};

/// Runs to completion (or timeout/cancellation). Never throws for the child's failure.
ProcessResult RunProcess(const ProcessSpec& spec);

/// A child running in the background (a local leg, an ssh session): poll it, end it, reap it.
/// Its stdout/stderr go to spec.stdout_path/stderr_path ("" = /dev/null). The destructor ends
/// the group (SIGTERM, then SIGKILL) if it still runs: a leaked child is a leaked resource.
class Child {
 public:
  /// Throws std::runtime_error naming the program if it cannot start.
  explicit Child(const ProcessSpec& spec);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const;
  /// Non-blocking: true while the child runs. Reaps it when it has ended.
  bool Running();
  /// The exit code once ended (128 + signal when killed), nullopt while running.
  std::optional<int> ExitCode();
  /// SIGTERM to the group, SIGKILL after `grace_s`, reaped; returns the exit code.
  int Terminate(double grace_s = 2.0);
  /// Blocks until the child ends, `timeout_s` passes (then Terminate) or a cancellation comes
  /// (then Terminate, unless the spec was not cancellable). Returns the exit code.
  int Wait(double timeout_s = 0);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Process-wide cancellation: SIGINT and SIGTERM set it (async-signal-safe) instead of killing
/// the process, so the run pipeline can tear down before exiting. Everything that waits (RunProcess,
/// Child::Wait, SleepFor, provider polls) checks it at least every 100 ms.
class Cancellation {
 public:
  /// Installs the SIGINT/SIGTERM handlers (idempotent). A second signal while tearing down is
  /// noted but still does not kill the process: teardown must finish (it has its own timeouts).
  static void Install();
  static bool Requested();
  static int Signal();  ///< the signal that asked (SIGINT or SIGTERM), 0 if none or a timeout
  /// Requests cancellation from code (a run deadline passed, an error); `why` is kept for events.
  static void Request(std::string_view why);
  static std::string Reason();  ///< "SIGINT", "SIGTERM", or the `why` given to Request
  /// For tests and for a second run in one process.
  static void Reset();
};

/// Sleeps up to `seconds`; returns false early if a cancellation was requested.
bool SleepFor(double seconds);

/// Marks a value as secret: Redact() will replace it everywhere. Values shorter than 6 characters
/// are ignored (they would mangle ordinary text).
void RegisterSecret(const std::string& value);
/// Registers the values of the credential variables found in this process's environment
/// (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ACCESS_KEY_ID, ...). Called by Cancellation::Install
/// and the CLI before any output.
void RegisterEnvironmentSecrets();
/// `text` with every registered secret and anything shaped like an AWS access key id
/// (AKIA/ASIA + 16) or secret assignment replaced by "***".
std::string Redact(std::string_view text);

/// The argument vector as one display line (shell-quoted where needed), redacted: for logs and
/// `cloud plan`, never to be executed.
std::string FormatCommand(const std::vector<std::string>& argv);

}  // namespace lapack_ai::cloud
