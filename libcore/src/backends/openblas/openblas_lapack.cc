// LAPACKE_*_work calls (column-major) with workspace queried once at bind time.
#include "openblas_lapack.h"

#include <lapacke.h>

#include <algorithm>
#include <vector>

#include "backends/lapack_binding.h"

namespace lapack_ai {
namespace {

template <typename T>
struct Lapacke;

template <>
struct Lapacke<float> {
  static constexpr auto getrf = LAPACKE_sgetrf_work;
  static constexpr auto gesv = LAPACKE_sgesv_work;
  static constexpr auto potrf = LAPACKE_spotrf_work;
  static constexpr auto posv = LAPACKE_sposv_work;
  static constexpr auto geqrf = LAPACKE_sgeqrf_work;
  static constexpr auto gels = LAPACKE_sgels_work;
  static constexpr auto gesvd = LAPACKE_sgesvd_work;
  static constexpr auto gesdd = LAPACKE_sgesdd_work;
  static constexpr auto syevd = LAPACKE_ssyevd_work;
};

template <>
struct Lapacke<double> {
  static constexpr auto getrf = LAPACKE_dgetrf_work;
  static constexpr auto gesv = LAPACKE_dgesv_work;
  static constexpr auto potrf = LAPACKE_dpotrf_work;
  static constexpr auto posv = LAPACKE_dposv_work;
  static constexpr auto geqrf = LAPACKE_dgeqrf_work;
  static constexpr auto gels = LAPACKE_dgels_work;
  static constexpr auto gesvd = LAPACKE_dgesvd_work;
  static constexpr auto gesdd = LAPACKE_dgesdd_work;
  static constexpr auto syevd = LAPACKE_dsyevd_work;
};

constexpr int kLayout = LAPACK_COL_MAJOR;

lapack_int I(int64_t v) { return static_cast<lapack_int>(v); }

// LAPACKE numbers arguments from its matrix_layout argument: -i there is -(i-1) in LAPACK.
int64_t FromLapacke(lapack_int info) { return info < 0 ? info + 1 : info; }

template <typename T>
lapack_int Lwork(T query) {
  return LworkFromQuery<lapack_int>(query);
}

template <typename T>
std::function<void()> Bind(GetrfCall<T>& c) {
  return [&c] { c.info = FromLapacke(Lapacke<T>::getrf(kLayout, I(c.m), I(c.n), c.a, I(c.lda), c.ipiv)); };
}

template <typename T>
std::function<void()> Bind(GesvCall<T>& c) {
  return [&c] {
    c.info = FromLapacke(Lapacke<T>::gesv(kLayout, I(c.n), I(c.nrhs), c.a, I(c.lda), c.ipiv, c.b, I(c.ldb)));
  };
}

template <typename T>
std::function<void()> Bind(PotrfCall<T>& c) {
  return [&c] { c.info = FromLapacke(Lapacke<T>::potrf(kLayout, c.uplo, I(c.n), c.a, I(c.lda))); };
}

template <typename T>
std::function<void()> Bind(PosvCall<T>& c) {
  return [&c] {
    c.info = FromLapacke(Lapacke<T>::posv(kLayout, c.uplo, I(c.n), I(c.nrhs), c.a, I(c.lda), c.b, I(c.ldb)));
  };
}

template <typename T>
std::function<void()> Bind(GeqrfCall<T>& c) {
  T query = 0;
  Lapacke<T>::geqrf(kLayout, I(c.m), I(c.n), c.a, I(c.lda), c.tau, &query, -1);
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  return [&c, work]() mutable {
    c.info = FromLapacke(Lapacke<T>::geqrf(kLayout, I(c.m), I(c.n), c.a, I(c.lda), c.tau, work.data(),
                                           I(static_cast<int64_t>(work.size()))));
  };
}

template <typename T>
std::function<void()> Bind(GelsCall<T>& c) {
  const char trans = c.trans == Trans::kNoTrans ? 'N' : 'T';
  T query = 0;
  Lapacke<T>::gels(kLayout, trans, I(c.m), I(c.n), I(c.nrhs), c.a, I(c.lda), c.b, I(c.ldb), &query, -1);
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  return [&c, trans, work]() mutable {
    c.info = FromLapacke(Lapacke<T>::gels(kLayout, trans, I(c.m), I(c.n), I(c.nrhs), c.a, I(c.lda), c.b,
                                          I(c.ldb), work.data(), I(static_cast<int64_t>(work.size()))));
  };
}

template <typename T>
std::function<void()> Bind(GesvdCall<T>& c) {
  T query = 0;
  Lapacke<T>::gesvd(kLayout, c.jobu, c.jobvt, I(c.m), I(c.n), c.a, I(c.lda), c.s, c.u, I(c.ldu), c.vt,
                    I(c.ldvt), &query, -1);
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  return [&c, work]() mutable {
    c.info = FromLapacke(Lapacke<T>::gesvd(kLayout, c.jobu, c.jobvt, I(c.m), I(c.n), c.a, I(c.lda), c.s, c.u,
                                           I(c.ldu), c.vt, I(c.ldvt), work.data(),
                                           I(static_cast<int64_t>(work.size()))));
  };
}

template <typename T>
std::function<void()> Bind(GesddCall<T>& c) {
  T query = 0;
  // IWORK is 8 min(m, n) (xGESDD); the query does not return it.
  std::vector<lapack_int> iwork(static_cast<std::size_t>(std::max<int64_t>(1, 8 * std::min(c.m, c.n))));
  Lapacke<T>::gesdd(kLayout, c.jobz, I(c.m), I(c.n), c.a, I(c.lda), c.s, c.u, I(c.ldu), c.vt, I(c.ldvt), &query,
                    -1, iwork.data());
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  return [&c, work, iwork]() mutable {
    c.info = FromLapacke(Lapacke<T>::gesdd(kLayout, c.jobz, I(c.m), I(c.n), c.a, I(c.lda), c.s, c.u, I(c.ldu),
                                           c.vt, I(c.ldvt), work.data(), I(static_cast<int64_t>(work.size())),
                                           iwork.data()));
  };
}

template <typename T>
std::function<void()> Bind(SyevdCall<T>& c) {
  T query = 0;
  lapack_int iquery = 0;
  Lapacke<T>::syevd(kLayout, c.jobz, c.uplo, I(c.n), c.a, I(c.lda), c.w, &query, -1, &iquery, -1);
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  std::vector<lapack_int> iwork(static_cast<std::size_t>(std::max<lapack_int>(1, iquery)));
  return [&c, work, iwork]() mutable {
    c.info = FromLapacke(Lapacke<T>::syevd(kLayout, c.jobz, c.uplo, I(c.n), c.a, I(c.lda), c.w, work.data(),
                                           I(static_cast<int64_t>(work.size())), iwork.data(),
                                           I(static_cast<int64_t>(iwork.size()))));
  };
}

}  // namespace

bool OpenblasLapackSupports(std::string_view routine) { return IsBoundLapackRoutine(routine); }

std::function<void()> OpenblasLapackRunner(Call& call) {
  return LapackRunner(call, "openblas", [](auto& c) -> decltype(Bind(c)) { return Bind(c); });
}

}  // namespace lapack_ai
