// Backend families a build may lack (GPU toolkits not found): specs naming them still parse, and
// a stand-in backend makes the runner record "skipped" with the reason instead of failing.
#include <algorithm>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/sweep_params.h"

namespace lapack_ai {
namespace {

constexpr std::string_view kOptional[] = {"opencl", "cuda"};

bool Compiled(std::string_view family) {
  const auto families = BackendFamilies();
  return std::any_of(families.begin(), families.end(),
                     [&](const BackendFamily* f) { return family == f->name; });
}

bool Optional(std::string_view family) {
  return std::find(std::begin(kOptional), std::end(kOptional), family) != std::end(kOptional);
}

// The family or base of `spec` that this build lacks but knows of, or "" if none.
std::string MissingOptional(std::string_view spec) {
  std::string_view family = spec.substr(0, spec.find_first_of(":@"));
  if (Optional(family) && !Compiled(family)) return std::string(family);
  if (auto at = spec.find('@'); at != std::string_view::npos) {
    std::string_view base = spec.substr(at + 1);
    base = base.substr(0, base.find_first_of(":@"));
    if (Optional(base) && !Compiled(base)) return std::string(base);
  }
  return "";
}

// Reports itself unavailable, so every case on it is "skipped" with the reason.
class StandInBackend final : public Backend {
 public:
  StandInBackend(std::string name, std::string missing)
      : name_(std::move(name)), missing_(std::move(missing)) {}
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override {
    BackendInfo info;
    info.name = name_;
    info.available = false;
    info.note = fmt::format(
        "the {} backend is not compiled into this build (LAPACK_AI_WITH_{}=OFF "
        "or its toolkit was not found)",
        missing_, missing_ == "cuda" ? "CUDA" : "OPENCL");
    return info;
  }
  bool Supports(std::string_view, Precision) const override { return false; }
  std::unique_ptr<BoundCall> Bind(Call&) override { throw Unsupported(Info().note); }

 private:
  std::string name_;
  std::string missing_;
};

}  // namespace

std::span<const std::string_view> OptionalBackendFamilies() { return kOptional; }

void CheckBackendSpec(std::string_view spec, std::string_view what) {
  if (!MissingOptional(spec).empty()) return;
  ParseBackendSpec(spec, what);
}

std::unique_ptr<Backend> CreateBackendOrStandIn(std::string_view spec) {
  const std::string missing = MissingOptional(spec);
  if (!missing.empty()) return std::make_unique<StandInBackend>(std::string(spec), missing);
  return CreateBackend(spec);
}

}  // namespace lapack_ai
