// The context block of every results file and console header: tool version and SHA, time,
// command line, host, CPU, and each backend's library/config/threads/providers.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lapack_ai/backend.h"

namespace lapack_ai {

/// Builds the context object. `command_line` is the argv joined as typed.
nlohmann::json CollectContext(const std::string& command_line,
                              const std::vector<const Backend*>& backends);

/// CPU model name from /proc/cpuinfo ("unknown" if unreadable).
std::string CpuModel();

}  // namespace lapack_ai
