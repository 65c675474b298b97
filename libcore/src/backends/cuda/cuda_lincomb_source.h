// The additions of a fast-matmul plan as CUDA C specialised to one Combine launch: every
// block's offset and leading dimension, every nonzero coefficient and every destination's init
// are literals, so the kernel is its loads, FMAs and stores and nothing else. The generic
// kernels/cuda_lincomb.cu reads all of that from tables per thread and tests every coefficient
// against zero; on the H200 that made it instruction-bound at 1.9-3.1 TB/s where a copy moves
// 4.24 (bench/cuda_lincomb_probe.cu). NVRTC compiles the source at bind time (cuda_nvrtc.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cuda_fastmm.h"

namespace lapack_ai::cuda {

/// Whether `l` has a specialised form: modes 's' (sources held in registers) and 'd'
/// (destinations held); 'a' steps keep the generic kernel.
bool Specialisable(const CombineLaunch& l);

/// CUDA C of `l` as kernel `name`(T* b0, T* b1, T* b2, T* b3, T beta), launched like the generic
/// kernel: LincombGrid(l.rows, l.cols, l.vec, sizeof(T)) blocks of 64 x 4 threads. `table` and
/// `coef` are the layout's (FastLayout::table, and coef with alpha folded in as uploaded).
/// Sums run in the generic kernel's order with the same FMAs, so results are bit-identical.
/// Each term is one line "aD.v[Q] = fma(K, xS.v[Q], aD.v[Q]);" (K a hex literal), which the
/// host tests read back.
template <typename T>
std::string LincombSource(const CombineLaunch& l, const std::vector<int64_t>& table,
                          const std::vector<T>& coef, const std::string& name);

}  // namespace lapack_ai::cuda
