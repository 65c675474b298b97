#include "lapack_ai/startup.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace lapack_ai {

void EnsureSafeThreadStacks(char** argv) {
  constexpr const char* kTunable = "glibc.pthread.stack_cache_size=0";
  const char* current = std::getenv("GLIBC_TUNABLES");
  const std::string tunables = current != nullptr ? current : "";
  if (tunables.find(kTunable) != std::string::npos) return;
  // An exec that came back without the tunable in force must not loop.
  if (std::getenv("LAPACK_AI_REEXEC") != nullptr) return;
  const std::string value = tunables.empty() ? kTunable : tunables + ":" + kTunable;
  setenv("GLIBC_TUNABLES", value.c_str(), 1);
  setenv("LAPACK_AI_REEXEC", "1", 1);
  execv("/proc/self/exe", argv);
  unsetenv("LAPACK_AI_REEXEC");  // exec failed: carry on with the cache (BLIS may misbehave)
}

}  // namespace lapack_ai
