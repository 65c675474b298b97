// Reference backend: each supported call forwards to the netlib Fortran routine.
#include "reference_backend.h"

#include <fmt/format.h>

#include "fortran.h"
#include "lapack_ai/error.h"
#include "reference_lapack.h"
#include "netlib_library.h"

namespace lapack_ai {
namespace {

using fortran::Int;
using fortran::StrLen;
using fortran::ToInt;

template <typename T>
using GemmFn = void (*)(const char*, const char*, const Int*, const Int*, const Int*, const T*,
                        const T*, const Int*, const T*, const Int*, const T*, T*, const Int*,
                        StrLen, StrLen);

// The Fortran scalar arguments of xGEMM, from a gemm or gemm_batched call (narrowed at run
// time, so an oversized dimension fails the call, not the bind).
struct GemmArgs {
  char ta, tb;
  Int m, n, k, lda, ldb, ldc;
};

template <typename C>
GemmArgs ToGemmArgs(const C& c) {
  return {c.transa == Trans::kNoTrans ? 'N' : 'T', c.transb == Trans::kNoTrans ? 'N' : 'T',
          ToInt(c.m, "m"), ToInt(c.n, "n"), ToInt(c.k, "k"),
          ToInt(c.lda, "lda"), ToInt(c.ldb, "ldb"), ToInt(c.ldc, "ldc")};
}

template <typename T>
std::function<void()> GemmRunner(GemmCall<T>& c) {
  auto fn = NetlibLibrary::Get().Fn<GemmFn<T>>(sizeof(T) == 4 ? "sgemm_" : "dgemm_");
  return [fn, &c] {
    const GemmArgs g = ToGemmArgs(c);
    fn(&g.ta, &g.tb, &g.m, &g.n, &g.k, &c.alpha, c.a, &g.lda, c.b, &g.ldb, &c.beta, c.c, &g.ldc, 1, 1);
  };
}

// Netlib has no batched gemm: the batch is a loop of gemm calls, which is what a batched
// routine must equal.
template <typename T>
std::function<void()> GemmBatchedRunner(GemmBatchedCall<T>& c) {
  auto fn = NetlibLibrary::Get().Fn<GemmFn<T>>(sizeof(T) == 4 ? "sgemm_" : "dgemm_");
  return [fn, &c] {
    const GemmArgs g = ToGemmArgs(c);
    for (int64_t i = 0; i < c.batch; ++i) {
      fn(&g.ta, &g.tb, &g.m, &g.n, &g.k, &c.alpha, c.a + i * c.stride_a, &g.lda, c.b + i * c.stride_b, &g.ldb,
         &c.beta, c.c + i * c.stride_c, &g.ldc, 1, 1);
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
    return ReferenceLapackRunner(call);  // LAPACK routines (reference_lapack.cc); throws Unsupported otherwise
  }
};

}  // namespace

ReferenceBackend::ReferenceBackend(std::string name) : name_(std::move(name)) {}

BackendInfo ReferenceBackend::Info() const {
  BackendInfo info;
  info.name = name_;
  try {
    const NetlibLibrary& lib = NetlibLibrary::Get();
    info.library = "netlib LAPACK " + lib.LapackVersion() + " + netlib BLAS (dlmopen, own namespace)";
    info.threads = 1;
    for (const char* s : {"dgemm_", "sgemm_", "dgetrf_", "dpotrf_"}) info.providers[s] = lib.ProviderOf(s);
    info.extra["blas_path"] = lib.blas_path();
    info.extra["lapack_path"] = lib.lapack_path();
  } catch (const BackendError& e) {
    info.available = false;
    info.note = e.what();
  }
  return info;
}

bool ReferenceBackend::Supports(std::string_view routine, Precision) const {
  return routine == "gemm" || routine == "gemm_batched" || ReferenceLapackSupports(routine);
}

std::unique_ptr<BoundCall> ReferenceBackend::Bind(Call& call) {
  std::function<void()> fn = std::visit(Binder{call}, call);
  return MakeHostBoundCall(call, std::move(fn));
}

std::unique_ptr<Backend> MakeReferenceBackend(const BackendSpec& spec) {
  if (!spec.argument.empty() || !spec.base.empty()) {
    throw UsageError(fmt::format("--backend: 'reference' takes no argument, got '{}'", spec.text));
  }
  return std::make_unique<ReferenceBackend>(spec.text);
}

}  // namespace lapack_ai
