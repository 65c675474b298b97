// The libraries `lib:<name>` knows and where each is installed: Debian's packages under the
// multiarch directory (a portable bundle's copies in <bundle>/lib/ first), pip's wheels (mkl,
// scipy-openblas32/64) in the Python environment of the python3 on PATH (or $VIRTUAL_ENV,
// $CONDA_PREFIX, $MKL_ROOT).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/lib/blas_library.h"

namespace lapack_ai::lib {

/// Known names, in the order `devices` lists them.
const std::vector<std::string>& KnownNames();

/// The recipe of a known name (files empty and looked_for filled when it is not installed);
/// nullopt for a name this table does not know.
std::optional<Recipe> KnownRecipe(std::string_view name);

/// The recipe of a user-given library file. Throws UsageError naming `spec` if it does not exist.
Recipe PathRecipe(std::string_view path, std::string_view spec);

/// Directories where pip puts a wheel's shared libraries (<prefix>/lib) and packages
/// (<prefix>/lib/python3.X/{site,dist}-packages), for every Python prefix in reach.
std::vector<std::string> PythonLibDirs();
std::vector<std::string> PythonPackageDirs();

}  // namespace lapack_ai::lib
