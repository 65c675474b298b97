// The stored CLBlast tuning of a device (written by `lapack-ai tune --backend opencl`): where it
// lives, how it is checked, and how the backend applies it when it opens the device.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "opencl_devices.h"

namespace lapack_ai::opencl {

/// The kernels the tuner covers, in the order of their value to gemm/potrf/getrf/geqrf.
inline constexpr std::string_view kTunedKernels[] = {"Xgemm", "XgemmDirect", "Copy",
                                                     "Pad",   "Transpose",   "Padtranspose"};

/// What the backend did when it opened a device: status is "CLBlast tuned (<file>, <date>)"
/// or "CLBlast defaults[ (why)]"; warning is set when a file was there but not used (in part
/// or whole).
struct AppliedTuning {
  std::string status;
  std::string warning;
};

/// Loads TuningFilePath(device) unless LAPACK_AI_CLBLAST_TUNING=off and overrides CLBlast's
/// parameters for every entry. Never throws: an unusable file gives a warning and defaults.
AppliedTuning ApplyStoredTuning(const DeviceInfo& device);

/// Parses a tuning file and checks its shape and that it was made for `device`; throws
/// std::runtime_error saying what is wrong (the caller adds the file name).
nlohmann::json ParseTuningFile(const std::string& text, const DeviceInfo& device);

}  // namespace lapack_ai::opencl
