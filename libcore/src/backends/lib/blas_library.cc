// dlmopen loader of BLAS/LAPACK libraries. Each recipe gets a fresh namespace: BLAS is loaded
// first so that a LAPACK's DT_NEEDED libblas.so.3 binds to it (by soname, inside the namespace)
// rather than to the alternatives-selected libblas.so.3 of the base namespace.
#include "backends/lib/blas_library.h"

#include <dlfcn.h>
#include <link.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lapack_ai/error.h"

extern char** environ;

namespace lapack_ai::lib {
namespace {

// Conventions in the order tried: plain LP64 names first, so a library exporting both (MKL's
// mkl_rt has dgemm_ and dgemm_64_) is used through its LP64 interface.
constexpr std::pair<const char*, const char*> kConventions[] = {
    {"", ""}, {"scipy_", ""}, {"", "64_"}, {"scipy_", "64_"}};

std::string Canonical(const char* file) {
  std::error_code ec;
  auto c = std::filesystem::canonical(file, ec);
  return ec ? std::string(file) : c.string();
}

// Sets the load options' variables in the process for the duration of the load and puts the
// previous values back afterwards.
class ScopedEnv {
 public:
  explicit ScopedEnv(const std::vector<std::pair<std::string, std::string>>& env) {
    for (const auto& [k, v] : env) {
      const char* old = std::getenv(k.c_str());
      saved_.emplace_back(k, old ? std::optional<std::string>(old) : std::nullopt);
      setenv(k.c_str(), v.c_str(), 1);
    }
  }
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second) setenv(it->first.c_str(), it->second->c_str(), 1);
      else unsetenv(it->first.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// The namespace's own C library took the process's environ array at load time. That array is
// realloc'ed (and the old one freed) the next time anything setenv()s a new variable, so the
// namespace gets a private copy — which also keeps the load options in force for variables a
// library reads later (OMP_*, BLIS_*) without leaking them into the rest of the process.
void GiveOwnEnvironment(void* handle) {
  auto** ns_environ = static_cast<char***>(dlsym(handle, "environ"));
  if (ns_environ == nullptr || *ns_environ != environ) return;  // shares nothing with us
  std::size_t n = 0;
  while (environ[n] != nullptr) ++n;
  // Deliberately leaked: the namespace lives as long as the process.
  auto** copy = new char*[n + 1];
  for (std::size_t i = 0; i < n; ++i) copy[i] = strdup(environ[i]);
  copy[n] = nullptr;
  *ns_environ = copy;
}

using Key = std::pair<std::vector<std::string>, LoadOptions>;

std::mutex& CacheMutex() {
  static std::mutex m;
  return m;
}
std::map<Key, std::shared_ptr<Library>>& Cache() {
  static std::map<Key, std::shared_ptr<Library>> cache;
  return cache;
}

}  // namespace

std::shared_ptr<Library> Library::Load(const Recipe& recipe, const LoadOptions& options) {
  std::lock_guard lock(CacheMutex());
  Key key{recipe.files, options};
  auto it = Cache().find(key);
  if (it != Cache().end()) return it->second;
  std::shared_ptr<Library> lib(new Library(recipe, options));
  Cache().emplace(std::move(key), lib);
  return lib;
}

Library::Library(Recipe recipe, LoadOptions options)
    : recipe_(std::move(recipe)), options_(std::move(options)) {
  if (recipe_.files.empty()) {
    throw BackendError(fmt::format("library '{}' not found (looked for {}){}", recipe_.name,
                                   fmt::join(recipe_.looked_for, ", "),
                                   recipe_.install_hint.empty() ? "" : "; " + recipe_.install_hint));
  }
  if (recipe_.base_namespace) {
    // The variables must outlive the load: such a library may read them at its first call.
    for (const auto& [k, v] : options_.env) setenv(k.c_str(), v.c_str(), 1);
    for (const std::string& file : recipe_.files) {
      void* h = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
      if (h == nullptr) throw BackendError(fmt::format("dlopen(\"{}\") failed: {}", file, dlerror()));
      handles_.insert(handles_.begin(), h);
    }
  } else {
    auto env_options = options_.env;
    if (!recipe_.threads_env.empty() && options_.threads > 0)
      env_options.emplace_back(recipe_.threads_env, std::to_string(options_.threads));
    ScopedEnv env(env_options);
    Lmid_t lmid = LM_ID_NEWLM;
    for (const std::string& file : recipe_.files) {
      void* h = dlmopen(lmid, file.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (h == nullptr) {
        throw BackendError(fmt::format("dlmopen(\"{}\") failed: {}", file, dlerror()));
      }
      handles_.insert(handles_.begin(), h);
      if (lmid == LM_ID_NEWLM && dlinfo(h, RTLD_DI_LMID, &lmid) != 0) {
        throw BackendError(fmt::format("dlinfo(RTLD_DI_LMID) on {} failed: {}", file, dlerror()));
      }
    }
    if (!recipe_.facts_file.empty()) {
      facts_handle_ = dlmopen(lmid, recipe_.facts_file.c_str(), RTLD_NOW | RTLD_LOCAL);  // optional
    }
    GiveOwnEnvironment(handles_.front());
  }
  bool found = false;
  for (const auto& [prefix, suffix] : kConventions) {
    prefix_ = prefix;
    suffix_ = suffix;
    if (Find("dgemm") != nullptr || Find("sgemm") != nullptr) {
      found = true;
      break;
    }
  }
  if (!found) {
    throw UsageError(fmt::format("{} is not a BLAS library: it exports no dgemm_ (nor scipy_dgemm_, "
                                 "dgemm_64_, scipy_dgemm_64_)", fmt::join(recipe_.files, " + ")));
  }
  ilp64_ = ProbeIlp64();
  threads_query_ = ThreadsQuery();
  if (options_.threads > 0) SetThreads(options_.threads);
}

// Namespaces stay loaded: code from them may still be on a worker thread's stack (OpenBLAS's
// pool threads never exit), and glibc cannot reuse a namespace id anyway.
Library::~Library() = default;

std::string Library::FortranName(std::string_view routine) const {
  return fmt::format("{}{}_{}", prefix_, routine, suffix_);
}

void* Library::Symbol(const std::string& exact) const {
  for (void* h : handles_) {
    if (void* p = dlsym(h, exact.c_str())) return p;
  }
  return nullptr;
}

void* Library::CSymbol(std::string_view name) const {
  return Symbol(fmt::format("{}{}{}", prefix_, name, suffix_));
}

void* Library::FactsSymbol(const std::string& exact) const {
  if (void* p = Symbol(exact)) return p;
  return facts_handle_ != nullptr ? dlsym(facts_handle_, exact.c_str()) : nullptr;
}

void* Library::Find(std::string_view routine) const { return Symbol(FortranName(routine)); }

void* Library::Require(std::string_view routine) const {
  void* p = Find(routine);
  if (p == nullptr) {
    throw BackendError(fmt::format("{}: symbol {} not found in {}", recipe_.name,
                                   FortranName(routine), fmt::join(recipe_.files, " + ")));
  }
  return p;
}

// IDAMAX with N pointing at the 64-bit integer 0xFFFFFFFF00000003: an LP64 library reads the
// low 32 bits, N = 3, and returns 2 (the largest of 1, 5, 2); an ILP64 library reads a
// negative N and returns 0. The answer comes from the library itself, whatever its names.
bool Library::ProbeIlp64() const {
  using Idamax = int64_t (*)(const int64_t*, const double*, const int64_t*);
  auto fn = reinterpret_cast<Idamax>(Find("idamax"));
  if (fn == nullptr) {
    throw BackendError(fmt::format("{}: no {} to measure the integer width with", recipe_.name,
                                   FortranName("idamax")));
  }
  const int64_t n = static_cast<int64_t>(0xFFFFFFFF00000003ULL), inc = 1;
  const double x[3] = {1, 5, 2};
  const auto result = static_cast<uint32_t>(fn(&n, x, &inc) & 0xFFFFFFFF);
  if (result == 2) return false;
  if (result == 0) return true;
  throw BackendError(fmt::format("{}: cannot tell its integer width (IDAMAX probe returned {})",
                                 recipe_.name, result));
}

void Library::SetThreads(int threads) {
  if (threads <= 0 || !recipe_.threads_env.empty()) return;  // fixed at load (threads_env)
  if (auto* f = reinterpret_cast<void (*)(int)>(CSymbol("openblas_set_num_threads"))) {
    f(threads);
  } else if (auto* b = reinterpret_cast<void (*)(int64_t)>(Symbol("bli_thread_set_num_threads"))) {
    b(threads);
  } else if (auto* m = reinterpret_cast<void (*)(int)>(Symbol("MKL_Set_Num_Threads"))) {
    m(threads);
  }
}

int Library::Threads() const { return threads_query_(); }

// Resolved once at load: the host fast-matmul executor asks before every combine step.
std::function<int()> Library::ThreadsQuery() const {
  if (!recipe_.threads_env.empty()) {
    // Read once by the library at its first call: what it was loaded with is what it uses.
    const char* v = std::getenv(recipe_.threads_env.c_str());
    const int fixed = options_.threads > 0                    ? options_.threads
                      : v != nullptr && std::atoi(v) > 0 ? std::atoi(v)
                                                             : 1;
    return [fixed] { return fixed; };
  }
  if (auto* f = reinterpret_cast<int (*)()>(CSymbol("openblas_get_num_threads"))) return f;
  if (auto* b = reinterpret_cast<int64_t (*)()>(Symbol("bli_thread_get_num_threads"))) {
    // BLIS answers -1 until set: it then follows BLIS_NUM_THREADS / OMP_NUM_THREADS, else 1.
    return [b] {
      const int64_t n = b();
      return n > 0 ? static_cast<int>(n) : 1;
    };
  }
  if (auto* m = reinterpret_cast<int (*)()>(Symbol("MKL_Get_Max_Threads"))) return m;
  return [] { return 1; };  // netlib and Debian's ATLAS are sequential
}

std::string Library::ProviderOf(std::string_view symbol) const {
  void* p = Symbol(std::string(symbol));
  Dl_info info{};
  if (p == nullptr || dladdr(p, &info) == 0 || info.dli_fname == nullptr) return "not found";
  return Canonical(info.dli_fname);
}

}  // namespace lapack_ai::lib
