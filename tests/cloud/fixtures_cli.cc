// The CLI runs with this process's environment (SLURM_CONF from the Slurm fixture included).
#include "cloud/fixtures_cli.h"

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "cloud/fixtures_bundle.h"

namespace lapack_ai::testing {
namespace fs = std::filesystem;

std::vector<std::string> CloudRunArgv(const std::string& config, const std::string& state_dir) {
  return {LAPACK_AI_BINARY, "cloud", "run", config, "--state-dir", state_dir};
}

cloud::ProcessResult RunCloud(const std::string& config, const std::string& state_dir,
                              double timeout_s) {
  cloud::ProcessSpec spec;
  spec.argv = CloudRunArgv(config, state_dir);
  spec.env = {{"NO_COLOR", "1"}};
  spec.timeout_s = timeout_s;
  return cloud::RunProcess(spec);
}

std::unique_ptr<cloud::Child> StartCloud(const std::string& config, const std::string& state_dir,
                                         const std::string& log) {
  cloud::ProcessSpec spec;
  spec.argv = CloudRunArgv(config, state_dir);
  spec.env = {{"NO_COLOR", "1"}};
  spec.stdout_path = spec.stderr_path = log;
  return std::make_unique<cloud::Child>(spec);
}

std::vector<std::string> LiveResources(const std::string& state_dir, const std::string& run_id) {
  try {
    const auto doc = nlohmann::json::parse(ReadText(state_dir + "/" + run_id + ".json"));
    std::vector<std::string> live;
    for (const auto& r : doc.at("resources")) {
      const std::string state = r.at("state");
      if (state != "ended" && state != "failed")
        live.push_back(r.at("key").get<std::string>() + " " + state);
    }
    return live;
  } catch (const std::exception& e) {
    return {std::string("<unreadable state file: ") + e.what() + ">"};
  }
}

int ProcessesWith(const std::string& marker) {
  int n = 0;
  std::error_code ec;
  for (const auto& p : fs::directory_iterator("/proc", ec)) {
    const std::string cmd = ReadText(p.path().string() + "/cmdline");
    if (!cmd.empty() && cmd.find(marker) != std::string::npos) ++n;
  }
  return n;
}

bool WaitForProcess(const std::string& marker, double timeout_s) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < end) {
    if (ProcessesWith(marker) > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

}  // namespace lapack_ai::testing
