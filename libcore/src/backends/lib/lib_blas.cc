#include "backends/lib/lib_blas.h"

#include <fmt/format.h>

#include "backends/lib/fortran.h"
#include "lapack_ai/error.h"

namespace lapack_ai::lib {
namespace {

using fortran::StrLen;
using fortran::ToInt;

template <typename T, typename I>
using GemmFn = void (*)(const char*, const char*, const I*, const I*, const I*, const T*, const T*,
                        const I*, const T*, const I*, const T*, T*, const I*, StrLen, StrLen);

// Fortran ?gemm of `library` as a HostGemmFn; the shared_ptr keeps the namespace's owner alive.
template <typename T, typename I>
HostGemmFn<T> Gemm(const std::shared_ptr<Library>& library) {
  auto fn = library->Fn<GemmFn<T, I>>(sizeof(T) == 4 ? "sgemm" : "dgemm");
  return [fn, library](Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, T alpha, const T* a,
                       int64_t lda, const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
    const char cta = ta == Trans::kNoTrans ? 'N' : 'T', ctb = tb == Trans::kNoTrans ? 'N' : 'T';
    const I mm = ToInt<I>(m, "m"), nn = ToInt<I>(n, "n"), kk = ToInt<I>(k, "k"),
            la = ToInt<I>(lda, "lda"), lb = ToInt<I>(ldb, "ldb"), lc = ToInt<I>(ldc, "ldc");
    fn(&cta, &ctb, &mm, &nn, &kk, &alpha, a, &la, b, &lb, &beta, c, &lc, 1, 1);
  };
}

template <typename T>
HostGemmFn<T> GemmOf(const std::shared_ptr<Library>& library) {
  return library->ilp64() ? Gemm<T, int64_t>(library) : Gemm<T, int32_t>(library);
}

}  // namespace

std::function<void()> GemmRunner(const std::shared_ptr<Library>& library, Call& call) {
  return std::visit(
      [&](auto& c) -> std::function<void()> {
        using C = std::remove_cvref_t<decltype(c)>;
        if constexpr (requires { c.stride_a; }) {
          using T = std::remove_cvref_t<decltype(c.alpha)>;
          auto g = GemmOf<T>(library);
          // No batched gemm in the Fortran interface: the batch is the loop it must equal.
          return [g, &c] {
            for (int64_t i = 0; i < c.batch; ++i) {
              g(c.transa, c.transb, c.m, c.n, c.k, c.alpha, c.a + i * c.stride_a, c.lda,
                c.b + i * c.stride_b, c.ldb, c.beta, c.c + i * c.stride_c, c.ldc);
            }
          };
        } else if constexpr (C::kRoutine == "gemm") {
          using T = std::remove_cvref_t<decltype(c.alpha)>;
          auto g = GemmOf<T>(library);
          return [g, &c] { g(c.transa, c.transb, c.m, c.n, c.k, c.alpha, c.a, c.lda, c.b, c.ldb, c.beta, c.c, c.ldc); };
        } else {
          throw Unsupported(fmt::format("{}: {} is not a gemm", library->recipe().name, C::kRoutine));
        }
      },
      call);
}

HostGemm HostGemmOf(const std::shared_ptr<Library>& library, const std::string& backend) {
  return HostGemm{backend, GemmOf<float>(library), GemmOf<double>(library),
                  [library] { return library->Threads(); }};
}

}  // namespace lapack_ai::lib
