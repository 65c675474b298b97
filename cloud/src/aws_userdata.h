// The instance's user data: a bash script that cloud-init runs once at boot. It arms the hard
// lifetime first (`shutdown -h +N`; shutdown behaviour "terminate" turns the power-off into
// termination), fetches the bundle from S3, runs the leg, uploads the results and its exit code,
// and powers off. Everything from the config is single-quoted, so no value becomes shell syntax.
#pragma once
#include <string>
#include <vector>

namespace lapack_ai::cloud::aws {

struct GuestJob {
  std::string region;
  std::string endpoint_url;    ///< "" on real AWS; tests point the guest at moto too
  std::string bundle_uri;      ///< s3://bucket/prefix/bundle.tar.gz
  std::string scenario;        ///< shipped name, or the file name under scenario_uri
  std::string scenario_uri;    ///< s3://.../scenario.json when the scenario is a local file, else ""
  std::vector<std::string> args;
  std::string results_uri;     ///< s3://bucket/prefix/legs/<leg>/<attempt>/ (trailing slash)
  int lifetime_minutes = 60;
  std::string run_id, leg;
};

/// The script. Test hooks (environment of the process that runs it): LAPACK_AI_GUEST_DIR
/// (default /opt/lapack-ai) and LAPACK_AI_GUEST_SHUTDOWN (default shutdown; the test agent
/// sets `true` so the test machine stays up).
std::string UserData(const GuestJob& job);

/// 'text' for bash: single quotes, embedded ' as '\''.
std::string ShellQuote(const std::string& text);

}  // namespace lapack_ai::cloud::aws
