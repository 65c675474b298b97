// Environment checks: what on this machine can make a measurement mislead (a BLAS kernel below
// the CPU, a busy or swapping machine, stolen VM time, thread oversubscription, a debug build),
// as an ordered table of checks (pyperf's shape) over a fakeable view of /proc, /sys and cpuid.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/backend.h"

namespace lapack_ai::env {

/// Warnings say a number measured now may mislead; info says what a check could not judge.
enum class Severity { kInfo, kWarning };
/// "info" or "warning" (the JSON spelling).
std::string_view ToString(Severity severity);

/// When a check looked: before the run (machine and libraries) or after it (the run's window).
enum class Phase { kStart, kEnd };
/// "start" or "end".
std::string_view ToString(Phase phase);

/// One thing seen that can make numbers mislead, with its fix.
struct Finding {
  std::string id;  ///< the check's stable id, e.g. "blas_kernel_below_cpu"
  Severity severity = Severity::kWarning;
  std::string message;  ///< one sentence: what was seen, with the numbers
  std::string fix;      ///< what to do about it
  Phase phase = Phase::kStart;
  std::map<std::string, std::string> fix_env;  ///< env settings implementing the fix; may be empty
};

/// What cpuid says. `flags` holds only features the OS also enabled (XCR0), lower-case Linux
/// names: sse2 sse3 ssse3 sse4_1 sse4_2 avx fma avx2 avx512f avx512dq avx512bw avx512vl
/// avx512_bf16 amx_tile amx_bf16 amx_int8.
struct CpuFeatures {
  std::string vendor;      ///< "GenuineIntel", "AuthenticAMD"; "unknown" off x86 or without cpuid
  std::string model_name;  ///< brand string, e.g. "AMD EPYC 7B13"; may be empty
  int family = 0;          ///< display family (base + extended)
  int model = 0;           ///< display model (base + extended << 4), e.g. 207 = Emerald Rapids
  std::vector<std::string> flags;  ///< sorted
  std::string best_isa;  ///< "SSE2" "SSE3" "SSSE3" "SSE4" "AVX" "AVX2" "AVX-512" "AMX" or "unknown"
  bool Has(std::string_view flag) const;
};

/// Builds CpuFeatures from cpuid-style facts, deriving best_isa from `flags` (for fakes and the
/// real reader alike). AVX-512 needs avx512f+bw+vl (what OpenBLAS's SkylakeX kernels use).
CpuFeatures MakeCpuFeatures(std::string vendor, int family, int model,
                            std::vector<std::string> flags, std::string model_name = "");

/// Everything the checks read goes through this interface so tests can fake /proc, /sys, cpuid,
/// the clock and helper programs. Implementations must be usable from one thread at a time.
class SystemView {
 public:
  virtual ~SystemView() = default;
  /// Contents of an absolute path such as "/proc/stat", resolved under the view's root;
  /// nullopt if it cannot be read.
  virtual std::optional<std::string> ReadFile(const std::string& path) const = 0;
  /// The variable's value; nullopt if unset.
  virtual std::optional<std::string> Getenv(const std::string& name) const = 0;
  /// This CPU as cpuid reports it (MakeCpuFeatures in fakes).
  virtual CpuFeatures Cpu() const = 0;
  /// This process's user + system CPU time in seconds, all threads (not children).
  virtual double OwnCpuSeconds() const = 0;
  /// A steady clock in seconds (any epoch).
  virtual double MonotonicSeconds() const = 0;
  /// Stdout of a helper program (argv[0] looked up in PATH); nullopt if absent, failed or it
  /// ran past 10 s.
  virtual std::optional<std::string> RunCommand(const std::vector<std::string>& argv) const = 0;
  /// True when lapack-ai itself was compiled with optimisation (__OPTIMIZE__) and NDEBUG.
  virtual bool BuiltOptimized() const = 0;
  /// Ticks per second of /proc/stat's counters (sysconf(_SC_CLK_TCK); 100 on Linux ABIs).
  virtual double ClockTicksPerSecond() const { return 100.0; }
  /// This process's id, to tell our own GPU context from other processes'.
  virtual int64_t Pid() const;
  /// Waits `seconds` of wall time (fakes advance their clock instead).
  virtual void SleepFor(double seconds) const;
};

/// The real machine: files under `root` (default "/"), real cpuid, environment, clocks and PATH.
std::unique_ptr<SystemView> RealSystem(std::string root = "/");

/// Load over a window of wall time, from two samples of /proc and this process's CPU time.
struct LoadWindow {
  double seconds = 0;          ///< wall time between the samples
  double other_cpu_cores = 0;  ///< average cores busy with OTHER processes (busy jiffies / HZ
                               ///< minus our own CPU seconds, over wall seconds; >= 0)
  double steal_fraction = 0;   ///< steal jiffies / all jiffies (0..1): time the hypervisor took
  double loadavg1_start = 0;   ///< /proc/loadavg 1-minute average at each sample (-1 unknown)
  double loadavg1_end = 0;
  int64_t swapped_pages = -1;  ///< pswpin + pswpout growth from /proc/vmstat; -1 unknown
  bool valid = false;          ///< false: /proc/stat unreadable or window < 0.1 s (see note)
  std::string note;            ///< why not valid
};

/// Samples /proc/stat (the aggregate "cpu" line), /proc/loadavg, /proc/vmstat and own CPU time
/// at construction; Finish() samples again. `sys` must outlive the monitor.
class LoadMonitor {
 public:
  explicit LoadMonitor(const SystemView& sys);
  /// The window from construction to now; may be called more than once.
  LoadWindow Finish() const;

  /// One reading; `stat_ok` false when /proc/stat could not be parsed.
  struct Sample {
    bool stat_ok = false;
    std::vector<int64_t> cpu;  ///< user nice system idle iowait irq softirq steal (jiffies)
    double loadavg1 = -1;
    int64_t swap_pages = -1;  ///< pswpin + pswpout; -1 unknown
    double own_cpu_s = 0;
    double wall_s = 0;
  };

 private:
  const SystemView& sys_;
  Sample start_;
};

/// A short window (e.g. 0.25 s, sleeping through `sys`) so a run can flag a machine that is
/// already busy before it starts.
LoadWindow SampleLoad(const SystemView& sys, double seconds);

/// Per-check result: ok, findings (warning or info), unknown (a source could not be read: never a
/// silent all-clear) or not applicable here (no GPU backend, no BLAS reporting a kernel).
enum class CheckState { kOk, kWarning, kInfo, kUnknown, kNotApplicable };
/// "ok", "warning", "info", "unknown", "not_applicable".
std::string_view ToString(CheckState state);

/// What a check reads. All references must outlive the call.
struct CheckInput {
  const SystemView& sys;
  const std::vector<BackendInfo>& backends;  ///< Info() of the backends in use
  Phase phase;
  const LoadWindow* window;  ///< load over the start sample or the run; nullptr if none
};

/// What one check concluded.
struct CheckOutcome {
  CheckState state = CheckState::kOk;  ///< RunChecks sets kWarning/kInfo from the findings
  std::string why;                     ///< for kUnknown / kNotApplicable: what was missing
  std::vector<Finding> findings;
};

/// One row of the check table (pyperf's ordered table of check objects).
struct Check {
  std::string_view id;       ///< stable, used in JSON and docs/DOCTOR.md
  std::string_view reads;    ///< the sources it reads, for docs and `doctor --json`
  Severity severity;         ///< severity of what it finds (unknown kernels are info)
  std::string_view summary;  ///< what it checks, one line
  bool at_end;               ///< also runs at Phase::kEnd (it judges the run's window)
  CheckOutcome (*run)(const CheckInput&);
};

/// The table, in the order doctor prints it.
std::span<const Check> Checks();

/// A row of the table with its outcome, for doctor's per-check list.
struct CheckReport {
  const Check* check;  ///< points into Checks()
  CheckOutcome outcome;
};

/// Runs every row for `phase` (at kEnd only rows with at_end) and keeps each row's state.
std::vector<CheckReport> RunChecks(const SystemView& sys, const std::vector<BackendInfo>& backends,
                                   Phase phase, const LoadWindow* window = nullptr);

/// The findings of RunChecks, in table order. `backends`: Info() of the backends in use (the
/// openblas one has extra["core"] and threads). `window`: load sampled before the start or over
/// the run (nullptr: the load checks report unknown and find nothing).
std::vector<Finding> CheckEnvironment(const SystemView& sys,
                                      const std::vector<BackendInfo>& backends, Phase phase,
                                      const LoadWindow* window = nullptr);

/// [{id, severity, message, fix, phase, fix_env?}]
nlohmann::json ToJson(const std::vector<Finding>& findings);

/// {seconds, other_cpu_cores, steal_fraction, loadavg1_start, loadavg1_end, swapped_pages}, or
/// null for nullptr or an invalid window (EnvironmentJson's "load").
nlohmann::json ToJson(const LoadWindow* window);

/// Raw readings for the results context ("environment"), stable keys that compare/merge diff:
/// cpu {model, vendor, family, model_id, flags, best_isa}; blas [{backend, library, kernel,
/// kernel_isa, threads}]; governor ("performance", "powersave", ..., "mixed: ...", "unknown");
/// online_cpus (null if unknown); thread_env {OMP_NUM_THREADS, OPENBLAS_NUM_THREADS,
/// MKL_NUM_THREADS, OPENBLAS_CORETYPE: value or null}; swap_used_bytes (null if unknown);
/// build_optimized; load (the window's fields, or null when `window` is nullptr or invalid).
nlohmann::json EnvironmentJson(const SystemView& sys, const std::vector<BackendInfo>& backends,
                               const LoadWindow* window = nullptr);

/// Why setting `variable`=`value` (a kernel selector such as OPENBLAS_CORETYPE=SkylakeX) would
/// kill the process with an illegal instruction on `sys`'s CPU: the kernel needs an ISA the CPU
/// lacks. nullopt when it can run, or when the variable or kernel is not one the table knows.
std::optional<std::string> ForcedKernelBeyondCpu(const SystemView& sys, std::string_view variable,
                                                 std::string_view value);

/// "warning [blas_kernel_below_cpu] message\n          fix: ..." for consoles (no trailing
/// newline).
std::string FormatFinding(const Finding& finding);

// --- doctor --try-fixes: measure a fix instead of trusting it --------------------------------

/// The benchmark each side of a fix runs: `EXE bench --op gemm --type TYPE --dim DIM --backend
/// BACKEND --repeat R --warmup W --json TMP --quiet`, once as is and once with the fix's env.
struct TryFixOptions {
  std::string exe = "/proc/self/exe";  ///< the lapack-ai binary to run
  std::string backend = "openblas";
  std::string type = "d";
  int dim = 1024;
  int repeat = 10;
  int warmup = 2;
  double timeout_s = 300;  ///< per child; a child past it is killed and reported
  uint64_t seed = 1988;    ///< bootstrap seed for the speedup's CI
};

/// One child's result, read back from its results JSON.
struct TrialRun {
  bool ok = false;
  std::string error;              ///< why not ok (exit code and the child's last output lines)
  std::string kernel;             ///< context.backends[backend].extra.core ("" if not reported)
  std::vector<double> samples_s;  ///< seconds per call of each timed sample
  double median_s = 0;
  double gflops = 0;         ///< classical flops / median time, 1e9 per second
  bool checks_pass = false;  ///< summary.failed == 0 && summary.error == 0
};

/// A fix measured: baseline and candidate runs and the candidate's speedup.
struct FixTrial {
  Finding finding;
  TryFixOptions options;
  TrialRun before, after;
  double speedup = 0;  ///< before median / after median (> 1: the fix is faster)
  /// 95 % bootstrap CI of the speedup (stats.h BootstrapSpeedup, seed options.seed); both equal
  /// to speedup when has_ci is false (a side with fewer than 2 samples).
  double speedup_lo = 0, speedup_hi = 0;
  bool has_ci = false;
  bool kernel_changed = false;  ///< the kernel the child reported differs between the runs
};

/// Runs both children for `finding` (which must carry fix_env) and compares them. Never throws
/// for a child that fails: that shows in before/after.ok and error.
FixTrial TryFix(const Finding& finding, const TryFixOptions& options);

/// "fix OPENBLAS_CORETYPE=Zen: openblas dgemm n=1024 12.8 -> 95.1 GFLOP/s, 7.43x [7.10, 7.80]
/// (95 % bootstrap CI), checks pass, kernel Prescott -> Zen" (checks FAIL / kernel unchanged
/// when so), or "fix ...: baseline run failed: <why>" / "...: run with the fix failed: <why>".
std::string FormatFixTrial(const FixTrial& trial);

/// {finding, env, command, before{ok, error, kernel, median_s, gflops, checks_pass, samples_s},
/// after{...}, speedup, speedup_lo, speedup_hi, has_ci, seed, kernel_changed}.
nlohmann::json ToJson(const FixTrial& trial);

}  // namespace lapack_ai::env
