// The CUDA fast-matmul executor: the bound call that runs a layout (cuda_fastmm_layout.cc).
// Products by cuBLAS (a group of several as ONE gemmBatched call, pointer arrays uploaded at
// bind time), each Combine step as one launch of a kernel NVRTC compiled for it
// (cuda_lincomb_source.h) or of the generic kernels/cuda_lincomb.cu, the fringes as plain gemm
// calls. Workspace, term tables, kernels and pointer arrays are set up once at bind time and
// reused by every Run.
#include "cuda_fastmm.h"

#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <mutex>
#include <string>

#include <fmt/format.h>

#include "cuda_bound_call.h"
#include "cuda_lincomb_source.h"
#include "cuda_nvrtc.h"
#include "cuda_segment_profile.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {
namespace {

using fastmm::Init;

cublasOperation_t Op(Trans t) { return t == Trans::kNoTrans ? CUBLAS_OP_N : CUBLAS_OP_T; }

// cublas{S,D}gemmBatched: from the Api table when it carries them, else looked up in the
// cuBLAS library the Api already loaded (nullptr: groups fall back to one gemm per product).
struct BatchedFns {
  decltype(&::cublasSgemmBatched) s = nullptr;
  decltype(&::cublasDgemmBatched) d = nullptr;
};
template <typename ApiT>
BatchedFns FindBatched(const ApiT& api) {
  BatchedFns f;
  if constexpr (requires { api.cublasSgemmBatched; api.cublasDgemmBatched; }) {
    f.s = api.cublasSgemmBatched;
    f.d = api.cublasDgemmBatched;
  } else {
    const auto it = api.files.find("cublas");
    void* lib = it == api.files.end() ? nullptr : dlopen(it->second.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (lib != nullptr) {  // NOLOAD: the handle only adds a reference to the loaded library
      f.s = reinterpret_cast<decltype(f.s)>(dlsym(lib, "cublasSgemmBatched"));
      f.d = reinterpret_cast<decltype(f.d)>(dlsym(lib, "cublasDgemmBatched"));
    }
  }
  return f;
}

void Gemm(const Api& api, cublasHandle_t h, Trans ta, Trans tb, int m, int n, int k, float alpha,
          CUdeviceptr a, int lda, CUdeviceptr b, int ldb, float beta, CUdeviceptr c, int ldc) {
  LAPACK_AI_CUBLAS(api.cublasSgemm_v2(h, Op(ta), Op(tb), m, n, k, &alpha, reinterpret_cast<const float*>(a),
                                      lda, reinterpret_cast<const float*>(b), ldb, &beta,
                                      reinterpret_cast<float*>(c), ldc));
}
void Gemm(const Api& api, cublasHandle_t h, Trans ta, Trans tb, int m, int n, int k, double alpha,
          CUdeviceptr a, int lda, CUdeviceptr b, int ldb, double beta, CUdeviceptr c, int ldc) {
  LAPACK_AI_CUBLAS(api.cublasDgemm_v2(h, Op(ta), Op(tb), m, n, k, &alpha, reinterpret_cast<const double*>(a),
                                      lda, reinterpret_cast<const double*>(b), ldb, &beta,
                                      reinterpret_cast<double*>(c), ldc));
}

int Int(int64_t v, const char* what) {
  if (v < 0 || v > INT_MAX) throw Unsupported(fmt::format("alphatensor@cuda: {} = {} exceeds cuBLAS's int", what, v));
  return static_cast<int>(v);
}

DeviceBuffer Upload(Device& dev, const void* data, std::size_t bytes) {
  DeviceBuffer buf = dev.Alloc(bytes);
  if (bytes > 0) LAPACK_AI_CU(dev.api().cuMemcpyHtoD_v2(buf.get(), data, bytes));
  return buf;
}

// Products beside the call's stream: fp64 products run one DGEMM each (cublasDgemmBatched misses
// the FP64 tensor-core kernels), and a 2048^2 DGEMM leaves part of its last wave of tiles idle;
// two more streams let the next products fill it (bench/gpu-cuda.sh measures it against /serial).
constexpr int kProductStreams = 3;

// A stream of our own with its own cuBLAS handle (a handle's workspace must not be shared by
// kernels running at once) and the event the call's stream waits for at the join.
class SideStream {
 public:
  SideStream(const Api& api, bool tf32) : api_(api) {
    LAPACK_AI_CU(api.cuStreamCreate(&stream_, CU_STREAM_NON_BLOCKING));
    LAPACK_AI_CU(api.cuEventCreate(&done_, CU_EVENT_DISABLE_TIMING));
    LAPACK_AI_CUBLAS(api.cublasCreate_v2(&blas_));
    LAPACK_AI_CUBLAS(api.cublasSetStream_v2(blas_, stream_));
    LAPACK_AI_CUBLAS(api.cublasSetMathMode(blas_, tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
  }
  ~SideStream() {
    if (blas_ != nullptr) api_.cublasDestroy_v2(blas_);
    if (done_ != nullptr) api_.cuEventDestroy_v2(done_);
    if (stream_ != nullptr) api_.cuStreamDestroy_v2(stream_);
  }
  SideStream(const SideStream&) = delete;
  SideStream& operator=(const SideStream&) = delete;
  CUstream stream() const { return stream_; }
  cublasHandle_t blas() const { return blas_; }
  CUevent done() const { return done_; }

 private:
  const Api& api_;
  CUstream stream_ = nullptr;
  CUevent done_ = nullptr;
  cublasHandle_t blas_ = nullptr;
};

template <typename T>
class FastGemmBound final : public CudaBoundCall {
 public:
  FastGemmBound(Device& dev, const CudaOptions& opts, const fastmm::Plan& plan, GemmCall<T>& c)
      : CudaBoundCall(dev, opts.transfers), c_(c), tf32_(opts.tf32 && sizeof(T) == 4), profile_(dev.api()) {
    for (int64_t v : {c.m, c.n, c.k, c.lda, c.ldb, c.ldc}) Int(v, "a dimension");
    AddOperand(c.a, SpanBytes(sizeof(T), c.lda, c.transa == Trans::kNoTrans ? c.k : c.m), false);
    AddOperand(c.b, SpanBytes(sizeof(T), c.ldb, c.transb == Trans::kNoTrans ? c.n : c.k), false);
    AddOperand(c.c, SpanBytes(sizeof(T), c.ldc, c.n), true);
    static const BatchedFns kFns = FindBatched(dev.api());  // the Api is loaded once per process
    fns_ = kFns;
    const bool have_batched = sizeof(T) == 4 ? fns_.s != nullptr : fns_.d != nullptr;
    // fp32 only: on the H200 cublasDgemmBatched of 49 products of 4096^2 takes 136 ms where 49
    // dgemm calls take 107 ms (it misses the FP64 tensor-core kernels); sgemmBatched gains 4%.
    l_ = LayOut(plan, {c.transa, c.transb, c.m, c.n, c.k, c.lda, c.ldb, c.ldc, sizeof(T), c.alpha == T(0)},
                !opts.unbatched && have_batched && sizeof(T) == 4, opts.serial ? 1 : kProductStreams);
    dev.MakeCurrent();
    for (int i = 1; i < l_.streams; ++i) sides_.push_back(std::make_unique<SideStream>(dev.api(), tf32_));
    if (!sides_.empty()) LAPACK_AI_CU(dev.api().cuEventCreate(&fork_, CU_EVENT_DISABLE_TIMING));
    workspace_ = dev.Alloc(sizeof(T) * static_cast<std::size_t>(l_.workspace_elements));
    base_[0] = mem(0), base_[1] = mem(1), base_[2] = mem(2), base_[3] = workspace_.get();
    std::vector<T> coef(l_.coef.size());
    for (std::size_t i = 0; i < coef.size(); ++i)
      coef[i] = static_cast<T>(l_.coef[i]) * (l_.coef_alpha[i] ? c.alpha : T(1));
    table_ = Upload(dev, l_.table.data(), l_.table.size() * sizeof(int64_t));
    coef_ = Upload(dev, coef.data(), coef.size() * sizeof(T));
    const char* p = sizeof(T) == 4 ? "s" : "d";
    const Nvrtc* nvrtc = opts.generic ? nullptr : LoadNvrtc(nullptr);
    for (std::size_t i = 0; i < l_.combines.size(); ++i) {
      const CombineLaunch& k = l_.combines[i];
      CUfunction f = nvrtc != nullptr && Specialisable(k) ? Specialised(*nvrtc, k, coef, i) : nullptr;
      specialised_.push_back(f != nullptr);
      if (f == nullptr) {
        const std::string name = fmt::format("lincomb_{}_{}", p, k.mode == 's' ? "src" : k.mode == 'd' ? "dst" : "any");
        f = dev.Kernel("cuda_lincomb.cu", name.c_str());
      }
      kernels_.push_back(f);
    }
    for (const ProductGroup& g : l_.groups) {
      std::vector<CUdeviceptr> ptrs;  // x..., y..., t...
      if (g.steps.size() > 1) {
        for (const auto* locs : {&g.x, &g.y, &g.t})
          for (const DevLoc& d : *locs) ptrs.push_back(base_[d.buffer] + sizeof(T) * static_cast<std::size_t>(d.offset));
      }
      pointers_.push_back(Upload(dev, ptrs.data(), ptrs.size() * sizeof(CUdeviceptr)));
    }
    if (profile_.enabled()) {
      const auto n = std::count(specialised_.begin(), specialised_.end(), true);
      title_ = fmt::format("fastmm {}/{} {} {}x{}x{}, {} stream(s), {} of {} additions specialised", plan.scheme,
                           plan.levels, sizeof(T) == 4 ? "s" : "d", c.m, c.n, c.k, l_.streams, n, specialised_.size());
    }
  }

  ~FastGemmBound() override {
    if (fork_ != nullptr) dev_.api().cuEventDestroy_v2(fork_);
    if (const std::string r = profile_.Report(); !r.empty()) fmt::print(stderr, "{}:\n{}", title_, r);
  }

 protected:
  void Compute() override {
    LAPACK_AI_CUBLAS(dev_.api().cublasSetMathMode(dev_.blas(), tf32_ ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
    for (std::size_t i = 0; i < l_.ops.size(); ++i) {
      const FastLayout::Op& op = l_.ops[i];
      if (op.combine) {
        Join();
        if (profile_.enabled()) OpenCombine(op.index);
        DoCombine(op.index);
      } else {
        // A run of products is one segment (on one stream too, where Fork does nothing).
        if (profile_.enabled() && (i == 0 || l_.ops[i - 1].combine)) OpenProducts(i);
        Fork();
        DoGroup(op.index);
      }
    }
    Join();
    if (!l_.split.fringes.empty()) profile_.Open(dev_.stream(), "fringes (base gemm)", 0, 0);
    for (const fastmm::SubGemm& f : l_.split.fringes) {
      if (f.m_len == 0 || f.n_len == 0) continue;
      Gemm(dev_.api(), dev_.blas(), c_.transa, c_.transb, Int(f.m_len, "m"), Int(f.n_len, "n"), Int(f.k_len, "k"),
           c_.alpha, At(0, c_.lda, c_.transa, f.m0, f.k0), Int(c_.lda, "lda"), At(1, c_.ldb, c_.transb, f.k0, f.n0),
           Int(c_.ldb, "ldb"), f.accumulate ? T(1) : c_.beta, At(2, c_.ldc, Trans::kNoTrans, f.m0, f.n0),
           Int(c_.ldc, "ldc"));
    }
    profile_.Close(dev_.stream());
  }

  void AfterRun() override { profile_.Collect(); }

 private:
  // Combine `i` compiled for its terms (cuda_lincomb_source.h); nullptr when NVRTC fails, which
  // is said once per process: the generic kernel then runs, slower but with the same results.
  CUfunction Specialised(const Nvrtc& nvrtc, const CombineLaunch& k, const std::vector<T>& coef, std::size_t i) {
    const std::string name = fmt::format("lincomb_{}", i);
    const DeviceFacts& f = dev_.facts();
    try {
      const std::string& cubin = CompileCubin(nvrtc, LincombSource<T>(k, l_.table, coef, name), f.cc_major * 10 + f.cc_minor);
      CUmodule m = nullptr;
      LAPACK_AI_CU(dev_.api().cuModuleLoadData(&m, cubin.data()));
      modules_.emplace_back(m, ModuleUnload{&dev_.api()});
      CUfunction fn = nullptr;
      LAPACK_AI_CU(dev_.api().cuModuleGetFunction(&fn, m, name.c_str()));
      return fn;
    } catch (const BackendError& e) {
      static std::once_flag said;
      std::call_once(said, [&] {
        fmt::print(stderr, "lapack-ai: alphatensor@cuda: the specialised additions failed to build, the generic "
                           "kernels run instead: {}\n", e.what());
      });
      return nullptr;
    }
  }

  // Profile segments: a Combine (bytes = every block it reads, old destinations included, and
  // writes), a run of products up to the next Combine (flops of its GEMMs).
  void OpenCombine(std::size_t i) {
    const CombineLaunch& k = l_.combines[i];
    int blocks = k.nsrc + k.ndst;
    for (int d = 0; d < k.ndst; ++d) {
      const int64_t init = l_.table[k.table_offset + 3 * static_cast<std::size_t>(k.nsrc) + 4 * static_cast<std::size_t>(d) + 3];
      blocks += init == 1 || (init == 2 && c_.beta != T(0)) ? 1 : 0;
    }
    profile_.Open(dev_.stream(), fmt::format("combine {} -> {} ({})", k.nsrc, k.ndst, k.mode),
                  static_cast<double>(blocks) * static_cast<double>(k.rows * k.cols) * sizeof(T), 0);
  }
  void OpenProducts(std::size_t op) {
    std::size_t products = 0;
    for (std::size_t i = op; i < l_.ops.size() && !l_.ops[i].combine; ++i) products += l_.groups[l_.ops[i].index].steps.size();
    const double flops = 2.0 * static_cast<double>(l_.bm) * static_cast<double>(l_.bn) * static_cast<double>(l_.bk);
    profile_.Open(dev_.stream(), fmt::format("{} products of {}x{}x{}", products, l_.bm, l_.bn, l_.bk), 0,
                  flops * static_cast<double>(products));
  }

  CUdeviceptr At(int buffer, int64_t ld, Trans t, int64_t r, int64_t col) const {
    const int64_t off = t == Trans::kNoTrans ? r + col * ld : col + r * ld;
    return base_[buffer] + sizeof(T) * static_cast<std::size_t>(off);
  }
  CUdeviceptr Ptr(const DevLoc& d) const { return base_[d.buffer] + sizeof(T) * static_cast<std::size_t>(d.offset); }

  // A run of products starts: the side streams wait for everything queued so far.
  void Fork() {
    if (sides_.empty() || forked_) return;
    const Api& api = dev_.api();
    LAPACK_AI_CU(api.cuEventRecord(fork_, dev_.stream()));
    for (const auto& side : sides_) LAPACK_AI_CU(api.cuStreamWaitEvent(side->stream(), fork_, 0));
    forked_ = true;
  }
  // The run ended: the call's stream waits for every side stream's products.
  void Join() {
    if (!forked_) return;
    const Api& api = dev_.api();
    for (const auto& side : sides_) {
      LAPACK_AI_CU(api.cuEventRecord(side->done(), side->stream()));
      LAPACK_AI_CU(api.cuStreamWaitEvent(dev_.stream(), side->done(), 0));
    }
    forked_ = false;
  }

  void DoCombine(std::size_t i) {
    const CombineLaunch& k = l_.combines[i];
    if (k.rows == 0 || k.cols == 0 || k.ndst == 0) return;
    int64_t rows = k.rows, cols = k.cols;
    int nsrc = k.nsrc, ndst = k.ndst, vec = k.vec ? 1 : 0;
    T beta = c_.beta;
    if (specialised_[i]) {
      void* args[] = {&base_[0], &base_[1], &base_[2], &base_[3], &beta};
      dev_.Launch(kernels_[i], k.grid_x, k.grid_y, 1, 64, 4, 1, args);
      return;
    }
    CUdeviceptr table = table_.get() + sizeof(int64_t) * k.table_offset;
    CUdeviceptr coef = coef_.get() + sizeof(T) * k.coef_offset;
    void* args[] = {&rows, &cols, &nsrc, &ndst, &beta, &base_[0], &base_[1], &base_[2], &base_[3], &table, &coef, &vec};
    dev_.Launch(kernels_[i], k.grid_x, k.grid_y, 1, 64, 4, 1, args);
  }

  void DoGroup(std::size_t i) {
    const ProductGroup& g = l_.groups[i];
    const T alpha = static_cast<T>(g.coeff) * (g.c_target ? c_.alpha : T(1));
    const T beta = g.init == Init::kOverwrite ? T(0) : g.init == Init::kAccumulate ? T(1) : c_.beta;
    const int m = Int(l_.bm, "bm"), n = Int(l_.bn, "bn"), k = Int(l_.bk, "bk");
    const int ldx = Int(g.x[0].ld, "ld"), ldy = Int(g.y[0].ld, "ld"), ldt = Int(g.t[0].ld, "ld");
    cublasHandle_t blas = g.stream == 0 ? dev_.blas() : sides_[static_cast<std::size_t>(g.stream - 1)]->blas();
    if (g.steps.size() == 1) {
      Gemm(dev_.api(), blas, c_.transa, c_.transb, m, n, k, alpha, Ptr(g.x[0]), ldx, Ptr(g.y[0]), ldy,
           beta, Ptr(g.t[0]), ldt);
      return;
    }
    const int count = Int(static_cast<int64_t>(g.steps.size()), "batch");
    const auto* p = reinterpret_cast<T* const*>(pointers_[i].get());
    const auto fn = [&] {
      if constexpr (sizeof(T) == 4) return fns_.s;
      else return fns_.d;
    }();
    LAPACK_AI_CUBLAS(fn(blas, Op(c_.transa), Op(c_.transb), m, n, k, &alpha, p, ldx, p + count, ldy,
                        &beta, p + 2 * count, ldt, count));
  }

  GemmCall<T>& c_;
  bool tf32_;
  BatchedFns fns_;
  FastLayout l_;
  CUdeviceptr base_[4] = {};  // A, B, C, workspace
  DeviceBuffer workspace_, table_, coef_;
  std::vector<CUfunction> kernels_;       // one per Combine step
  std::vector<bool> specialised_;         // kernels_[i] is compiled for its terms (NVRTC)
  // The NVRTC modules, unloaded with the call, or when its constructor throws after loading some.
  struct ModuleUnload {
    const Api* api;
    void operator()(CUmodule m) const { api->cuModuleUnload(m); }
  };
  std::vector<std::unique_ptr<CUmod_st, ModuleUnload>> modules_;
  std::vector<DeviceBuffer> pointers_;    // one per product group (empty for a single gemm)
  std::vector<std::unique_ptr<SideStream>> sides_;  // streams 1.. of the layout
  CUevent fork_ = nullptr;
  bool forked_ = false;
  SegmentProfile profile_;  // LAPACK_AI_FASTMM_PROFILE=1
  std::string title_;
};

}  // namespace

std::unique_ptr<BoundCall> BindFastGemm(Device& dev, const CudaOptions& opts, const fastmm::Plan& plan,
                                        Call& call) {
  std::unique_ptr<CudaBoundCall> bound;
  if (auto* g = std::get_if<GemmCall<float>>(&call)) {
    bound = std::make_unique<FastGemmBound<float>>(dev, opts, plan, *g);
  } else if (auto* gd = std::get_if<GemmCall<double>>(&call)) {
    bound = std::make_unique<FastGemmBound<double>>(dev, opts, plan, *gd);
  } else {
    throw Unsupported(fmt::format("alphatensor@cuda: {} is not a gemm", RoutineOf(call)));
  }
  bound->Prepare();
  return bound;
}

}  // namespace lapack_ai::cuda
