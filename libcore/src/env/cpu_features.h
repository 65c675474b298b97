// The real cpuid reader behind RealSystem().Cpu().
#pragma once
#include "lapack_ai/env.h"

namespace lapack_ai::env::internal {

/// This CPU's vendor, family/model, brand string and OS-enabled ISA flags; vendor "unknown" off
/// x86.
CpuFeatures ReadCpuid();

}  // namespace lapack_ai::env::internal
