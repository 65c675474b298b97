// ssh/scp argument vectors. "--" before the destination: an address from a config file that
// starts with '-' must never be read as an option (CVE-2017-1000117's class of bug).
#include "ssh_remote.h"

#include <fmt/format.h>

#include <stdexcept>

#include "bundle_script.h"

namespace lapack_ai::cloud::internal {
namespace {

std::vector<std::string> CommonOptions(const SshHost& h) {
  std::vector<std::string> o = {
      "-o", "BatchMode=yes", "-o",
      fmt::format("ConnectTimeout={}", static_cast<int>(h.connect_timeout_s)),
      // A dead host is noticed within 45 s instead of TCP's minutes.
      "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3", "-o", "ControlMaster=auto",
      "-o", "ControlPath=" + ControlPath(), "-o", "ControlPersist=60"};
  if (!h.identity.empty()) {
    o.insert(o.end(), {"-i", h.identity, "-o", "IdentitiesOnly=yes"});
  }
  for (const std::string& opt : h.options) o.insert(o.end(), {"-o", opt});
  return o;
}

}  // namespace

nlohmann::json SshHost::ToJson() const {
  return {{"name", name},         {"address", address}, {"port", port},
          {"identity", identity}, {"options", options}, {"connect_timeout_s", connect_timeout_s}};
}

SshHost SshHost::FromJson(const nlohmann::json& j) {
  try {
    SshHost h;
    h.name = j.at("name").get<std::string>();
    h.address = j.at("address").get<std::string>();
    h.port = j.value("port", 22);
    h.identity = j.value("identity", "");
    h.options = j.value("options", std::vector<std::string>{});
    h.connect_timeout_s = j.value("connect_timeout_s", 10.0);
    return h;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("ssh host in state file: {}", e.what()));
  }
}

std::string ControlPath() { return "/tmp/lai-%C"; }

std::vector<std::string> SshArgv(const SshHost& h, const std::string& remote_command) {
  std::vector<std::string> argv = {"ssh", "-p", std::to_string(h.port)};
  for (std::string& o : CommonOptions(h)) argv.push_back(std::move(o));
  argv.insert(argv.end(), {"--", h.address, remote_command});
  return argv;
}

std::vector<std::string> ScpUploadArgv(const SshHost& h, const std::string& local,
                                       const std::string& remote) {
  std::vector<std::string> argv = {"scp", "-q", "-P", std::to_string(h.port)};
  for (std::string& o : CommonOptions(h)) argv.push_back(std::move(o));
  argv.insert(argv.end(), {"--", local, h.address + ":" + remote});
  return argv;
}

std::vector<std::string> ScpFetchArgv(const SshHost& h, const std::string& remote,
                                      const std::string& local) {
  std::vector<std::string> argv = {"scp", "-q", "-P", std::to_string(h.port)};
  for (std::string& o : CommonOptions(h)) argv.push_back(std::move(o));
  argv.insert(argv.end(), {"--", h.address + ":" + remote, local});
  return argv;
}

std::vector<std::string> SshExitMasterArgv(const SshHost& h) {
  return {
      "ssh", "-p",     std::to_string(h.port), "-o", "ControlPath=" + ControlPath(), "-O", "exit",
      "--",  h.address};
}

ProcessResult RunSsh(std::vector<std::string> argv, double timeout_s, bool cancellable) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.timeout_s = timeout_s;
  spec.cancellable = cancellable;
  spec.stdin_text = "";  // never a terminal: ssh must not prompt
  return RunProcess(spec);
}

std::string KillAndRemoveCommand(const std::string& dir) {
  const std::string d = ShellQuote(dir);
  // The leg was started with setsid, so its pid is its process group: one kill ends the script,
  // timeout and lapack-ai together.
  return fmt::format(
      "d={d}; if [ -f \"$d/pid\" ]; then p=$(cat \"$d/pid\"); kill -TERM -\"$p\" 2>/dev/null; "
      "i=0; while kill -0 -\"$p\" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.2; i=$((i+1)); done; "
      "kill -KILL -\"$p\" 2>/dev/null; fi; rm -rf \"$d\"",
      fmt::arg("d", d));
}

std::string StatusCommand(const std::string& dir) {
  return fmt::format(
      "d={d}; if [ -f \"$d/{code}\" ]; then echo \"exit $(cat \"$d/{code}\")\"; "
      "elif [ -f \"$d/pid\" ] && kill -0 \"$(cat \"$d/pid\")\" 2>/dev/null; then echo running; "
      "else echo lost; fi",
      fmt::arg("d", ShellQuote(dir)), fmt::arg("code", kLegExitCode));
}

}  // namespace lapack_ai::cloud::internal
