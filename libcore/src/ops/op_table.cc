// The routine table and the case key every routine's seed derives from.
#include "op_table.h"

#include <algorithm>

#include <fmt/format.h>

#include "gemm_check.h"

namespace lapack_ai {

std::vector<const OpDescription*> AllOps() {
  return {&GemmDescription(),        &GemmBatchedDescription(), &GetrfDescription(),
          &GesvDescription(),        &PotrfDescription(),       &PosvDescription(),
          &GeqrfDescription(),       &GelsDescription(),        &GesvdDescription(),
          &GesvdValuesDescription(), &GesddDescription(),       &SyevdDescription(),
          &SyevdValuesDescription()};
}

const OpDescription* FindOp(std::string_view name) {
  for (const OpDescription* op : AllOps()) {
    if (op->name() == name) return op;
  }
  return nullptr;
}

std::string CaseParams::Key() const {
  return fmt::format("{} {} {}{} m={} n={} k={} alpha={} beta={} nrhs={} batch={} matrix={} cond={}",
                     op, ToString(type), ToString(transa), ToString(transb), m, n, k, alpha, beta,
                     nrhs, batch, matrix, cond);
}

MemoryNeed GemmMemory(const CaseParams& p, double batch) {
  const double e = static_cast<double>(ElementSize(p.type));
  const double m = static_cast<double>(p.m), n = static_cast<double>(p.n);
  const double k = static_cast<double>(p.k);
  const double a = m * k * batch, b = k * n * batch, c = m * n * batch;
  const bool full = p.full_check || c * k <= kFullCheckMaxMnk;
  MemoryNeed need;
  need.host_fixed = (a + b + 2 * c + (full ? c : 0)) * e;
  need.host_per_backend = c * e;
  need.device = (a + b + 2 * c) * e;
  return need;
}

MemoryNeed LapackMemory(const CaseParams& p, double inputs, double work, double check_ld,
                        double generated) {
  const double e = static_cast<double>(ElementSize(p.type));
  constexpr double kLd = sizeof(long double);
  MemoryNeed need;
  // The generator's long-double copies are gone before the checks build theirs.
  need.host_fixed = inputs * e + std::max(2 * generated, check_ld) * kLd;
  need.host_per_backend = 2 * work * e;
  need.device = 2 * work * e;
  return need;
}

}  // namespace lapack_ai
