// A real OpenSSH server for the ssh provider's tests: /usr/sbin/sshd in the foreground on a free
// loopback port, with its own host key, config and an authorized key made for the test, so the
// provider's real ssh and scp reach it exactly as they reach a user's host.
#pragma once
#include <memory>
#include <string>

#include "cloud/fixtures_util.h"
#include "lapack_ai/cloud/process.h"

namespace lapack_ai::testing {

class SshdFixture {
 public:
  /// Starts sshd; on failure skip_reason() says why (openssh-server missing, not root).
  SshdFixture();
  ~SshdFixture();  ///< stops sshd
  SshdFixture(const SshdFixture&) = delete;
  SshdFixture& operator=(const SshdFixture&) = delete;

  const std::string& skip_reason() const { return skip_; }
  int port() const { return port_; }
  const std::string& dir() const { return dir_.path(); }
  /// The run config's "ssh" section reaching this server as host `name`, leg directories under
  /// `work_root`.
  std::string ConfigSection(const std::string& name, const std::string& work_root) const;
  /// Runs `command` on the server (through ssh, as the provider does).
  cloud::ProcessResult Remote(const std::string& command) const;

 private:
  std::string ReadLog() const;
  FixtureDir dir_{"lai_sshd_"};
  int port_ = 0;
  std::string user_, key_, skip_;
  std::unique_ptr<cloud::Child> sshd_;
};

}  // namespace lapack_ai::testing
