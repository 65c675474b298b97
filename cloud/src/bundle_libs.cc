// Library discovery for the bundle. ldd (the loader itself, in trace mode) rather than reading
// DT_NEEDED by hand: it applies RUNPATH, LD_LIBRARY_PATH, ld.so.cache and Debian's alternatives
// exactly as a run on this machine would.
#include "bundle_libs.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "lapack_ai/cloud/process.h"
#include "lapack_ai/error.h"

#ifndef LAPACK_AI_MULTIARCH
#define LAPACK_AI_MULTIARCH "x86_64-linux-gnu"
#endif

namespace lapack_ai::cloud::internal {
namespace fs = std::filesystem;
namespace {

// glibc's own libraries must come from the target (they are one unit with its ld.so); GPU
// drivers must match the target's kernel module. Prefixes of sonames.
constexpr std::array kSystemPrefixes{
    "linux-vdso.so",   "ld-linux",           "libc.so",
    "libm.so",         "libdl.so",           "librt.so",
    "libpthread.so",   "libresolv.so",       "libutil.so",
    "libanl.so",       "libmvec.so",         "libnss_",
    "libthread_db.so", "libBrokenLocale.so", "libc_malloc_debug.so",
    "libcuda.so",      "libnvidia-",         "libnvcuvid.so"};

bool IsSystem(const std::string& soname) {
  return std::any_of(kSystemPrefixes.begin(), kSystemPrefixes.end(),
                     [&](const char* p) { return soname.rfind(p, 0) == 0; });
}

struct KnownDlopen {
  const char* name;
  std::vector<const char*> rels;  // every file the name needs, under the multiarch directory
  const char* hint;
};

// The same files libcore's backends/lib/known_libraries.cc looks for; netlib's are what the
// `reference` backend loads. libcore looks for each under <bundle>/lib/<rel> first.
const std::vector<KnownDlopen>& KnownDlopens() {
  static const std::vector<KnownDlopen> table{
      {"netlib",
       {"blas/libblas.so.3", "lapack/liblapack.so.3"},
       "apt-get install libblas3 liblapack3"},
      {"openblas-pthread",
       {"openblas-pthread/libopenblas.so.0"},
       "apt-get install libopenblas0-pthread"},
      {"openblas-openmp",
       {"openblas-openmp/libopenblas.so.0"},
       "apt-get install libopenblas0-openmp"},
      {"openblas-serial",
       {"openblas-serial/libopenblas.so.0"},
       "apt-get install libopenblas0-serial"},
      {"blis",
       {"blis-pthread/libblas.so.3", "blis-pthread/libblis.so.4"},
       "apt-get install libblis4-pthread"},
      {"atlas", {"atlas/libblas.so.3", "atlas/liblapack.so.3"}, "apt-get install libatlas3-base"},
  };
  return table;
}

}  // namespace

const std::string& MultiarchDir() {
  static const std::string dir = std::string("/usr/lib/") + LAPACK_AI_MULTIARCH + "/";
  return dir;
}

std::vector<ResolvedLib> NeededLibraries(const std::string& elf) {
  ProcessSpec spec;
  spec.argv = {"ldd", elf};
  spec.timeout_s = 60;
  const ProcessResult r = RunProcess(spec);
  if (!r.ok()) {
    throw std::runtime_error(
        fmt::format("ldd {}: {}: {}", elf, r.Describe(), r.err.empty() ? r.out : r.err));
  }
  std::vector<ResolvedLib> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    // "\tlibfoo.so.1 => /usr/lib/.../libfoo.so.1 (0x...)"; the vdso and ld.so lines have no "=>".
    const auto arrow = line.find(" => ");
    if (arrow == std::string::npos) continue;
    std::string soname = line.substr(0, arrow);
    soname.erase(0, soname.find_first_not_of(" \t"));
    std::string rest = line.substr(arrow + 4);
    if (rest.rfind("not found", 0) == 0) {
      throw std::runtime_error(fmt::format("ldd {}: {} not found on this machine", elf, soname));
    }
    const std::string path = rest.substr(0, rest.find(" ("));
    if (IsSystem(soname) || path.empty()) continue;
    out.push_back({soname, path});
  }
  return out;
}

std::vector<DlopenLib> DlopenLibraries(const std::vector<std::string>& names) {
  const bool all = std::find(names.begin(), names.end(), "all") != names.end();
  std::vector<std::string> known;
  for (const KnownDlopen& k : KnownDlopens()) known.emplace_back(k.name);
  for (const std::string& n : names) {
    if (n != "all" && std::find(known.begin(), known.end(), n) == known.end()) {
      throw UsageError(fmt::format("--lib: unknown library '{}'; expected all or one of {}", n,
                                   fmt::join(known, ", ")));
    }
  }
  std::vector<DlopenLib> out;
  for (const KnownDlopen& k : KnownDlopens()) {
    const bool wanted = all || std::string_view(k.name) == "netlib" ||
                        std::find(names.begin(), names.end(), k.name) != names.end();
    if (!wanted) continue;
    for (const char* rel : k.rels) {
      const std::string file = MultiarchDir() + rel;
      std::error_code ec;
      out.push_back(
          {k.name, rel, fs::exists(file, ec) ? fs::canonical(file, ec).string() : "", k.hint});
    }
  }
  return out;
}

}  // namespace lapack_ai::cloud::internal
