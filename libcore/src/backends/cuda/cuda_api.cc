// Run-time loading of libcuda.so.1, libcublas and libcusolver (dlopen by soname, then the CUDA
// toolkit folders and the Python environment's NVIDIA wheels), and the status texts the check
// macros throw with.
#include "cuda_api.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>

#include "backends/lib/known_libraries.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cuda {
namespace {

namespace fs = std::filesystem;

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

// dlopen with RTLD_GLOBAL so the libraries cuSOLVER and cuBLAS need (cublasLt, cusparse,
// nvJitLink) resolve against what we preloaded from the same folder.
void* OpenGlobal(const std::string& file) { return dlopen(file.c_str(), RTLD_NOW | RTLD_GLOBAL); }

// Preloads the dependencies of `lib` that sit beside it (or in sibling wheel folders), so a
// library found outside the loader's path still resolves them.
void PreloadDeps(const fs::path& dir, const std::vector<std::string>& deps) {
  const fs::path wheels = dir.parent_path().parent_path();  // <site>/nvidia for wheel layouts
  for (const std::string& dep : deps) {
    for (const fs::path& d : {dir, wheels / "cublas/lib", wheels / "cusparse/lib",
                              wheels / "nvjitlink/lib"}) {
      std::error_code ec;
      if (fs::exists(d / dep, ec) && OpenGlobal((d / dep).string()) != nullptr) break;
    }
  }
}

}  // namespace

void* OpenCudaLibrary(const std::vector<std::string>& sonames, const std::vector<std::string>& deps,
                      const std::vector<std::string>& dirs, std::string* why) {
  for (const std::string& so : sonames) {
    if (void* h = OpenGlobal(so)) return h;
  }
  std::string looked = "LD_LIBRARY_PATH, ld.so.cache";
  for (const std::string& dir : dirs) {
    looked += ", " + dir;
    for (const std::string& so : sonames) {
      std::error_code ec;
      if (!fs::exists(fs::path(dir) / so, ec)) continue;
      PreloadDeps(dir, deps);
      if (void* h = OpenGlobal(dir + "/" + so)) return h;
      *why = fmt::format("{}/{} failed to load: {}", dir, so, dlerror());
      return nullptr;
    }
  }
  *why = fmt::format("{} not found (looked in: {})", sonames.front(), looked);
  return nullptr;
}

std::string LibraryFileOf(const void* symbol) {
  Dl_info dl{};
  if (symbol != nullptr && dladdr(symbol, &dl) != 0 && dl.dli_fname != nullptr) return dl.dli_fname;
  return "?";
}

void* FindSymbol(void* lib, const char* symbol, std::string* why) {
  void* p = dlsym(lib, symbol);
  if (p == nullptr) *why = fmt::format("symbol {} missing from the loaded library", symbol);
  return p;
}

namespace {

template <typename Fn>
bool Resolve(void* lib, const char* symbol, Fn& out, std::string* why) {
  out = reinterpret_cast<Fn>(FindSymbol(lib, symbol, why));
  return out != nullptr;
}

Api api;  // filled by Load; cuGetErrorName is usable even when cuInit then fails

const Api* Load(std::string* why) {
  void* driver = OpenCudaLibrary({"libcuda.so.1"}, {}, {}, why);
  if (driver == nullptr) {
    *why = "no CUDA driver (libcuda.so.1 not found)";
    return nullptr;
  }
  // cuEventElapsedTime_v2 is CUDA 12.8+; older drivers export the same signature unversioned.
  if (dlsym(driver, "cuEventElapsedTime_v2") == nullptr) {
    api.cuEventElapsedTime_v2 =
        reinterpret_cast<decltype(api.cuEventElapsedTime_v2)>(dlsym(driver, "cuEventElapsedTime"));
  }
#define LAPACK_AI_RESOLVE(fn) \
  if (api.fn == nullptr && !Resolve(driver, #fn, api.fn, why)) return nullptr;
  LAPACK_AI_CUDA_DRIVER_FUNCTIONS(LAPACK_AI_RESOLVE)
#undef LAPACK_AI_RESOLVE
  api.files["cuda driver"] = LibraryFileOf(reinterpret_cast<void*>(api.cuInit));
  if (const CUresult r = api.cuInit(0); r != CUDA_SUCCESS) {
    *why = "cuInit: " + CuStatusText(r);
    return nullptr;
  }
  const std::vector<std::string> dirs = CudaLibraryDirs();
  void* blas = OpenCudaLibrary({"libcublas.so.13", "libcublas.so.12"},
                           {"libcublasLt.so.13", "libcublasLt.so.12"}, dirs, why);
  if (blas == nullptr) return nullptr;
#define LAPACK_AI_RESOLVE(fn) if (!Resolve(blas, #fn, api.fn, why)) return nullptr;
  LAPACK_AI_CUBLAS_FUNCTIONS(LAPACK_AI_RESOLVE)
#undef LAPACK_AI_RESOLVE
  api.files["cublas"] = LibraryFileOf(reinterpret_cast<void*>(api.cublasCreate_v2));
  void* solver = OpenCudaLibrary(
      {"libcusolver.so.12", "libcusolver.so.11"},
      {"libnvJitLink.so.13", "libnvJitLink.so.12", "libcublasLt.so.13", "libcublasLt.so.12",
       "libcublas.so.13", "libcublas.so.12", "libcusparse.so.12"},
      dirs, why);
  if (solver == nullptr) return nullptr;
#define LAPACK_AI_RESOLVE(fn) if (!Resolve(solver, #fn, api.fn, why)) return nullptr;
  LAPACK_AI_CUSOLVER_FUNCTIONS(LAPACK_AI_RESOLVE)
#undef LAPACK_AI_RESOLVE
  api.files["cusolver"] = LibraryFileOf(reinterpret_cast<void*>(api.cusolverDnCreate));
  return &api;
}

const Api* loaded = nullptr;

}  // namespace

std::vector<std::string> CudaLibraryDirs() {
  std::vector<std::string> out;
  if (const std::string home = EnvOr("CUDA_HOME", ""); !home.empty()) out.push_back(home + "/lib64");
  out.push_back("/usr/local/cuda/lib64");
  for (const std::string& site : lib::PythonPackageDirs()) {
    for (const char* sub : {"/nvidia/cu13/lib", "/nvidia/cublas/lib", "/nvidia/cusolver/lib", "/nvidia/cuda_nvrtc/lib"})
      out.push_back(site + sub);
  }
  return out;
}

const Api* LoadApi(std::string* why) {
  static std::once_flag once;
  static std::string reason;
  std::call_once(once, [] { loaded = Load(&reason); });
  if (loaded == nullptr && why != nullptr) *why = reason;
  return loaded;
}

std::string CuStatusText(CUresult r) {
  const char* name = nullptr;
  const char* text = nullptr;
  if (api.cuGetErrorName != nullptr) api.cuGetErrorName(r, &name);
  if (api.cuGetErrorString != nullptr) api.cuGetErrorString(r, &text);
  if (name == nullptr) {
    switch (r) {  // the driver's own names when it is absent (tests, early failures)
      case CUDA_SUCCESS: name = "CUDA_SUCCESS"; break;
      case CUDA_ERROR_INVALID_VALUE: name = "CUDA_ERROR_INVALID_VALUE"; break;
      case CUDA_ERROR_OUT_OF_MEMORY: name = "CUDA_ERROR_OUT_OF_MEMORY"; break;
      case CUDA_ERROR_NOT_INITIALIZED: name = "CUDA_ERROR_NOT_INITIALIZED"; break;
      case CUDA_ERROR_NO_DEVICE: name = "CUDA_ERROR_NO_DEVICE"; break;
      case CUDA_ERROR_INVALID_DEVICE: name = "CUDA_ERROR_INVALID_DEVICE"; break;
      case CUDA_ERROR_NO_BINARY_FOR_GPU: name = "CUDA_ERROR_NO_BINARY_FOR_GPU"; break;
      case CUDA_ERROR_NOT_FOUND: name = "CUDA_ERROR_NOT_FOUND"; break;
      case CUDA_ERROR_LAUNCH_FAILED: name = "CUDA_ERROR_LAUNCH_FAILED"; break;
      case CUDA_ERROR_STUB_LIBRARY:
        return "CUDA_ERROR_STUB_LIBRARY (the toolkit's stub libcuda.so was loaded, not a driver)";
      case CUDA_ERROR_SYSTEM_DRIVER_MISMATCH: name = "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"; break;
      default: return fmt::format("CUresult {}", static_cast<int>(r));
    }
  }
  return text != nullptr ? fmt::format("{} ({})", name, text) : std::string(name);
}

std::string CublasStatusText(cublasStatus_t s) {
  switch (s) {
#define LAPACK_AI_CASE(x) \
  case x:                 \
    return #x;
    LAPACK_AI_CASE(CUBLAS_STATUS_SUCCESS) LAPACK_AI_CASE(CUBLAS_STATUS_NOT_INITIALIZED)
    LAPACK_AI_CASE(CUBLAS_STATUS_ALLOC_FAILED) LAPACK_AI_CASE(CUBLAS_STATUS_INVALID_VALUE)
    LAPACK_AI_CASE(CUBLAS_STATUS_ARCH_MISMATCH) LAPACK_AI_CASE(CUBLAS_STATUS_MAPPING_ERROR)
    LAPACK_AI_CASE(CUBLAS_STATUS_EXECUTION_FAILED) LAPACK_AI_CASE(CUBLAS_STATUS_INTERNAL_ERROR)
    LAPACK_AI_CASE(CUBLAS_STATUS_NOT_SUPPORTED) LAPACK_AI_CASE(CUBLAS_STATUS_LICENSE_ERROR)
    default:
      return fmt::format("cublasStatus_t {}", static_cast<int>(s));
  }
}

std::string CusolverStatusText(cusolverStatus_t s) {
  switch (s) {
    LAPACK_AI_CASE(CUSOLVER_STATUS_SUCCESS) LAPACK_AI_CASE(CUSOLVER_STATUS_NOT_INITIALIZED)
    LAPACK_AI_CASE(CUSOLVER_STATUS_ALLOC_FAILED) LAPACK_AI_CASE(CUSOLVER_STATUS_INVALID_VALUE)
    LAPACK_AI_CASE(CUSOLVER_STATUS_ARCH_MISMATCH) LAPACK_AI_CASE(CUSOLVER_STATUS_MAPPING_ERROR)
    LAPACK_AI_CASE(CUSOLVER_STATUS_EXECUTION_FAILED)
    LAPACK_AI_CASE(CUSOLVER_STATUS_INTERNAL_ERROR)
    LAPACK_AI_CASE(CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED)
    LAPACK_AI_CASE(CUSOLVER_STATUS_NOT_SUPPORTED) LAPACK_AI_CASE(CUSOLVER_STATUS_INVALID_LICENSE)
    LAPACK_AI_CASE(CUSOLVER_STATUS_INVALID_WORKSPACE)
#undef LAPACK_AI_CASE
    default:
      return fmt::format("cusolverStatus_t {}", static_cast<int>(s));
  }
}

[[noreturn]] void ThrowCuda(const std::string& status, const char* call, const char* file,
                            int line) {
  throw BackendError(fmt::format("{} failed: {} [{}:{}]", call, status,
                                 fs::path(file).filename().string(), line));
}

}  // namespace lapack_ai::cuda
