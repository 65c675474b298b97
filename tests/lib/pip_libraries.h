// The pip-installed libraries (mkl, scipy-openblas32/64) that scripts/install-pylibs.sh puts in
// <build>/pylibs: tests point VIRTUAL_ENV there so lib:'s lookup finds them like a user's venv.
#pragma once
#include <string>

namespace lapack_ai::testing {

/// Sets VIRTUAL_ENV to the build's pylibs venv when it exists; returns its path or "".
std::string UsePipLibraries();

}  // namespace lapack_ai::testing
