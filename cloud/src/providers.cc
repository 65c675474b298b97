// The provider table: the one place a provider is listed.
#include <fmt/format.h>

#include "lapack_ai/cloud/provider.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/error.h"
#include "scenario/suggest.h"

namespace lapack_ai::cloud {

std::span<const ProviderEntry> Providers() {
  static const ProviderEntry kTable[] = {
      {"local", "this machine: each leg runs `lapack-ai run` in a child process", &MakeLocalProvider},
      {"aws", "EC2 spot (or on-demand) instances through the aws CLI; results through S3",
       &MakeAwsProvider},
#ifdef LAPACK_AI_CLOUD_REMOTE
      {"ssh", "hosts you already have, over ssh: copy the bundle, run, fetch", &MakeSshProvider},
      {"slurm", "a Slurm cluster: one sbatch job per leg, scancel as teardown", &MakeSlurmProvider},
#endif
  };
  return kTable;
}

std::unique_ptr<Provider> MakeProvider(const std::string& name) {
  std::vector<std::string> names;
  for (const ProviderEntry& p : Providers()) {
    if (name == p.name) return p.make();
    names.emplace_back(p.name);
  }
  throw UsageError(fmt::format("unknown provider \"{}\"{}", name, scenario::SuggestionSuffix(name, names)));
}

double Plan::TotalMaxUsd() const {
  double total = 0;
  for (const LegCost& c : costs) total += c.max_usd;
  return total;
}

std::string_view LegPhaseName(LegPhase p) {
  switch (p) {
    case LegPhase::kPending: return "pending";
    case LegPhase::kRunning: return "running";
    case LegPhase::kSucceeded: return "succeeded";
    case LegPhase::kFailed: return "failed";
    case LegPhase::kInterrupted: return "interrupted";
    case LegPhase::kTimedOut: return "timed-out";
  }
  return "?";
}

void RunContext::AddEvent(const std::string& kind, const std::string& leg,
                          const std::string& message, nlohmann::json data) const {
  Event e{"", kind, leg, message, std::move(data)};
  if (state != nullptr) {
    state->AddEvent(std::move(e), quiet);
  } else if (!quiet) {
    std::fprintf(stderr, "cloud: %s%s: %s\n", kind.c_str(),
                 leg.empty() ? "" : fmt::format(" [{}]", leg).c_str(), Redact(message).c_str());
  }
}

}  // namespace lapack_ai::cloud
