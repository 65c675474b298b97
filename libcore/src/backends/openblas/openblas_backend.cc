// OpenBLAS backend: CBLAS calls on column-major operands.
#include "openblas_backend.h"

#include <cblas.h>
#include <dlfcn.h>

#include <filesystem>

#include <fmt/format.h>

#include "backends/host_fastmm/host_fastmm.h"
#include "lapack_ai/error.h"
#include "openblas_lapack.h"

namespace lapack_ai {
namespace {

CBLAS_TRANSPOSE ToCblas(Trans t) { return t == Trans::kNoTrans ? CblasNoTrans : CblasTrans; }

std::function<void()> GemmRunner(GemmCall<float>& c) {
  return [&c] {
    cblas_sgemm(CblasColMajor, ToCblas(c.transa), ToCblas(c.transb), static_cast<blasint>(c.m),
                static_cast<blasint>(c.n), static_cast<blasint>(c.k), c.alpha, c.a,
                static_cast<blasint>(c.lda), c.b, static_cast<blasint>(c.ldb), c.beta, c.c,
                static_cast<blasint>(c.ldc));
  };
}

std::function<void()> GemmRunner(GemmCall<double>& c) {
  return [&c] {
    cblas_dgemm(CblasColMajor, ToCblas(c.transa), ToCblas(c.transb), static_cast<blasint>(c.m),
                static_cast<blasint>(c.n), static_cast<blasint>(c.k), c.alpha, c.a,
                static_cast<blasint>(c.lda), c.b, static_cast<blasint>(c.ldb), c.beta, c.c,
                static_cast<blasint>(c.ldc));
  };
}

// OpenBLAS 0.3.21 has no strided-batched gemm (cblas_?gemm_batch arrived in 0.3.27), so the
// batch is a loop; that is what a user of this OpenBLAS would run too.
template <typename T>
std::function<void()> GemmBatchedRunner(GemmBatchedCall<T>& c) {
  return [&c] {
    for (int64_t i = 0; i < c.batch; ++i) {
      GemmCall<T> g{c.transa, c.transb, c.m, c.n, c.k, c.alpha, c.a + i * c.stride_a, c.lda,
                    c.b + i * c.stride_b, c.ldb, c.beta, c.c + i * c.stride_c, c.ldc};
      GemmRunner(g)();
    }
  };
}

struct Binder {
  Call& call;
  std::function<void()> operator()(GemmCall<float>& c) const { return GemmRunner(c); }
  std::function<void()> operator()(GemmCall<double>& c) const { return GemmRunner(c); }
  std::function<void()> operator()(GemmBatchedCall<float>& c) const { return GemmBatchedRunner(c); }
  std::function<void()> operator()(GemmBatchedCall<double>& c) const { return GemmBatchedRunner(c); }
  template <typename Other>
  std::function<void()> operator()(Other&) const {
    return OpenblasLapackRunner(call);  // LAPACK routines (openblas_lapack.cc); throws Unsupported otherwise
  }
};

// The file that the process's global scope resolves `symbol` to: what LAPACKE and any
// Fortran-convention caller in this process really calls.
std::string GlobalProvider(const char* symbol) {
  void* p = dlsym(RTLD_DEFAULT, symbol);
  Dl_info info{};
  if (p == nullptr || dladdr(p, &info) == 0 || info.dli_fname == nullptr) return "not found";
  std::error_code ec;
  auto canonical = std::filesystem::canonical(info.dli_fname, ec);
  return ec ? std::string(info.dli_fname) : canonical.string();
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

OpenblasBackend::OpenblasBackend(std::string name) : name_(std::move(name)) {}

BackendInfo OpenblasBackend::Info() const {
  BackendInfo info;
  info.name = name_;
  info.library = Trimmed(OPENBLAS_VERSION);
  info.config = openblas_get_config();
  info.threads = openblas_get_num_threads();
  info.extra["core"] = openblas_get_corename();
  info.extra["parallel"] = openblas_get_parallel() == 0   ? "sequential"
                           : openblas_get_parallel() == 1 ? "pthreads"
                                                          : "openmp";
  for (const char* s : {"dgemm_", "sgemm_", "dgetrf_", "dpotrf_", "cblas_dgemm"})
    info.providers[s] = GlobalProvider(s);
  return info;
}

bool OpenblasBackend::Supports(std::string_view routine, Precision) const {
  return routine == "gemm" || routine == "gemm_batched" || OpenblasLapackSupports(routine);
}

std::unique_ptr<BoundCall> OpenblasBackend::Bind(Call& call) {
  std::function<void()> fn = std::visit(Binder{call}, call);
  return MakeHostBoundCall(call, std::move(fn));
}

std::unique_ptr<BoundCall> OpenblasBackend::BindFastGemm(const fastmm::Plan& plan, Call& call) {
  HostGemm gemm{name_,
                [](Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                   int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
                  GemmCall<float> g{ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc};
                  GemmRunner(g)();
                },
                [](Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, double alpha,
                   const double* a, int64_t lda, const double* b, int64_t ldb, double beta,
                   double* c, int64_t ldc) {
                  GemmCall<double> g{ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc};
                  GemmRunner(g)();
                },
                [] { return openblas_get_num_threads(); }};
  return BindHostFastGemm(plan, call, std::move(gemm));
}

void OpenblasBackend::SetThreads(int threads) {
  if (threads > 0) openblas_set_num_threads(threads);
}

std::unique_ptr<Backend> MakeOpenblasBackend(const BackendSpec& spec) {
  if (!spec.argument.empty() || !spec.base.empty()) {
    throw UsageError(fmt::format("--backend: 'openblas' takes no argument, got '{}'", spec.text));
  }
  return std::make_unique<OpenblasBackend>(spec.text);
}

}  // namespace lapack_ai
