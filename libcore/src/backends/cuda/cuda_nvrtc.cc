// NVRTC loading and the per-process cubin cache (see cuda_nvrtc.h).
#include "cuda_nvrtc.h"

#include <dlfcn.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "cuda_api.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {
namespace {

namespace fs = std::filesystem;

// NVRTC dlopens its builtins library by name; loaded first from the same folder, it resolves
// wherever NVRTC itself was found.
void* Open(const std::string& dir, const std::string& so, const char* builtins) {
  if (!dir.empty()) dlopen((dir + "/" + builtins).c_str(), RTLD_NOW | RTLD_GLOBAL);
  return dlopen((dir.empty() ? so : dir + "/" + so).c_str(), RTLD_NOW | RTLD_GLOBAL);
}

const Nvrtc* Load(std::string* why) {
  static Nvrtc n;
  const std::pair<const char*, const char*> names[] = {{"libnvrtc.so.13", "libnvrtc-builtins.so.13.0"},
                                                       {"libnvrtc.so.12", "libnvrtc-builtins.so.12"}};
  void* lib = nullptr;
  std::vector<std::string> dirs = {""};
  for (const std::string& d : CudaLibraryDirs()) dirs.push_back(d);
  for (const std::string& dir : dirs) {
    for (const auto& [so, builtins] : names) {
      std::error_code ec;
      if (!dir.empty() && !fs::exists(fs::path(dir) / so, ec)) continue;
      if ((lib = Open(dir, so, builtins)) != nullptr) break;
    }
    if (lib != nullptr) break;
  }
  if (lib == nullptr) {
    *why = "libnvrtc.so.13 not found (looked in: LD_LIBRARY_PATH, ld.so.cache";
    for (const std::string& d : CudaLibraryDirs()) *why += ", " + d;
    *why += ")";
    return nullptr;
  }
#define LAPACK_AI_NVRTC(fn)                                                         \
  n.fn = reinterpret_cast<decltype(n.fn)>(dlsym(lib, #fn));                         \
  if (n.fn == nullptr) {                                                            \
    *why = fmt::format("symbol {} missing from the loaded libnvrtc", #fn);          \
    return nullptr;                                                                 \
  }
  LAPACK_AI_NVRTC(nvrtcVersion) LAPACK_AI_NVRTC(nvrtcGetErrorString) LAPACK_AI_NVRTC(nvrtcCreateProgram)
  LAPACK_AI_NVRTC(nvrtcDestroyProgram) LAPACK_AI_NVRTC(nvrtcCompileProgram)
  LAPACK_AI_NVRTC(nvrtcGetProgramLogSize) LAPACK_AI_NVRTC(nvrtcGetProgramLog)
  LAPACK_AI_NVRTC(nvrtcGetCUBINSize) LAPACK_AI_NVRTC(nvrtcGetCUBIN)
#undef LAPACK_AI_NVRTC
  Dl_info dl{};
  n.file = dladdr(reinterpret_cast<void*>(n.nvrtcVersion), &dl) != 0 && dl.dli_fname != nullptr ? dl.dli_fname : "?";
  int major = 0, minor = 0;
  n.nvrtcVersion(&major, &minor);
  n.version = fmt::format("{}.{}", major, minor);
  return &n;
}

}  // namespace

const Nvrtc* LoadNvrtc(std::string* why) {
  static std::once_flag once;
  static std::string reason;
  static const Nvrtc* loaded = nullptr;
  std::call_once(once, [] { loaded = Load(&reason); });
  if (loaded == nullptr && why != nullptr) *why = reason;
  return loaded;
}

const std::string& CompileCubin(const Nvrtc& nv, const std::string& source, int arch) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, std::string> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto key = std::make_pair(source, arch);
  if (const auto it = cache.find(key); it != cache.end()) return it->second;
  nvrtcProgram prog = nullptr;
  auto check = [&](nvrtcResult r, const char* call) {
    if (r == NVRTC_SUCCESS) return;
    std::string log;
    std::size_t size = 0;
    if (prog != nullptr && nv.nvrtcGetProgramLogSize(prog, &size) == NVRTC_SUCCESS && size > 1) {
      log.resize(size);
      nv.nvrtcGetProgramLog(prog, log.data());
      log.resize(size - 1);
    }
    if (prog != nullptr) nv.nvrtcDestroyProgram(&prog);
    throw BackendError(fmt::format("{} failed: {}{}{}", call, nv.nvrtcGetErrorString(r), log.empty() ? "" : "\n", log));
  };
  check(nv.nvrtcCreateProgram(&prog, source.c_str(), "lincomb.cu", 0, nullptr, nullptr), "nvrtcCreateProgram");
  const std::string gpu = fmt::format("--gpu-architecture=sm_{}", arch);
  const char* options[] = {gpu.c_str(), "--std=c++17"};
  check(nv.nvrtcCompileProgram(prog, 2, options), "nvrtcCompileProgram");
  std::size_t size = 0;
  check(nv.nvrtcGetCUBINSize(prog, &size), "nvrtcGetCUBINSize");
  std::string cubin(size, '\0');
  check(nv.nvrtcGetCUBIN(prog, cubin.data()), "nvrtcGetCUBIN");
  nv.nvrtcDestroyProgram(&prog);
  return cache.emplace(key, std::move(cubin)).first->second;
}

}  // namespace lapack_ai::cuda
