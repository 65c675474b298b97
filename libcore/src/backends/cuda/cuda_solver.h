// What the cuSOLVER bound calls share: the devInfo words copied back after each Run into the
// call's LAPACK INFO, workspace sized at bind time, and the s/d entry point of a routine.
#pragma once
#include <cstdint>

#include "cuda_bound_call.h"

namespace lapack_ai::cuda {

/// The single- or double-precision entry point, by T.
template <typename T, typename FS, typename FD>
auto Pick(FS single, FD dbl) {
  if constexpr (sizeof(T) == 4) {
    return single;
  } else {
    return dbl;
  }
}

/// A call that ends with LAPACK's INFO. Two devInfo words: the factorisation's (word 0) and a
/// later solve's (word 1), so a solve cannot overwrite the factorisation's positive INFO.
class SolverBoundCall : public CudaBoundCall {
 public:
  SolverBoundCall(Device& dev, bool transfers, int64_t* info)
      : CudaBoundCall(dev, transfers), info_(info), dev_info_(dev.Alloc(2 * sizeof(int))) {}

 protected:
  int* dev_info(int word = 0) const { return reinterpret_cast<int*>(dev_info_.get()) + word; }
  /// The workspace, sized at bind time (never in Run): `query(int* lwork)` calls the routine's
  /// cuSOLVER *_bufferSize (through LAPACK_AI_CUSOLVER, so a failure names the call); it is
  /// skipped for an empty problem, whose zero dimensions cuSOLVER rejects.
  template <typename T, typename Query>
  void SizeWork(bool empty, Query query) {
    int lwork = 0;
    if (!empty) {
      dev_.MakeCurrent();
      query(&lwork);
    }
    work_ = dev_.Alloc(sizeof(T) * static_cast<std::size_t>(lwork > 0 ? lwork : 1));
    lwork_ = lwork;
  }
  template <typename T>
  T* work() const { return reinterpret_cast<T*>(work_.get()); }
  int lwork() const { return lwork_; }

  void AfterRun() override {
    int words[2] = {0, 0};
    LAPACK_AI_CU(dev_.api().cuMemcpyDtoH_v2(words, dev_info_.get(), sizeof(words)));
    *info_ = words[0] != 0 ? words[0] : words[1];
  }
  int64_t& info() { return *info_; }
  /// Zeroes both words on the stream (a routine that stops early leaves its word untouched).
  void ClearInfo() {
    LAPACK_AI_CU(dev_.api().cuMemsetD8Async(dev_info_.get(), 0, 2 * sizeof(int), dev_.stream()));
  }

 private:
  int64_t* info_;
  DeviceBuffer dev_info_;
  DeviceBuffer work_;
  int lwork_ = 0;
};

/// gesvd, any shape (cuda_solver_svd.cc).
template <typename T>
std::unique_ptr<BoundCall> BindGesvd(Device& dev, bool transfers, GesvdCall<T>& c);

}  // namespace lapack_ai::cuda
