// The context block: who measured what, where, with which libraries (google/benchmark's
// context plus BLAS++'s tester header).
#include "lapack_ai/context.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "lapack_ai/version.h"

namespace lapack_ai {

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

static std::string UtcNow() {
  const auto now = std::chrono::system_clock::now();
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(now)));
}

static nlohmann::json BackendJson(const BackendInfo& info) {
  nlohmann::json j{{"name", info.name},       {"available", info.available},
                   {"library", info.library}, {"config", info.config},
                   {"threads", info.threads}, {"device", info.device},
                   {"providers", info.providers}, {"extra", info.extra},
                   {"note", info.note}};
  return j;
}

nlohmann::json CollectContext(const std::string& command_line,
                              const std::vector<const Backend*>& backends) {
  utsname u{};
  uname(&u);
  nlohmann::json bj = nlohmann::json::array();
  for (const Backend* b : backends) bj.push_back(BackendJson(b->Info()));
  const char* env_threads = std::getenv("OPENBLAS_NUM_THREADS");
  const char* env_core = std::getenv("OPENBLAS_CORETYPE");
  return nlohmann::json{
      {"tool", "lapack-ai"},
      {"version", std::string(Version())},
      {"git_sha", std::string(GitSha())},
      {"date_utc", UtcNow()},
      {"command_line", command_line},
      {"host", u.nodename},
      {"os", fmt::format("{} {} {}", u.sysname, u.release, u.machine)},
      {"cpu_model", CpuModel()},
      {"cpu_cores", std::thread::hardware_concurrency()},
      {"env", {{"OPENBLAS_NUM_THREADS", env_threads ? env_threads : ""},
               {"OPENBLAS_CORETYPE", env_core ? env_core : ""}}},
      {"backends", bj}};
}

}  // namespace lapack_ai
