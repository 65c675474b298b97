// Sweeps and the devices listing: the steps `validate`, `bench`, `run` and `devices` take, with
// the results returned; the CLI prints around them, the Python package returns them.
#include "lapack_ai/sweep_run.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/context.h"
#include "lapack_ai/env.h"
#include "lapack_ai/error.h"
#include "lapack_ai/what_to_use.h"

namespace lapack_ai {
namespace {

// Long enough for /proc/stat's 100 Hz counters to show another process on a core, short
// enough to add nothing noticeable to a run.
constexpr double kLoadSampleSeconds = 0.25;

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
    SetSweepValue(*p, text, p->key, defaults);
  }
  return defaults;
}

nlohmann::json RunOptionsJson(const RunOptions& o, int threads) {
  return {{"repeat", o.repeat_auto ? nlohmann::json("auto") : nlohmann::json(o.repeat)},
          {"max_time_s", o.max_time_s},
          {"warmup", o.warmup},
          {"tol_override", o.tol},
          {"baseline", o.baseline},
          {"min_sample_s", o.min_sample_s},
          {"threads", threads}};
}

nlohmann::json StatisticsJson(const RunOptions& o) {
  return {{"method",
           "percentile bootstrap, at Hesterberg's expanded tails, of the ratio of medians "
           "(baseline / backend), each side's interleaved samples resampled independently; the "
           "interval holding 1 means no difference"},
          {"confidence", 0.95},
          {"resamples", o.bootstrap_resamples},
          {"seed", o.bootstrap_seed},
          {"repeat", o.repeat_auto ? nlohmann::json("auto") : nlohmann::json(o.repeat)},
          {"target_half_width", o.target_half_width},
          {"max_time_s", o.max_time_s},
          {"unstable_cv", o.unstable_cv}};
}

SweepOutcome RunSweepBlocks(const std::vector<SweepBlock>& blocks, const RunOptions& options,
                            int threads, bool timing, const std::string& command_line,
                            const nlohmann::json& extra_context, const SweepObserver& observer) {
  auto reference = CreateBackend("reference");
  if (const BackendInfo ref = reference->Info(); !ref.available) throw BackendError(ref.note);

  // One backend object per distinct spec, shared across blocks; all created before any work.
  std::vector<std::unique_ptr<Backend>> owned;
  auto get = [&](const std::string& spec) -> Backend* {
    for (auto& b : owned) {
      if (b->name() == spec) return b.get();
    }
    owned.push_back(CreateBackendOrStandIn(spec));
    return owned.back().get();
  };
  std::vector<std::vector<Backend*>> block_backends;
  for (const SweepBlock& block : blocks) {
    std::vector<Backend*> bs;
    for (const auto& spec : block.backends) bs.push_back(get(spec));
    block_backends.push_back(bs);
  }
  std::vector<const Backend*> all;
  std::vector<BackendInfo> infos;
  for (auto& b : owned) {
    b->SetThreads(threads);
    all.push_back(b.get());
    infos.push_back(b->Info());
  }

  const auto sys = env::RealSystem();
  const env::LoadWindow before = env::SampleLoad(*sys, kLoadSampleSeconds);
  std::vector<env::Finding> findings =
      env::CheckEnvironment(*sys, infos, env::Phase::kStart, &before);
  SweepOutcome out;
  ResultsDocument& doc = out.doc;
  doc.context = CollectContext(command_line, all);
  doc.context["mode"] = timing ? "bench" : "validate";
  doc.context["options"] = RunOptionsJson(options, threads);
  if (timing) doc.context["statistics"] = StatisticsJson(options);
  for (const auto& [key, value] : extra_context.items()) doc.context[key] = value;
  doc.context["environment"] = env::EnvironmentJson(*sys, infos, &before);
  if (observer.started) observer.started(doc.context, env::ToJson(findings));

  const env::LoadMonitor monitor(*sys);
  std::size_t total = 0, done = 0;
  std::chrono::steady_clock::time_point next_partial{};  // the first finished case is passed at once
  for (const SweepBlock& b : blocks) total += b.cases.size();
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const SweepBlock& block = blocks[i];
    if (observer.block) observer.block(i, blocks.size(), block);
    for (Backend* b : block_backends[i]) b->SetThreads(block.threads);
    Runner runner(*reference, block.options);
    std::size_t block_done = 0;
    CaseDoneFn case_done;
    if (observer.partial) {
      case_done = [&](const std::vector<CaseResult>& block_results) {
        ++block_done;
        const auto start = std::chrono::steady_clock::now();
        if (start < next_partial) return;
        ResultsDocument so_far = doc;
        so_far.results.insert(so_far.results.end(), block_results.begin(), block_results.end());
        so_far.context["partial"] = {{"cases_done", done + block_done}, {"cases_total", total}};
        so_far.context["warnings"] = env::ToJson(findings);  // the checks at start, so far
        observer.partial(so_far);
        const auto end = std::chrono::steady_clock::now();
        if (observer.partial_interval > std::chrono::steady_clock::duration::zero())
          next_partial = end + std::max(observer.partial_interval, 10 * (end - start));
      };
    }
    auto results = runner.Run(block.cases, block_backends[i],
                              [&](std::size_t d, std::size_t, const std::string& what) {
                                if (observer.progress) observer.progress(done + d, total, what);
                              }, case_done);
    done += block.cases.size();
    for (auto& r : results) doc.results.push_back(std::move(r));
  }
  // Load, steal and swapping can change during the run: judged again over the run's window.
  const env::LoadWindow during = monitor.Finish();
  const auto at_end = env::CheckEnvironment(*sys, infos, env::Phase::kEnd, &during);
  findings.insert(findings.end(), at_end.begin(), at_end.end());
  doc.context["warnings"] = env::ToJson(findings);
  doc.context["environment"]["load_run"] = env::ToJson(&during);
  out.warnings_at_end = env::ToJson(at_end);
  if (timing) doc.recommendations = Recommend(doc.results, doc.context["warnings"]);
  return out;
}

ResultsDocument RunSweepDocument(const SweepRequest& request, const ProgressFn& progress) {
  const SweepSettings& s = request.settings;
  if (s.dim.empty()) throw UsageError("dim: no sizes given");
  if (s.backend.empty()) throw UsageError("backend: no backend given");
  SweepBlock block;
  block.cases = ExpandSweep(ParseSweepSpec(s, ""));
  block.options = ParseRunOptions(s, request.timing);
  block.backends = SplitList(s.backend, "backend");
  block.threads = s.threads;
  for (const auto& b : block.backends) CheckBackendSpec(b, "backend");
  if (request.timing) CheckBackendSpec(s.baseline, "baseline");
  if (!s.device.empty()) setenv("LAPACK_AI_OPENCL_DEVICE", s.device.c_str(), 1);
  SweepObserver observer;
  if (progress) {
    observer.progress = [&](std::size_t done, std::size_t total, const std::string& what) {
      progress(done, total, what);
    };
  }
  return RunSweepBlocks({block}, block.options, s.threads, request.timing, request.command_line,
                        nlohmann::json::object(), observer)
      .doc;
}

DeviceListing ListDevices() {
  DeviceListing listing;
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
      infos.push_back(info);
      listing.backends.push_back({std::move(info), f});
    }
  }
  listing.findings = env::CheckEnvironment(*env::RealSystem(), infos, env::Phase::kStart);
  return listing;
}

nlohmann::json DevicesDocument(const DeviceListing& listing) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [info, f] : listing.backends) {
    out.push_back({{"name", info.name},         {"description", f->description},
                   {"available", info.available}, {"library", info.library},
                   {"config", info.config},     {"threads", info.threads},
                   {"device", info.device},     {"providers", info.providers},
                   {"extra", info.extra},       {"note", info.note}});
  }
  return {{"backends", std::move(out)}, {"warnings", env::ToJson(listing.findings)}};
}

nlohmann::json DevicesDocument() { return DevicesDocument(ListDevices()); }

}  // namespace lapack_ai
