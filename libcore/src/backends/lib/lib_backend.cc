#include "backends/lib/lib_backend.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/lapack_binding.h"
#include "backends/lib/known_libraries.h"
#include "backends/lib/lib_blas.h"
#include "backends/lib/lib_lapack.h"
#include "backends/lib/lib_spec.h"
#include "lapack_ai/env.h"
#include "lapack_ai/error.h"

namespace lapack_ai::lib {
namespace {

constexpr std::string_view kRoutines[] = {"gemm",  "gemm_batched", "getrf", "gesv",  "potrf", "posv",
                                          "geqrf", "gels",         "gesvd", "gesdd", "syevd"};

bool HasGemm(const Library& lib, Precision p) {
  return lib.Find(p == Precision::kSingle ? "sgemm" : "dgemm") != nullptr;
}

bool Provides(const Library& lib, std::string_view routine, Precision p) {
  if (routine == "gemm" || routine == "gemm_batched") return HasGemm(lib, p);
  return LapackSupports(lib, routine, p);
}

// "gemm getrf ... (s,d)", with a routine present in one precision only marked as such.
std::string RoutineList(const Library& lib) {
  std::vector<std::string> have, missing;
  for (std::string_view r : kRoutines) {
    const bool s = Provides(lib, r, Precision::kSingle), d = Provides(lib, r, Precision::kDouble);
    if (s && d) have.emplace_back(r);
    else if (s || d) have.push_back(fmt::format("{}({} only)", r, s ? "s" : "d"));
    else missing.emplace_back(r);
  }
  return fmt::format("{}{}", fmt::join(have, " "),
                     missing.empty() ? "" : fmt::format("; unsupported: {}", fmt::join(missing, " ")));
}

}  // namespace

LibBackend::LibBackend(std::string name, std::shared_ptr<Library> library, std::string missing)
    : name_(std::move(name)), library_(std::move(library)), missing_(std::move(missing)) {}

BackendInfo LibBackend::Info() const {
  BackendInfo info;
  info.name = name_;
  if (!library_) {
    info.available = false;
    info.note = missing_;
    return info;
  }
  const Facts f = library_->Describe();
  const Recipe& r = library_->recipe();
  info.library = fmt::format("{}{}{} ({})", f.family, f.version.empty() ? "" : " " + f.version,
                             f.lapack_version.empty() ? "" : ", LAPACK " + f.lapack_version,
                             r.base_namespace ? "dlopen, deep binding: it cannot live in a dlmopen namespace"
                                              : "dlmopen, own namespace");
  info.config = f.config;
  info.threads = f.threads;
  info.providers = f.providers;
  if (!f.kernel_key.empty()) info.extra[f.kernel_key] = f.kernel;
  info.extra["family"] = f.family;
  info.extra["files"] = fmt::format("{}", fmt::join(r.files, " + "));
  info.extra["int_size"] = f.int_bits == 64 ? "64 (ILP64, measured)" : "32 (LP64, measured)";
  if (!f.threading.empty()) info.extra["threading"] = f.threading;
  info.extra["interfaces"] = fmt::format("fortran{}{}", f.cblas ? " cblas" : "", f.lapacke ? " lapacke" : "");
  info.extra["routines"] = RoutineList(*library_);
  std::vector<std::string> env;
  for (const auto& [k, v] : library_->options().env) env.push_back(k + "=" + v);
  if (!env.empty()) info.extra["env"] = fmt::format("{}", fmt::join(env, " "));
  if (library_->options().threads > 0)
    info.extra["threads_option"] = std::to_string(library_->options().threads);
  return info;
}

bool LibBackend::Supports(std::string_view routine, Precision precision) const {
  if (!library_) return true;  // unavailable: the runner reports skipped with the reason
  return Provides(*library_, routine, precision);
}

std::unique_ptr<BoundCall> LibBackend::Bind(Call& call) {
  if (!library_) throw BackendError(missing_);
  const std::string_view routine = RoutineOf(call);
  std::function<void()> fn = routine == "gemm" || routine == "gemm_batched"
                                 ? GemmRunner(library_, call)
                                 : LapackRunner(library_, call, name_);
  return MakeHostBoundCall(call, std::move(fn));
}

void LibBackend::SetThreads(int threads) {
  if (library_) library_->SetThreads(threads);
}

std::unique_ptr<BoundCall> LibBackend::BindFastGemm(const fastmm::Plan& plan, Call& call) {
  if (!library_) throw BackendError(missing_);
  return BindHostFastGemm(plan, call, HostGemmOf(library_, name_));
}

std::unique_ptr<Backend> MakeLib(const std::string& spec_text, const std::string& argument) {
  const LibSpec spec = ParseLibArgument(argument, spec_text);
  for (const auto& [key, value] : spec.options.env) {
    if (auto why = env::ForcedKernelBeyondCpu(*env::RealSystem(), key, value)) {
      throw UsageError(fmt::format("--backend: '{}': {}", spec_text, *why));
    }
  }
  const bool is_path = spec.target.find('/') != std::string::npos;
  std::optional<Recipe> recipe = is_path ? PathRecipe(spec.target, spec_text) : KnownRecipe(spec.target);
  if (!recipe) {
    throw UsageError(fmt::format("--backend: '{}': unknown library '{}': expected a path or one of {}",
                                 spec_text, spec.target, fmt::join(KnownNames(), ", ")));
  }
  try {
    return std::make_unique<LibBackend>(spec_text, Library::Load(*recipe, spec.options), "");
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("--backend: '{}': {}", spec_text, e.what()));
  } catch (const BackendError& e) {
    // A user's file that does not load is a mistake in the command; a known library that is
    // not installed is a fact about this machine.
    if (is_path) throw UsageError(fmt::format("--backend: '{}': {}", spec_text, e.what()));
    return std::make_unique<LibBackend>(spec_text, nullptr, e.what());
  }
}

const std::shared_ptr<Library>& ReferenceLibrary() {
  static const std::shared_ptr<Library> lib = Library::Load(*KnownRecipe("netlib"), {});
  return lib;
}

}  // namespace lapack_ai::lib

namespace lapack_ai {

std::unique_ptr<Backend> MakeLibBackend(const BackendSpec& spec) {
  if (!spec.base.empty() || spec.argument.empty()) {
    throw UsageError(fmt::format("--backend: '{}': expected lib:<name|path>[/threads=N][/env:KEY=VALUE] "
                                 "with a name from {} or a library path",
                                 spec.text, fmt::join(lib::KnownNames(), ", ")));
  }
  return lib::MakeLib(spec.text, spec.argument);
}

std::vector<std::string> LibListedSpecs() {
  std::vector<std::string> out;
  for (const std::string& name : lib::KnownNames()) out.push_back("lib:" + name);
  return out;
}

std::unique_ptr<Backend> MakeReferenceBackend(const BackendSpec& spec) {
  if (!spec.argument.empty() || !spec.base.empty()) {
    throw UsageError(fmt::format("--backend: 'reference' takes no argument, got '{}'", spec.text));
  }
  try {
    return std::make_unique<lib::LibBackend>(spec.text, lib::ReferenceLibrary(), "");
  } catch (const BackendError& e) {
    return std::make_unique<lib::LibBackend>(spec.text, nullptr, "reference backend: " + std::string(e.what()));
  }
}

}  // namespace lapack_ai
