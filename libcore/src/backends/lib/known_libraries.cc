// Locations of the known libraries. A Debian "alternatives" directory (openblas-pthread/, blis-
// pthread/, atlas/) holds a complete provider; BLIS ships BLAS only, so lib:blis pairs it with
// netlib's LAPACK exactly as Debian does when BLIS is the selected libblas.so.3.
#include "backends/lib/known_libraries.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "lapack_ai/error.h"

#ifndef LAPACK_AI_MULTIARCH
#define LAPACK_AI_MULTIARCH "x86_64-linux-gnu"
#endif

namespace lapack_ai::lib {
namespace fs = std::filesystem;
namespace {

const std::string kDir = std::string("/usr/lib/") + LAPACK_AI_MULTIARCH + "/";

// "<root>/lib/" when this binary runs from a portable bundle (`lapack-ai bundle`: bin/lapack-ai
// beside bundle.json, lib/ mirroring the multiarch directory), else "".
std::string BundledLibDir() {
  std::error_code ec;
  const fs::path root = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path();
  if (ec || !fs::is_regular_file(root / "bundle.json", ec)) return "";
  return (root / "lib").string() + "/";
}

// Where a library of the multiarch directory may be: the bundle's copy first, so a bundle runs
// what it shipped even on a host that has its own.
std::vector<std::string> Multiarch(const std::string& rel) {
  static const std::string bundled = BundledLibDir();
  if (bundled.empty()) return {kDir + rel};
  return {bundled + rel, kDir + rel};
}

// A file slot: the environment variable's value when set, else the multiarch candidates.
std::vector<std::string> EnvOrMultiarch(const char* name, const std::string& rel) {
  const char* v = std::getenv(name);
  if (v != nullptr && *v != '\0') return {v};
  return Multiarch(rel);
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

bool Exists(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// A recipe from alternatives for each file slot: the first existing path of every slot, or no
// files at all (and every path listed) when a slot has none.
Recipe FromSlots(std::string name, const std::vector<std::vector<std::string>>& slots,
                 std::string hint) {
  Recipe r;
  r.name = std::move(name);
  r.install_hint = std::move(hint);
  for (const auto& slot : slots) {
    if (slot.empty()) r.looked_for.push_back("(no Python environment found)");
    std::string found;
    for (const std::string& p : slot) {
      r.looked_for.push_back(p);
      if (found.empty() && Exists(p)) found = p;
    }
    if (found.empty()) {
      r.files.clear();
      return r;
    }
    r.files.push_back(found);
  }
  return r;
}

std::vector<std::string> NetlibLapack() {
  return EnvOrMultiarch("LAPACK_AI_REFERENCE_LAPACK", "lapack/liblapack.so.3");
}

Recipe Openblas(const std::string& variant) {
  return FromSlots("openblas-" + variant, {Multiarch("openblas-" + variant + "/libopenblas.so.0")},
                   "apt-get install libopenblas0-" + variant);
}

std::vector<std::string> InDirs(const std::vector<std::string>& dirs,
                                const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& d : dirs)
    for (const std::string& n : names) out.push_back(d + "/" + n);
  return out;
}

std::vector<std::string> BlisCandidates() {
  std::vector<std::string> out;
  for (const char* dir : {"blis-pthread", "blis-openmp", "blis-serial"}) {
    for (std::string& p : Multiarch(std::string(dir) + "/libblas.so.3")) out.push_back(std::move(p));
  }
  return out;
}

std::vector<std::string> PythonPrefixes() {
  std::vector<std::string> out;
  auto add = [&](const std::string& p) {
    if (!p.empty() && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  };
  add(EnvOr("VIRTUAL_ENV", ""));
  add(EnvOr("CONDA_PREFIX", ""));
  // The python3 that PATH finds: its bin/ directory's parent is the environment's prefix (not
  // resolving the symlink, which in a venv points at the system interpreter).
  std::istringstream path(EnvOr("PATH", ""));
  for (std::string dir; std::getline(path, dir, ':');) {
    if (!dir.empty() && fs::exists(dir + "/python3")) {
      add(fs::path(dir).parent_path().string());
      break;
    }
  }
  add("/usr/local");
  add(EnvOr("HOME", "/nonexistent") + "/.local");
  return out;
}

}  // namespace

std::vector<std::string> PythonLibDirs() {
  std::vector<std::string> out;
  for (const std::string& p : PythonPrefixes()) out.push_back(p + "/lib");
  return out;
}

std::vector<std::string> PythonPackageDirs() {
  std::vector<std::string> out;
  for (const std::string& lib : PythonLibDirs()) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(lib, ec)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("python3", 0) != 0) continue;
      for (const char* sub : {"/site-packages", "/dist-packages"}) {
        if (fs::is_directory(e.path().string() + sub, ec)) out.push_back(e.path().string() + sub);
      }
    }
  }
  return out;
}

const std::vector<std::string>& KnownNames() {
  static const std::vector<std::string> names{
      "netlib", "openblas-pthread", "openblas-openmp", "openblas-serial", "blis",
      "atlas",  "mkl",              "scipy-openblas",  "scipy-openblas64"};
  return names;
}

std::optional<Recipe> KnownRecipe(std::string_view name) {
  if (name == "netlib") {
    return FromSlots("netlib",
                     {EnvOrMultiarch("LAPACK_AI_REFERENCE_BLAS", "blas/libblas.so.3"), NetlibLapack()},
                     "apt-get install libblas3 liblapack3");
  }
  if (name == "openblas-pthread") return Openblas("pthread");
  if (name == "openblas-openmp") return Openblas("openmp");
  if (name == "openblas-serial") return Openblas("serial");
  if (name == "blis") {
    Recipe r = FromSlots("blis",
                         {BlisCandidates(), NetlibLapack()},
                         "apt-get install libblis4-pthread liblapack3");
    if (!r.files.empty()) r.facts_file = fs::path(r.files.front()).parent_path().string() + "/libblis.so.4";
    r.threads_env = "BLIS_NUM_THREADS";
    return r;
  }
  if (name == "atlas") {
    return FromSlots("atlas", {Multiarch("atlas/libblas.so.3"), Multiarch("atlas/liblapack.so.3")},
                     "apt-get install libatlas3-base");
  }
  if (name == "mkl") {
    std::vector<std::string> dirs;
    if (const std::string root = EnvOr("MKL_ROOT", ""); !root.empty()) {
      dirs.push_back(root + "/lib");
      dirs.push_back(root + "/lib/intel64");
    }
    for (const std::string& d : PythonLibDirs()) dirs.push_back(d);
    Recipe r = FromSlots("mkl", {InDirs(dirs, {"libmkl_rt.so.3", "libmkl_rt.so.2", "libmkl_rt.so"})},
                         "pip install mkl (or set MKL_ROOT)");
    r.base_namespace = true;
    return r;
  }
  if (name == "scipy-openblas" || name == "scipy-openblas64") {
    const bool i64 = name == "scipy-openblas64";
    return FromSlots(std::string(name),
                     {InDirs(PythonPackageDirs(),
                             {i64 ? "scipy_openblas64/lib/libscipy_openblas64_.so"
                                  : "scipy_openblas32/lib/libscipy_openblas.so"})},
                     i64 ? "pip install scipy-openblas64" : "pip install scipy-openblas32");
  }
  return std::nullopt;
}

Recipe PathRecipe(std::string_view path, std::string_view spec) {
  const std::string p(path);
  if (!Exists(p)) {
    throw UsageError(fmt::format("--backend: '{}': no library file '{}'", spec, p));
  }
  Recipe r;
  r.name = p;
  r.files = r.looked_for = {p};
  return r;
}

}  // namespace lapack_ai::lib
