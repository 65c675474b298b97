// Sweeps and the devices listing for library users: the steps of the CLI's ExecutePlan and
// `devices`, with the results returned instead of printed.
#include "lapack_ai/sweep_run.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/context.h"
#include "lapack_ai/env.h"
#include "lapack_ai/error.h"
#include "lapack_ai/what_to_use.h"

namespace lapack_ai {
namespace {

// As the CLI: long enough for /proc/stat's 100 Hz counters to show another process on a core.
constexpr double kLoadSampleSeconds = 0.25;

void SetValue(const SweepParam& p, const std::string& text, SweepSettings& s) {
  const std::string what(p.key);
  CheckSweepValue(p, text, what);
  std::visit(
      [&](auto member) {
        using T = std::remove_reference_t<decltype(s.*member)>;
        if constexpr (std::is_same_v<T, std::string>) {
          s.*member = text;
        } else if constexpr (std::is_same_v<T, bool>) {
          if (text != "true" && text != "false" && text != "1" && text != "0")
            throw UsageError(fmt::format("{}: expected true or false, got '{}'", what, text));
          s.*member = text == "true" || text == "1";
        } else {
          std::size_t used = 0;
          T v{};
          try {
            if constexpr (std::is_same_v<T, int>) v = std::stoi(text, &used);
            else v = std::stod(text, &used);
          } catch (const std::exception&) {
            used = 0;
          }
          if (used != text.size() || text.empty())
            throw UsageError(fmt::format("{}: expected a number, got '{}'", what, text));
          s.*member = v;
        }
      },
      p.field);
}

nlohmann::json OptionsJson(const RunOptions& o, int threads) {
  return {{"repeat", o.repeat_auto ? nlohmann::json("auto") : nlohmann::json(o.repeat)},
          {"max_time_s", o.max_time_s}, {"warmup", o.warmup}, {"tol_override", o.tol},
          {"baseline", o.baseline},     {"min_sample_s", o.min_sample_s},
          {"threads", threads}};
}

}  // namespace

SweepSettings SettingsFromKeys(const std::map<std::string, std::string>& values,
                               SweepSettings defaults) {
  for (const auto& [key, text] : values) {
    const SweepParam* p = FindSweepParam(key);
    if (p == nullptr || p->scope == ParamScope::kCliOnly) {
      std::vector<std::string_view> keys;
      for (const SweepParam& q : SweepParams())
        if (q.scope != ParamScope::kCliOnly) keys.push_back(q.key);
      throw UsageError(fmt::format("unknown sweep key '{}': expected one of {}", key,
                                   fmt::join(keys, ", ")));
    }
    SetValue(*p, text, defaults);
  }
  return defaults;
}

ResultsDocument RunSweepDocument(const SweepRequest& request, const ProgressFn& progress) {
  const SweepSettings& s = request.settings;
  if (s.dim.empty()) throw UsageError("dim: no sizes given");
  if (s.backend.empty()) throw UsageError("backend: no backend given");
  const std::vector<CaseParams> cases = ExpandSweep(ParseSweepSpec(s, ""));
  const RunOptions options = ParseRunOptions(s, request.timing);
  const std::vector<std::string> specs = SplitList(s.backend, "backend");
  for (const auto& b : specs) CheckBackendSpec(b, "backend");
  if (request.timing) CheckBackendSpec(s.baseline, "baseline");

  if (!s.device.empty()) setenv("LAPACK_AI_OPENCL_DEVICE", s.device.c_str(), 1);
  auto reference = CreateBackend("reference");
  if (const BackendInfo ref = reference->Info(); !ref.available) throw BackendError(ref.note);
  std::vector<std::unique_ptr<Backend>> owned;
  std::vector<Backend*> backends;
  std::vector<const Backend*> all;
  std::vector<BackendInfo> infos;
  for (const auto& spec : specs) {
    owned.push_back(CreateBackendOrStandIn(spec));
    owned.back()->SetThreads(s.threads);
    backends.push_back(owned.back().get());
    all.push_back(owned.back().get());
    infos.push_back(owned.back()->Info());
  }

  const auto sys = env::RealSystem();
  const env::LoadWindow before = env::SampleLoad(*sys, kLoadSampleSeconds);
  std::vector<env::Finding> findings =
      env::CheckEnvironment(*sys, infos, env::Phase::kStart, &before);
  ResultsDocument doc;
  doc.context = CollectContext(request.command_line, all);
  doc.context["mode"] = request.timing ? "bench" : "validate";
  doc.context["options"] = OptionsJson(options, s.threads);
  doc.context["environment"] = env::EnvironmentJson(*sys, infos, &before);

  const env::LoadMonitor monitor(*sys);
  Runner runner(*reference, options);
  doc.results = runner.Run(cases, backends, progress);
  const env::LoadWindow during = monitor.Finish();
  const auto at_end = env::CheckEnvironment(*sys, infos, env::Phase::kEnd, &during);
  findings.insert(findings.end(), at_end.begin(), at_end.end());
  doc.context["warnings"] = env::ToJson(findings);
  doc.context["environment"]["load_run"] = env::ToJson(&during);
  if (request.timing) doc.recommendations = Recommend(doc.results, doc.context["warnings"]);
  return doc;
}

nlohmann::json DevicesDocument() {
  nlohmann::json out = nlohmann::json::array();
  std::vector<BackendInfo> infos;
  for (const BackendFamily* f : BackendFamilies()) {
    for (const std::string& spec : ListedSpecs(f->name)) {
      BackendInfo info;
      try {
        info = CreateBackend(spec)->Info();
      } catch (const std::exception& e) {
        info.name = spec;
        info.available = false;
        info.note = e.what();
      }
      out.push_back({{"name", info.name},         {"description", f->description},
                     {"available", info.available}, {"library", info.library},
                     {"config", info.config},     {"threads", info.threads},
                     {"device", info.device},     {"providers", info.providers},
                     {"extra", info.extra},       {"note", info.note}});
      infos.push_back(std::move(info));
    }
  }
  const auto findings = env::CheckEnvironment(*env::RealSystem(), infos, env::Phase::kStart);
  return {{"backends", std::move(out)}, {"warnings", env::ToJson(findings)}};
}

}  // namespace lapack_ai
