// NVRTC loading and the per-process cubin cache (see cuda_nvrtc.h).
#include "cuda_nvrtc.h"

#include <map>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "cuda_api.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {
namespace {

const Nvrtc* Load(std::string* why) {
  static Nvrtc n;
  // NVRTC dlopens its builtins by name: loaded first from NVRTC's folder, they resolve
  // wherever NVRTC itself was found.
  void* lib = OpenCudaLibrary({"libnvrtc.so.13", "libnvrtc.so.12"},
                              {"libnvrtc-builtins.so.13.0", "libnvrtc-builtins.so.12"}, CudaLibraryDirs(), why);
  if (lib == nullptr) return nullptr;
#define LAPACK_AI_NVRTC(fn)                                                             \
  if ((n.fn = reinterpret_cast<decltype(n.fn)>(FindSymbol(lib, #fn, why))) == nullptr) \
    return nullptr;
  LAPACK_AI_NVRTC(nvrtcVersion) LAPACK_AI_NVRTC(nvrtcGetErrorString) LAPACK_AI_NVRTC(nvrtcCreateProgram)
  LAPACK_AI_NVRTC(nvrtcDestroyProgram) LAPACK_AI_NVRTC(nvrtcCompileProgram)
  LAPACK_AI_NVRTC(nvrtcGetProgramLogSize) LAPACK_AI_NVRTC(nvrtcGetProgramLog)
  LAPACK_AI_NVRTC(nvrtcGetCUBINSize) LAPACK_AI_NVRTC(nvrtcGetCUBIN)
#undef LAPACK_AI_NVRTC
  n.file = LibraryFileOf(reinterpret_cast<void*>(n.nvrtcVersion));
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
