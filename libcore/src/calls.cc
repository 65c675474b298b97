// Generic queries over the Call variant.
#include "lapack_ai/calls.h"

namespace lapack_ai {

std::string_view RoutineOf(const Call& call) {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kRoutine; }, call);
}

Precision PrecisionOf(const Call& call) {
  return std::visit(
      [](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        return PrecisionFor<std::remove_cvref_t<decltype(*C{}.a)>>();
      },
      call);
}

std::vector<OutputSpan> OutputsOf(const Call& call) {
  return std::visit([](const auto& c) { return c.Outputs(); }, call);
}

}  // namespace lapack_ai
