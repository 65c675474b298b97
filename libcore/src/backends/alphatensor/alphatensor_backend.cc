// The alphatensor backend family: gemm through a fast-matmul scheme, alphatensor:<scheme>[/L]@base
// (explicit) or alphatensor:auto@base (scheme and levels by size from the crossover table). The
// base backend does the block products and additions through Backend::BindFastGemm.
#include <charconv>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "lapack_ai/alphatensor/crossovers_file.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/plan.h"

namespace lapack_ai {
namespace {

// Explicit schemes run whenever every block side is at least this (tiny blocks are slow but
// exact, and the user asked for the scheme); auto uses its measured crossovers instead.
constexpr int64_t kExplicitMinBlock = 1;

fastmm::Plan CompileNamed(const std::string& name, int levels, const std::string& spec,
                          fastmm::Fusion fusion, bool all_slots = false) {
  const fastmm::Scheme* scheme = fastmm::FindScheme(name);
  if (scheme == nullptr) {
    throw UsageError(fmt::format("--backend: '{}': unknown scheme '{}' (see `lapack-ai schemes "
                                 "list`)", spec, name));
  }
  fastmm::CompileOptions options;
  options.levels = levels;
  options.fusion = fusion;
  options.all_slots = all_slots;
  try {
    return fastmm::CompilePlan(*scheme, options);
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("--backend: '{}': {}", spec, e.what()));
  }
}

// Both layouts of one plan (plan.h: Fusion): wide when its workspace fits, else per product.
struct PlanPair {
  fastmm::Plan wide, per_product;
};

// Workspace the wide layout may take: what the base allows (Backend::FastWorkspaceBudget: a
// quarter of the host's or the device's memory; Strassen^2 at n = 8192 in double takes 4.2 GiB,
// at 16384 17 GiB), or LAPACK_AI_FASTMM_FUSION=wide|per-product to force one (for the
// comparisons in docs/PERFORMANCE.md).
int64_t WideWorkspaceBudget(const Backend& base) {
  if (const char* env = std::getenv("LAPACK_AI_FASTMM_FUSION")) {
    const std::string_view v(env);
    if (v == "wide") return std::numeric_limits<int64_t>::max();
    if (v == "per-product") return -1;
    throw UsageError(fmt::format("LAPACK_AI_FASTMM_FUSION: invalid value '{}': expected wide or "
                                 "per-product", v));
  }
  return base.FastWorkspaceBudget();
}

// m, n, k and the element size of a gemm call (zeros for anything else).
struct GemmShape {
  int64_t m = 0, n = 0, k = 0, bytes = 0;
};

GemmShape ShapeOfGemm(const Call& call) {
  if (const auto* c = std::get_if<GemmCall<float>>(&call)) return {c->m, c->n, c->k, 4};
  if (const auto* c = std::get_if<GemmCall<double>>(&call)) return {c->m, c->n, c->k, 8};
  return {};
}

// Bytes of workspace `plan` takes for an m x n x k gemm of `bytes`-sized elements.
int64_t WorkspaceBytes(const fastmm::Plan& plan, int64_t m, int64_t n, int64_t k, int64_t bytes) {
  const fastmm::Split split = fastmm::SplitForPlan(plan, m, n, k, plan.min_block);
  return bytes * plan.WorkspaceElements(split.core.m_len / plan.mb, split.core.k_len / plan.kb,
                                        split.core.n_len / plan.nb);
}

const fastmm::Plan& Choose(const PlanPair& plans, int64_t m, int64_t n, int64_t k, int64_t bytes,
                           const Backend& base) {
  return WorkspaceBytes(plans.wide, m, n, k, bytes) <= WideWorkspaceBudget(base) ? plans.wide
                                                                                  : plans.per_product;
}


// "<scheme>[/L]" -> (scheme, L).
std::pair<std::string, int> ParseSchemeArgument(const std::string& arg, const std::string& spec) {
  const auto slash = arg.find('/');
  if (slash == std::string::npos) return {arg, 1};
  const std::string_view digits = std::string_view(arg).substr(slash + 1);
  int levels = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), levels);
  if (ec != std::errc() || end != digits.data() + digits.size() || levels < 1 || levels > 3) {
    throw UsageError(fmt::format("--backend: '{}': levels after '/' must be 1, 2 or 3, got '{}'",
                                 spec, digits));
  }
  return {arg.substr(0, slash), levels};
}

class AlphatensorBackend final : public Backend {
 public:
  AlphatensorBackend(std::string name, std::unique_ptr<Backend> base, std::string scheme,
                     int levels)
      : name_(std::move(name)), base_(std::move(base)), scheme_(std::move(scheme)),
        levels_(levels) {
    if (scheme_ == "auto") {
      table_ = alphatensor::LoadCrossovers(base_->name());
      try {
        for (const auto* list : {&table_.single, &table_.dbl})
          for (const alphatensor::Crossover& c : *list)
            if (c.scheme != "base") PlanFor(c.scheme, c.levels, 1);
      } catch (const UsageError& e) {
        throw UsageError(fmt::format("{} (crossover table {})", e.what(), table_.source));
      }
    } else {
      PlanFor(scheme_, levels_, kExplicitMinBlock);
    }
  }

  const std::string& name() const override { return name_; }
  BackendInfo Info() const override;
  bool Supports(std::string_view routine, Precision p) const override {
    return routine == "gemm" && base_->Supports(routine, p);
  }
  std::unique_ptr<BoundCall> Bind(Call& call) override;
  void SetThreads(int threads) override { base_->SetThreads(threads); }
  std::optional<double> DeviceMemoryBytes() const override { return base_->DeviceMemoryBytes(); }
  std::optional<double> DeviceFreeBytes() const override { return base_->DeviceFreeBytes(); }
  double DeviceWorkspaceBytes(std::string_view routine, Precision p, int64_t m, int64_t n,
                              int64_t k) const override;

 private:
  // The plans a gemm of this shape runs through; null where `auto` picks the base's own gemm.
  // Every plan `auto`'s table can pick was compiled by the constructor.
  const PlanPair* PlansFor(Precision p, int64_t m, int64_t n, int64_t k) const {
    if (scheme_ != "auto") return &plans_.begin()->second;
    const alphatensor::Crossover* pick = table_.Pick(p, m, n, k);
    if (pick == nullptr) return nullptr;
    const auto it = plans_.find(std::pair{pick->scheme, pick->levels});
    return it == plans_.end() ? nullptr : &it->second;
  }
  const PlanPair& PlanFor(const std::string& scheme, int levels, int64_t min_block) {
    const auto key = std::pair{scheme, levels};
    auto it = plans_.find(key);
    if (it == plans_.end()) {
      PlanPair pair{CompileNamed(scheme, levels, name_, fastmm::Fusion::kWide,
                                 base_->BatchesFastProducts()),
                    CompileNamed(scheme, levels, name_, fastmm::Fusion::kPerProduct)};
      pair.wide.min_block = pair.per_product.min_block = min_block;
      it = plans_.emplace(key, std::move(pair)).first;
    }
    return it->second;
  }

  std::string name_;
  std::unique_ptr<Backend> base_;
  std::string scheme_;
  int levels_;
  alphatensor::CrossoverTable table_;
  std::map<std::pair<std::string, int>, PlanPair> plans_;
};

BackendInfo AlphatensorBackend::Info() const {
  BackendInfo info = base_->Info();
  info.name = name_;
  info.extra["base"] = base_->name();
  info.extra["scheme"] = scheme_;
  // Threshold multiplier and note the runner puts beside each check (the largest over the
  // plans this backend may pick, for auto).
  double scale = 1;
  std::string note;
  for (const auto& [key, pair] : plans_) {
    const fastmm::Plan& plan = pair.wide;
    scale = std::max(scale, fastmm::ThresholdScale(plan));
    note += fmt::format("{}scheme {}, L={}, E={:g}", note.empty() ? "" : "; ", plan.scheme,
                        plan.levels, plan.stability_e);
  }
  if (scheme_ == "auto") {
    info.extra["crossovers"] = table_.source;
    note = "auto (by size, else base gemm): " + note;
  } else {
    info.extra["levels"] = std::to_string(levels_);
    info.extra["E"] = fmt::format("{:g}", plans_.begin()->second.wide.stability_e);
  }
  info.extra["check_threshold_scale"] = fmt::format("{:g}", scale);
  info.extra["check_note"] = note;
  return info;
}

// The workspace Bind would allocate on a device base: the plan and layout it would choose.
double AlphatensorBackend::DeviceWorkspaceBytes(std::string_view routine, Precision p, int64_t m,
                                                int64_t n, int64_t k) const {
  if (routine != "gemm" || !base_->DeviceMemoryBytes()) return 0;
  const int64_t bytes = p == Precision::kSingle ? 4 : 8;
  const PlanPair* plans = PlansFor(p, m, n, k);
  if (plans == nullptr) return 0;  // the base's own gemm
  return static_cast<double>(WorkspaceBytes(Choose(*plans, m, n, k, bytes, *base_), m, n, k, bytes));
}

std::unique_ptr<BoundCall> AlphatensorBackend::Bind(Call& call) {
  if (RoutineOf(call) != "gemm") {
    throw Unsupported(fmt::format("{}: only gemm runs through a fast scheme", name_));
  }
  const auto [m, n, k, bytes] = ShapeOfGemm(call);
  const PlanPair* plans = PlansFor(PrecisionOf(call), m, n, k);
  if (plans == nullptr) return base_->Bind(call);
  return base_->BindFastGemm(Choose(*plans, m, n, k, bytes, *base_), call);
}

}  // namespace

/// Registry factory: "alphatensor" alone means auto@openblas.
std::unique_ptr<Backend> MakeAlphatensorBackend(const BackendSpec& spec) {
  const std::string argument = spec.argument.empty() ? "auto" : spec.argument;
  const std::string base_spec = spec.base.empty() ? "openblas" : spec.base;
  if (ParseBackendSpec(base_spec).family == "alphatensor") {
    throw UsageError(fmt::format("--backend: '{}': the base of alphatensor cannot be alphatensor",
                                 spec.text));
  }
  std::unique_ptr<Backend> base = CreateBackend(base_spec);
  const auto [scheme, levels] = argument == "auto" ? std::pair<std::string, int>{"auto", 1}
                                                   : ParseSchemeArgument(argument, spec.text);
  return std::make_unique<AlphatensorBackend>(spec.text, std::move(base), scheme, levels);
}

}  // namespace lapack_ai
