// What `lapack-ai devices` and the results' context record about the cuda backend: the device's
// facts, the driver, cuBLAS and cuSOLVER versions, the files loaded and the timing mode.
#include <fmt/format.h>

#include "cuda_backend.h"
#include "cuda_nvrtc.h"

namespace lapack_ai::cuda {
namespace {

template <typename GetProperty>
std::string Version(GetProperty get) {
  int major = 0, minor = 0, patch = 0;
  if (get == nullptr || get(MAJOR_VERSION, &major) != 0 || get(MINOR_VERSION, &minor) != 0 ||
      get(PATCH_LEVEL, &patch) != 0) {
    return "?";
  }
  return fmt::format("{}.{}.{}", major, minor, patch);
}

}  // namespace

BackendInfo CudaBackend::Info() const {
  BackendInfo info;
  info.name = name_;
  info.available = device_ != nullptr;
  info.note = unavailable_;
  info.extra["timer"] = "cuda_events";
  info.extra["transfers_included"] = options_.transfers ? "true" : "false";
  info.extra["math_mode"] = MathMode();
  info.extra["tf32"] = options_.tf32 ? "on" : "off";
  info.extra["batched_small"] = options_.cublas ? "cublas" : "own kernels";
  std::string why;
  const Nvrtc* nvrtc = options_.generic ? nullptr : LoadNvrtc(&why);
  info.extra["fastmm_additions"] =
      options_.generic ? "generic kernels (/generic)"
      : nvrtc != nullptr ? fmt::format("specialised per plan by NVRTC {} ({})", nvrtc->version, nvrtc->file)
                         : "generic kernels: " + why;
  if (api_ == nullptr) {
    info.library = "cuBLAS + cuSOLVER (not loaded)";
    return info;
  }
  const std::string cublas = Version(api_->cublasGetProperty);
  const std::string cusolver = Version(api_->cusolverGetProperty);
  info.library = fmt::format("cuBLAS {}, cuSOLVER {}", cublas, cusolver);
  info.extra["cublas_version"] = cublas;
  info.extra["cusolver_version"] = cusolver;
  for (const auto& [role, file] : api_->files) info.providers[role] = file;
  if (device_ == nullptr) return info;
  const DeviceFacts& f = device_->facts();
  info.device = fmt::format("{} (sm_{}{}, {} SMs, {:.1f} GiB)", f.name, f.cc_major, f.cc_minor,
                            f.sm_count, static_cast<double>(f.total_memory) / (1u << 30));
  info.extra["device_index"] = std::to_string(f.index);
  info.extra["compute_capability"] = fmt::format("{}.{}", f.cc_major, f.cc_minor);
  info.extra["sm_count"] = std::to_string(f.sm_count);
  info.extra["memory_bytes"] = std::to_string(f.total_memory);
  info.extra["clock_mhz"] = std::to_string(f.clock_khz / 1000);
  info.extra["memory_clock_mhz"] = std::to_string(f.memory_clock_khz / 1000);
  info.extra["memory_bus_bits"] = std::to_string(f.memory_bus_bits);
  info.extra["driver_version"] =
      fmt::format("{}.{}", f.driver_version / 1000, (f.driver_version % 1000) / 10);
  return info;
}

}  // namespace lapack_ai::cuda
