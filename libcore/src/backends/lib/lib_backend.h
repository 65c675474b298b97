// The lib backend family: any BLAS + LAPACK shared library in its own link namespace,
// `lib:<name|path>[/threads=N][/env:KEY=VALUE]...`. `reference` is this backend on netlib.
#pragma once
#include <memory>
#include <string>

#include "backends/lib/blas_library.h"
#include "lapack_ai/backend.h"

namespace lapack_ai::lib {

class LibBackend final : public Backend {
 public:
  /// `library` null: the library is absent here; `missing` says which paths were looked for.
  LibBackend(std::string name, std::shared_ptr<Library> library, std::string missing);
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override;
  bool Supports(std::string_view routine, Precision precision) const override;
  std::unique_ptr<BoundCall> Bind(Call& call) override;
  void SetThreads(int threads) override;
  /// Runs `plan` with this library's ?gemm doing the block products (backends/host_fastmm).
  std::unique_ptr<BoundCall> BindFastGemm(const fastmm::Plan& plan, Call& gemm_call) override;

 private:
  std::string name_;
  std::shared_ptr<Library> library_;
  std::string missing_;
};

/// Builds the backend of `lib:<argument>` named `spec_text`. Throws UsageError for an unknown
/// name, a path that does not exist or is not a BLAS, or malformed options; an absent known
/// library gives an unavailable backend (its cases are skipped, naming the paths looked for).
std::unique_ptr<Backend> MakeLib(const std::string& spec_text, const std::string& argument);

/// netlib BLAS + LAPACK in their own namespace: the truth every backend is checked against.
/// Throws BackendError naming the Debian packages when absent.
const std::shared_ptr<Library>& ReferenceLibrary();

}  // namespace lapack_ai::lib

namespace lapack_ai {
/// Registry factories ("lib", "reference").
std::unique_ptr<Backend> MakeLibBackend(const BackendSpec& spec);
std::unique_ptr<Backend> MakeReferenceBackend(const BackendSpec& spec);
/// What `devices` lists for lib: one spec per library it knows, installed or not.
std::vector<std::string> LibListedSpecs();
}  // namespace lapack_ai
