// `lapack-ai bundle -o DIR`: the portable tarball (binary, its non-system libraries, netlib for
// `reference`, Debian's other BLAS builds for lib:NAME, scenarios) that ssh hosts, Slurm nodes
// and cloud instances unpack and run (cloud/include/lapack_ai/cloud/bundle.h has the layout).
#include <fmt/format.h>

#include <memory>

#include "lapack_ai/cloud/bundle.h"
#include "subcommand.h"

namespace lapack_ai::cli {

Action SetupBundle(CLI::App& sub) {
  auto options = std::make_shared<cloud::BundleOptions>();
  auto print_path = std::make_shared<bool>(false);
  // The tarball's folder; the file inside is named for the version and architecture.
  sub.add_option("-o,--output", options->out_dir, "Directory to write the tarball into")
      ->required();
  // Default: the running binary, so `lapack-ai bundle` ships exactly itself.
  sub.add_option("--binary", options->binary,
                 "The lapack-ai executable to bundle (default: this one)");
  // netlib is always bundled (the reference backend); "all" adds every other one installed here.
  sub.add_option("--lib", options->libs,
                 "lib: libraries to add besides netlib: all (default: every one installed here), "
                 "netlib (only it), or a list of openblas-pthread, openblas-openmp, "
                 "openblas-serial, blis, atlas")
      ->delimiter(',');
  // For scripts: stdout is then exactly the tarball's path.
  sub.add_flag("--print-path", *print_path, "Print only the tarball's path");
  sub.add_flag("-q,--quiet", options->quiet, "No progress lines");
  sub.footer(
      "Examples:\n"
      "  lapack-ai bundle -o dist\n"
      "  lapack-ai bundle -o dist --lib netlib      (the smallest: reference + the linked "
      "OpenBLAS)\n"
      "On the target: tar -xzf lapack-ai-*.tar.gz && lapack-ai-*/bin/lapack-ai devices\n"
      "(glibc >= the build machine's; no install, no LD_LIBRARY_PATH). Exit codes: 0 written,\n"
      "1 a tool failed (ldd, patchelf, tar), 2 bad arguments.");
  return [options, print_path] {
    if (*print_path) options->quiet = true;
    const cloud::BundleResult r = cloud::MakeBundle(*options);
    if (*print_path) {
      fmt::print("{}\n", r.tarball);
      return kExitOk;
    }
    fmt::print("{} ({:.1f} MB, {} files)\n", r.tarball, static_cast<double>(r.bytes) / 1e6,
               r.files.size());
    for (const std::string& s : r.skipped) fmt::print("  skipped {}\n", s);
    return kExitOk;
  };
}

}  // namespace lapack_ai::cli
