// Helpers shared by the daemon fixtures of the cloud tests (sshd, Slurm): a private temporary
// folder, free loopback ports, waiting for a daemon to listen, running a tool.
#pragma once
#include <string>
#include <vector>

#include "lapack_ai/cloud/process.h"

namespace lapack_ai::testing {

/// A folder under /tmp (short paths: unix sockets are limited to 108 bytes), removed on exit.
class FixtureDir {
 public:
  explicit FixtureDir(const std::string& prefix);
  ~FixtureDir();
  FixtureDir(const FixtureDir&) = delete;
  FixtureDir& operator=(const FixtureDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes `text` to `name` inside the folder (mode 0600); returns its path.
  std::string Write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

/// True, after printing "SKIPPED: <why>" (what CTest reports as a skip), when a fixture could
/// not start its component; false when `skip_reason` is empty.
bool Skipped(const std::string& skip_reason);

/// A TCP port on 127.0.0.1 nobody listens on right now (the kernel's pick).
int FreeLoopbackPort();
/// True once something accepts connections on 127.0.0.1:`port`, false after `timeout_s`.
bool WaitForPort(int port, double timeout_s);
/// Runs a tool to completion (argument vector, 60 s limit).
cloud::ProcessResult Run(std::vector<std::string> argv);
/// The first of `candidates` that is an executable file, else "".
std::string FindExecutable(const std::vector<std::string>& candidates);

}  // namespace lapack_ai::testing
