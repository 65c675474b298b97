// Running one call from Python, and the NaN/Inf scan of the user's arrays.
#include "arrays.h"

#include <nanobind/stl/string.h>

namespace lapack_ai::py {

nb::object Execute(const std::string& spec, Call& call) {
  CallOutcome out;
  {
    const nb::gil_scoped_release release;
    SharedBackendEntry& entry = SharedBackend(spec);
    const std::lock_guard<std::mutex> lock(entry.mutex);
    out = RunSingleCall(*entry.backend, call);
  }
  if (out.info == 0) return nb::none();
  return nb::make_tuple(out.info, out.routine, out.message);
}

template <typename T>
void ZeroTriangle(T* a, int64_t n, int64_t ld, bool upper_kept) {
  for (int64_t j = 0; j < n; ++j) {
    if (upper_kept) {
      for (int64_t i = j + 1; i < n; ++i) a[i + j * ld] = 0;
    } else {
      for (int64_t i = 0; i < j && i < n; ++i) a[i + j * ld] = 0;
    }
  }
}
template void ZeroTriangle<float>(float*, int64_t, int64_t, bool);
template void ZeroTriangle<double>(double*, int64_t, int64_t, bool);

namespace {

// (row, col) of the first NaN/Inf of a 1-D or 2-D array in the user's own indexing, or None.
// The scan runs along the array's contiguous axis (whichever order it has) without the GIL.
nb::object FirstNonFinite(const AnyArray& a) {
  if (a.ndim() > 2) throw UsageError("check_finite: expected a 1-D or 2-D array");
  const int64_t rows = a.ndim() >= 1 ? static_cast<int64_t>(a.shape(0)) : 1;
  const int64_t cols = a.ndim() == 2 ? static_cast<int64_t>(a.shape(1)) : 1;
  const int64_t rs = a.ndim() >= 1 ? a.stride(0) : 1;
  const int64_t cs = a.ndim() == 2 ? a.stride(1) : rows;
  int64_t r = 0, c = 0;
  const bool found = DispatchFloat(a, [&]<typename T>() {
    const nb::gil_scoped_release release;
    const T* p = static_cast<const T*>(a.data());
    // Column by column when columns are contiguous, else row by row (C order).
    if (rs <= cs || cols == 1) return FindNonFinite<T>(p, rows, cols, rs, cs, &r, &c);
    return FindNonFinite<T>(p, cols, rows, cs, rs, &c, &r);
  });
  if (!found) return nb::none();
  if (a.ndim() == 1) return nb::make_tuple(r);
  return nb::make_tuple(r, c);
}

}  // namespace

void RegisterArrays(nb::module_& m) {
  m.def("first_nonfinite", &FirstNonFinite, nb::arg("a").noconvert(),
        "Index of the first NaN or Inf of a float32/float64 array (1-D or 2-D), or None.");
}

}  // namespace lapack_ai::py
