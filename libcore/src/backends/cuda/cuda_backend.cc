// CudaBackend: spec parsing, loading and device opening, and dispatch of calls to the cuBLAS,
// cuSOLVER and fast-matmul binders. What `devices` shows is in cuda_info.cc.
#include "cuda_backend.h"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "cuda_fastmm.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {

CudaOptions ParseCudaArgument(const std::string& spec, const std::string& argument) {
  CudaOptions o;
  // `--allow-tf32` (every cuda backend of the run) arrives through the environment, as --device
  // does for opencl; "/tf32" asks for it on one backend.
  const char* allow = std::getenv("LAPACK_AI_CUDA_TF32");
  o.tf32 = allow != nullptr && std::string_view(allow) == "1";
  std::string_view rest = argument;
  bool first = true;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view tok = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (tok == "transfers") {
      o.transfers = true;
    } else if (tok == "tf32") {
      o.tf32 = true;
    } else if (tok == "cublas") {
      o.cublas = true;
    } else if (tok == "unbatched") {
      o.unbatched = true;
    } else if (tok == "serial") {
      o.serial = true;
    } else if (tok == "generic") {
      o.generic = true;
    } else if (first && !tok.empty() && tok.find_first_not_of("0123456789") == std::string_view::npos) {
      const auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), o.device);
      if (ec != std::errc() || p != tok.data() + tok.size()) {
        throw UsageError(fmt::format("--backend '{}': bad CUDA device index '{}'", spec, tok));
      }
    } else if (!tok.empty() || slash != std::string_view::npos) {
      throw UsageError(fmt::format(
          "--backend '{}': unknown cuda option '{}' (expected cuda[:DEVICE][/transfers][/tf32]"
          "[/cublas][/unbatched][/serial][/generic], DEVICE a number)", spec, tok));
    }
    first = false;
  }
  return o;
}

CudaBackend::CudaBackend(std::string name, CudaOptions options)
    : name_(std::move(name)), options_(options) {
  std::string why;
  api_ = LoadApi(&why);
  if (api_ == nullptr) {
    unavailable_ = why;
    return;
  }
  try {
    device_ = std::make_unique<Device>(*api_, options_.device);
    // fp32 gemm only: TF32 never touches double.
    LAPACK_AI_CUBLAS(api_->cublasSetMathMode(
        device_->blas(), options_.tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
  } catch (const std::exception& e) {
    device_.reset();
    unavailable_ = fmt::format("cannot open CUDA device {}: {}", options_.device, e.what());
  }
}

CudaBackend::~CudaBackend() = default;

const char* CudaBackend::MathMode() const {
  return options_.tf32 ? "CUBLAS_TF32_TENSOR_OP_MATH" : "CUBLAS_DEFAULT_MATH";
}

bool CudaBackend::Supports(std::string_view routine, Precision precision) const {
  if (device_ == nullptr) return false;
  if (precision != Precision::kSingle && precision != Precision::kDouble) return false;
  return routine == "gemm" || routine == "gemm_batched" || routine == "getrf" ||
         routine == "gesv" || routine == "potrf" || routine == "posv" || routine == "geqrf" ||
         routine == "gels" || routine == "gesvd" || routine == "syevd";
}

void CudaBackend::CheckBindable(const Call& call) const {
  if (device_ == nullptr) throw BackendError(fmt::format("{}: unavailable: {}", name_, unavailable_));
  if (!Supports(RoutineOf(call), PrecisionOf(call))) {
    throw Unsupported(fmt::format("{} has no {}{}", name_, ToString(PrecisionOf(call)),
                                  RoutineOf(call)));
  }
}

std::unique_ptr<BoundCall> CudaBackend::Bind(Call& call) {
  CheckBindable(call);
  if (auto b = BindBlas(*device_, options_, call)) return b;
  if (auto b = BindSolverLu(*device_, options_, call)) return b;
  if (auto b = BindSolverQr(*device_, options_, call)) return b;
  throw Unsupported(fmt::format("{} has no {}", name_, RoutineOf(call)));
}

std::unique_ptr<BoundCall> CudaBackend::BindFastGemm(const fastmm::Plan& plan, Call& call) {
  CheckBindable(call);
  return cuda::BindFastGemm(*device_, options_, plan, call);
}

int64_t CudaBackend::FastWorkspaceBudget() const {
  if (device_ == nullptr) return Backend::FastWorkspaceBudget();
  return static_cast<int64_t>(device_->total_memory() / 4);
}

std::optional<double> CudaBackend::DeviceMemoryBytes() const {
  if (device_ == nullptr) return std::nullopt;
  return static_cast<double>(device_->total_memory());
}

std::optional<double> CudaBackend::DeviceFreeBytes() const {
  if (device_ == nullptr) return std::nullopt;
  return static_cast<double>(device_->FreeMemory());
}

}  // namespace lapack_ai::cuda

namespace lapack_ai {

std::unique_ptr<Backend> MakeCudaBackend(const BackendSpec& spec) {
  if (!spec.base.empty()) {
    throw UsageError(fmt::format("--backend '{}': cuda takes no '@base'", spec.text));
  }
  return std::make_unique<cuda::CudaBackend>(spec.text,
                                             cuda::ParseCudaArgument(spec.text, spec.argument));
}

}  // namespace lapack_ai
