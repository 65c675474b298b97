// Argument tables (LAPACK's order and rules) and the meaning of positive INFO per routine.
#include "info_decode.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace lapack_ai {
namespace {

struct Arg {
  int index;          // 1-based position in the Fortran routine
  std::string name;   // as in the LAPACK documentation
  std::string value;  // as passed
  std::string rule;   // what a legal value is
  bool ok;
};

std::string Ch(char c) { return fmt::format("'{}'", c); }
std::string I(int64_t v) { return std::to_string(v); }
int64_t Max1(int64_t a, int64_t b = 0, int64_t c = 0) { return std::max({int64_t{1}, a, b, c}); }

bool OneOf(char c, std::string_view set) {
  return set.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c)))) !=
         std::string_view::npos;
}

Arg Dim(int index, const char* name, int64_t v) { return {index, name, I(v), ">= 0", v >= 0}; }
Arg Lead(int index, const char* name, int64_t v, const char* of, int64_t need) {
  return {index, name, I(v), fmt::format(">= max(1, {}) = {}", of, need), v >= need};
}

struct ArgLister {
  template <typename T>
  std::vector<Arg> operator()(const GetrfCall<T>& c) const {
    return {Dim(1, "M", c.m), Dim(2, "N", c.n), Lead(4, "LDA", c.lda, "M", Max1(c.m))};
  }
  template <typename T>
  std::vector<Arg> operator()(const GesvCall<T>& c) const {
    return {Dim(1, "N", c.n), Dim(2, "NRHS", c.nrhs), Lead(4, "LDA", c.lda, "N", Max1(c.n)),
            Lead(7, "LDB", c.ldb, "N", Max1(c.n))};
  }
  template <typename T>
  std::vector<Arg> operator()(const PotrfCall<T>& c) const {
    return {{1, "UPLO", Ch(c.uplo), "'U' or 'L'", OneOf(c.uplo, "UL")}, Dim(2, "N", c.n),
            Lead(4, "LDA", c.lda, "N", Max1(c.n))};
  }
  template <typename T>
  std::vector<Arg> operator()(const PosvCall<T>& c) const {
    return {{1, "UPLO", Ch(c.uplo), "'U' or 'L'", OneOf(c.uplo, "UL")}, Dim(2, "N", c.n),
            Dim(3, "NRHS", c.nrhs), Lead(5, "LDA", c.lda, "N", Max1(c.n)),
            Lead(7, "LDB", c.ldb, "N", Max1(c.n))};
  }
  template <typename T>
  std::vector<Arg> operator()(const GeqrfCall<T>& c) const {
    return {Dim(1, "M", c.m), Dim(2, "N", c.n), Lead(4, "LDA", c.lda, "M", Max1(c.m))};
  }
  template <typename T>
  std::vector<Arg> operator()(const GelsCall<T>& c) const {
    return {{1, "TRANS", Ch(c.trans == Trans::kNoTrans ? 'N' : 'T'), "'N' or 'T'", true},
            Dim(2, "M", c.m), Dim(3, "N", c.n), Dim(4, "NRHS", c.nrhs),
            Lead(6, "LDA", c.lda, "M", Max1(c.m)), Lead(8, "LDB", c.ldb, "M, N", Max1(c.m, c.n))};
  }
  template <typename T>
  std::vector<Arg> operator()(const GesvdCall<T>& c) const {
    const bool uas = OneOf(c.jobu, "AS");
    const int64_t need_u = uas ? Max1(c.m) : 1;
    const int64_t need_vt = OneOf(c.jobvt, "A") ? Max1(c.n) : OneOf(c.jobvt, "S") ? Max1(std::min(c.m, c.n)) : 1;
    return {{1, "JOBU", Ch(c.jobu), "'A', 'S', 'O' or 'N'", OneOf(c.jobu, "ASON")},
            {2, "JOBVT", Ch(c.jobvt), "'A', 'S', 'O' or 'N', not both 'O'",
             OneOf(c.jobvt, "ASON") && !(OneOf(c.jobu, "O") && OneOf(c.jobvt, "O"))},
            Dim(3, "M", c.m), Dim(4, "N", c.n), Lead(6, "LDA", c.lda, "M", Max1(c.m)),
            {9, "LDU", I(c.ldu), fmt::format(">= {} for JOBU = {}", need_u, Ch(c.jobu)), c.ldu >= need_u},
            {11, "LDVT", I(c.ldvt), fmt::format(">= {} for JOBVT = {}", need_vt, Ch(c.jobvt)),
             c.ldvt >= need_vt}};
  }
  template <typename T>
  std::vector<Arg> operator()(const GesddCall<T>& c) const {
    const int64_t k = std::min(c.m, c.n);
    const bool a = OneOf(c.jobz, "A"), s = OneOf(c.jobz, "S");
    const int64_t need_u = a || s ? Max1(c.m) : 1;
    const int64_t need_vt = a ? Max1(c.n) : s ? Max1(k) : 1;
    return {{1, "JOBZ", Ch(c.jobz), "'A', 'S' or 'N'", OneOf(c.jobz, "ASN")},
            Dim(2, "M", c.m), Dim(3, "N", c.n), Lead(5, "LDA", c.lda, "M", Max1(c.m)),
            {8, "LDU", I(c.ldu), fmt::format(">= {} for JOBZ = {}", need_u, Ch(c.jobz)), c.ldu >= need_u},
            {10, "LDVT", I(c.ldvt), fmt::format(">= {} for JOBZ = {}", need_vt, Ch(c.jobz)), c.ldvt >= need_vt}};
  }
  template <typename T>
  std::vector<Arg> operator()(const SyevdCall<T>& c) const {
    return {{1, "JOBZ", Ch(c.jobz), "'N' or 'V'", OneOf(c.jobz, "NV")},
            {2, "UPLO", Ch(c.uplo), "'U' or 'L'", OneOf(c.uplo, "UL")}, Dim(3, "N", c.n),
            Lead(5, "LDA", c.lda, "N", Max1(c.n))};
  }
  template <typename Other>
  std::vector<Arg> operator()(const Other&) const {
    return {};
  }
};

std::string Positive(const Call& call, int64_t info) {
  const std::string i = I(info);
  const std::string_view r = RoutineOf(call);
  if (r == "getrf" || r == "gesv") {
    return fmt::format("U({0},{0}) is exactly zero: A is singular{1}; use gels/gelsd for least "
                       "squares or regularize",
                       i, r == "gesv" ? ", so the solution could not be computed" : "");
  }
  if (r == "potrf" || r == "posv") {
    return fmt::format("the leading minor of order {} is not positive definite: A is not SPD{}; "
                       "use getrf/sytrf (or check that A is symmetric and correctly scaled)",
                       i, r == "posv" ? ", so the solution could not be computed" : "");
  }
  if (r == "gels") {
    return fmt::format("diagonal element {} of the triangular factor of A is zero: A does not "
                       "have full rank, so the least squares solution could not be computed; use "
                       "gelsd or gelsy (rank-revealing)", i);
  }
  if (r == "gesvd") {
    return fmt::format("SVD did not converge: {} superdiagonals of the intermediate bidiagonal "
                       "form did not converge to zero (xBDSQR); check A for NaN/Inf or extreme "
                       "scaling, or try gesdd", i);
  }
  if (r == "gesdd") {
    return fmt::format("SVD did not converge: the divide and conquer step (xBDSDC) failed, INFO = "
                       "{}; check A for NaN/Inf or extreme scaling, or try gesvd", i);
  }
  if (r == "syevd") {
    const auto* c = std::get_if<SyevdCall<double>>(&call);
    const auto* cf = std::get_if<SyevdCall<float>>(&call);
    const char jobz = c ? c->jobz : cf ? cf->jobz : 'N';
    const int64_t n = c ? c->n : cf ? cf->n : 0;
    const std::string what =
        OneOf(jobz, "V") ? fmt::format("failed to compute an eigenvalue while working on the "
                                       "submatrix in rows and columns {} through {}",
                                       info / (n + 1), info % (n + 1))
                         : fmt::format("{} off-diagonal elements of an intermediate tridiagonal "
                                       "form did not converge to zero", i);
    return "eigensolver did not converge: " + what +
           "; check A for NaN/Inf or extreme scaling, or try syev/syevr";
  }
  return fmt::format("{} returned INFO = {}, which it does not document", r, i);
}

std::string RoutineName(const Call& call) {
  return fmt::format("{}{}", PrecisionOf(call) == Precision::kSingle ? 's' : 'd', RoutineOf(call));
}

}  // namespace

int64_t InfoOf(const Call& call) {
  return std::visit(
      [](const auto& c) -> int64_t {
        if constexpr (requires { c.info; }) return c.info;
        else return 0;
      },
      call);
}

int64_t ValidateArguments(const Call& call) {
  for (const Arg& a : std::visit(ArgLister{}, call))
    if (!a.ok) return -a.index;
  return 0;
}

std::string DecodeInfo(const Call& call, int64_t info) {
  if (info == 0) return "";
  if (info > 0) return Positive(call, info);
  const auto args = std::visit(ArgLister{}, call);
  for (const Arg& a : args) {
    if (a.index != -info) continue;
    return fmt::format("{}: argument {} ({}) had an illegal value: {} = {}, must be {}",
                       RoutineName(call), a.index, a.name, a.name, a.value, a.rule);
  }
  return fmt::format("{}: argument {} had an illegal value (a workspace size or an argument "
                     "lapack-ai does not expose; the backend passed it)", RoutineName(call), -info);
}

}  // namespace lapack_ai
