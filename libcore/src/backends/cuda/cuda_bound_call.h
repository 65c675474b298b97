// The staging every cuda call shares: host operands mirrored in device buffers, uploads and
// downloads outside the timed region unless transfers are timed, a warm-up run at bind time (so
// cuBLAS/cuSOLVER first-call setup and module loading never land in a timed call), and CUDA
// events around the work so DeviceSeconds() reports the device's own time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cuda_device.h"
#include "lapack_ai/backend.h"

namespace lapack_ai::cuda {

/// Options parsed from the backend spec `cuda[:DEVICE][/OPTION...]`.
struct CudaOptions {
  int device = 0;          ///< device index (cuDeviceGet ordinal)
  bool transfers = false;  ///< time host<->device copies inside Run ("/transfers")
  bool tf32 = false;       ///< fp32 gemm on TF32 tensor cores ("/tf32")
  bool cublas = false;     ///< gemm_batched always by cuBLAS, never our small kernels ("/cublas")
  bool unbatched = false;  ///< fast-matmul products one GEMM call each ("/unbatched")
  bool serial = false;     ///< fast-matmul products on one stream only ("/serial")
  bool generic = false;    ///< fast-matmul additions by the generic kernels, not NVRTC's ("/generic")
};

/// A call whose operands live in device buffers. Subclasses queue the work on dev_.stream() in
/// Compute(); Run() brackets it with events and synchronises.
class CudaBoundCall : public BoundCall {
 public:
  CudaBoundCall(Device& dev, bool transfers);
  ~CudaBoundCall() override;
  /// Registers a host operand of `bytes` bytes mirrored on the device; returns its index.
  std::size_t AddOperand(const void* host, std::size_t bytes, bool output);
  /// Uploads every operand once and runs the call once (warm-up). Call after AddOperand.
  void Prepare();
  void Reset() override;
  void Run() override;
  void Fetch() override;
  std::optional<double> DeviceSeconds() const override { return device_seconds_; }

 protected:
  /// Queues the whole call on dev_.stream(). Run() waits for it.
  virtual void Compute() = 0;
  /// Called by Run() after the work completed (outside the event-timed region, before any
  /// transfers-mode download): copy devInfo back and set the call's info here.
  virtual void AfterRun() {}
  CUdeviceptr mem(std::size_t i) const { return operands_[i].buffer.get(); }
  Device& dev_;

 private:
  struct Operand {
    void* host;
    std::size_t bytes;
    bool output;
    DeviceBuffer buffer;
    DeviceBuffer pristine;            ///< device copy of an output at bind time (no-transfers)
    std::vector<std::byte> snapshot;  ///< host copy of an output at bind time (transfers mode)
  };
  void UploadAll();
  void DownloadOutputs();
  bool transfers_;
  std::vector<Operand> operands_;
  CUevent start_ = nullptr, stop_ = nullptr;
  std::optional<double> device_seconds_;
};

/// Bytes spanned by a column-major operand with `ld` x `cols` (batched: stride apart).
std::size_t SpanBytes(std::size_t elem, int64_t ld, int64_t cols, int64_t stride = 0,
                      int64_t batch = 1);

/// `v` as the int cuBLAS/cuSOLVER's classic API takes; throws Unsupported naming `what` if it
/// does not fit.
int CheckedInt(int64_t v, const char* what);

/// Constructs a bound call and runs its Prepare() (upload + warm-up).
template <typename BoundT, typename... Args>
std::unique_ptr<BoundCall> Prepared(Args&&... args) {
  auto bound = std::make_unique<BoundT>(std::forward<Args>(args)...);
  bound->Prepare();
  return bound;
}

/// gemm and gemm_batched through cuBLAS (batched small squares through BindBatchedSmall first).
/// Returns nullptr for routines it does not handle.
std::unique_ptr<BoundCall> BindBlas(Device& dev, const CudaOptions& opts, Call& call);
/// getrf, gesv, potrf, posv through cuSOLVER. nullptr for routines it does not handle.
std::unique_ptr<BoundCall> BindSolverLu(Device& dev, const CudaOptions& opts, Call& call);
/// geqrf, gels, gesvd, syevd through cuSOLVER. nullptr for routines it does not handle.
std::unique_ptr<BoundCall> BindSolverQr(Device& dev, const CudaOptions& opts, Call& call);

}  // namespace lapack_ai::cuda
