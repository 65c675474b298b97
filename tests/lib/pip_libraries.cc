#include "lib/pip_libraries.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace lapack_ai::testing {

void ReportSkip(const char* why) {
  std::printf("SKIPPED: %s\n", why);
  std::fflush(stdout);
}

std::string UsePipLibraries() {
  const std::string dir = LAPACK_AI_PYLIBS_DIR;
  if (!std::filesystem::is_directory(dir + "/lib")) return "";
  setenv("VIRTUAL_ENV", dir.c_str(), 1);
  return dir;
}

}  // namespace lapack_ai::testing
