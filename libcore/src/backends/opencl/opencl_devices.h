// OpenCL device discovery and selection: every platform and device on this machine, and the
// selector syntax users type (INDEX, PLATFORM:DEVICE or a name substring).
#pragma once
#include <CL/cl.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lapack_ai::opencl {

/// What `lapack-ai devices` shows about one OpenCL device.
struct DeviceInfo {
  int index = 0;                ///< position in the flattened list over all platforms
  int platform_index = 0, device_index = 0;
  cl_platform_id platform = nullptr;
  cl_device_id device = nullptr;
  std::string platform_name, device_name, vendor, driver_version, opencl_version;
  uint32_t compute_units = 0;
  uint64_t global_memory_bytes = 0;
  uint64_t max_alloc_bytes = 0;
  bool fp64 = false;            ///< cl_khr_fp64 or a double FP config is reported

  /// One line: "0 (0:0) NVIDIA CUDA / NVIDIA H100 ... driver 580.x, 132 CUs, 79.1 GiB, fp64".
  std::string Describe() const;
};

/// Every device of every platform. An absent ICD loader or no platform gives an empty list
/// (never an exception); `*why` then says why when non-null.
std::vector<DeviceInfo> DiscoverDevices(std::string* why = nullptr);

/// Picks the device named by `selector`: "" (first GPU, else first device), "N" (flattened
/// index), "P:D" (platform and device index), or a case-insensitive substring of
/// "platform device vendor". Returns nullptr when nothing matches; `*why` lists the devices.
const DeviceInfo* SelectDevice(const std::vector<DeviceInfo>& devices, std::string_view selector,
                               std::string* why);

}  // namespace lapack_ai::opencl
