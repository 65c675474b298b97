// The argument of `lib:<name|path>[/threads=N][/env:KEY=VALUE]...`.
#pragma once
#include <string>
#include <string_view>

#include "backends/lib/blas_library.h"

namespace lapack_ai::lib {

struct LibSpec {
  std::string target;   ///< a known name or a file path
  LoadOptions options;  ///< env in the order given; threads 0 = the library's default
};

/// Splits at the option markers "/threads=" and "/env:" (an env value may itself contain '/').
/// Throws UsageError naming `spec` for an empty target, a malformed option or a bad count.
LibSpec ParseLibArgument(std::string_view argument, std::string_view spec);

}  // namespace lapack_ai::lib
