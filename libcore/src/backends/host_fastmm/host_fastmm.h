// The host executor of fast-matmul plans, shared by every CPU base (openblas, lib:<any>): block
// products go to the gemm it is given, additions run on its own column pool.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "lapack_ai/backend.h"

namespace lapack_ai {

/// Column-major C = alpha op(A) op(B) + beta C of one precision.
template <typename T>
using HostGemmFn = std::function<void(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, T alpha,
                                      const T* a, int64_t lda, const T* b, int64_t ldb, T beta,
                                      T* c, int64_t ldc)>;

/// The base's gemm and how many threads the additions may use (as many as the gemm does).
struct HostGemm {
  std::string backend;  ///< the base's name, for messages
  HostGemmFn<float> s;
  HostGemmFn<double> d;
  std::function<int()> threads;
};

/// Binds a float or double gemm call to run through `plan` (which must outlive the result) with
/// `gemm` doing the block products. Throws Unsupported for any other call.
std::unique_ptr<BoundCall> BindHostFastGemm(const fastmm::Plan& plan, Call& call, HostGemm gemm);

}  // namespace lapack_ai
