// gemm and gemm_batched of a dlmopen'ed library through its Fortran ?gemm, and the same gemm
// as the block product of the host fast-matmul executor.
#pragma once
#include <functional>
#include <memory>

#include "backends/host_fastmm/host_fastmm.h"
#include "backends/lib/blas_library.h"
#include "lapack_ai/calls.h"

namespace lapack_ai::lib {

/// The runner of a gemm or gemm_batched `call` (which must outlive it) on `library`; a batch is
/// a loop of gemm calls. Throws Unsupported for other calls or a missing ?gemm.
std::function<void()> GemmRunner(const std::shared_ptr<Library>& library, Call& call);

/// `library`'s sgemm/dgemm and thread count for BindHostFastGemm.
HostGemm HostGemmOf(const std::shared_ptr<Library>& library, const std::string& backend);

}  // namespace lapack_ai::lib
