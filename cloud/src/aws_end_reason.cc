// Sorting an ended instance into "relaunch" or "leg failed" (aws_end_reason.h). The codes are
// EC2's: StateReason codes from the EC2 API reference (StateReason), spot request status codes
// from the EC2 user guide ("Spot request status").
#include "aws_end_reason.h"

#include <array>

#include <fmt/format.h>

namespace lapack_ai::cloud::aws {
namespace {

using nlohmann::json;

// A string field of captured JSON; "" where it is absent, null or not a string.
std::string StringOf(const json& j, const char* key) {
  if (!j.is_object()) return "";
  const json v = j.value(key, json());
  return v.is_string() ? v.get<std::string>() : "";
}

std::string StringAt(const json& j, const char* object, const char* key) {
  return j.is_object() ? StringOf(j.value(object, json()), key) : "";
}

}  // namespace

bool IsSpotInterruption(std::string_view code) {
  // EC2 ending or stopping a spot instance for its own reasons; "instance-terminated-by-user",
  // "-by-schedule" and "-by-service" (a fleet's request ended) are not interruptions.
  static constexpr std::array<std::string_view, 11> kCodes = {
      "Server.SpotInstanceTermination", "Server.SpotInstanceShutdown",
      "instance-terminated-by-price", "instance-terminated-no-capacity",
      "instance-terminated-capacity-oversubscribed", "instance-terminated-launch-group-constraint",
      "instance-stopped-by-price", "instance-stopped-no-capacity",
      "instance-stopped-capacity-oversubscribed", "marked-for-termination", "marked-for-stop"};
  for (std::string_view c : kCodes)
    if (code == c) return true;
  return false;
}

EndVerdict ClassifyEnd(const json& instance, const json& spot_request, bool spot) {
  EndVerdict v;
  v.code = StringAt(instance, "StateReason", "Code");
  v.spot_status = StringAt(spot_request, "Status", "Code");
  const std::string id = StringOf(instance, "InstanceId");
  const std::string what = id.empty() ? "the instance" : id;
  std::string because = v.code;
  if (!v.spot_status.empty()) because += (because.empty() ? "spot request " : ", spot request ") + v.spot_status;

  if (IsSpotInterruption(v.code) || IsSpotInterruption(v.spot_status)) {
    v.interrupted = true;
    v.message = fmt::format("{} ended without results: spot interruption ({})", what, because);
  } else if (because.empty()) {
    // EC2 gave no reason (or the instance is already gone): for spot, an interruption is the
    // likely cause and a relaunch is bounded by max_relaunches.
    v.interrupted = spot;
    v.message = fmt::format("{} ended without results; reason unknown: {}", what,
                            spot ? "treated as interruption" : "leg failed (on-demand, not relaunched)");
  } else if (v.code == "Client.InstanceInitiatedShutdown") {
    v.message = fmt::format("{} shut itself down without results ({}): its lifetime ran out or the "
                            "guest powered off; see the leg's guest.log",
                            what, because);
  } else if (v.code == "Client.UserInitiatedShutdown") {
    v.message = fmt::format("{} was terminated by a user or an API call without results ({}): not "
                            "a spot interruption, not relaunched",
                            what, because);
  } else {
    v.message = fmt::format("{} ended without results ({}): not a spot interruption, not relaunched",
                            what, because);
  }
  return v;
}

}  // namespace lapack_ai::cloud::aws
