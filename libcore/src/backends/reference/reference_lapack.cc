// netlib LAPACK through its Fortran symbols (LP64 INTEGER, hidden string lengths last).
#include "reference_lapack.h"

#include <algorithm>
#include <string>
#include <vector>

#include "backends/lapack_binding.h"
#include "fortran.h"
#include "netlib_library.h"

namespace lapack_ai {
namespace {

using fortran::Int;
using fortran::StrLen;
using fortran::ToInt;

template <typename T>
auto Sym(const char* routine) {
  return std::string(sizeof(T) == 4 ? "s" : "d") + routine + "_";
}

template <typename F>
F Lookup(const std::string& name) {
  return NetlibLibrary::Get().Fn<F>(name.c_str());
}

template <typename T>
Int Lwork(T query) {
  return LworkFromQuery<Int>(query);
}

template <typename T>
std::function<void()> Bind(GetrfCall<T>& c) {
  using Fn = void (*)(const Int*, const Int*, T*, const Int*, Int*, Int*);
  auto fn = Lookup<Fn>(Sym<T>("getrf"));
  return [fn, &c] {
    const Int m = ToInt(c.m, "m"), n = ToInt(c.n, "n"), lda = ToInt(c.lda, "lda");
    Int info = 0;
    fn(&m, &n, c.a, &lda, c.ipiv, &info);
    c.info = info;
  };
}

template <typename T>
std::function<void()> Bind(GesvCall<T>& c) {
  using Fn = void (*)(const Int*, const Int*, T*, const Int*, Int*, T*, const Int*, Int*);
  auto fn = Lookup<Fn>(Sym<T>("gesv"));
  return [fn, &c] {
    const Int n = ToInt(c.n, "n"), nrhs = ToInt(c.nrhs, "nrhs"), lda = ToInt(c.lda, "lda"),
              ldb = ToInt(c.ldb, "ldb");
    Int info = 0;
    fn(&n, &nrhs, c.a, &lda, c.ipiv, c.b, &ldb, &info);
    c.info = info;
  };
}

template <typename T>
std::function<void()> Bind(PotrfCall<T>& c) {
  using Fn = void (*)(const char*, const Int*, T*, const Int*, Int*, StrLen);
  auto fn = Lookup<Fn>(Sym<T>("potrf"));
  return [fn, &c] {
    const Int n = ToInt(c.n, "n"), lda = ToInt(c.lda, "lda");
    Int info = 0;
    fn(&c.uplo, &n, c.a, &lda, &info, 1);
    c.info = info;
  };
}

template <typename T>
std::function<void()> Bind(PosvCall<T>& c) {
  using Fn = void (*)(const char*, const Int*, const Int*, T*, const Int*, T*, const Int*, Int*, StrLen);
  auto fn = Lookup<Fn>(Sym<T>("posv"));
  return [fn, &c] {
    const Int n = ToInt(c.n, "n"), nrhs = ToInt(c.nrhs, "nrhs"), lda = ToInt(c.lda, "lda"),
              ldb = ToInt(c.ldb, "ldb");
    Int info = 0;
    fn(&c.uplo, &n, &nrhs, c.a, &lda, c.b, &ldb, &info, 1);
    c.info = info;
  };
}

template <typename T>
std::function<void()> Bind(GeqrfCall<T>& c) {
  using Fn = void (*)(const Int*, const Int*, T*, const Int*, T*, T*, const Int*, Int*);
  auto fn = Lookup<Fn>(Sym<T>("geqrf"));
  const Int m = ToInt(c.m, "m"), n = ToInt(c.n, "n"), lda = ToInt(c.lda, "lda");
  T query = 0;
  Int lwork = -1, info = 0;
  fn(&m, &n, c.a, &lda, c.tau, &query, &lwork, &info);
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  return [fn, &c, m, n, lda, work]() mutable {
    const Int lw = static_cast<Int>(work.size());
    Int inf = 0;
    fn(&m, &n, c.a, &lda, c.tau, work.data(), &lw, &inf);
    c.info = inf;
  };
}

template <typename T>
std::function<void()> Bind(GelsCall<T>& c) {
  using Fn = void (*)(const char*, const Int*, const Int*, const Int*, T*, const Int*, T*, const Int*,
                      T*, const Int*, Int*, StrLen);
  auto fn = Lookup<Fn>(Sym<T>("gels"));
  const char trans = c.trans == Trans::kNoTrans ? 'N' : 'T';
  const Int m = ToInt(c.m, "m"), n = ToInt(c.n, "n"), nrhs = ToInt(c.nrhs, "nrhs"),
            lda = ToInt(c.lda, "lda"), ldb = ToInt(c.ldb, "ldb");
  T query = 0;
  Int lwork = -1, info = 0;
  fn(&trans, &m, &n, &nrhs, c.a, &lda, c.b, &ldb, &query, &lwork, &info, 1);
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  return [fn, &c, trans, m, n, nrhs, lda, ldb, work]() mutable {
    const Int lw = static_cast<Int>(work.size());
    Int inf = 0;
    fn(&trans, &m, &n, &nrhs, c.a, &lda, c.b, &ldb, work.data(), &lw, &inf, 1);
    c.info = inf;
  };
}

template <typename T>
std::function<void()> Bind(GesvdCall<T>& c) {
  using Fn = void (*)(const char*, const char*, const Int*, const Int*, T*, const Int*, T*, T*,
                      const Int*, T*, const Int*, T*, const Int*, Int*, StrLen, StrLen);
  auto fn = Lookup<Fn>(Sym<T>("gesvd"));
  const Int m = ToInt(c.m, "m"), n = ToInt(c.n, "n"), lda = ToInt(c.lda, "lda"),
            ldu = ToInt(c.ldu, "ldu"), ldvt = ToInt(c.ldvt, "ldvt");
  T query = 0;
  Int lwork = -1, info = 0;
  fn(&c.jobu, &c.jobvt, &m, &n, c.a, &lda, c.s, c.u, &ldu, c.vt, &ldvt, &query, &lwork, &info, 1, 1);
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  return [fn, &c, m, n, lda, ldu, ldvt, work]() mutable {
    const Int lw = static_cast<Int>(work.size());
    Int inf = 0;
    fn(&c.jobu, &c.jobvt, &m, &n, c.a, &lda, c.s, c.u, &ldu, c.vt, &ldvt, work.data(), &lw, &inf, 1, 1);
    c.info = inf;
  };
}

template <typename T>
std::function<void()> Bind(SyevdCall<T>& c) {
  using Fn = void (*)(const char*, const char*, const Int*, T*, const Int*, T*, T*, const Int*, Int*,
                      const Int*, Int*, StrLen, StrLen);
  auto fn = Lookup<Fn>(Sym<T>("syevd"));
  const Int n = ToInt(c.n, "n"), lda = ToInt(c.lda, "lda");
  T query = 0;
  Int iquery = 0, lwork = -1, liwork = -1, info = 0;
  fn(&c.jobz, &c.uplo, &n, c.a, &lda, c.w, &query, &lwork, &iquery, &liwork, &info, 1, 1);
  std::vector<T> work(static_cast<std::size_t>(Lwork(query)));
  std::vector<Int> iwork(static_cast<std::size_t>(std::max<Int>(1, iquery)));
  return [fn, &c, n, lda, work, iwork]() mutable {
    const Int lw = static_cast<Int>(work.size()), liw = static_cast<Int>(iwork.size());
    Int inf = 0;
    fn(&c.jobz, &c.uplo, &n, c.a, &lda, c.w, work.data(), &lw, iwork.data(), &liw, &inf, 1, 1);
    c.info = inf;
  };
}

}  // namespace

bool ReferenceLapackSupports(std::string_view routine) { return IsBoundLapackRoutine(routine); }

std::function<void()> ReferenceLapackRunner(Call& call) {
  return LapackRunner(call, "reference", [](auto& c) -> decltype(Bind(c)) { return Bind(c); });
}

}  // namespace lapack_ai
