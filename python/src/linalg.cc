// The routine bindings: one function per LAPACK/BLAS call, on Fortran-contiguous operands the
// Python layer prepared (lapack_ai/_linalg.py picks layouts, transposes and copies). Each
// overwrites its operands as the routine does and returns None or (info, routine, message).
#include <algorithm>
#include <optional>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include "arrays.h"

namespace lapack_ai::py {
namespace {

Trans T(bool transposed) { return transposed ? Trans::kTrans : Trans::kNoTrans; }

void Expect(bool ok, const char* what) {
  if (!ok) throw UsageError(what);
}

nb::object Gemm(const std::string& backend, bool transa, bool transb, double alpha,
                const FMatrix& a, const FMatrix& b, double beta, const FMatrix& c) {
  return DispatchFloat(c, [&]<typename V>() {
    GemmCall<V> g;
    g.transa = T(transa);
    g.transb = T(transb);
    g.m = Rows(c);
    g.n = Cols(c);
    g.k = transa ? Rows(a) : Cols(a);
    Expect((transa ? Cols(a) : Rows(a)) == g.m, "matmul: rows of a and c differ");
    Expect((transb ? Cols(b) : Rows(b)) == g.k && (transb ? Rows(b) : Cols(b)) == g.n,
           "matmul: inner dimensions of a and b differ");
    g.alpha = static_cast<V>(alpha);
    g.beta = static_cast<V>(beta);
    g.a = Data<V>(a, "a");
    g.lda = Ld(a);
    g.b = Data<V>(b, "b");
    g.ldb = Ld(b);
    g.c = Data<V>(c, "c");
    g.ldc = Ld(c);
    Call call = g;
    return Execute(backend, call);
  });
}

nb::object Getrf(const std::string& backend, const FMatrix& a, const Vector& ipiv) {
  return DispatchFloat(a, [&]<typename V>() {
    Expect(ipiv.dtype() == nb::dtype<int32_t>(), "ipiv: expected int32");
    Call call = GetrfCall<V>{Rows(a), Cols(a), Data<V>(a, "a"), Ld(a),
                             static_cast<int32_t*>(ipiv.data())};
    return Execute(backend, call);
  });
}

nb::object Gesv(const std::string& backend, const FMatrix& a, const Vector& ipiv,
                const FMatrix& b) {
  return DispatchFloat(a, [&]<typename V>() {
    Expect(ipiv.dtype() == nb::dtype<int32_t>(), "ipiv: expected int32");
    Expect(Rows(a) == Cols(a) && Rows(b) == Rows(a), "solve: a must be square and match b");
    Call call = GesvCall<V>{Rows(a), Cols(b), Data<V>(a, "a"), Ld(a),
                            static_cast<int32_t*>(ipiv.data()), Data<V>(b, "b"), Ld(b)};
    return Execute(backend, call);
  });
}

nb::object Potrf(const std::string& backend, bool lower, bool clean, const FMatrix& a) {
  return DispatchFloat(a, [&]<typename V>() {
    Expect(Rows(a) == Cols(a), "cholesky: a must be square");
    Call call = PotrfCall<V>{lower ? 'L' : 'U', Rows(a), Data<V>(a, "a"), Ld(a)};
    nb::object out = Execute(backend, call);
    if (clean && out.is_none()) ZeroTriangle(Data<V>(a, "a"), Rows(a), Ld(a), !lower);
    return out;
  });
}

nb::object Posv(const std::string& backend, bool lower, const FMatrix& a, const FMatrix& b) {
  return DispatchFloat(a, [&]<typename V>() {
    Expect(Rows(a) == Cols(a) && Rows(b) == Rows(a), "solve: a must be square and match b");
    Call call = PosvCall<V>{lower ? 'L' : 'U', Rows(a), Cols(b), Data<V>(a, "a"), Ld(a),
                            Data<V>(b, "b"), Ld(b)};
    return Execute(backend, call);
  });
}

nb::object Geqrf(const std::string& backend, const FMatrix& a, const Vector& tau) {
  return DispatchFloat(a, [&]<typename V>() {
    Call call = GeqrfCall<V>{Rows(a), Cols(a), Data<V>(a, "a"), Ld(a), Data<V>(tau, "tau")};
    return Execute(backend, call);
  });
}

nb::object Gels(const std::string& backend, const FMatrix& a, const FMatrix& b) {
  return DispatchFloat(a, [&]<typename V>() {
    Expect(Rows(b) >= std::max(Rows(a), Cols(a)), "lstsq: b needs max(m, n) rows");
    Call call = GelsCall<V>{Trans::kNoTrans, Rows(a), Cols(a), Cols(b), Data<V>(a, "a"), Ld(a),
                            Data<V>(b, "b"), Ld(b)};
    return Execute(backend, call);
  });
}

// The SVD by xGESVD or, with `divide`, xGESDD (jobz = job); u and vt are None for job 'N'.
template <template <typename> class SvdCall>
nb::object Svd(const std::string& backend, char job, const FMatrix& a, const Vector& s,
               const std::optional<FMatrix>& u, const std::optional<FMatrix>& vt) {
  return DispatchFloat(a, [&]<typename V>() {
    SvdCall<V> g;
    if constexpr (requires { g.jobz; }) g.jobz = job;
    else g.jobu = g.jobvt = job;
    g.m = Rows(a);
    g.n = Cols(a);
    g.a = Data<V>(a, "a");
    g.lda = Ld(a);
    g.s = Data<V>(s, "s");
    if (u) {
      g.u = Data<V>(*u, "u");
      g.ldu = Ld(*u);
    }
    if (vt) {
      g.vt = Data<V>(*vt, "vt");
      g.ldvt = Ld(*vt);
    }
    Call call = g;
    return Execute(backend, call);
  });
}

nb::object Syevd(const std::string& backend, bool vectors, bool lower, const FMatrix& a,
                 const Vector& w) {
  return DispatchFloat(a, [&]<typename V>() {
    Expect(Rows(a) == Cols(a), "eigh: a must be square");
    Call call = SyevdCall<V>{vectors ? 'V' : 'N', lower ? 'L' : 'U', Rows(a), Data<V>(a, "a"),
                             Ld(a), Data<V>(w, "w")};
    return Execute(backend, call);
  });
}

}  // namespace

void RegisterLinalg(nb::module_& m) {
  using nb::arg;
  m.def("gemm", &Gemm, arg("backend"), arg("transa"), arg("transb"), arg("alpha"),
        arg("a").noconvert(), arg("b").noconvert(), arg("beta"), arg("c").noconvert());
  m.def("getrf", &Getrf, arg("backend"), arg("a").noconvert(), arg("ipiv").noconvert());
  m.def("gesv", &Gesv, arg("backend"), arg("a").noconvert(), arg("ipiv").noconvert(),
        arg("b").noconvert());
  m.def("potrf", &Potrf, arg("backend"), arg("lower"), arg("clean"), arg("a").noconvert());
  m.def("posv", &Posv, arg("backend"), arg("lower"), arg("a").noconvert(), arg("b").noconvert());
  m.def("geqrf", &Geqrf, arg("backend"), arg("a").noconvert(), arg("tau").noconvert());
  m.def("gels", &Gels, arg("backend"), arg("a").noconvert(), arg("b").noconvert());
  m.def("gesvd", &Svd<GesvdCall>, arg("backend"), arg("job"), arg("a").noconvert(), arg("s").noconvert(),
        arg("u").noconvert().none(), arg("vt").noconvert().none());
  m.def("gesdd", &Svd<GesddCall>, arg("backend"), arg("job"), arg("a").noconvert(), arg("s").noconvert(),
        arg("u").noconvert().none(), arg("vt").noconvert().none());
  m.def("syevd", &Syevd, arg("backend"), arg("vectors"), arg("lower"), arg("a").noconvert(),
        arg("w").noconvert());
}

}  // namespace lapack_ai::py
