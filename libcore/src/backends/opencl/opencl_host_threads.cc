// HostThreads (opencl_panel.h): the host panels' LAPACK is OpenBLAS's (LAPACKE -> liblapack.so.3,
// which calls into libopenblas), so its thread count is OpenBLAS's process-wide one.
#include <cblas.h>

#include "opencl_panel.h"

namespace lapack_ai::opencl {

HostThreads::HostThreads(int threads) {
  if (threads <= 0) return;
  previous_ = openblas_get_num_threads();
  if (previous_ != threads) openblas_set_num_threads(threads);
  else previous_ = 0;
}

HostThreads::~HostThreads() {
  if (previous_ > 0) openblas_set_num_threads(previous_);
}

}  // namespace lapack_ai::opencl
