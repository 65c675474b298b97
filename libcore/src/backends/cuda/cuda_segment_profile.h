// LAPACK_AI_FASTMM_PROFILE=1 for alphatensor:<scheme>@cuda: where a fast-matmul call's device
// time goes, segment by segment (each Combine launch, each run of products across the streams,
// the fringes), from events on the call's stream. The CUDA twin of host_fastmm's profile; a
// diagnostic for docs/PERFORMANCE.md's "what limits it", printed when the bound call ends.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "cuda_api.h"

namespace lapack_ai::cuda {

class SegmentProfile {
 public:
  /// Enabled when LAPACK_AI_FASTMM_PROFILE is "1"; otherwise every member is a no-op.
  explicit SegmentProfile(const Api& api);
  ~SegmentProfile();
  SegmentProfile(const SegmentProfile&) = delete;
  SegmentProfile& operator=(const SegmentProfile&) = delete;
  bool enabled() const { return enabled_; }

  /// Queues the boundary that opens the next segment of this call; `bytes` and `flops` are what
  /// the segment moves and computes (for its GB/s and TFLOP/s). The first call of a Run opens it.
  void Open(CUstream stream, std::string label, double bytes, double flops);
  /// Queues the boundary that closes the last segment.
  void Close(CUstream stream);
  /// After the call completed: adds each segment's time. The first call (the bind-time warm-up)
  /// is left out.
  void Collect();
  /// One line per segment: mean milliseconds over the collected calls, rates, share of the call.
  std::string Report() const;

 private:
  struct Segment {
    std::string label;
    double bytes = 0, flops = 0, seconds = 0;
  };
  const Api& api_;
  bool enabled_ = false;
  std::vector<CUevent> events_;
  std::vector<Segment> segments_;
  std::size_t next_ = 0;  // boundaries queued in the current call
  int calls_ = 0;         // calls seen, the warm-up included
};

}  // namespace lapack_ai::cuda
