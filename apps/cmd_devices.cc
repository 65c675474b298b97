// `lapack-ai devices`: every backend family compiled in, its library, configuration, threads
// and the file that actually provides dgemm_ (the proof that reference is not OpenBLAS).
#include <fmt/format.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/context.h"
#include "lapack_ai/error.h"
#include "subcommand.h"

namespace lapack_ai::cli {
namespace {

// Families that need an argument (alphatensor:<scheme>@<base>) are shown with their default.
std::unique_ptr<Backend> TryCreate(const BackendFamily& f, std::string* error) {
  try {
    return CreateBackend(f.name);
  } catch (const std::exception& e) {
    *error = e.what();
    return nullptr;
  }
}

}  // namespace

Action SetupDevices(CLI::App& sub) {
  auto json = std::make_shared<bool>(false);
  sub.add_flag("--json", *json, "Print the backend list as JSON");
  return [json] {
    nlohmann::json out = nlohmann::json::array();
    for (const BackendFamily* f : BackendFamilies()) {
      std::string error;
      auto b = TryCreate(*f, &error);
      BackendInfo info;
      if (b) info = b->Info();
      else { info.name = f->name; info.available = false; info.note = error; }
      if (*json) {
        out.push_back({{"name", info.name}, {"description", f->description},
                       {"available", info.available}, {"library", info.library},
                       {"config", info.config}, {"threads", info.threads},
                       {"device", info.device}, {"providers", info.providers},
                       {"extra", info.extra}, {"note", info.note}});
        continue;
      }
      fmt::print("{} — {}\n", info.name, f->description);
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
    if (*json) fmt::print("{}\n", out.dump(2));
    return kExitOk;
  };
}

}  // namespace lapack_ai::cli
