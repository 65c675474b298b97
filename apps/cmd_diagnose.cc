// `lapack-ai diagnose`: placeholder until its issue lands (prints a message, exits 2).
#include <cstdio>

#include "subcommand.h"

namespace lapack_ai::cli {

Action SetupDiagnose(CLI::App& sub) {
  sub.allow_extras();
  return [] {
    std::fprintf(stderr, "lapack-ai: error: 'diagnose' is not implemented in this build\n");
    return kExitUsage;
  };
}

}  // namespace lapack_ai::cli
