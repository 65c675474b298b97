// One BLAS + LAPACK shared library loaded into a link namespace of its own (dlmopen), so that
// several libraries — netlib, Debian's OpenBLAS builds, BLIS, ATLAS, MKL, the scipy-openblas
// wheels — and the OpenBLAS lapack-ai links against coexist in one process, each resolving its
// own dgemm_. The symbol convention (prefix, ILP64 suffix) is found from the exports and the
// integer width is measured by calling the library, never assumed from a name.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace lapack_ai::lib {

/// Where a library comes from: files loaded in order into one namespace. A BLAS-only library is
/// followed by a LAPACK built on libblas.so.3 (netlib's), whose DT_NEEDED then binds to it.
struct Recipe {
  std::string name;                ///< "blis", "netlib", or the path as typed
  std::vector<std::string> files;  ///< BLAS first; empty when not found
  std::vector<std::string> looked_for;  ///< every path tried, for the "absent" message
  std::string install_hint;        ///< "apt-get install libblis4-pthread", "pip install mkl"
  /// Loaded with dlopen(RTLD_LOCAL | RTLD_DEEPBIND) in the base namespace instead: for a library
  /// that dlopen()s its own parts with RTLD_GLOBAL (MKL's mkl_rt), which glibc 2.36 rejects —
  /// or crashes on — inside a dlmopen namespace. One instance per process; env options stay set.
  bool base_namespace = false;
  /// Loaded into the namespace too but used only to describe the library: Debian's BLIS
  /// libblas.so.3 exports the BLAS API alone, its twin libblis.so.4 also bli_info_*/bli_arch_*.
  std::string facts_file;
  /// A library whose thread count is read once from this variable at its first call (BLIS:
  /// BLIS_NUM_THREADS); `threads` is then applied through it at load time.
  std::string threads_env;
};

/// Applied around the load: `env` is set while the library initialises (kernel selection and
/// thread pools read it then) and stays in that namespace's environment only; `threads` > 0 is
/// set through the library's own call after loading.
struct LoadOptions {
  int threads = 0;
  std::vector<std::pair<std::string, std::string>> env;
  bool operator<(const LoadOptions& o) const {
    return std::tie(threads, env) < std::tie(o.threads, o.env);
  }
};

/// What `devices` and the results say about a loaded library.
struct Facts {
  std::string family;     ///< "OpenBLAS", "BLIS", "MKL", "ATLAS", "netlib" (by its exports)
  std::string version;    ///< library version, e.g. "0.3.21"; LAPACK version in lapack_version
  std::string lapack_version;  ///< from ilaver, "" when the library has no LAPACK
  std::string config;     ///< build configuration string where the library has one
  int int_bits = 32;      ///< 32 (LP64) or 64 (ILP64), measured
  std::string threading;  ///< "pthreads", "openmp", "sequential", ...
  int threads = 0;        ///< worker threads now (0 = unknown)
  std::string kernel_key; ///< BackendInfo::extra key of the kernel ("core", "blis_arch", "mkl_isa")
  std::string kernel;     ///< kernel/core the library selected for this CPU
  bool cblas = false, lapacke = false;
  std::map<std::string, std::string> providers;  ///< routine symbol -> file defining it
};

class Library {
 public:
  /// Loads `recipe` with `options`, or returns the instance already loaded with both (a link
  /// namespace is a scarce resource: glibc has 16). Throws BackendError naming the paths looked
  /// for when the recipe has no file, or dlmopen's reason; UsageError when the files load but
  /// export no gemm under any known convention ("not a BLAS").
  static std::shared_ptr<Library> Load(const Recipe& recipe, const LoadOptions& options);

  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  const Recipe& recipe() const { return recipe_; }
  const LoadOptions& options() const { return options_; }
  /// The exported name of Fortran routine `routine` ("dgemm" -> "scipy_dgemm_64_").
  std::string FortranName(std::string_view routine) const;
  /// Address of Fortran routine `routine`, nullptr if the library lacks it.
  void* Find(std::string_view routine) const;
  /// Address of Fortran routine `routine`; throws BackendError if absent.
  void* Require(std::string_view routine) const;
  template <typename F>
  F Fn(std::string_view routine) const {
    return reinterpret_cast<F>(Require(routine));
  }
  bool ilp64() const { return ilp64_; }
  /// Sets the library's worker threads (0 leaves them); a no-op for serial libraries.
  void SetThreads(int threads);
  int Threads() const;
  Facts Describe() const;
  /// The canonical file that defines `symbol` (an exact exported name), or "not found".
  std::string ProviderOf(std::string_view symbol) const;

 private:
  Library(Recipe recipe, LoadOptions options);
  void* Symbol(const std::string& exact) const;
  void* CSymbol(std::string_view name) const;  // C entry points: prefix + name + ILP64 suffix
  void* FactsSymbol(const std::string& exact) const;  // Symbol, else from the facts file
  bool ProbeIlp64() const;
  std::function<int()> ThreadsQuery() const;

  Recipe recipe_;
  LoadOptions options_;
  std::vector<void*> handles_;  // last loaded first: LAPACK before BLAS in lookups
  void* facts_handle_ = nullptr;
  std::string prefix_, suffix_;  // Fortran name = prefix_ + routine + "_" + suffix_
  bool ilp64_ = false;
  std::function<int()> threads_query_;
};

}  // namespace lapack_ai::lib
