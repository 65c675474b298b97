// Device discovery and selection on PoCL, bad selectors and options, and the "unavailable"
// backend a selector matching nothing gives (never a crash).
#include <doctest/doctest.h>

#include "backends/opencl/opencl_backend.h"
#include "backends/opencl/opencl_devices.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "opencl_test_util.h"

namespace lapack_ai {
namespace {

TEST_SUITE("opencl") {

TEST_CASE("opencl: discovery lists the PoCL device with its properties") {
  std::string why;
  const auto devices = opencl::DiscoverDevices(&why);
  REQUIRE_MESSAGE(!devices.empty(), why);
  const opencl::DeviceInfo* pocl = opencl::SelectDevice(devices, "portable computing", &why);
  REQUIRE_MESSAGE(pocl != nullptr, why);
  CHECK(pocl->compute_units > 0);
  CHECK(pocl->global_memory_bytes > 0);
  CHECK(!pocl->driver_version.empty());
  CHECK(pocl->Describe().find(pocl->device_name) != std::string::npos);
  // Index and platform:device forms name the same device as the substring.
  CHECK(opencl::SelectDevice(devices, std::to_string(pocl->index), &why) == pocl);
  CHECK(opencl::SelectDevice(
            devices, std::to_string(pocl->platform_index) + ":" + std::to_string(pocl->device_index),
            &why) == pocl);
}

TEST_CASE("opencl: a selector matching nothing says so and lists the devices") {
  const auto devices = opencl::DiscoverDevices();
  std::string why;
  CHECK(opencl::SelectDevice(devices, "no-such-device-xyz", &why) == nullptr);
  CHECK(why.find("no-such-device-xyz") != std::string::npos);
  CHECK(why.find("devices:") != std::string::npos);
  CHECK(opencl::SelectDevice(devices, "99", &why) == nullptr);
  CHECK(opencl::SelectDevice(devices, "7:3", &why) == nullptr);
}

TEST_CASE("opencl: no device makes the backend unavailable, not a crash") {
  auto b = CreateBackend("opencl:no-such-device-xyz");
  const BackendInfo info = b->Info();
  CHECK_FALSE(info.available);
  CHECK(info.note.find("no-such-device-xyz") != std::string::npos);
  CHECK_FALSE(b->Supports("gemm", Precision::kSingle));
  GemmCall<float> g;
  Call call = g;
  CHECK_THROWS_AS(b->Bind(call), BackendError);
}

TEST_CASE("opencl: the PoCL backend is available and reports its device") {
  auto b = CreateBackend(opencl_test::kPocl);
  const BackendInfo info = b->Info();
  REQUIRE_MESSAGE(info.available, info.note);
  CHECK(info.device.find("Portable Computing Language") != std::string::npos);
  CHECK(info.extra.at("transfers_included") == "false");
  CHECK(info.library.find("CLBlast") != std::string::npos);
  CHECK(b->Supports("gemm", Precision::kSingle));
  CHECK(b->Supports("potrf", Precision::kSingle));
  CHECK_FALSE(b->Supports("gesvd", Precision::kDouble));
}

TEST_CASE("opencl: spec options parse and bad ones name the spec") {
  const auto o = opencl::ParseOpenclArgument("opencl:1/transfers/nb=32/s49", "1/transfers/nb=32/s49");
  CHECK(o.selector == "1");
  CHECK(o.transfers);
  CHECK(o.nb == 32);
  CHECK(o.batched == opencl::OpenclOptions::Batched::kScheme49);
  CHECK(opencl::ParseOpenclArgument("x", "dev=s49").selector == "s49");
  CHECK_THROWS_WITH_AS(CreateBackend("opencl:0/nb=zero"), doctest::Contains("opencl:0/nb=zero"),
                       UsageError);
  CHECK_THROWS_WITH_AS(CreateBackend("opencl:0/bogus"), doctest::Contains("'bogus'"), UsageError);
  CHECK_THROWS_AS(CreateBackend("opencl@openblas"), UsageError);
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai
