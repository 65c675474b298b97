// Error types shared by the library and the CLI, and the CHECK macro for internal invariants.
// Input errors map to exit code 2, everything else that escapes a case to a failed case.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace lapack_ai {

/// Bad user input (CLI value, scenario file, matrix file). The message names the argument or
/// location and what was expected. The CLI exits with code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A backend cannot run this (op, precision) pair. The runner records "unsupported".
class Unsupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A backend or library call failed at run time (vendor error code, missing library).
/// The message carries the text of the failing call. The runner marks the case "error".
class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void CheckFailed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: internal check failed: %s\n", file, line, expr);
  std::abort();
}

}  // namespace lapack_ai

/// Internal invariant: aborts with file and line when false. Not for input validation.
#define LAPACK_AI_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::lapack_ai::CheckFailed(#cond, __FILE__, __LINE__))
