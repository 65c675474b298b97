// LAPACK through Fortran symbols, templated on the library's INTEGER (I). ILP64 libraries get
// 64-bit pivot and integer-workspace arrays, copied back into the call's 32-bit ones.
#include "backends/lib/lib_lapack.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/lapack_binding.h"
#include "backends/lib/fortran.h"

namespace lapack_ai::lib {
namespace {

using fortran::StrLen;
using fortran::ToInt;

template <typename T>
std::string Sym(const char* routine) {
  return fmt::format("{}{}", sizeof(T) == 4 ? 's' : 'd', routine);
}

// Pivots in the library's INTEGER; for LP64 the call's own array is used directly.
template <typename I>
struct Pivots {
  explicit Pivots(int64_t n) {
    if constexpr (sizeof(I) != sizeof(int32_t)) wide.resize(static_cast<std::size_t>(std::max<int64_t>(n, 1)));
  }
  I* Data(int32_t* ipiv) {
    if constexpr (sizeof(I) == sizeof(int32_t)) return reinterpret_cast<I*>(ipiv);
    else return wide.data();
  }
  void CopyBack(int32_t* ipiv, int64_t n) const {
    if constexpr (sizeof(I) != sizeof(int32_t))
      for (int64_t i = 0; i < n; ++i) ipiv[i] = static_cast<int32_t>(wide[static_cast<std::size_t>(i)]);
  }
  std::vector<I> wide;
};

template <typename I>
struct Binder {
  std::shared_ptr<Library> lib;

  template <typename F>
  F Lookup(const std::string& name) const {
    return lib->Fn<F>(name);
  }

  template <typename T>
  std::function<void()> Bind(GetrfCall<T>& c) const {
    using Fn = void (*)(const I*, const I*, T*, const I*, I*, I*);
    auto fn = Lookup<Fn>(Sym<T>("getrf"));
    return [fn, &c, lib = lib, piv = Pivots<I>(std::min(c.m, c.n))]() mutable {
      const I m = ToInt<I>(c.m, "m"), n = ToInt<I>(c.n, "n"), lda = ToInt<I>(c.lda, "lda");
      I info = 0;
      fn(&m, &n, c.a, &lda, piv.Data(c.ipiv), &info);
      piv.CopyBack(c.ipiv, std::min(c.m, c.n));
      c.info = info;
    };
  }

  template <typename T>
  std::function<void()> Bind(GesvCall<T>& c) const {
    using Fn = void (*)(const I*, const I*, T*, const I*, I*, T*, const I*, I*);
    auto fn = Lookup<Fn>(Sym<T>("gesv"));
    return [fn, &c, lib = lib, piv = Pivots<I>(c.n)]() mutable {
      const I n = ToInt<I>(c.n, "n"), nrhs = ToInt<I>(c.nrhs, "nrhs"), lda = ToInt<I>(c.lda, "lda"),
              ldb = ToInt<I>(c.ldb, "ldb");
      I info = 0;
      fn(&n, &nrhs, c.a, &lda, piv.Data(c.ipiv), c.b, &ldb, &info);
      piv.CopyBack(c.ipiv, c.n);
      c.info = info;
    };
  }

  template <typename T>
  std::function<void()> Bind(PotrfCall<T>& c) const {
    using Fn = void (*)(const char*, const I*, T*, const I*, I*, StrLen);
    auto fn = Lookup<Fn>(Sym<T>("potrf"));
    return [fn, &c, lib = lib] {
      const I n = ToInt<I>(c.n, "n"), lda = ToInt<I>(c.lda, "lda");
      I info = 0;
      fn(&c.uplo, &n, c.a, &lda, &info, 1);
      c.info = info;
    };
  }

  template <typename T>
  std::function<void()> Bind(PosvCall<T>& c) const {
    using Fn = void (*)(const char*, const I*, const I*, T*, const I*, T*, const I*, I*, StrLen);
    auto fn = Lookup<Fn>(Sym<T>("posv"));
    return [fn, &c, lib = lib] {
      const I n = ToInt<I>(c.n, "n"), nrhs = ToInt<I>(c.nrhs, "nrhs"), lda = ToInt<I>(c.lda, "lda"),
              ldb = ToInt<I>(c.ldb, "ldb");
      I info = 0;
      fn(&c.uplo, &n, &nrhs, c.a, &lda, c.b, &ldb, &info, 1);
      c.info = info;
    };
  }

  template <typename T>
  std::function<void()> Bind(GeqrfCall<T>& c) const {
    using Fn = void (*)(const I*, const I*, T*, const I*, T*, T*, const I*, I*);
    auto fn = Lookup<Fn>(Sym<T>("geqrf"));
    const I m = ToInt<I>(c.m, "m"), n = ToInt<I>(c.n, "n"), lda = ToInt<I>(c.lda, "lda");
    T query = 0;
    I lwork = -1, info = 0;
    fn(&m, &n, c.a, &lda, c.tau, &query, &lwork, &info);
    std::vector<T> work(static_cast<std::size_t>(LworkFromQuery<I>(query)));
    return [fn, &c, m, n, lda, work, lib = lib]() mutable {
      const I lw = static_cast<I>(work.size());
      I inf = 0;
      fn(&m, &n, c.a, &lda, c.tau, work.data(), &lw, &inf);
      c.info = inf;
    };
  }

  template <typename T>
  std::function<void()> Bind(GelsCall<T>& c) const {
    using Fn = void (*)(const char*, const I*, const I*, const I*, T*, const I*, T*, const I*, T*,
                        const I*, I*, StrLen);
    auto fn = Lookup<Fn>(Sym<T>("gels"));
    const char trans = c.trans == Trans::kNoTrans ? 'N' : 'T';
    const I m = ToInt<I>(c.m, "m"), n = ToInt<I>(c.n, "n"), nrhs = ToInt<I>(c.nrhs, "nrhs"),
            lda = ToInt<I>(c.lda, "lda"), ldb = ToInt<I>(c.ldb, "ldb");
    T query = 0;
    I lwork = -1, info = 0;
    fn(&trans, &m, &n, &nrhs, c.a, &lda, c.b, &ldb, &query, &lwork, &info, 1);
    std::vector<T> work(static_cast<std::size_t>(LworkFromQuery<I>(query)));
    return [fn, &c, trans, m, n, nrhs, lda, ldb, work, lib = lib]() mutable {
      const I lw = static_cast<I>(work.size());
      I inf = 0;
      fn(&trans, &m, &n, &nrhs, c.a, &lda, c.b, &ldb, work.data(), &lw, &inf, 1);
      c.info = inf;
    };
  }

  template <typename T>
  std::function<void()> Bind(GesvdCall<T>& c) const {
    using Fn = void (*)(const char*, const char*, const I*, const I*, T*, const I*, T*, T*, const I*,
                        T*, const I*, T*, const I*, I*, StrLen, StrLen);
    auto fn = Lookup<Fn>(Sym<T>("gesvd"));
    const I m = ToInt<I>(c.m, "m"), n = ToInt<I>(c.n, "n"), lda = ToInt<I>(c.lda, "lda"),
            ldu = ToInt<I>(c.ldu, "ldu"), ldvt = ToInt<I>(c.ldvt, "ldvt");
    T query = 0;
    I lwork = -1, info = 0;
    fn(&c.jobu, &c.jobvt, &m, &n, c.a, &lda, c.s, c.u, &ldu, c.vt, &ldvt, &query, &lwork, &info, 1, 1);
    std::vector<T> work(static_cast<std::size_t>(LworkFromQuery<I>(query)));
    return [fn, &c, m, n, lda, ldu, ldvt, work, lib = lib]() mutable {
      const I lw = static_cast<I>(work.size());
      I inf = 0;
      fn(&c.jobu, &c.jobvt, &m, &n, c.a, &lda, c.s, c.u, &ldu, c.vt, &ldvt, work.data(), &lw, &inf, 1, 1);
      c.info = inf;
    };
  }

  template <typename T>
  std::function<void()> Bind(GesddCall<T>& c) const {
    using Fn = void (*)(const char*, const I*, const I*, T*, const I*, T*, T*, const I*, T*, const I*, T*,
                        const I*, I*, I*, StrLen);
    auto fn = Lookup<Fn>(Sym<T>("gesdd"));
    const I m = ToInt<I>(c.m, "m"), n = ToInt<I>(c.n, "n"), lda = ToInt<I>(c.lda, "lda"),
            ldu = ToInt<I>(c.ldu, "ldu"), ldvt = ToInt<I>(c.ldvt, "ldvt");
    // IWORK is 8 min(m, n) (xGESDD); the query does not return it.
    std::vector<I> iwork(static_cast<std::size_t>(std::max<int64_t>(1, 8 * std::min(c.m, c.n))));
    T query = 0;
    I lwork = -1, info = 0;
    fn(&c.jobz, &m, &n, c.a, &lda, c.s, c.u, &ldu, c.vt, &ldvt, &query, &lwork, iwork.data(), &info, 1);
    std::vector<T> work(static_cast<std::size_t>(LworkFromQuery<I>(query)));
    return [fn, &c, m, n, lda, ldu, ldvt, work, iwork, lib = lib]() mutable {
      const I lw = static_cast<I>(work.size());
      I inf = 0;
      fn(&c.jobz, &m, &n, c.a, &lda, c.s, c.u, &ldu, c.vt, &ldvt, work.data(), &lw, iwork.data(), &inf, 1);
      c.info = inf;
    };
  }

  template <typename T>
  std::function<void()> Bind(SyevdCall<T>& c) const {
    using Fn = void (*)(const char*, const char*, const I*, T*, const I*, T*, T*, const I*, I*,
                        const I*, I*, StrLen, StrLen);
    auto fn = Lookup<Fn>(Sym<T>("syevd"));
    const I n = ToInt<I>(c.n, "n"), lda = ToInt<I>(c.lda, "lda");
    T query = 0;
    I iquery = 0, lwork = -1, liwork = -1, info = 0;
    fn(&c.jobz, &c.uplo, &n, c.a, &lda, c.w, &query, &lwork, &iquery, &liwork, &info, 1, 1);
    std::vector<T> work(static_cast<std::size_t>(LworkFromQuery<I>(query)));
    std::vector<I> iwork(static_cast<std::size_t>(std::max<I>(1, iquery)));
    return [fn, &c, n, lda, work, iwork, lib = lib]() mutable {
      const I lw = static_cast<I>(work.size()), liw = static_cast<I>(iwork.size());
      I inf = 0;
      fn(&c.jobz, &c.uplo, &n, c.a, &lda, c.w, work.data(), &lw, iwork.data(), &liw, &inf, 1, 1);
      c.info = inf;
    };
  }
};

}  // namespace

bool LapackSupports(const Library& library, std::string_view routine, Precision precision) {
  if (!IsBoundLapackRoutine(routine)) return false;
  const std::string name = fmt::format("{}{}", precision == Precision::kSingle ? 's' : 'd', routine);
  return library.Find(name) != nullptr;
}

std::function<void()> LapackRunner(const std::shared_ptr<Library>& library, Call& call,
                                   std::string_view backend) {
  if (library->ilp64()) {
    Binder<int64_t> b{library};
    return lapack_ai::LapackRunner(call, backend, [&b](auto& c) -> decltype(b.Bind(c)) { return b.Bind(c); });
  }
  Binder<int32_t> b{library};
  return lapack_ai::LapackRunner(call, backend, [&b](auto& c) -> decltype(b.Bind(c)) { return b.Bind(c); });
}

}  // namespace lapack_ai::lib
