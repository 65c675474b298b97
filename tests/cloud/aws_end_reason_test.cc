// How an instance that ended without results is judged (cloud/src/aws_end_reason.h), on
// describe-instances and describe-spot-instance-requests answers shaped as EC2 and moto give them.
#include <doctest/doctest.h>

#include "aws_end_reason.h"

namespace lapack_ai::cloud::aws {
namespace {

using nlohmann::json;

// One instance of a describe-instances answer after EC2 reclaimed a spot instance.
const char* kSpotReclaimed = R"json({
  "InstanceId": "i-0abc", "InstanceLifecycle": "spot", "SpotInstanceRequestId": "sir-7x9k",
  "State": {"Code": 48, "Name": "terminated"},
  "StateReason": {"Code": "Server.SpotInstanceTermination",
                  "Message": "Server.SpotInstanceTermination: Spot instance termination"},
  "StateTransitionReason": "Service initiated (2026-11-30 03:12:44 GMT)"})json";

// The instance powered itself off (`shutdown -h` of the hard lifetime, behaviour terminate).
const char* kSelfShutdown = R"json({
  "InstanceId": "i-0def", "InstanceLifecycle": "spot", "SpotInstanceRequestId": "sir-1a2b",
  "State": {"Code": 48, "Name": "terminated"},
  "StateReason": {"Code": "Client.InstanceInitiatedShutdown",
                  "Message": "Client.InstanceInitiatedShutdown: Instance initiated shutdown"}})json";

// moto 5's answer after terminate-instances (captured from the test's moto_server).
const char* kMotoTerminated = R"json({
  "InstanceId": "i-1f2e", "InstanceLifecycle": "spot", "SpotInstanceRequestId": null,
  "State": {"Code": 48, "Name": "terminated"},
  "StateReason": {"Code": "Client.UserInitiatedShutdown",
                  "Message": "Client.UserInitiatedShutdown: User initiated shutdown"},
  "StateTransitionReason": "User initiated (2026-12-01 04:04:22 UTC)"})json";

// moto's answer for an instance no one ended: empty strings, not absent keys.
const char* kNoReason = R"json({"InstanceId": "i-9", "State": {"Name": "terminated"},
                            "StateReason": {"Code": "", "Message": ""}})json";

json SpotRequest(const char* status) {
  return {{"SpotInstanceRequestId", "sir-1a2b"}, {"State", "closed"},
          {"Status", {{"Code", status}, {"Message", "..."}}}};
}

TEST_SUITE("cloud") {

TEST_CASE("cloud aws: a spot termination by EC2 is an interruption that names its code") {
  const EndVerdict v = ClassifyEnd(json::parse(kSpotReclaimed), nullptr, true);
  CHECK(v.interrupted);
  CHECK(v.code == "Server.SpotInstanceTermination");
  CHECK(v.message.find("i-0abc") != std::string::npos);
  CHECK(v.message.find("spot interruption (Server.SpotInstanceTermination)") != std::string::npos);
}

TEST_CASE("cloud aws: the spot request's status names an interruption the instance may not") {
  for (const char* status : {"instance-terminated-by-price", "instance-terminated-no-capacity",
                             "instance-terminated-capacity-oversubscribed", "marked-for-termination"}) {
    const EndVerdict v = ClassifyEnd(json::parse(kNoReason), SpotRequest(status), true);
    CHECK_MESSAGE(v.interrupted, status);
    CHECK(v.spot_status == status);
    CHECK(v.message.find(std::string("spot request ") + status) != std::string::npos);
  }
  // Ended by its user (the guest's own power-off shows so on the request): not an interruption.
  const EndVerdict user = ClassifyEnd(json::parse(kSelfShutdown), SpotRequest("instance-terminated-by-user"), true);
  CHECK_FALSE(user.interrupted);
  CHECK(user.message.find("Client.InstanceInitiatedShutdown, spot request instance-terminated-by-user") !=
        std::string::npos);
}

TEST_CASE("cloud aws: an instance that shut itself down fails the leg and names its lifetime") {
  const EndVerdict v = ClassifyEnd(json::parse(kSelfShutdown), nullptr, true);
  CHECK_FALSE(v.interrupted);
  CHECK(v.code == "Client.InstanceInitiatedShutdown");
  CHECK(v.message.find("shut itself down") != std::string::npos);
  CHECK(v.message.find("lifetime") != std::string::npos);
}

TEST_CASE("cloud aws: a terminate by a user or API call fails the leg") {
  const EndVerdict v = ClassifyEnd(json::parse(kMotoTerminated), nullptr, true);
  CHECK_FALSE(v.interrupted);
  CHECK(v.code == "Client.UserInitiatedShutdown");
  CHECK(v.message.find("not relaunched") != std::string::npos);
  const EndVerdict other = ClassifyEnd(
      json{{"InstanceId", "i-5"}, {"StateReason", {{"Code", "Server.InternalError"}}}}, nullptr, true);
  CHECK_FALSE(other.interrupted);
  CHECK(other.message.find("Server.InternalError") != std::string::npos);
}

TEST_CASE("cloud aws: no reason at all is an interruption for spot only and says so") {
  const EndVerdict spot = ClassifyEnd(json::parse(kNoReason), nullptr, true);
  CHECK(spot.interrupted);
  CHECK(spot.code.empty());
  CHECK(spot.message.find("reason unknown: treated as interruption") != std::string::npos);
  // An instance no longer found at all (describe-instances: InvalidInstanceID.NotFound).
  CHECK(ClassifyEnd(json{{"InstanceId", "i-gone"}}, nullptr, true).interrupted);
  CHECK(ClassifyEnd(json::object(), json(nullptr), true).message.find("the instance") == 0);
  const EndVerdict on_demand = ClassifyEnd(json::parse(kNoReason), nullptr, false);
  CHECK_FALSE(on_demand.interrupted);
  CHECK(on_demand.message.find("reason unknown") != std::string::npos);
}

TEST_CASE("cloud aws: spot interruption codes") {
  CHECK(IsSpotInterruption("Server.SpotInstanceTermination"));
  CHECK(IsSpotInterruption("instance-stopped-no-capacity"));
  CHECK_FALSE(IsSpotInterruption("Client.UserInitiatedShutdown"));
  CHECK_FALSE(IsSpotInterruption("instance-terminated-by-user"));
  CHECK_FALSE(IsSpotInterruption(""));
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::cloud::aws
