// Runs CLBlast's tuners (clblast::Tune*) on one device within a time budget. CLBlast samples a
// `fraction` of each kernel's search space at random; what a configuration costs (mostly the
// kernel's compilation) is only known by running one, so the first tuner is planned from a
// guess and every later fraction from the seconds per configuration measured so far. Our own
// GEMM kernel's tile (gemm_tiled) is planned the same way: its "configurations" are the tiles
// of GemmTile::Candidates beyond the default, tried in their order.
#include <clblast.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <type_traits>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "clblast_tuning.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/clblast_tuning.h"
#include "lapack_ai/error.h"
#include "lapack_ai/result.h"
#include "opencl_backend.h"
#include "opencl_wrappers.h"

namespace lapack_ai::clblast_tuning {
namespace {

using Clock = std::chrono::steady_clock;

// About how many configurations each tuner pass can try, counted from CLBlast 1.5's tuner
// settings after their constraints (device limits remove a few more). Xgemm runs two passes
// (its two kernel variants) on the same fraction; each pass needs at least one configuration.
struct KernelSpace {
  std::string_view kernel;
  std::vector<double> passes;
  double weight;      // share of the budget, by value to gemm/potrf/getrf/geqrf
  bool gemm_class;    // compiles like a GEMM (slow) rather than a copy kernel
};

const std::vector<KernelSpace>& Spaces() {
  static const std::vector<KernelSpace> spaces = {
      {opencl::kTiledKernel, {5}, 6, true},
      {"Xgemm", {120800, 16566}, 6, true},  {"XgemmDirect", {8420}, 2, true},
      {"Copy", {144}, 1, false},            {"Pad", {81}, 1, false},
      {"Transpose", {100}, 1, false},       {"Padtranspose", {40}, 1, false},
      // Block sizes: a "configuration" is one candidate nb (NbCandidates), its cost the
      // factorization's runs (CostModel::NbSeconds), not a compilation.
      {"potrf_nb", {6}, 2, false},          {"getrf_nb", {6}, 2, false},
      {"geqrf_nb", {6}, 2, false}};
  return spaces;
}

const KernelSpace& SpaceOf(std::string_view kernel) {
  for (const KernelSpace& s : Spaces())
    if (s.kernel == kernel) return s;
  throw std::logic_error("unknown CLBlast kernel");
}

double TotalSpace(const KernelSpace& s) {
  double t = 0;
  for (double p : s.passes) t += p;
  return t;
}

// Just above the reciprocal of the smallest pass, so that its sample is not empty (CLBlast
// fails a pass that tried nothing) while Xgemm's larger pass stays as small as it can.
double MinFraction(const KernelSpace& s) {
  return std::min(1.0, 1.05 / *std::min_element(s.passes.begin(), s.passes.end()));
}

// Seconds per configuration before anything was measured. Compilation dominates: GPU drivers
// take a fraction of a second, PoCL's LLVM a few seconds for a GEMM kernel on a small CPU; a
// copy kernel compiles in about a third of a GEMM's time.
constexpr double kGuessGpu = 0.3, kGuessOther = 3.0, kCopyRatio = 0.33;

// Flop rate of a hybrid factorization before one was measured, to plan block-size items: well
// under what the H200 and PoCL on two cores reach at the tuned orders, so the plan errs long.
constexpr double kNbRateGpu = 2e12, kNbRateOther = 2e9;

struct CostModel {
  double gemm = 0, copy = 0;  // measured seconds per configuration; 0 = not yet
  double guess = kGuessOther;
  // Measured flop/s of the factorizations over their order (0 = not yet): the rate is taken to
  // grow in proportion to the order (time ~ n^2). A hybrid at 4096 waits on its panels'
  // latency, and planning 16384 from 4096's rate (time ~ n^3) overestimated it 16x on the H200
  // host (which measured time ~ n^1.2-1.5) and skipped it.
  double nb_rate_per_n = 0;
  double nb_guess = kNbRateOther;
  // Seconds one candidate nb of `it` costs.
  double NbSeconds(const Item& it) const {
    const double rate = nb_rate_per_n > 0 ? nb_rate_per_n * static_cast<double>(it.n) : nb_guess;
    return kNbRunsPerCandidate * NbFlops(opencl::BlockRoutine(it.kernel), it.n) / rate;
  }
  // Calibrates NbSeconds from a block-size item that took `seconds` (timing runs and the check
  // alike are what the next items will cost); the slowest rate seen so far.
  void MeasuredNb(const Item& it, double seconds) {
    const double rate = kNbRunsPerCandidate * (it.configurations + kNbConfirmCandidates) *
                        NbFlops(opencl::BlockRoutine(it.kernel), it.n) / seconds / static_cast<double>(it.n);
    nb_rate_per_n = nb_rate_per_n > 0 ? std::min(nb_rate_per_n, rate) : rate;
  }
  double PerConfig(bool gemm_class) const {
    if (gemm_class) return gemm > 0 ? gemm : (copy > 0 ? copy / kCopyRatio : guess);
    return copy > 0 ? copy : (gemm > 0 ? gemm : guess) * kCopyRatio;
  }
  // Each pass also compiles and runs a reference kernel: one configuration's worth.
  double Estimate(const KernelSpace& s, double fraction) const {
    return PerConfig(s.gemm_class) * (fraction * TotalSpace(s) + static_cast<double>(s.passes.size()));
  }
};

struct Device {
  std::unique_ptr<Backend> backend;  // owns the opened device
  opencl::OpenDevice* device = nullptr;
  bool gpu = false;
};

Device OpenTarget(const std::string& spec) {
  if (ParseBackendSpec(spec, "--backend").family != "opencl") {
    throw UsageError(fmt::format("--backend: invalid value '{}': tune tunes CLBlast on an OpenCL "
                                 "device (opencl[:SELECTOR]); for CPU crossovers use --base",
                                 spec));
  }
  Device d;
  d.backend = CreateBackend(spec);
  auto* ocl = dynamic_cast<opencl::OpenclBackend*>(d.backend.get());
  if (ocl == nullptr || ocl->device() == nullptr) {
    throw UsageError(fmt::format("--backend: '{}' cannot run here: {}", spec, d.backend->Info().note));
  }
  d.device = ocl->device();
  cl_device_type type = 0;
  clGetDeviceInfo(d.device->info().device, CL_DEVICE_TYPE, sizeof(type), &type, nullptr);
  d.gpu = (type & CL_DEVICE_TYPE_GPU) != 0;
  return d;
}

std::vector<Item> Items(const Device& d, const Options& o) {
  const int64_t size = o.size;
  int64_t gemm = d.gpu ? 1024 : 256;
  if (size > 0) {
    if (size % 128 != 0) {
      throw UsageError(fmt::format("--size: invalid value '{}': CLBlast's Xgemm tuner needs a "
                                   "multiple of 128", size));
    }
    gemm = size;
  }
  std::vector<Item> items;
  for (Precision p : {Precision::kSingle, Precision::kDouble}) {
    for (std::string_view kernel : opencl::kTunedKernels) {
      Item it;
      it.kernel = std::string(kernel);
      it.precision = p;
      it.m = it.n = kernel == "XgemmDirect" ? std::min<int64_t>(gemm, 256) : gemm;
      // A 1024 GEMM fills few of a large GPU's work-groups at our tiles' sizes: it would
      // favour small tiles.
      if (kernel == opencl::kTiledKernel && size == 0 && d.gpu) it.m = it.n = 4096;
      it.k = kernel.starts_with("Xgemm") || kernel == opencl::kTiledKernel ? it.m : 0;
      if (p == Precision::kDouble && !d.device->info().fp64) it.outcome = "skipped: the device has no fp64";
      if (!o.only.empty() && std::find(o.only.begin(), o.only.end(), kernel) == o.only.end()) {
        it.outcome = std::string(kNotInOnly);
      }
      if (!opencl::BlockRoutine(kernel).empty()) {
        // The orders the nb is tuned at: a GPU's best nb moves with the order; a CPU device
        // runs the hybrids at small orders only.
        for (const int64_t order : d.gpu ? std::vector<int64_t>{4096, 16384} : std::vector<int64_t>{512}) {
          it.m = it.n = order;
          it.k = 0;
          items.push_back(it);
        }
        continue;
      }
      items.push_back(std::move(it));
    }
  }
  return items;
}

// Fraction for item i from the budget left, shared by weight among the items still to run.
// Sets it.fraction/configurations/estimated_s, or marks the item skipped.
void PlanItem(std::vector<Item>& items, std::size_t i, double left, const CostModel& cost,
              bool first) {
  Item& it = items[i];
  const KernelSpace& s = SpaceOf(it.kernel);
  double weights = 0;
  for (std::size_t j = i; j < items.size(); ++j)
    if (items[j].outcome == "planned") weights += SpaceOf(items[j].kernel).weight;
  double share = left * s.weight / weights;
  // The first cost is a guess: spend at most a quarter of the budget finding out.
  if (first) share = std::min(share, left / 4);
  if (!opencl::BlockRoutine(it.kernel).empty()) {
    // As many candidates as the share pays for, at least one, and the re-measure beside the default.
    const double per = cost.NbSeconds(it);
    const double others = static_cast<double>(NbCandidates(opencl::BlockRoutine(it.kernel), it.n).size() - 1);
    const double tries = std::clamp(std::floor(share / per) - kNbConfirmCandidates, std::min(1.0, others), others);
    const double estimate = per * (tries + kNbConfirmCandidates);
    if (tries < 1 || estimate > left) {
      it.outcome = tries < 1 ? std::string("skipped: no candidate nb leaves four blocks at this order")
                             : fmt::format("skipped: budget spent (needs ~{:.0f} s, {:.0f} s left)", estimate,
                                           std::max(0.0, left));
      return;
    }
    it.configurations = tries;
    it.fraction = tries / others;
    it.estimated_s = estimate;
    it.allowance_s = std::max(share, estimate);  // share <= left, and estimate <= left here
    return;
  }
  const double per = cost.PerConfig(s.gemm_class);
  double fraction = (share / per - static_cast<double>(s.passes.size())) / TotalSpace(s);
  fraction = std::clamp(fraction, MinFraction(s), 1.0);
  const double estimate = cost.Estimate(s, fraction);
  if (estimate > left) {
    it.outcome = fmt::format("skipped: budget spent (needs ~{:.0f} s, {:.0f} s left)", estimate,
                             std::max(0.0, left));
    return;
  }
  it.fraction = fraction;
  it.configurations = fraction * TotalSpace(s);
  it.estimated_s = estimate;
}

template <typename T>
clblast::StatusCode RunTuner(const Item& it, cl_command_queue* q,
                             std::unordered_map<std::string, std::size_t>& params) {
  const auto m = static_cast<std::size_t>(it.m), n = static_cast<std::size_t>(it.n),
             k = static_cast<std::size_t>(it.k);
  if (it.kernel == "Xgemm") return clblast::TuneXgemm<T>(q, m, n, k, it.fraction, params);
  if (it.kernel == "XgemmDirect") return clblast::TuneXgemmDirect<T>(q, m, n, k, it.fraction, params);
  if (it.kernel == "Copy") return clblast::TuneCopy<T>(q, m, n, it.fraction, params);
  if (it.kernel == "Pad") return clblast::TunePad<T>(q, m, n, it.fraction, params);
  if (it.kernel == "Transpose") return clblast::TuneTranspose<T>(q, m, n, it.fraction, params);
  return clblast::TunePadtranspose<T>(q, m, n, it.fraction, params);
}

// Runs one tuner; on success its best parameters are in it.parameters.
template <typename T>
bool Run(opencl::OpenDevice& dev, Item& it) {
  std::unordered_map<std::string, std::size_t> params;
  clblast::StatusCode status{};
  try {
    status = RunTuner<T>(it, dev.queue_ptr(), params);
  } catch (const std::exception& e) {
    it.outcome = fmt::format("failed: {}", e.what());
    return false;
  }
  if (status != clblast::StatusCode::kSuccess) {
    it.outcome = fmt::format("failed: CLBlast status {}{}", static_cast<int>(status),
                             status == clblast::StatusCode::kUnexpectedError
                                 ? " (no sampled configuration ran correctly)" : "");
    return false;
  }
  it.parameters.insert(params.begin(), params.end());
  return true;
}

// Times CLBlast's defaults and the candidate on the tuning problem, verifies a faster one, and
// leaves the defaults in force: every candidate is judged against the defaults alone.
void Evaluate(opencl::OpenDevice& dev, Item& it) {
  const Params candidate(it.parameters.begin(), it.parameters.end());
  std::string why;
  try {
    const Params defaults = RetrieveParams(dev, it);
    it.default_ms = TimeKernel(dev, it);
    ApplyParams(dev, it, candidate);
    try {
      it.best_ms = TimeKernel(dev, it);
      why = SlowerWhy(it.default_ms, it.best_ms);
      if (why.empty()) why = Verify(dev, it, it.verified);
    } catch (const std::exception& e) {
      why = fmt::format("a CLBlast call with them failed: {}", e.what());
    }
    ApplyParams(dev, it, defaults);
  } catch (const std::exception& e) {
    it.outcome = fmt::format("failed: {}", e.what());
    return;
  }
  Conclude(it, why, "kept CLBlast defaults");
}

// Our kernel's tile: times the default, then the first candidates the fraction allows, and
// keeps the fastest if it beats the default by the margin and computes right (VerifyTile).
// Sets it.parameters, the timings and the outcome.
void TuneTile(opencl::OpenDevice& dev, Item& it) {
  const std::size_t bytes = it.precision == Precision::kSingle ? 4 : 8;
  const std::vector<opencl::GemmTile> candidates = opencl::GemmTile::Candidates(bytes);
  const opencl::GemmTile& def = candidates.front();
  const auto tries = static_cast<std::size_t>(std::clamp<double>(
      std::round(it.fraction * TotalSpace(SpaceOf(it.kernel))), 1, static_cast<double>(candidates.size() - 1)));
  try {
    it.default_ms = TimeTile(dev, it, def);
  } catch (const std::exception& e) {
    it.outcome = fmt::format("failed: the default tile: {}", e.what());
    return;
  }
  opencl::GemmTile best;
  std::vector<std::string> failed;
  for (std::size_t i = 1; i <= tries; ++i) {
    try {
      const double ms = TimeTile(dev, it, candidates[i]);
      if (it.best_ms < 0 || ms < it.best_ms) it.best_ms = ms, best = candidates[i];
    } catch (const std::exception& e) {
      failed.push_back(e.what());  // e.g. more local memory than the device has
    }
  }
  if (!best.enabled()) {
    it.outcome = fmt::format("failed: no candidate tile ran ({})", fmt::join(failed, "; "));
    return;
  }
  const Params p = TileParams(best);
  it.parameters.insert(p.begin(), p.end());
  std::string why = SlowerWhy(it.default_ms, it.best_ms);
  if (why.empty()) {
    const auto t0 = Clock::now();
    why = VerifyTile(dev, it, best, it.verified);
    it.check_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  }
  Conclude(it, why, "kept the default tile " + def.Name());
}

// The kept entries of one precision applied together must still compute gemm right (CLBlast's
// gemm runs the copy kernels too); if not, none of them is kept. Leaves the defaults in force.
void CheckTogether(opencl::OpenDevice& dev, std::vector<Item>& items, Precision p, int64_t size) {
  std::vector<std::pair<Item*, Params>> kept;
  for (Item& it : items) {
    if (it.precision != p || it.outcome != "tuned" || it.kernel == opencl::kTiledKernel ||
        !opencl::BlockRoutine(it.kernel).empty()) {
      continue;
    }
    kept.emplace_back(&it, RetrieveParams(dev, it));
  }
  // A lone GEMM entry was verified on gemm already.
  if (kept.empty() || (kept.size() == 1 && kept[0].first->kernel.starts_with("Xgemm"))) return;
  for (auto& [it, defaults] : kept) {
    ApplyParams(dev, *it, Params(it->parameters.begin(), it->parameters.end()));
  }
  Item gemm;
  gemm.kernel = "Xgemm";
  gemm.precision = p;
  gemm.m = gemm.n = gemm.k = size;
  std::vector<std::string> shapes;
  const std::string why = Verify(dev, gemm, shapes);
  for (auto& [it, defaults] : kept) {
    ApplyParams(dev, *it, defaults);
    if (!why.empty()) {
      it->outcome = "kept CLBlast defaults: with the other kept entries applied, " + why;
      it->verified.clear();
    }
  }
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Outcome Start(const Options& o, const Device& d) {
  Outcome out;
  const opencl::DeviceInfo& info = d.device->info();
  out.device = info.device_name;
  out.driver = info.driver_version;
  out.platform = info.platform_name;
  out.clblast_version = fmt::format("{}.{}.{}", CLBLAST_VERSION_MAJOR, CLBLAST_VERSION_MINOR,
                                    CLBLAST_VERSION_PATCH);
  out.file = TuningFilePath(info.device_name, info.driver_version);
  if (out.file.empty()) {
    throw UsageError("no place for the tuning file: XDG_CONFIG_HOME and HOME are unset (or not "
                     "absolute)");
  }
  out.budget_s = o.budget_s;
  out.seconds_per_config = d.gpu ? kGuessGpu : kGuessOther;
  out.items = Items(d, o);
  return out;
}

// With --only, the entries of the earlier file (if it is a valid one for this device) for the
// kernels not tuned now: a run for one item must not erase the others' results.
void KeepEarlierEntries(const Options& o, const opencl::DeviceInfo& device, const std::string& path,
                        nlohmann::json& doc) {
  if (o.only.empty()) return;
  std::ifstream in(path);
  if (!in) return;
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json old;
  try {
    old = opencl::ParseTuningFile(text.str(), device);
  } catch (const std::exception&) {
    return;  // not a file the backend would use: nothing worth keeping
  }
  for (const char* list : {"entries", "not_tuned"}) {
    if (!old.contains(list) || !old[list].is_array()) continue;
    for (const nlohmann::json& e : old[list]) {
      const std::string kernel = e.value("kernel", "");
      if (std::find(o.only.begin(), o.only.end(), kernel) != o.only.end()) continue;
      nlohmann::json kept = e;
      kept["from_earlier_file"] = old.value("date", "");
      doc[list].push_back(std::move(kept));
    }
  }
}

nlohmann::json ToJson(const Outcome& out) {
  nlohmann::json entries = nlohmann::json::array(), not_tuned = nlohmann::json::array();
  for (const Item& it : out.items) {
    if (it.outcome == kNotInOnly) continue;  // the earlier file speaks for them
    const std::string p(ToString(it.precision));
    nlohmann::json e{{"kernel", it.kernel}, {"precision", p}};
    if (it.outcome == "tuned" || it.outcome.starts_with("kept")) {
      e.update({{"m", it.m},
                {"n", it.n},
                {"k", it.k},
                {"fraction", it.fraction},
                {"tuner_seconds", it.seconds},
                {"check_seconds", it.check_seconds},
                {"parameters", it.parameters}});
      if (it.default_ms >= 0) e["default_ms"] = it.default_ms;
      if (it.best_ms >= 0) e["best_ms"] = it.best_ms;
    }
    if (it.outcome != "tuned") {
      // Not applied: the candidate stays on record with why CLBlast's defaults won.
      e["reason"] = it.outcome;
      not_tuned.push_back(std::move(e));
      continue;
    }
    // The backend applies only entries carrying this record (older files lack it).
    e["verified"] = it.verified;
    entries.push_back(std::move(e));
  }
  return {{"format", 2},
          {"written_by", "lapack-ai tune --backend opencl"},
          {"device", out.device},
          {"driver", out.driver},
          {"platform", out.platform},
          {"clblast_version", out.clblast_version},
          {"date", out.date},
          {"budget_s", out.budget_s},
          {"seconds", out.seconds},
          {"seconds_per_config", out.seconds_per_config},
          {"entries", entries},
          {"not_tuned", not_tuned}};
}

// Opens the device on CLBlast's defaults: a stored tuning applied at open would be what the
// candidates are compared with, and what they are verified against.
Device OpenOnDefaults(const std::string& spec) {
  struct Restore {
    std::optional<std::string> old;
    ~Restore() {
      if (old) ::setenv("LAPACK_AI_CLBLAST_TUNING", old->c_str(), 1);
      else ::unsetenv("LAPACK_AI_CLBLAST_TUNING");
    }
  } restore;
  if (const char* env = std::getenv("LAPACK_AI_CLBLAST_TUNING")) restore.old = env;
  ::setenv("LAPACK_AI_CLBLAST_TUNING", "off", 1);
  return OpenTarget(spec);
}

}  // namespace

Outcome Plan(const Options& o) {
  const Device d = OpenTarget(o.backend);
  Outcome out = Start(o, d);
  CostModel cost;
  cost.guess = out.seconds_per_config;
  cost.nb_guess = d.gpu ? kNbRateGpu : kNbRateOther;
  double left = o.budget_s;
  bool first = true;
  for (std::size_t i = 0; i < out.items.size(); ++i) {
    if (out.items[i].outcome != "planned") continue;
    PlanItem(out.items, i, left, cost, first);
    if (out.items[i].outcome == "planned") {
      left -= out.items[i].estimated_s;
      first = false;
    }
  }
  return out;
}

Outcome Tune(const Options& o, const std::function<void(const Item&)>& progress) {
  const Device d = OpenOnDefaults(o.backend);
  Outcome out = Start(o, d);
  out.date = UtcNow();
  CostModel cost;
  cost.guess = out.seconds_per_config;
  cost.nb_guess = d.gpu ? kNbRateGpu : kNbRateOther;
  const auto start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  bool first = true;
  for (std::size_t i = 0; i < out.items.size(); ++i) {
    Item& it = out.items[i];
    if (it.outcome != "planned") {
      if (progress) progress(it);
      continue;
    }
    PlanItem(out.items, i, o.budget_s - elapsed(), cost, first);
    if (it.outcome != "planned") {
      if (progress) progress(it);
      continue;
    }
    first = false;
    const auto t0 = Clock::now();
    const bool tile = it.kernel == opencl::kTiledKernel;
    const bool nb = !opencl::BlockRoutine(it.kernel).empty();
    if (tile) TuneTile(*d.device, it);
    if (nb) {
      TuneNb(*d.device, it);
      const double s = std::chrono::duration<double>(Clock::now() - t0).count();
      cost.MeasuredNb(it, s);
      it.seconds = s - it.check_seconds;
      if (progress) progress(it);
      continue;
    }
    const bool ran = !tile && (it.precision == Precision::kSingle ? Run<float>(*d.device, it)
                                                                  : Run<double>(*d.device, it));
    // The tile's verification (host references) is check time, as for CLBlast's candidates.
    it.seconds = std::chrono::duration<double>(Clock::now() - t0).count() - it.check_seconds;
    if (ran) {
      const auto t1 = Clock::now();
      Evaluate(*d.device, it);
      it.check_seconds = std::chrono::duration<double>(Clock::now() - t1).count();
    }
    const KernelSpace& s = SpaceOf(it.kernel);
    const double per = it.seconds / (it.configurations + static_cast<double>(s.passes.size()));
    // The slowest seen so far: a kernel the driver had cached says little about the next one.
    double& measured = s.gemm_class ? cost.gemm : cost.copy;
    measured = std::max(measured, per);
    if (progress) progress(it);
  }
  const int64_t gemm_size = std::find_if(out.items.begin(), out.items.end(), [](const Item& it) {
                             return it.kernel == "Xgemm";
                           })->m;
  for (const Precision p : {Precision::kSingle, Precision::kDouble}) {
    try {
      CheckTogether(*d.device, out.items, p, gemm_size);
    } catch (const std::exception& e) {
      for (Item& it : out.items) {
        if (it.precision == p && it.outcome == "tuned") {
          it.outcome = fmt::format("kept CLBlast defaults: the check with all kept entries "
                                   "failed: {}", e.what());
        }
      }
    }
  }
  out.seconds = elapsed();
  out.seconds_per_config = cost.PerConfig(true);
  // A file where every candidate lost still says so (and replaces an older, unchecked one).
  const bool any = std::any_of(out.items.begin(), out.items.end(), [](const Item& it) {
    return it.outcome == "tuned" || it.outcome.starts_with("kept");
  });
  if (!any) {
    out.file.clear();  // a file without entries would only hide the old one
    return out;
  }
  nlohmann::json doc = ToJson(out);
  KeepEarlierEntries(o, d.device->info(), out.file, doc);
  WriteFileAtomically(out.file, doc.dump(2) + "\n");
  return out;
}

}  // namespace lapack_ai::clblast_tuning
