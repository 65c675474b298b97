// NumPy arrays as the binding receives them (nanobind ndarrays, CPU, any float dtype) and the
// helpers every routine binding uses: dtype dispatch, shapes, leading dimensions, and running a
// call on a shared backend with the GIL released.
#pragma once
#include <cstdint>
#include <string>
#include <utility>

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include "lapack_ai/calls.h"
#include "lapack_ai/error.h"
#include "lapack_ai/single_call.h"

namespace lapack_ai::py {

namespace nb = nanobind;

/// A column-major matrix operand: Fortran-contiguous, used in place (never converted: the
/// Python layer makes the one documented copy where one is needed).
using FMatrix = nb::ndarray<nb::numpy, nb::f_contig, nb::ndim<2>, nb::device::cpu>;
/// A contiguous vector operand (singular values, tau, eigenvalues, pivots).
using Vector = nb::ndarray<nb::numpy, nb::c_contig, nb::ndim<1>, nb::device::cpu>;
/// Any CPU array, any strides (the NaN/Inf scan reads the user's array as it is).
using AnyArray = nb::ndarray<nb::numpy, nb::device::cpu>;

inline int64_t Rows(const FMatrix& a) { return static_cast<int64_t>(a.shape(0)); }
inline int64_t Cols(const FMatrix& a) { return static_cast<int64_t>(a.shape(1)); }
/// BLAS's leading dimension of a Fortran-contiguous matrix: its row count, at least 1.
inline int64_t Ld(const FMatrix& a) { return Rows(a) > 0 ? Rows(a) : 1; }

template <typename T, typename Array>
T* Data(const Array& a, const char* name) {
  if (a.dtype() != nb::dtype<T>())
    throw UsageError(std::string(name) + ": dtype differs from the other operands");
  return static_cast<T*>(a.data());
}

/// Calls fn.template operator()<float or double>() by the dtype of `a`; UsageError otherwise.
template <typename Array, typename Fn>
decltype(auto) DispatchFloat(const Array& a, Fn&& fn) {
  if (a.dtype() == nb::dtype<float>()) return fn.template operator()<float>();
  if (a.dtype() == nb::dtype<double>()) return fn.template operator()<double>();
  throw UsageError("dtype: expected float32 or float64");
}

/// Runs `call` once on the backend `spec` names (created on first use, then cached), with the
/// GIL released and the backend's mutex held. Returns None when INFO is 0, else
/// (info, routine, decoded message).
nb::object Execute(const std::string& spec, Call& call);

/// Sets the strictly lower (upper = true) or upper triangle of column-major `a` to zero.
template <typename T>
void ZeroTriangle(T* a, int64_t n, int64_t ld, bool upper_kept);

void RegisterArrays(nb::module_& m);
void RegisterLinalg(nb::module_& m);
void RegisterRecords(nb::module_& m);
void RegisterErrors(nb::module_& m);
void RegisterTiming(nb::module_& m);

}  // namespace lapack_ai::py
