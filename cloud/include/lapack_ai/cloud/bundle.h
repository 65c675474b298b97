// The portable bundle: one tarball that runs lapack-ai on a machine with only glibc (>= the build
// machine's) and, for GPU backends, the vendor driver. What travels to ssh hosts, Slurm nodes and
// cloud instances. One top folder, BundleTopDir(), holding (the binary finds everything relative
// to itself):
//   bin/lapack-ai            RUNPATH $ORIGIN/../lib
//   lib/*.so*                the binary's DT_NEEDED closure minus glibc (RUNPATH $ORIGIN)
//   lib/<alt>/*.so*          libraries the backends dlopen, in Debian's multiarch layout
//                            (blas/, lapack/ = netlib for `reference`; openblas-openmp/,
//                            blis-pthread/, atlas/ for lib:NAME), RUNPATH $ORIGIN:$ORIGIN/..
//   scenarios/*.json         the shipped scenarios;  README;  bundle.json (manifest)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lapack_ai::cloud {

/// What to put in a bundle.
struct BundleOptions {
  std::string binary;   ///< the lapack-ai executable to ship ("" = this process's)
  std::string out_dir;  ///< created if missing; receives the tarball
  /// Known `lib:` names whose libraries are added besides netlib (always there, for
  /// `reference`); {"all"} = every one installed here. Absent ones are listed in `skipped`.
  std::vector<std::string> libs{"all"};
  bool quiet = false;  ///< no progress lines on stderr
};

/// One file in the bundle.
struct BundledFile {
  std::string path;    ///< inside the bundle ("lib/libopenblas.so.0")
  std::string source;  ///< where it came from on this machine (symlinks resolved)
  std::string why;     ///< "linked", "dlopen: reference", "dlopen: lib:blis", "binary", ...
};

struct BundleResult {
  std::string tarball;  ///< absolute path of the written .tar.gz
  std::uintmax_t bytes = 0;
  std::vector<BundledFile> files;
  std::vector<std::string> skipped;  ///< "lib:atlas: not installed here (apt-get install ...)"
};

/// "lapack-ai-<version>-linux-<arch>": the tarball's one top folder.
std::string BundleTopDir();
/// BundleTopDir() + ".tar.gz". gzip rather than xz: bundling and unpacking take seconds instead
/// of a minute on 2 cores, and every target (busybox, slim images) has gzip.
std::string BundleFileName();

/// Builds the bundle: stages the files, sets RUNPATHs with patchelf, writes the tarball
/// atomically (temp + rename) into out_dir. Throws UsageError for a bad binary or --lib name,
/// std::runtime_error naming the failing tool (ldd, patchelf, tar) and its output otherwise.
/// Needs ldd, patchelf and tar on PATH.
BundleResult MakeBundle(const BundleOptions& options);

/// The binary of a bundle unpacked with `tar -xzf B -C DIR`: DIR/BundleTopDir()/bin/lapack-ai.
std::string BundledBinary(const std::string& dir);

}  // namespace lapack_ai::cloud
