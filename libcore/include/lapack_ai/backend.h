// The backend seam: a small interface every backend implements (name, what it supports,
// bind a call, run it) and the registry that builds one from a spec such as "openblas" or
// "alphatensor:strassen2@openblas".
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lapack_ai/calls.h"

namespace lapack_ai {
namespace fastmm {
struct Plan;
}  // namespace fastmm

/// What `lapack-ai devices` prints and the results' context records about a backend.
struct BackendInfo {
  std::string name;            ///< spec as typed, e.g. "openblas"
  bool available = true;       ///< false: the backend cannot run here (reason in `note`)
  std::string library;         ///< library name and version, e.g. "OpenBLAS 0.3.21"
  std::string config;          ///< build configuration string of the library
  int threads = 0;             ///< worker threads the backend uses (0 = not applicable)
  std::string device;          ///< device description for GPU backends
  std::map<std::string, std::string> providers;  ///< symbol -> file that defines it (dladdr)
  std::map<std::string, std::string> extra;      ///< backend-specific key/values
  std::string note;            ///< why unavailable, or caveats
};

/// A call bound to a backend with its operands staged where the backend runs them.
/// Reset and Fetch are never timed; Run is, and returns only when the work is complete
/// (GPU backends synchronise inside Run).
class BoundCall {
 public:
  virtual ~BoundCall() = default;
  /// Restores every operand the call overwrites to its value at Bind time.
  virtual void Reset() = 0;
  /// Executes the call once. Throws BackendError on a library failure.
  virtual void Run() = 0;
  /// Makes the results visible in the host operands of the Call given to Bind.
  virtual void Fetch() = 0;
  /// Seconds the last Run() took on the device's own clock (CUDA events recorded around the work
  /// on the backend's stream), for backends that have one; the runner then times with it instead
  /// of the host clock, so launch and synchronisation latency stay out of the sample.
  virtual std::optional<double> DeviceSeconds() const { return std::nullopt; }
};

/// One linear-algebra implementation. Not thread-safe: one call at a time.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual const std::string& name() const = 0;
  virtual BackendInfo Info() const = 0;
  /// True if Bind accepts calls of this routine ("gemm", ...) and precision.
  virtual bool Supports(std::string_view routine, Precision precision) const = 0;
  /// Stages `call` (which must outlive the result) for repeated execution.
  /// Throws Unsupported for a routine/precision it lacks, BackendError on failure.
  virtual std::unique_ptr<BoundCall> Bind(Call& call) = 0;
  /// Sets worker threads where the library allows it; 0 leaves the default.
  virtual void SetThreads(int /*threads*/) {}
  /// Binds a gemm call (float or double) to be run through a fast-matmul plan with this backend
  /// doing the block products and additions (the alphatensor:<scheme>@<base> backends). `plan`
  /// must outlive the result. Default: throws Unsupported (this base has no plan executor).
  virtual std::unique_ptr<BoundCall> BindFastGemm(const fastmm::Plan& plan, Call& gemm_call);
  /// True for a base whose plan executor runs a plan's consecutive products as one batched
  /// call: it is then given plans compiled with fastmm::CompileOptions::all_slots.
  virtual bool BatchesFastProducts() const { return false; }
  /// Bytes of workspace a fast-matmul plan may take on this base before the alphatensor
  /// backend falls back to the leaner per-product layout. Default: a quarter of the host's
  /// physical memory.
  virtual int64_t FastWorkspaceBudget() const;
  /// Memory of the device this backend computes on, in bytes, for the runner's preflight; nullopt
  /// for host backends (their operands live in host memory, which the runner checks itself).
  /// OpenCL cannot report free memory portably, so this is the device's global memory size.
  virtual std::optional<double> DeviceMemoryBytes() const { return std::nullopt; }
  /// Memory free on that device now, where the API says (CUDA's cuMemGetInfo): contexts, library
  /// handles and other processes hold memory the size does not show (1.7 of the H200's 150.1 GB
  /// with seven cuda backends open before any bound). nullopt: unknown.
  virtual std::optional<double> DeviceFreeBytes() const { return std::nullopt; }
  /// Device memory a bound call of this shape takes beyond its operands (a fast-matmul plan's
  /// workspace), for the same preflight. Default: none.
  virtual double DeviceWorkspaceBytes(std::string_view /*routine*/, Precision /*precision*/, int64_t /*m*/,
                                      int64_t /*n*/, int64_t /*k*/) const {
    return 0;
  }
};

/// A parsed backend spec: family[:argument][@base], e.g. alphatensor:strassen2/2@openblas.
struct BackendSpec {
  std::string text;      ///< the whole spec as typed
  std::string family;    ///< "alphatensor"
  std::string argument;  ///< "strassen2/2" (may be empty)
  std::string base;      ///< "openblas" (may be empty)
};

/// Parses a spec; throws UsageError naming `what` and listing known families if unknown.
BackendSpec ParseBackendSpec(std::string_view text, std::string_view what = "--backend");

/// Creates a backend from a spec. A backend whose library or device is missing is still
/// created and reports available = false in Info(). Throws UsageError for an unknown family or
/// a malformed argument.
std::unique_ptr<Backend> CreateBackend(std::string_view spec);

/// One row of the registry table (generated by CMake from the compiled backends).
struct BackendFamily {
  const char* name;
  const char* description;
  std::unique_ptr<Backend> (*factory)(const BackendSpec&);
  /// The specs `devices` lists for the family; nullptr: its name alone.
  std::vector<std::string> (*listed)() = nullptr;
};

/// Every backend family compiled into this build, in registry order.
std::vector<const BackendFamily*> BackendFamilies();

/// The specs `devices` lists for a family: its name alone, or for lib one spec per library it
/// knows (lib:netlib, lib:blis, ...), installed or not.
std::vector<std::string> ListedSpecs(std::string_view family);

/// Helper for host backends: binds a call run by `fn` on host memory, restoring outputs from a
/// snapshot in Reset.
std::unique_ptr<BoundCall> MakeHostBoundCall(Call& call, std::function<void()> fn);

/// The stand-in for a family this build compiled without (opencl, cuda): specs still parse,
/// Info() is unavailable with `why`, Supports is false and Bind throws Unsupported naming it.
std::unique_ptr<Backend> MakeNotBuiltBackend(std::string name, std::string why);

}  // namespace lapack_ai
