// SegmentProfile (see cuda_segment_profile.h).
#include "cuda_segment_profile.h"

#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai::cuda {

SegmentProfile::SegmentProfile(const Api& api) : api_(api) {
  const char* env = std::getenv("LAPACK_AI_FASTMM_PROFILE");
  enabled_ = env != nullptr && std::string_view(env) == "1";
}

SegmentProfile::~SegmentProfile() {
  for (CUevent e : events_) api_.cuEventDestroy_v2(e);
}

void SegmentProfile::Open(CUstream stream, std::string label, double bytes, double flops) {
  if (!enabled_) return;
  const std::size_t segment = next_;
  Close(stream);
  if (segments_.size() <= segment) segments_.push_back({std::move(label), bytes, flops, 0});
}

void SegmentProfile::Close(CUstream stream) {
  if (!enabled_) return;
  if (events_.size() <= next_) {
    CUevent e = nullptr;
    LAPACK_AI_CU(api_.cuEventCreate(&e, CU_EVENT_DEFAULT));
    events_.push_back(e);
  }
  LAPACK_AI_CU(api_.cuEventRecord(events_[next_], stream));
  ++next_;
}

void SegmentProfile::Collect() {
  if (!enabled_) return;
  const std::size_t boundaries = next_;
  next_ = 0;
  if (++calls_ == 1) return;  // the warm-up: first-use costs
  for (std::size_t i = 0; i + 1 < boundaries && i < segments_.size(); ++i) {
    float ms = 0;
    LAPACK_AI_CU(api_.cuEventElapsedTime_v2(&ms, events_[i], events_[i + 1]));
    segments_[i].seconds += static_cast<double>(ms) * 1e-3;
  }
}

std::string SegmentProfile::Report() const {
  if (!enabled_ || calls_ < 2) return {};
  const double calls = calls_ - 1;
  double total = 0;
  for (const Segment& s : segments_) total += s.seconds / calls;
  std::string out;
  for (const Segment& s : segments_) {
    const double t = s.seconds / calls;
    std::string rate;
    if (s.bytes > 0 && t > 0) rate += fmt::format(", {:.2f} TB/s", s.bytes / t * 1e-12);
    if (s.flops > 0 && t > 0) rate += fmt::format(", {:.1f} TFLOP/s", s.flops / t * 1e-12);
    out += fmt::format("  {:<40} {:8.3f} ms ({:4.1f} %){}\n", s.label, t * 1e3, 100 * t / total, rate);
  }
  return out + fmt::format("  {:<40} {:8.3f} ms, mean of {} calls\n", "all segments", total * 1e3, calls);
}

}  // namespace lapack_ai::cuda
