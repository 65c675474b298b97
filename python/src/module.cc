// lapack_ai._core: the nanobind extension under the lapack_ai package. The public API, argument
// conventions and layouts are in python/lapack_ai/; this module only crosses into libcore.
#include "arrays.h"

NB_MODULE(_core, m) {
  m.doc() = "lapack_ai::core for Python (use the lapack_ai package, not this module)";
  lapack_ai::py::RegisterErrors(m);
  lapack_ai::py::RegisterArrays(m);
  lapack_ai::py::RegisterLinalg(m);
  lapack_ai::py::RegisterRecords(m);
  lapack_ai::py::RegisterTiming(m);
}
