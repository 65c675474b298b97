// Device discovery through clGetPlatformIDs/clGetDeviceIDs and the selector rules of
// opencl_devices.h. Discovery never throws: no platform simply means no device.
#include "opencl_devices.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace lapack_ai::opencl {
namespace {

std::string PlatformString(cl_platform_id p, cl_platform_info what) {
  std::size_t size = 0;
  if (clGetPlatformInfo(p, what, 0, nullptr, &size) != CL_SUCCESS || size == 0) return "";
  std::string s(size, '\0');
  clGetPlatformInfo(p, what, size, s.data(), nullptr);
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string DeviceString(cl_device_id d, cl_device_info what) {
  std::size_t size = 0;
  if (clGetDeviceInfo(d, what, 0, nullptr, &size) != CL_SUCCESS || size == 0) return "";
  std::string s(size, '\0');
  clGetDeviceInfo(d, what, size, s.data(), nullptr);
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
  return s;
}

template <typename T>
T DeviceValue(cl_device_id d, cl_device_info what) {
  T value{};
  clGetDeviceInfo(d, what, sizeof(T), &value, nullptr);
  return value;
}

DeviceInfo Describe(cl_platform_id p, cl_device_id d) {
  DeviceInfo info;
  info.platform = p;
  info.device = d;
  info.platform_name = PlatformString(p, CL_PLATFORM_NAME);
  info.device_name = DeviceString(d, CL_DEVICE_NAME);
  info.vendor = DeviceString(d, CL_DEVICE_VENDOR);
  info.driver_version = DeviceString(d, CL_DRIVER_VERSION);
  info.opencl_version = DeviceString(d, CL_DEVICE_VERSION);
  info.compute_units = DeviceValue<cl_uint>(d, CL_DEVICE_MAX_COMPUTE_UNITS);
  info.global_memory_bytes = DeviceValue<cl_ulong>(d, CL_DEVICE_GLOBAL_MEM_SIZE);
  info.max_alloc_bytes = DeviceValue<cl_ulong>(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
  info.fp64 = DeviceValue<cl_device_fp_config>(d, CL_DEVICE_DOUBLE_FP_CONFIG) != 0 ||
              DeviceString(d, CL_DEVICE_EXTENSIONS).find("cl_khr_fp64") != std::string::npos;
  return info;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ParseIndex(std::string_view s, int* out) {
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::string DeviceList(const std::vector<DeviceInfo>& devices) {
  if (devices.empty()) return "no OpenCL device found";
  std::string out = "devices:";
  for (const DeviceInfo& d : devices) out += "\n  " + d.Describe();
  return out;
}

}  // namespace

std::string DeviceInfo::Describe() const {
  return fmt::format("{} ({}:{}) {} / {} — driver {}, {}, {} compute units, {:.1f} GiB, fp64 {}",
                     index, platform_index, device_index, platform_name, device_name,
                     driver_version, opencl_version, compute_units,
                     static_cast<double>(global_memory_bytes) / (1024.0 * 1024.0 * 1024.0),
                     fp64 ? "yes" : "no");
}

std::vector<DeviceInfo> DiscoverDevices(std::string* why) {
  std::vector<DeviceInfo> out;
  cl_uint num_platforms = 0;
  // ocl-icd answers CL_PLATFORM_NOT_FOUND_KHR when no ICD file names a loadable library.
  if (clGetPlatformIDs(0, nullptr, &num_platforms) != CL_SUCCESS || num_platforms == 0) {
    if (why) *why = "no OpenCL platform (no ICD in /etc/OpenCL/vendors, or none loads)";
    return out;
  }
  std::vector<cl_platform_id> platforms(num_platforms);
  clGetPlatformIDs(num_platforms, platforms.data(), nullptr);
  for (cl_uint pi = 0; pi < num_platforms; ++pi) {
    cl_uint num_devices = 0;
    if (clGetDeviceIDs(platforms[pi], CL_DEVICE_TYPE_ALL, 0, nullptr, &num_devices) != CL_SUCCESS)
      continue;
    std::vector<cl_device_id> ids(num_devices);
    clGetDeviceIDs(platforms[pi], CL_DEVICE_TYPE_ALL, num_devices, ids.data(), nullptr);
    for (cl_uint di = 0; di < num_devices; ++di) {
      DeviceInfo info = Describe(platforms[pi], ids[di]);
      info.index = static_cast<int>(out.size());
      info.platform_index = static_cast<int>(pi);
      info.device_index = static_cast<int>(di);
      out.push_back(std::move(info));
    }
  }
  if (out.empty() && why) *why = "OpenCL platforms found, but no device";
  return out;
}

const DeviceInfo* SelectDevice(const std::vector<DeviceInfo>& devices, std::string_view selector,
                               std::string* why) {
  const DeviceInfo* found = nullptr;
  if (selector.empty()) {
    for (const DeviceInfo& d : devices) {
      if (DeviceValue<cl_device_type>(d.device, CL_DEVICE_TYPE) & CL_DEVICE_TYPE_GPU) {
        found = &d;
        break;
      }
    }
    if (found == nullptr && !devices.empty()) found = &devices.front();
  } else if (int idx = 0; ParseIndex(selector, &idx)) {
    if (idx >= 0 && static_cast<std::size_t>(idx) < devices.size()) found = &devices[idx];
  } else if (auto colon = selector.find(':'); colon != std::string_view::npos &&
                                               ParseIndex(selector.substr(0, colon), &idx)) {
    int dev = 0;
    if (ParseIndex(selector.substr(colon + 1), &dev)) {
      for (const DeviceInfo& d : devices)
        if (d.platform_index == idx && d.device_index == dev) found = &d;
    }
  } else {
    const std::string needle = Lower(selector);
    for (const DeviceInfo& d : devices) {
      if (Lower(d.platform_name + " " + d.device_name + " " + d.vendor).find(needle) !=
          std::string::npos) {
        found = &d;
        break;
      }
    }
  }
  if (found == nullptr && why != nullptr) {
    *why = fmt::format("OpenCL device selector '{}' matches no device; {}", selector,
                       DeviceList(devices));
  }
  return found;
}

}  // namespace lapack_ai::opencl
