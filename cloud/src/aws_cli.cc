// The aws CLI runner and error classes (reference/cloud.md: PerfKitBenchmarker's and
// SkyPilot's taxonomies of the EC2 error codes).
#include "aws_cli.h"

#include <regex>
#include <stdexcept>

#include <fmt/format.h>

namespace lapack_ai::cloud::aws {

std::string_view ErrorClassName(ErrorClass c) {
  switch (c) {
    case ErrorClass::kNone: return "none";
    case ErrorClass::kCapacity: return "capacity";
    case ErrorClass::kQuota: return "quota";
    case ErrorClass::kPrice: return "price";
    case ErrorClass::kRate: return "rate";
    case ErrorClass::kNotFound: return "not-found";
    case ErrorClass::kOther: return "other";
  }
  return "?";
}

std::string ErrorCode(std::string_view text) {
  static const std::regex kCode(R"(An error occurred \(([A-Za-z0-9.]+)\))");
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_search(text.begin(), text.end(), m, kCode)) return m[1].str();
  return "";
}

ErrorClass Classify(const ProcessResult& r) {
  if (r.ok()) return ErrorClass::kNone;
  const std::string code = ErrorCode(r.err);
  auto is = [&](std::initializer_list<const char*> codes) {
    for (const char* c : codes)
      if (code == c) return true;
    return false;
  };
  if (is({"InsufficientInstanceCapacity", "InsufficientSpotInstanceCapacity", "InsufficientHostCapacity",
          "InsufficientReservedInstanceCapacity", "Unsupported", "UnfulfillableCapacity"}))
    return ErrorClass::kCapacity;
  if (is({"InstanceLimitExceeded", "VcpuLimitExceeded", "MaxSpotInstanceCountExceeded",
          "SpotInstanceLimitExceeded"}))
    return ErrorClass::kQuota;
  if (is({"SpotMaxPriceTooLow"})) return ErrorClass::kPrice;
  if (is({"RequestLimitExceeded", "Throttling", "ThrottlingException", "SlowDown"}))
    return ErrorClass::kRate;
  if (is({"InvalidInstanceID.NotFound", "NoSuchBucket", "NoSuchKey", "404"}) ||
      r.err.find("Not Found") != std::string::npos)
    return ErrorClass::kNotFound;
  return ErrorClass::kOther;
}

std::vector<std::string> Command(const Settings& s, const std::vector<std::string>& service_op,
                                 const std::vector<std::string>& args) {
  std::vector<std::string> argv = {s.cli};
  argv.insert(argv.end(), service_op.begin(), service_op.end());
  argv.insert(argv.end(), {"--region", s.region, "--output", "json"});
  if (!s.endpoint_url.empty()) argv.insert(argv.end(), {"--endpoint-url", s.endpoint_url});
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

ProcessResult Run(const Settings& s, const std::vector<std::string>& argv, bool cancellable) {
  ProcessSpec spec;
  spec.argv = argv;
  spec.env = {{"AWS_PAGER", ""}};
  spec.timeout_s = s.timeout_s;
  spec.cancellable = cancellable;
  return RunProcess(spec);
}

nlohmann::json RunJson(const Settings& s, const std::vector<std::string>& argv, bool cancellable) {
  const ProcessResult r = Run(s, argv, cancellable);
  if (!r.ok()) {
    throw std::runtime_error(fmt::format("`{}` failed ({}): {}", FormatCommand(argv), r.Describe(),
                                         Redact(r.err.substr(0, 2000))));
  }
  if (r.out.find_first_not_of(" \n\r\t") == std::string::npos) return nullptr;
  try {
    return nlohmann::json::parse(r.out);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(fmt::format("`{}`: output is not JSON: {}", FormatCommand(argv), e.what()));
  }
}

}  // namespace lapack_ai::cloud::aws
