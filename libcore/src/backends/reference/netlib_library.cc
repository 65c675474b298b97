// dlmopen(LM_ID_NEWLM) loader for the netlib reference libraries. BLAS is loaded first so that
// LAPACK's DT_NEEDED libblas.so.3 binds to it inside the new namespace rather than to the
// alternatives-selected libblas.so.3 (OpenBLAS once libopenblas is installed).
#include "netlib_library.h"

#include <dlfcn.h>
#include <link.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "lapack_ai/error.h"

#ifndef LAPACK_AI_MULTIARCH
#define LAPACK_AI_MULTIARCH "x86_64-linux-gnu"
#endif

namespace lapack_ai {
namespace {

std::string PathFromEnvOr(const char* env, const std::string& fallback) {
  const char* v = std::getenv(env);
  return (v != nullptr && *v != '\0') ? std::string(v) : fallback;
}

void* OpenIn(Lmid_t lmid, const std::string& path, const char* package) {
  if (!std::filesystem::exists(path)) {
    throw BackendError(fmt::format(
        "reference backend: {} not found; install the Debian package {} (apt-get install {}) "
        "or point {} at a netlib build",
        path, package, package,
        std::string(package) == "libblas3" ? "LAPACK_AI_REFERENCE_BLAS" : "LAPACK_AI_REFERENCE_LAPACK"));
  }
  void* h = dlmopen(lmid, path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    throw BackendError(fmt::format("reference backend: dlmopen(\"{}\") failed: {}", path, dlerror()));
  }
  return h;
}

}  // namespace

NetlibLibrary& NetlibLibrary::Get() {
  static NetlibLibrary instance;
  return instance;
}

NetlibLibrary::NetlibLibrary() {
  const std::string dir = std::string("/usr/lib/") + LAPACK_AI_MULTIARCH;
  blas_path_ = PathFromEnvOr("LAPACK_AI_REFERENCE_BLAS", dir + "/blas/libblas.so.3");
  lapack_path_ = PathFromEnvOr("LAPACK_AI_REFERENCE_LAPACK", dir + "/lapack/liblapack.so.3");
  blas_ = OpenIn(LM_ID_NEWLM, blas_path_, "libblas3");
  Lmid_t lmid = 0;
  if (dlinfo(blas_, RTLD_DI_LMID, &lmid) != 0) {
    throw BackendError(fmt::format("reference backend: dlinfo(RTLD_DI_LMID) failed: {}", dlerror()));
  }
  lapack_ = OpenIn(lmid, lapack_path_, "liblapack3");
}

void* NetlibLibrary::Symbol(const char* name) const {
  void* p = dlsym(lapack_, name);
  if (p == nullptr) p = dlsym(blas_, name);
  if (p == nullptr) {
    throw BackendError(fmt::format("reference backend: symbol {} not found in {} or {}", name,
                                   lapack_path_, blas_path_));
  }
  return p;
}

std::string NetlibLibrary::ProviderOf(const char* symbol) const {
  Dl_info info{};
  if (dladdr(Symbol(symbol), &info) == 0 || info.dli_fname == nullptr) return "unknown";
  std::error_code ec;
  auto canonical = std::filesystem::canonical(info.dli_fname, ec);
  return ec ? std::string(info.dli_fname) : canonical.string();
}

std::string NetlibLibrary::LapackVersion() const {
  using Ilaver = void (*)(int*, int*, int*);
  int major = 0, minor = 0, patch = 0;
  Fn<Ilaver>("ilaver_")(&major, &minor, &patch);
  return fmt::format("{}.{}.{}", major, minor, patch);
}

}  // namespace lapack_ai
