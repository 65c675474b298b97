// NVRTC, loaded at run time like the other CUDA libraries: it compiles the fast-matmul additions
// specialised to each plan (cuda_lincomb_source.h). Optional: without it the executor runs the
// generic kernels/cuda_lincomb.cu, and `devices` says why.
#pragma once
#include <nvrtc.h>

#include <string>

namespace lapack_ai::cuda {

struct Nvrtc {
  decltype(&::nvrtcVersion) nvrtcVersion = nullptr;
  decltype(&::nvrtcGetErrorString) nvrtcGetErrorString = nullptr;
  decltype(&::nvrtcCreateProgram) nvrtcCreateProgram = nullptr;
  decltype(&::nvrtcDestroyProgram) nvrtcDestroyProgram = nullptr;
  decltype(&::nvrtcCompileProgram) nvrtcCompileProgram = nullptr;
  decltype(&::nvrtcGetProgramLogSize) nvrtcGetProgramLogSize = nullptr;
  decltype(&::nvrtcGetProgramLog) nvrtcGetProgramLog = nullptr;
  decltype(&::nvrtcGetCUBINSize) nvrtcGetCUBINSize = nullptr;
  decltype(&::nvrtcGetCUBIN) nvrtcGetCUBIN = nullptr;
  std::string file;     ///< the library loaded
  std::string version;  ///< "13.0"
};

/// libnvrtc.so.13 or .12, by soname then from the CUDA toolkit and wheel folders; loaded once
/// (thread-safe). nullptr with `*why` set when it is absent or incomplete.
const Nvrtc* LoadNvrtc(std::string* why);

/// `source` compiled for sm_<arch> (e.g. 90) to a cubin; compiled once per process for each
/// (source, arch), thread-safe. Throws BackendError with the compiler's log when it fails.
const std::string& CompileCubin(const Nvrtc& nvrtc, const std::string& source, int arch);

}  // namespace lapack_ai::cuda
