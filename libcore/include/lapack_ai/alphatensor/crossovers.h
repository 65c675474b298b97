// The crossover table of alphatensor:auto: which (scheme, levels) to use from which size on,
// per precision, measured by `lapack-ai tune`. Formats 1 (one table) and 2 (tables keyed by
// host CPU and base): docs/ALPHATENSOR.md. Where auto looks for them: crossovers_file.h.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/types.h"

namespace lapack_ai::alphatensor {

/// The "format" strings. A file without one is read as format 1.
inline constexpr std::string_view kCrossoversFormat1 = "lapack-ai alphatensor crossovers 1";
inline constexpr std::string_view kCrossoversFormat2 = "lapack-ai crossovers 2";

/// From `min_size` on (compared with min(m, n, k) of a gemm), run `scheme` with `levels`;
/// scheme "base" means the plain base GEMM (a size range where no scheme pays).
struct Crossover {
  int64_t min_size = 0;
  std::string scheme;
  int levels = 1;
  bool operator==(const Crossover&) const = default;
};

struct CrossoverTable {
  /// Where it came from, as `devices` and the results' context show it: a file path, "path
  /// (cpu C, base B)" for a table of a format-2 file, or "shipped default (...)".
  std::string source;
  std::string measured;  ///< free text: date, machine, command
  std::string cpu;       ///< format 2: host CPU model the table was measured on ("" in format 1)
  std::string base;      ///< base backend spec it was measured with ("" when not stated)
  std::vector<Crossover> single, dbl;  ///< sorted by min_size

  /// The entry for a gemm of these sizes, or nullptr where the base GEMM should run (below the
  /// first crossover or in a "base" range).
  const Crossover* Pick(Precision p, int64_t m, int64_t n, int64_t k) const;
};

/// A crossovers file of either format, checked.
struct CrossoversDocument {
  int format = 1;
  nlohmann::json json;                 ///< the document as read (format 2 keeps it to merge)
  std::vector<CrossoverTable> tables;  ///< format 1: the one table; format 2: "tables" in order
};

/// Parses a file of either format. Throws UsageError: JSON syntax errors as
/// "origin:line:col: message", the line and a caret; content errors name `origin` and the JSON
/// pointer at fault ("/tables/0/d/1: min_size must be >= 1 ...").
CrossoversDocument ParseCrossoversDocument(std::string_view json_text, const std::string& origin);

/// A format-1 table (the shipped one, tests); a format-2 text is an error here.
CrossoverTable ParseCrossovers(std::string_view json_text, const std::string& origin);

/// One list ("s" or "d") of crossovers as the files spell it.
nlohmann::json ToJson(const std::vector<Crossover>& list);

}  // namespace lapack_ai::alphatensor
