// The pipeline's order of calls, without its merging and reporting.
#include "cloud/fixtures_provider.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "lapack_ai/cloud/config.h"
#include "lapack_ai/cloud/state.h"

namespace lapack_ai::testing {
namespace fs = std::filesystem;

namespace {
std::string WriteScenario(const std::string& dir, const std::string& name,
                          const std::string& text) {
  const std::string path = dir + "/" + name + ".json";
  fs::create_directories(dir);
  std::ofstream(path) << text;
  return path;
}
}  // namespace

std::string WriteTinyScenario(const std::string& dir) {
  return WriteScenario(dir, "tiny", R"({"name": "tiny", "op": "gemm", "type": "d", "dim": [32],
    "backend": ["reference", "openblas"], "baseline": "openblas", "repeat": 3, "warmup": 0})");
}

std::string WriteSlowScenario(const std::string& dir) {
  return WriteScenario(dir, "slow", R"({"name": "slow", "op": "gemm", "type": "d", "dim": [1200],
    "backend": ["reference"], "repeat": 500, "warmup": 0})");
}

ProviderRun::ProviderRun(const std::string& config_text, const std::string& work_dir,
                         const std::string& bundle)
    : config(cloud::ParseRunConfig(config_text, "test-config.json")) {
  provider = cloud::MakeProvider(config.default_provider);
  provider->Configure(config);
  cloud::RunState initial;
  initial.run_id = config.run_id;
  initial.owner = "test";
  initial.created_utc = cloud::UtcNow();
  initial.expires_utc = cloud::UtcNow(config.lifetime_minutes);
  state =
      std::make_unique<cloud::StateFile>(cloud::StateFile::Create(work_dir + "/state", initial));
  ctx.config = &config;
  ctx.state = state.get();
  ctx.run_id = config.run_id;
  ctx.work_dir = work_dir + "/local";
  ctx.self_binary = LAPACK_AI_BINARY;
  ctx.bundle_path = bundle;
  ctx.quiet = true;
  for (const cloud::Leg& leg : config.legs) {
    cloud::LegRun run;
    run.leg = &leg;
    run.work_dir = ctx.work_dir + "/" + leg.name;
    legs.push_back(std::move(run));
  }
}

void ProviderRun::LaunchAll() {
  for (cloud::LegRun& leg : legs) provider->Launch(ctx, leg);
}

bool ProviderRun::WaitAll(double timeout_s) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < end) {
    bool all = true;
    for (cloud::LegRun& leg : legs) {
      if (leg.phase == cloud::LegPhase::kRunning) provider->Poll(ctx, leg);
      all = all && leg.phase != cloud::LegPhase::kRunning;
    }
    if (all) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  return false;
}

void ProviderRun::CollectAll() {
  for (cloud::LegRun& leg : legs) {
    if (leg.phase == cloud::LegPhase::kSucceeded) provider->Collect(ctx, leg);
  }
}

}  // namespace lapack_ai::testing
