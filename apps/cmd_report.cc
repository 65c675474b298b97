// `lapack-ai report`: placeholder until its issue lands (prints a message, exits 2).
#include <cstdio>

#include "subcommand.h"

namespace lapack_ai::cli {

Action SetupReport(CLI::App& sub) {
  sub.allow_extras();
  return [] {
    std::fprintf(stderr, "lapack-ai: error: 'report' is not implemented in this build\n");
    return kExitUsage;
  };
}

}  // namespace lapack_ai::cli
