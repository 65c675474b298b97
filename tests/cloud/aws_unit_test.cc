// The aws provider's pieces that need no server: the CLI's error text sorted into classes, and
// the user data script (valid bash; config values stay literal; lifetime armed first).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "aws_cli.h"
#include "aws_userdata.h"
#include "lapack_ai/cloud/process.h"

namespace lapack_ai::cloud::aws {
namespace {

ProcessResult Failed(const std::string& err) {
  ProcessResult r;
  r.started = true;
  r.exit_code = 255;
  r.err = err;
  return r;
}

TEST_SUITE("cloud") {

TEST_CASE("cloud aws: errors are classified from the CLI's text") {
  CHECK(Classify(Failed("\nAn error occurred (InsufficientInstanceCapacity) when calling the RunInstances "
                        "operation (reached max retries: 0): We currently do not have sufficient g5.xlarge "
                        "capacity in the Availability Zone you requested (us-east-1a).")) ==
        ErrorClass::kCapacity);
  CHECK(Classify(Failed("An error occurred (InsufficientSpotInstanceCapacity) when calling ...")) == ErrorClass::kCapacity);
  CHECK(Classify(Failed("An error occurred (VcpuLimitExceeded) when calling the RunInstances operation: You "
                        "have requested more vCPU capacity than your current vCPU limit of 0 allows")) ==
        ErrorClass::kQuota);
  CHECK(Classify(Failed("An error occurred (MaxSpotInstanceCountExceeded) when ...")) == ErrorClass::kQuota);
  CHECK(Classify(Failed("An error occurred (SpotMaxPriceTooLow) when ...")) == ErrorClass::kPrice);
  CHECK(Classify(Failed("An error occurred (RequestLimitExceeded) when calling the RunInstances operation "
                        "(reached max retries: 2): Request limit exceeded.")) == ErrorClass::kRate);
  CHECK(Classify(Failed("An error occurred (InvalidInstanceID.NotFound) when calling the "
                        "TerminateInstances operation: The instance ID 'i-1' does not exist")) ==
        ErrorClass::kNotFound);
  CHECK(Classify(Failed("An error occurred (AuthFailure) when calling ...")) == ErrorClass::kOther);
  CHECK(Classify(Failed("Could not connect to the endpoint URL")) == ErrorClass::kOther);
  ProcessResult ok;
  ok.started = true;
  ok.exit_code = 0;
  CHECK(Classify(ok) == ErrorClass::kNone);
  CHECK(ErrorCode("x An error occurred (Throttling) when") == "Throttling");
}

TEST_CASE("cloud aws: commands carry the region and json output and the endpoint") {
  Settings s;
  s.endpoint_url = "http://127.0.0.1:5000";
  const std::vector<std::string> argv = Command(s, {"ec2", "describe-instances"}, {"--instance-ids", "i-1"});
  CHECK(argv == std::vector<std::string>{"aws", "ec2", "describe-instances", "--region", "us-east-1",
                                         "--output", "json", "--endpoint-url", "http://127.0.0.1:5000",
                                         "--instance-ids", "i-1"});
}

TEST_CASE("cloud aws: the user data is valid bash that arms the lifetime first and keeps values literal") {
  GuestJob job;
  job.region = "us-east-1";
  job.endpoint_url = "http://127.0.0.1:1";
  job.bundle_uri = "s3://b/p/bundle.tar.gz";
  job.scenario = "default";
  job.args = {"--note", "it's $(reboot) `x`"};
  job.results_uri = "s3://b/p/legs/a/0/";
  job.lifetime_minutes = 42;
  job.run_id = "r";
  job.leg = "a";
  const std::string script = UserData(job);
  const std::size_t lifetime = script.find("-h +42");
  const std::size_t fetch = script.find("bundle.tar.gz");
  REQUIRE(lifetime != std::string::npos);
  CHECK(lifetime < fetch);
  CHECK(script.find("'it'\\''s $(reboot) `x`'") != std::string::npos);
  CHECK(ShellQuote("a'b") == "'a'\\''b'");

  const std::string path = (std::filesystem::temp_directory_path() / (std::string("la-userdata-") + std::to_string(::getpid()) + ".sh")).string();
  {
    std::ofstream(path) << script;
  }
  ProcessSpec check;
  check.argv = {"bash", "-n", path};
  const ProcessResult r = RunProcess(check);
  CHECK_MESSAGE(r.ok(), r.err);
  std::filesystem::remove(path);
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::cloud::aws
