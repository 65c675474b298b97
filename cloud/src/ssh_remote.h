// One ssh host of a run config and the ssh/scp argument vectors that reach it. Every connection
// shares one master per host (ControlMaster) through a short ControlPath under /tmp: ssh refuses
// socket paths of 104+ bytes, which a long $TMPDIR (macOS, CI runners) reaches (PKB #1880).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lapack_ai/cloud/process.h"

namespace lapack_ai::cloud::internal {

struct SshHost {
  std::string name;     ///< what legs name in "host"
  std::string address;  ///< [user@]host
  int port = 22;
  std::string identity;              ///< private key file ("" = ssh's defaults)
  std::vector<std::string> options;  ///< extra ssh -o values ("StrictHostKeyChecking=no", ...)
  double connect_timeout_s = 10;

  nlohmann::json ToJson() const;
  /// Throws std::runtime_error on a malformed object (a state file edited by hand).
  static SshHost FromJson(const nlohmann::json& j);
};

/// "/tmp/lai-%C": %C is ssh's 40-hex hash of the connection, so the path is 49 bytes wherever
/// the user's temp directory is.
std::string ControlPath();

/// ssh HOST -- COMMAND (one string the remote shell parses: build it with ShellQuote).
std::vector<std::string> SshArgv(const SshHost& h, const std::string& remote_command);
/// scp LOCAL HOST:REMOTE
std::vector<std::string> ScpUploadArgv(const SshHost& h, const std::string& local,
                                       const std::string& remote);
/// scp HOST:REMOTE LOCAL
std::vector<std::string> ScpFetchArgv(const SshHost& h, const std::string& remote,
                                      const std::string& local);
/// ssh -O exit: ends the host's master connection.
std::vector<std::string> SshExitMasterArgv(const SshHost& h);

/// Runs `argv` with `timeout_s`; `cancellable` false for teardown and for steps that must finish
/// once begun (starting the leg, so its pid is recorded).
ProcessResult RunSsh(std::vector<std::string> argv, double timeout_s, bool cancellable = true);

/// The remote commands, as text for the remote shell.
/// Ends the leg's process group (TERM, KILL after ~4 s) and removes its directory.
std::string KillAndRemoveCommand(const std::string& dir);
/// Prints "exit N", "running" or "lost" for a leg directory.
std::string StatusCommand(const std::string& dir);

}  // namespace lapack_ai::cloud::internal
