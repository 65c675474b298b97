// The check functions behind the rows of Checks(), and the readings they share with
// EnvironmentJson (online CPUs, governors, thread variables).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lapack_ai/env.h"

namespace lapack_ai::env::internal {

/// The variables that set BLAS/OpenMP thread counts, in the order they are reported.
inline constexpr std::string_view kThreadVars[] = {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                   "MKL_NUM_THREADS"};

/// Findings of severity warning / info; RunChecks fills in id and phase.
Finding Warn(std::string message, std::string fix, std::map<std::string, std::string> fix_env = {});
Finding Info(std::string message, std::string fix);
/// An outcome holding the one finding `finding`.
CheckOutcome Found(Finding finding);
CheckOutcome Unknown(std::string why);
CheckOutcome NotApplicable(std::string why);

/// `parts` separated by `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

/// Online CPUs from /sys/devices/system/cpu/online; nullopt if unreadable.
std::optional<std::vector<int>> OnlineCpus(const SystemView& sys);
/// "0-3,8" from a sorted CPU list.
std::string FormatCpuList(const std::vector<int>& cpus);

/// scaling_governor of each online CPU (cpu0 if the online list is unreadable), grouped:
/// governor -> CPUs. Empty when no CPU has a readable governor.
std::map<std::string, std::vector<int>> ReadGovernors(const SystemView& sys);

CheckOutcome CheckBlasKernel(const CheckInput& in);
CheckOutcome CheckBusyMachine(const CheckInput& in);
CheckOutcome CheckVmSteal(const CheckInput& in);
CheckOutcome CheckThreadsExceedCores(const CheckInput& in);
CheckOutcome CheckThreadEnvConflict(const CheckInput& in);
CheckOutcome CheckCpuGovernor(const CheckInput& in);
CheckOutcome CheckSwapInUse(const CheckInput& in);
CheckOutcome CheckDebugBuild(const CheckInput& in);
CheckOutcome CheckGpuShared(const CheckInput& in);
CheckOutcome CheckReducedPrecision(const CheckInput& in);

}  // namespace lapack_ai::env::internal
