// Why an EC2 instance ended before its leg uploaded results, from what EC2 says: the instance's
// StateReason.Code (describe-instances) and, for spot, its request's Status.Code
// (describe-spot-instance-requests). Only a spot interruption, or an end EC2 gives no reason
// for, is relaunched; an instance that shut itself down or that someone terminated is a failure.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lapack_ai::cloud::aws {

/// The verdict on one instance that ended without results.
struct EndVerdict {
  bool interrupted = false;  ///< relaunch: a spot interruption, or no reason given for a spot instance
  std::string code;          ///< StateReason.Code ("Server.SpotInstanceTermination"), "" if none
  std::string spot_status;   ///< the spot request's Status.Code, "" if none or not looked up
  std::string message;       ///< one line for the event and the report, naming the code
};

/// True for StateReason and spot-request status codes that mean EC2 reclaimed a spot instance
/// (price, capacity, rebalancing), as opposed to a user, the guest or a schedule.
bool IsSpotInterruption(std::string_view code);

/// `instance`: one element of describe-instances' Instances (an empty object when the instance is
/// no longer found); `spot_request`: one element of describe-spot-instance-requests'
/// SpotInstanceRequests, or null. `spot`: the run asked for spot instances.
EndVerdict ClassifyEnd(const nlohmann::json& instance, const nlohmann::json& spot_request, bool spot);

}  // namespace lapack_ai::cloud::aws
