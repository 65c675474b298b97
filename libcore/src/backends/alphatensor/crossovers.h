// The crossover table of alphatensor:auto: which (scheme, levels) to use from which size on,
// per precision, measured by bench/alphatensor-tune.sh. Format: docs/ALPHATENSOR.md.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lapack_ai/types.h"

namespace lapack_ai::alphatensor {

/// From `min_size` on (compared with min(m, n, k) of a gemm), run `scheme` with `levels`;
/// scheme "base" means the plain base GEMM (a size range where no scheme pays).
struct Crossover {
  int64_t min_size = 0;
  std::string scheme;
  int levels = 1;
};

struct CrossoverTable {
  std::string source;  ///< file path, or "shipped default"
  std::string measured;  ///< free text: date, machine, command
  std::vector<Crossover> single, dbl;  ///< sorted by min_size

  /// The entry for a gemm of these sizes, or nullptr where the base GEMM should run (below the
  /// first crossover or in a "base" range).
  const Crossover* Pick(Precision p, int64_t m, int64_t n, int64_t k) const;
};

/// Parses a crossover table; throws UsageError naming `origin` and the JSON pointer at fault.
CrossoverTable ParseCrossovers(std::string_view json_text, const std::string& origin);

/// The table in $LAPACK_AI_ALPHATENSOR_CROSSOVERS when set (a file path), otherwise the one
/// shipped in the binary (data/alphatensor_crossovers.json). Throws UsageError for a missing or
/// malformed file.
CrossoverTable LoadCrossovers();

}  // namespace lapack_ai::alphatensor
