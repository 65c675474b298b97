// Drives one provider through its whole interface the way the run pipeline does (state file,
// Launch, Poll until final, Collect, Teardown), for the ssh and slurm tests that check a
// provider against its real daemon without the rest of `lapack-ai cloud run`.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cloud/fixtures_util.h"
#include "lapack_ai/cloud/provider.h"

namespace lapack_ai::testing {

/// A tiny scenario file (reference and openblas dgemm at n = 32), in `dir`; returns its path.
std::string WriteTinyScenario(const std::string& dir);
/// A scenario that runs for minutes (netlib dgemm at n = 1200, many repeats).
std::string WriteSlowScenario(const std::string& dir);

struct ProviderRun {
  cloud::RunConfig config;
  std::unique_ptr<cloud::Provider> provider;
  std::unique_ptr<cloud::StateFile> state;
  cloud::RunContext ctx;
  std::vector<cloud::LegRun> legs;

  /// Parses `config_text`, configures the provider named by the config's "provider", creates the
  /// state file under `work_dir`/state and one LegRun per leg.
  ProviderRun(const std::string& config_text, const std::string& work_dir,
              const std::string& bundle);
  /// Launches every leg (attempt 0).
  void LaunchAll();
  /// Polls until every leg's phase is final or `timeout_s` passes; true if all are final.
  bool WaitAll(double timeout_s);
  /// Collects every succeeded leg.
  void CollectAll();
  void Teardown() { provider->Teardown(ctx); }
};

}  // namespace lapack_ai::testing
