// The staging every opencl call shares: host operands mirrored in device buffers, uploads and
// downloads outside the timed region unless transfers are timed, and a warm-up run at bind time
// so kernel compilation (ours and CLBlast's) never lands in a timed call.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "lapack_ai/backend.h"
#include "lapack_ai/fastmm/plan.h"
#include "opencl_device.h"
#include "opencl_gemm_tile.h"

namespace lapack_ai::opencl {

/// Options parsed from the backend spec `opencl[:SELECTOR][/OPTION...]`.
struct OpenclOptions {
  std::string selector;          ///< device selector (see SelectDevice)
  bool transfers = false;        ///< time host<->device copies inside Run ("/transfers")
  enum class Batched { kAuto, kClblast, kScheme49 } batched = Batched::kAuto;
  int nb = 0;                    ///< hybrid block size ("/nb=256"); 0 = chosen by size
  bool unbatched = false;        ///< fast-matmul products one GEMM call each ("/unbatched")
  int ib = 0;                    ///< potrf's inverted diagonal block, getrf's own panel's leaf width ("/ib=8"); 0 = default
  bool clblast_trsm = false;     ///< potrf's panel solve by CLBlast's trsm ("/trsm=clblast")
  bool clblast_syrk = false;     ///< potrf's trailing update by CLBlast's syrk ("/syrk=clblast")
  bool clblast_gemm = false;     ///< every GEMM by CLBlast, none by our kernel ("/gemm=clblast")
  GemmTile gemm_tile;            ///< our GEMM kernel's tile for s and d ("/gemm_tile=..."); unset = default
  /// Who factors the panels ("/panel=..."): kDefault is the measured best per routine
  /// (getrf: kOwn, geqrf: kHost); kHost is LAPACKE's ?getrf / ?geqrf + ?larft,
  /// kRecursive LAPACK's recursive ?getrf2 / ?geqrt3 on the host, kOwn our recursive LU on the
  /// host (getrf, opencl_host_lu.h), kDevice our kernels (getrf).
  enum class Panel { kDefault, kHost, kRecursive, kOwn, kDevice } panel = Panel::kDefault;
  /// The name "/panel=NAME" gives `p` ("default" for kDefault).
  static const char* PanelName(Panel p) {
    constexpr const char* kNames[] = {"default", "host", "recursive", "own", "device"};
    return kNames[static_cast<int>(p)];
  }
  int host_threads = 0;          ///< host BLAS threads of hybrid panels ("/host_threads=4"); 0 = default
  int run_threads = 0;           ///< the run's --threads (Backend::SetThreads); 0 = not set
};

/// A call whose operands live in device buffers. Subclasses enqueue the work in Compute().
class DeviceBoundCall : public BoundCall {
 public:
  DeviceBoundCall(OpenDevice& dev, bool transfers) : dev_(dev), transfers_(transfers) {}
  /// Registers a host operand of `bytes` bytes mirrored on the device; returns its index. An
  /// output registered with `keep_original` also has its input value on the device during
  /// Compute (original()), in either transfers mode.
  std::size_t AddOperand(const void* host, std::size_t bytes, bool output, bool keep_original = false);
  /// Uploads every operand once and runs the call once (compiles kernels). Call after AddOperand.
  void Prepare();
  void Reset() override;
  void Run() override;
  void Fetch() override;

 protected:
  /// Enqueues (or runs, for host panels) the whole call on device data. Run() waits for it.
  virtual void Compute() = 0;
  cl_mem mem(std::size_t i) const { return operands_[i].buffer.get(); }
  /// The input value of output operand i (registered with keep_original), read-only.
  cl_mem original(std::size_t i) const { return operands_[i].pristine.get(); }
  OpenDevice& dev_;

 private:
  struct Operand {
    void* host;
    std::size_t bytes;
    bool output;
    Buffer buffer;
    Buffer pristine;                  ///< device copy of an output's input value (no-transfers mode, or keep_original)
    std::vector<std::byte> snapshot;  ///< host copy of an output at bind time (transfers mode)
  };
  void UploadAll();
  void DownloadOutputs();
  bool transfers_;
  std::vector<Operand> operands_;
};

/// gemm and gemm_batched through CLBlast, tiny batched products through kernels/batched_small.cl.
/// Returns nullptr for routines it does not handle.
std::unique_ptr<BoundCall> BindBlas(OpenDevice& dev, const OpenclOptions& opts, Call& call);

/// Binds `call` as Bound<float> or Bound<double>, constructed from (args..., the call), when it
/// holds Routine<float> or Routine<double>, and runs it once (Prepare); null for other calls.
template <template <typename> class Bound, template <typename> class Routine, typename... Args>
std::unique_ptr<BoundCall> BindTyped(Call& call, Args&&... args) {
  std::unique_ptr<DeviceBoundCall> bound;
  if (auto* c = std::get_if<Routine<float>>(&call)) bound = std::make_unique<Bound<float>>(args..., *c);
  if (auto* c = std::get_if<Routine<double>>(&call)) bound = std::make_unique<Bound<double>>(args..., *c);
  if (bound != nullptr) bound->Prepare();
  return bound;
}

/// Hybrid potrf/getrf/geqrf (panel on the host by LAPACKE, trailing update on the device by
/// CLBlast). Returns nullptr for routines it does not handle.
std::unique_ptr<BoundCall> BindHybrid(OpenDevice& dev, const OpenclOptions& opts, Call& call);
/// The potrf part of BindHybrid (opencl_hybrid_potrf.cc).
std::unique_ptr<BoundCall> BindHybridPotrf(OpenDevice& dev, const OpenclOptions& opts, Call& call);
/// The geqrf part of BindHybrid (opencl_hybrid_qr.cc).
std::unique_ptr<BoundCall> BindHybridQr(OpenDevice& dev, const OpenclOptions& opts, Call& call);
/// getrf with the panel factored on the device ("/panel=device"); null for other calls.
std::unique_ptr<BoundCall> BindDevicePanelGetrf(OpenDevice& dev, const OpenclOptions& opts, Call& call);

/// gemm through a fast-matmul plan: products by CLBlast, additions by kernels/lincomb.cl, all
/// operands and workspace on the device. Throws Unsupported for a non-gemm call.
std::unique_ptr<BoundCall> BindFastGemm(OpenDevice& dev, const OpenclOptions& opts,
                                        const fastmm::Plan& plan, Call& call);

/// Bytes spanned by a column-major operand with `ld` x `cols` (batched: stride apart).
std::size_t SpanBytes(std::size_t elem, int64_t ld, int64_t cols, int64_t stride = 0,
                      int64_t batch = 1);

}  // namespace lapack_ai::opencl
