// Loads Debian's netlib BLAS and LAPACK into their own link namespace with dlmopen, so that
// OpenBLAS's identically named symbols (dgemm_, dgetrf_, ...) can never stand in for them and
// reference LAPACK's internal BLAS calls go to reference BLAS.
#pragma once
#include <string>

namespace lapack_ai {

class NetlibLibrary {
 public:
  /// The process-wide instance, loaded on first use. Throws BackendError naming the Debian
  /// package (libblas3 / liblapack3) when a file is missing, and the dlerror text otherwise.
  static NetlibLibrary& Get();

  /// Address of a BLAS or LAPACK Fortran symbol as LAPACK resolves it ("dgemm_").
  /// Throws BackendError if absent.
  void* Symbol(const char* name) const;

  /// Typed lookup: Fn<void (*)(...)>("dgetrf_").
  template <typename F>
  F Fn(const char* name) const {
    return reinterpret_cast<F>(Symbol(name));
  }

  /// The file that defines `symbol` in the reference namespace (dladdr).
  std::string ProviderOf(const char* symbol) const;

  const std::string& blas_path() const { return blas_path_; }
  const std::string& lapack_path() const { return lapack_path_; }
  /// LAPACK version from ilaver_, e.g. "3.11.0".
  std::string LapackVersion() const;

 private:
  NetlibLibrary();
  std::string blas_path_, lapack_path_;
  void* blas_ = nullptr;
  void* lapack_ = nullptr;
};

}  // namespace lapack_ai
