// One call on one backend on the caller's memory, the process-wide backend cache, and the
// NaN/Inf scan a library user's inputs get before a call.
#include "lapack_ai/single_call.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <map>

#include "lapack_ai/error.h"
#include "ops/info_decode.h"

namespace lapack_ai {

CallOutcome RunSingleCall(Backend& backend, Call& call) {
  std::unique_ptr<BoundCall> bound = backend.Bind(call);
  bound->Run();
  bound->Fetch();
  CallOutcome out;
  out.info = InfoOf(call);
  if (out.info != 0) {
    out.message = DecodeInfo(call, out.info);
    out.routine = std::string(ToString(PrecisionOf(call))) + std::string(RoutineOf(call));
  }
  return out;
}

SharedBackendEntry& SharedBackend(std::string_view spec) {
  // Entries are never erased, so references stay valid; the map's own mutex only guards lookup.
  static std::mutex map_mutex;
  static std::map<std::string, std::unique_ptr<SharedBackendEntry>, std::less<>> entries;
  const std::lock_guard<std::mutex> lock(map_mutex);
  if (auto it = entries.find(spec); it != entries.end()) return *it->second;
  auto entry = std::make_unique<SharedBackendEntry>();
  entry->backend = CreateBackend(spec);
  SharedBackendEntry& ref = *entry;
  entries.emplace(std::string(spec), std::move(entry));
  return ref;
}

template <typename T>
bool FindNonFinite(const T* data, int64_t rows, int64_t cols, int64_t row_stride,
                   int64_t col_stride, int64_t* bad_row, int64_t* bad_col) {
  for (int64_t j = 0; j < cols; ++j) {
    const T* col = data + j * col_stride;
    // A NaN or Inf has every exponent bit set. Or-ing that test over the column is an integer
    // reduction the compiler vectorises (a float sum would need -ffast-math to be), so the usual
    // all-finite input costs one fast pass; only a bad column is searched again.
    using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    constexpr Bits kExponent = sizeof(T) == 4 ? static_cast<Bits>(0x7f800000u)
                                               : static_cast<Bits>(0x7ff0000000000000ull);
    Bits bad = 0;
    for (int64_t i = 0; i < rows; ++i) {
      const Bits bits = std::bit_cast<Bits>(col[i * row_stride]);
      bad |= static_cast<Bits>((bits & kExponent) == kExponent);
    }
    if (bad == 0) continue;
    for (int64_t i = 0; i < rows; ++i) {
      if (!std::isfinite(col[i * row_stride])) {
        *bad_row = i;
        *bad_col = j;
        return true;
      }
    }
  }
  return false;
}

template bool FindNonFinite<float>(const float*, int64_t, int64_t, int64_t, int64_t, int64_t*,
                                   int64_t*);
template bool FindNonFinite<double>(const double*, int64_t, int64_t, int64_t, int64_t, int64_t*,
                                    int64_t*);

}  // namespace lapack_ai
