// Library::Describe: which library this is, judged by what it exports (a file named libblas.so.3
// may be any of them), its version, threading and the kernel it picked for this CPU.
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "backends/lib/blas_library.h"

namespace lapack_ai::lib {
namespace {

std::string Str(const char* s) { return s == nullptr ? std::string() : std::string(s); }

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

// The second word of "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
std::string SecondWord(const std::string& s) {
  std::istringstream in(s);
  std::string first, second;
  in >> first >> second;
  return second;
}

}  // namespace

Facts Library::Describe() const {
  Facts f;
  f.int_bits = ilp64_ ? 64 : 32;
  f.threads = Threads();
  f.cblas = CSymbol("cblas_dgemm") != nullptr;
  f.lapacke = CSymbol("LAPACKE_dgetrf") != nullptr;
  if (auto* config = reinterpret_cast<const char* (*)()>(CSymbol("openblas_get_config"))) {
    f.family = "OpenBLAS";
    f.config = Trim(Str(config()));
    f.version = SecondWord(f.config);
    f.kernel_key = "core";
    if (auto* core = reinterpret_cast<const char* (*)()>(CSymbol("openblas_get_corename")))
      f.kernel = Trim(Str(core()));
    if (auto* par = reinterpret_cast<int (*)()>(CSymbol("openblas_get_parallel"))) {
      const int p = par();
      f.threading = p == 0 ? "sequential" : p == 1 ? "pthreads" : "openmp";
    }
  } else if (auto* ver = reinterpret_cast<const char* (*)()>(FactsSymbol("bli_info_get_version_str"))) {
    f.family = "BLIS";
    f.version = Str(ver());
    f.kernel_key = "blis_arch";
    auto* query = reinterpret_cast<int (*)()>(FactsSymbol("bli_arch_query_id"));
    auto* name = reinterpret_cast<const char* (*)(int)>(FactsSymbol("bli_arch_string"));
    if (query != nullptr && name != nullptr) f.kernel = Str(name(query()));
    auto* omp = reinterpret_cast<int64_t (*)()>(FactsSymbol("bli_info_get_enable_openmp"));
    auto* pth = reinterpret_cast<int64_t (*)()>(FactsSymbol("bli_info_get_enable_pthreads"));
    f.threading = omp && omp() ? "openmp" : pth && pth() ? "pthreads" : "sequential";
  } else if (auto* mkl = reinterpret_cast<void (*)(char*, int)>(Symbol("MKL_Get_Version_String"))) {
    f.family = "MKL";
    char text[512] = {};
    mkl(text, sizeof text - 1);
    f.config = Trim(text);
    // MKLVersion: three or four ints, then ProductStatus, Build, Processor, Platform pointers —
    // the pointers start at offset 16 in both layouts MKL has shipped.
    if (auto* get = reinterpret_cast<void (*)(void*)>(Symbol("MKL_Get_Version"))) {
      alignas(8) unsigned char v[256] = {};
      get(v);
      int major = 0, minor = 0, update = 0;
      std::memcpy(&major, v, 4);
      std::memcpy(&minor, v + 4, 4);
      std::memcpy(&update, v + 8, 4);
      f.version = fmt::format("{}.{}.{}", major, minor, update);
      const char* processor = nullptr;
      std::memcpy(&processor, v + 32, sizeof processor);
      f.kernel = Trim(Str(processor));
    }
    f.kernel_key = "mkl_isa";
    const char* layer = std::getenv("MKL_THREADING_LAYER");
    f.threading = layer != nullptr ? std::string(layer) : "intel openmp (mkl_rt default)";
  } else if (Symbol("ATL_buildinfo") != nullptr || Symbol("ATL_xerbla") != nullptr) {
    f.family = "ATLAS";
    f.threading = "sequential";
  } else {
    f.family = recipe_.name == "netlib" ? "netlib" : "BLAS";
    f.threading = recipe_.name == "netlib" ? "sequential" : "";
  }
  if (void* p = Find("ilaver")) {
    int64_t v[3] = {0, 0, 0};
    if (ilp64_) {
      reinterpret_cast<void (*)(int64_t*, int64_t*, int64_t*)>(p)(&v[0], &v[1], &v[2]);
    } else {
      int w[3] = {0, 0, 0};
      reinterpret_cast<void (*)(int*, int*, int*)>(p)(&w[0], &w[1], &w[2]);
      for (int i = 0; i < 3; ++i) v[i] = w[i];
    }
    f.lapack_version = fmt::format("{}.{}.{}", v[0], v[1], v[2]);
  }
  for (const char* r : {"dgemm", "sgemm", "dgetrf", "dpotrf", "dgeqrf"}) {
    const std::string sym = FortranName(r);
    f.providers[sym] = ProviderOf(sym);
  }
  return f;
}

}  // namespace lapack_ai::lib
