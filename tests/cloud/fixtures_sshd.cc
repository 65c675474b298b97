// sshd as the tests run it: StrictModes off (the temp folder is not a home directory), no PAM,
// keys only. sshd re-executes itself, so it must be started by absolute path; it also needs
// /run/sshd (privilege separation) to exist even in the foreground.
#include "cloud/fixtures_sshd.h"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace lapack_ai::testing {
namespace fs = std::filesystem;

SshdFixture::SshdFixture() {
  const std::string sshd = FindExecutable({"/usr/sbin/sshd"});
  if (sshd.empty() || FindExecutable({"/usr/bin/ssh-keygen"}).empty()) {
    skip_ = "openssh-server is not installed (scripts/install-cloud-test.sh installs it)";
    return;
  }
  std::error_code ec;
  fs::create_directories("/run/sshd", ec);
  if (!fs::is_directory("/run/sshd", ec)) {
    skip_ = "sshd needs /run/sshd and it cannot be created (not root)";
    return;
  }
  const passwd* pw = ::getpwuid(::getuid());
  user_ = pw != nullptr ? pw->pw_name : "root";
  const std::string d = dir_.path();
  for (const char* k : {"host_key", "user_key"}) {
    const auto r = Run({"/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", d + "/" + k});
    if (!r.ok()) {
      skip_ = fmt::format("ssh-keygen failed: {} {}", r.Describe(), r.err);
      return;
    }
  }
  key_ = d + "/user_key";
  fs::copy_file(d + "/user_key.pub", d + "/authorized_keys");
  port_ = FreeLoopbackPort();
  const std::string config = dir_.Write(
      "sshd_config",
      fmt::format(
          "ListenAddress 127.0.0.1\nPort {port}\nHostKey {d}/host_key\n"
          "AuthorizedKeysFile {d}/authorized_keys\nPidFile {d}/sshd.pid\nStrictModes no\n"
          "PubkeyAuthentication yes\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
          "UsePAM no\nPermitRootLogin prohibit-password\nSubsystem sftp internal-sftp\n"
          "MaxStartups 50\nMaxSessions 50\nLogLevel ERROR\n",
          fmt::arg("port", port_), fmt::arg("d", d)));
  cloud::ProcessSpec spec;
  spec.argv = {sshd, "-D", "-e", "-f", config};
  spec.stderr_path = d + "/sshd.log";
  sshd_ = std::make_unique<cloud::Child>(spec);
  if (!WaitForPort(port_, 10)) {
    skip_ = fmt::format("sshd did not listen on port {}: {}", port_, ReadLog());
    sshd_.reset();
  }
}

SshdFixture::~SshdFixture() {
  if (sshd_) sshd_->Terminate(2.0);
}

std::string SshdFixture::ReadLog() const {
  std::ifstream in(dir_.path() + "/sshd.log");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string SshdFixture::ConfigSection(const std::string& name,
                                       const std::string& work_root) const {
  return fmt::format(
      R"({{"hosts": [{{"name": "{}", "address": "{}@127.0.0.1", "port": {}, "identity": "{}",
          "options": ["StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null", "LogLevel=ERROR"]}}],
        "work_root": "{}"}})",
      name, user_, port_, key_, work_root);
}

cloud::ProcessResult SshdFixture::Remote(const std::string& command) const {
  return Run({"ssh", "-p", std::to_string(port_), "-i", key_, "-o", "IdentitiesOnly=yes", "-o",
              "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
              "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "--", user_ + "@127.0.0.1",
              command});
}

}  // namespace lapack_ai::testing
