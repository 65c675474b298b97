// The routine table and the case key every routine's seed derives from.
#include "op_table.h"

#include <fmt/format.h>

namespace lapack_ai {

std::vector<const OpDescription*> AllOps() {
  return {&GemmDescription(),        &GemmBatchedDescription(), &GetrfDescription(),
          &GesvDescription(),        &PotrfDescription(),       &PosvDescription(),
          &GeqrfDescription(),       &GelsDescription(),        &GesvdDescription(),
          &GesvdValuesDescription(), &SyevdDescription(),       &SyevdValuesDescription()};
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

}  // namespace lapack_ai
