// `lapack-ai devices`: every backend family compiled in, its library, configuration, threads
// and the file that actually provides dgemm_ (the proof that reference is not OpenBLAS), then
// what the environment checks find (a BLAS kernel below the CPU, oversubscribed threads, ...).
#include <fmt/format.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/context.h"
#include "lapack_ai/env.h"
#include "lapack_ai/error.h"
#include "lapack_ai/sweep_run.h"
#include "subcommand.h"

namespace lapack_ai::cli {
namespace {

void PrintBackend(const BackendInfo& info, const BackendFamily& f) {
  fmt::print("{} — {}\n", info.name, f.description);
  fmt::print("  available: {}\n", info.available ? "yes" : "no");
  if (!info.library.empty()) fmt::print("  library:   {}\n", info.library);
  if (!info.config.empty()) fmt::print("  config:    {}\n", info.config);
  if (info.threads > 0) fmt::print("  threads:   {}\n", info.threads);
  if (!info.device.empty()) fmt::print("  device:    {}\n", info.device);
  for (const auto& [k, v] : info.extra) fmt::print("  {}: {}\n", k, v);
  for (const auto& [sym, file] : info.providers) fmt::print("  {:<12} provided by {}\n", sym, file);
  if (!info.note.empty()) fmt::print("  note:      {}\n", info.note);
  fmt::print("\n");
}

// The start-of-run environment checks (no load window: `doctor` samples load too).
void PrintFindings(const std::vector<env::Finding>& findings) {
  if (findings.empty()) {
    fmt::print("environment: no warnings (`lapack-ai doctor` adds the load and what it could "
               "not judge)\n");
    return;
  }
  for (const env::Finding& f : findings) fmt::print("{}\n", env::FormatFinding(f));
}

}  // namespace

Action SetupDevices(CLI::App& sub) {
  auto json = std::make_shared<bool>(false);
  sub.add_flag("--json", *json, "Print {backends, warnings} as JSON");
  return [json] {
    const DeviceListing listing = ListDevices();
    if (*json) {
      fmt::print("{}\n", DevicesDocument(listing).dump(2));
      return kExitOk;
    }
    for (const DeviceEntry& e : listing.backends) PrintBackend(e.info, *e.family);
    PrintFindings(listing.findings);
    return kExitOk;
  };
}

}  // namespace lapack_ai::cli
