// popen-based runner of the binary under test.
#include "cli_runner.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

namespace lapack_ai::testing {

CliResult RunCli(const std::string& args) {
  const std::string cmd = fmt::format("NO_COLOR=1 '{}' {} 2>&1", LAPACK_AI_BINARY, args);
  CliResult r;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) return r;
  std::array<char, 4096> buf;
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) r.output.append(buf.data(), n);
  const int status = pclose(pipe.release());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace lapack_ai::testing
