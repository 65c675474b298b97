// Backend spec parsing and the registry lookup over the CMake-generated family table.
#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"

namespace lapack_ai {
namespace internal {
extern const BackendFamily kBackendFamilies[];
extern const std::size_t kBackendFamilyCount;
}  // namespace internal

std::vector<const BackendFamily*> BackendFamilies() {
  std::vector<const BackendFamily*> out;
  for (std::size_t i = 0; i < internal::kBackendFamilyCount; ++i)
    out.push_back(&internal::kBackendFamilies[i]);
  return out;
}

static std::string KnownFamilies() {
  std::vector<std::string> names;
  for (const auto* f : BackendFamilies()) names.emplace_back(f->name);
  return fmt::format("{}", fmt::join(names, ", "));
}

BackendSpec ParseBackendSpec(std::string_view text, std::string_view what) {
  BackendSpec spec;
  spec.text = std::string(text);
  std::string_view rest = text;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    spec.base = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    spec.argument = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  } else if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    // "opencl/transfers": options with an empty selector.
    spec.argument = std::string(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
  }
  spec.family = std::string(rest);
  const auto families = BackendFamilies();
  const bool known = std::any_of(families.begin(), families.end(),
                                 [&](const BackendFamily* f) { return spec.family == f->name; });
  if (spec.family.empty() || !known) {
    throw UsageError(fmt::format("{}: unknown backend '{}': expected one of {}", what, text,
                                 KnownFamilies()));
  }
  return spec;
}

std::unique_ptr<Backend> CreateBackend(std::string_view text) {
  const BackendSpec spec = ParseBackendSpec(text);
  for (const auto* f : BackendFamilies()) {
    if (spec.family == f->name) return f->factory(spec);
  }
  throw UsageError(fmt::format("--backend: unknown backend '{}'", text));
}

std::vector<std::string> ListedSpecs(std::string_view family) {
  for (const auto* f : BackendFamilies()) {
    if (family == f->name && f->listed != nullptr) return f->listed();
  }
  return {std::string(family)};
}

namespace {
class HostBoundCall final : public BoundCall {
 public:
  HostBoundCall(Call& call, std::function<void()> fn) : fn_(std::move(fn)) {
    for (const OutputSpan& s : OutputsOf(call)) {
      const auto* p = static_cast<const std::byte*>(s.data);
      spans_.push_back(s);
      snapshots_.emplace_back(p, p + s.bytes);
    }
  }
  void Reset() override {
    for (std::size_t i = 0; i < spans_.size(); ++i) {
      if (spans_[i].bytes > 0) std::memcpy(spans_[i].data, snapshots_[i].data(), spans_[i].bytes);
    }
  }
  void Run() override { fn_(); }
  void Fetch() override {}  // results are already in host memory

 private:
  std::function<void()> fn_;
  std::vector<OutputSpan> spans_;
  std::vector<std::vector<std::byte>> snapshots_;
};
}  // namespace

namespace {
class NotBuiltBackend final : public Backend {
 public:
  NotBuiltBackend(std::string name, std::string why) : name_(std::move(name)), why_(std::move(why)) {}
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override {
    BackendInfo info;
    info.name = name_;
    info.available = false;
    info.note = why_;
    return info;
  }
  bool Supports(std::string_view, Precision) const override { return false; }
  std::unique_ptr<BoundCall> Bind(Call&) override {
    throw Unsupported(fmt::format("{}: {}", name_, why_));
  }

 private:
  std::string name_, why_;
};
}  // namespace

std::unique_ptr<Backend> MakeNotBuiltBackend(std::string name, std::string why) {
  return std::make_unique<NotBuiltBackend>(std::move(name), std::move(why));
}

std::unique_ptr<BoundCall> MakeHostBoundCall(Call& call, std::function<void()> fn) {
  return std::make_unique<HostBoundCall>(call, std::move(fn));
}

}  // namespace lapack_ai
