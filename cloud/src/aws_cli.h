// The aws CLI as the aws provider runs it: an argument vector with --region, --output json,
// --endpoint-url passthrough and AWS_PAGER="", and its errors sorted into the classes the
// provider acts on (retry elsewhere, back off, give up).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/cloud/process.h"

namespace lapack_ai::cloud::aws {

/// What an aws CLI failure means for the launch loop.
enum class ErrorClass {
  kNone,      ///< succeeded
  kCapacity,  ///< InsufficientInstanceCapacity, InsufficientSpotInstanceCapacity, Unsupported AZ: try the next zone/type
  kQuota,     ///< InstanceLimitExceeded, VcpuLimitExceeded, MaxSpotInstanceCountExceeded: try the next type
  kPrice,     ///< SpotMaxPriceTooLow: try the next zone/type (a different market)
  kRate,      ///< RequestLimitExceeded, Throttling: back off and repeat the same call
  kNotFound,  ///< InvalidInstanceID.NotFound, NoSuchBucket/NoSuchKey: for teardown, already gone
  kOther,     ///< anything else (bad AMI, credentials, a timeout): stop
};
std::string_view ErrorClassName(ErrorClass c);
/// Classifies the CLI's stderr text (the error code in "An error occurred (Code) when ...").
ErrorClass Classify(const ProcessResult& r);
/// The error code named in the text ("InsufficientInstanceCapacity"), "" if none.
std::string ErrorCode(std::string_view text);

struct Settings {
  std::string cli = "aws";
  std::string region = "us-east-1";
  std::string endpoint_url;
  double timeout_s = 60;
};

/// {cli, service, op..., --region R, --output json [, --endpoint-url U]} + args.
std::vector<std::string> Command(const Settings& s, const std::vector<std::string>& service_op,
                                 const std::vector<std::string>& args);

/// Runs an aws command (AWS_PAGER=""). `cancellable` false for teardown calls.
ProcessResult Run(const Settings& s, const std::vector<std::string>& argv, bool cancellable = true);

/// Runs and parses stdout as JSON (null on empty output); throws std::runtime_error with the
/// redacted command and stderr on failure.
nlohmann::json RunJson(const Settings& s, const std::vector<std::string>& argv, bool cancellable = true);

}  // namespace lapack_ai::cloud::aws
