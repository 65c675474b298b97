// Which shared libraries a bundle needs: the binary's DT_NEEDED closure as the dynamic loader
// resolves it here (ldd, argument vector), and the files the backends dlopen by path (netlib for
// `reference`, Debian's other BLAS builds for lib:NAME) with their own closures.
#pragma once
#include <string>
#include <vector>

namespace lapack_ai::cloud::internal {

/// One library the loader resolved: its soname (the DT_NEEDED name) and the file found.
struct ResolvedLib {
  std::string soname;
  std::string path;
};

/// The DT_NEEDED closure of `elf` (executable or library) minus glibc's own libraries, the
/// dynamic loader and GPU vendor drivers. Throws std::runtime_error if ldd fails or a library
/// is "not found".
std::vector<ResolvedLib> NeededLibraries(const std::string& elf);

/// A library the backends dlopen from Debian's multiarch directory.
struct DlopenLib {
  std::string name;  ///< the lib: name it serves ("netlib" also serves `reference`)
  std::string rel;   ///< path under the multiarch directory: "blas/libblas.so.3"
  std::string path;  ///< the file on this machine ("" if absent)
  std::string hint;  ///< how to install it when absent
};

/// The dlopen table for the given names ({"all"} = every known one); netlib is always
/// included. Throws UsageError for an unknown name.
std::vector<DlopenLib> DlopenLibraries(const std::vector<std::string>& names);

/// The multiarch directory ("/usr/lib/x86_64-linux-gnu/").
const std::string& MultiarchDir();

}  // namespace lapack_ai::cloud::internal
