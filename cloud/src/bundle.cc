// `lapack-ai bundle`: stages the binary, its libraries, netlib and the scenarios, points every
// RUNPATH at the bundle with patchelf (after linking, so the build tree's binary keeps working
// with the system's libraries), and writes one tarball.
#include "lapack_ai/cloud/bundle.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "bundle_libs.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/state.h"
#include "lapack_ai/error.h"
#include "lapack_ai/scenario.h"
#include "lapack_ai/version.h"

namespace lapack_ai::cloud {
namespace fs = std::filesystem;
namespace {

#if defined(__x86_64__)
constexpr const char* kArch = "x86_64";
#elif defined(__aarch64__)
constexpr const char* kArch = "aarch64";
#else
constexpr const char* kArch = "unknown";
#endif

void Run(std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.timeout_s = 300;
  const ProcessResult r = RunProcess(spec);
  if (!r.started) {
    throw std::runtime_error(
        fmt::format("{}: {} (apt-get install patchelf tar)", spec.argv[0], r.Describe()));
  }
  if (!r.ok()) {
    throw std::runtime_error(
        fmt::format("{}: {}: {}{}", FormatCommand(spec.argv), r.Describe(), r.err, r.out));
  }
}

// The staging directory: files are copied once and hard-linked where a second bundle path needs
// the same file (the linked OpenBLAS is also lib:openblas-pthread), so the tarball holds it once.
class Stage {
 public:
  Stage(const fs::path& out_dir, const std::string& top)
      : dir_(out_dir / fmt::format(".lapack-ai-bundle-{}", ::getpid())), root_(dir_ / top) {
    fs::remove_all(dir_);
    fs::create_directories(root_);
  }
  ~Stage() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;

  const fs::path& dir() const { return dir_; }  ///< holds root() and nothing else
  const fs::path& root() const { return root_; }
  bool Has(const std::string& rel) const { return by_rel_.count(rel) != 0; }

  void Add(const std::string& source, const std::string& rel, const std::string& why) {
    if (Has(rel)) return;
    const std::string real = fs::canonical(source).string();
    const fs::path dest = root_ / rel;
    fs::create_directories(dest.parent_path());
    if (auto it = by_source_.find(real); it != by_source_.end()) {
      fs::create_hard_link(root_ / it->second, dest);
    } else {
      fs::copy_file(real, dest);
      fs::permissions(dest, fs::perms::owner_write, fs::perm_options::add);
      by_source_[real] = rel;
      unique_.push_back(rel);
    }
    by_rel_[rel] = real;
    files_.push_back({rel, real, why});
  }

  /// Bundle paths holding distinct files (hard links counted once).
  const std::vector<std::string>& unique() const { return unique_; }
  const std::vector<BundledFile>& files() const { return files_; }

 private:
  fs::path dir_, root_;
  std::map<std::string, std::string> by_source_, by_rel_;
  std::vector<std::string> unique_;
  std::vector<BundledFile> files_;
};

void AddClosure(Stage& stage, const std::string& elf, const std::string& why) {
  for (const internal::ResolvedLib& lib : internal::NeededLibraries(elf)) {
    stage.Add(lib.path, "lib/" + lib.soname, why);
  }
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

std::string Readme() {
  return fmt::format(
      "lapack-ai {} ({}), portable bundle for linux-{}\n\n"
      "Runs on any Linux with glibc at least the build machine's (Debian 12: 2.36); nothing to\n"
      "install and no LD_LIBRARY_PATH: bin/lapack-ai finds lib/ through its RUNPATH.\n\n"
      "  bin/lapack-ai devices            backends found here, and which file provides dgemm_\n"
      "  bin/lapack-ai run default        scenarios/ holds the shipped scenarios\n"
      "  bin/lapack-ai validate --backend reference,openblas --op gemm --dim 32\n\n"
      "reference loads lib/blas and lib/lapack (netlib); lib:NAME finds the bundled copies in\n"
      "lib/<name>/ before the system's. GPU backends need the vendor driver on the host:\n"
      "opencl reads /etc/OpenCL/vendors/*.icd (or OCL_ICD_VENDORS=DIR holding a file that names\n"
      "e.g. libnvidia-opencl.so.1); cuda loads libcuda and cuBLAS/cuSOLVER from the host.\n"
      "bundle.json lists every file and where it came from.\n",
      Version(), GitSha(), kArch);
}

nlohmann::json Manifest(const Stage& stage, const std::vector<std::string>& skipped) {
  nlohmann::json files = nlohmann::json::array();
  for (const BundledFile& f : stage.files()) {
    files.push_back({{"path", f.path}, {"source", f.source}, {"why", f.why}});
  }
  return {{"tool", "lapack-ai"},     {"version", Version()}, {"git_sha", GitSha()}, {"arch", kArch},
          {"created_utc", UtcNow()}, {"files", files},       {"skipped", skipped}};
}

}  // namespace

std::string BundleTopDir() { return fmt::format("lapack-ai-{}-linux-{}", Version(), kArch); }

std::string BundleFileName() { return BundleTopDir() + ".tar.gz"; }

std::string BundledBinary(const std::string& dir) {
  return (fs::path(dir) / BundleTopDir() / "bin/lapack-ai").string();
}

BundleResult MakeBundle(const BundleOptions& options) {
  const std::string binary =
      options.binary.empty() ? fs::read_symlink("/proc/self/exe").string() : options.binary;
  std::error_code ec;
  if (!fs::is_regular_file(binary, ec)) {
    throw UsageError(fmt::format("--binary: '{}' is not a file", binary));
  }
  if (options.out_dir.empty()) throw UsageError("-o: an output directory is required");
  const std::vector<internal::DlopenLib> dlopens = internal::DlopenLibraries(options.libs);
  const fs::path out_dir = fs::absolute(options.out_dir);
  fs::create_directories(out_dir);
  auto note = [&](const std::string& line) {
    if (!options.quiet) fmt::print(stderr, "bundle: {}\n", line);
  };

  Stage stage(out_dir, BundleTopDir());
  BundleResult result;
  stage.Add(binary, "bin/lapack-ai", "binary");
  AddClosure(stage, binary, "linked");
  for (const internal::DlopenLib& lib : dlopens) {
    const std::string why =
        lib.name == "netlib" ? "dlopen: reference, lib:netlib" : "dlopen: lib:" + lib.name;
    if (lib.path.empty()) {
      if (lib.name == "netlib") {
        throw std::runtime_error(
            fmt::format("netlib {} not found (the reference backend needs it); {}",
                        internal::MultiarchDir() + lib.rel, lib.hint));
      }
      result.skipped.push_back(fmt::format("lib:{}: {} not installed here ({})", lib.name,
                                           internal::MultiarchDir() + lib.rel, lib.hint));
      continue;
    }
    stage.Add(lib.path, "lib/" + lib.rel, why);
    AddClosure(stage, lib.path, why + " (its dependencies)");
  }
  for (const std::string& s : result.skipped) note("skipped " + s);

  // RUNPATH, not RPATH: LD_LIBRARY_PATH can still override a bundled library when a user must.
  for (const std::string& rel : stage.unique()) {
    const std::string rpath = rel == "bin/lapack-ai" ? "$ORIGIN/../lib" : "$ORIGIN:$ORIGIN/..";
    Run({"patchelf", "--set-rpath", rpath, (stage.root() / rel).string()});
  }
  fs::create_directories(stage.root() / "scenarios");
  for (const ShippedScenario& s : ShippedScenarios()) {
    WriteText(stage.root() / "scenarios" / (std::string(s.name) + ".json"), std::string(s.text));
  }
  WriteText(stage.root() / "README", Readme());
  WriteText(stage.root() / "bundle.json", Manifest(stage, result.skipped).dump(2) + "\n");

  const fs::path final_path = out_dir / BundleFileName();
  const fs::path tmp = out_dir / (BundleFileName() + fmt::format(".tmp{}", ::getpid()));
  note(fmt::format("{} files, writing {}", stage.files().size(), final_path.string()));
  try {
    Run({"tar", "-C", stage.dir().string(), "--owner=0", "--group=0", "--numeric-owner", "-czf",
         tmp.string(), BundleTopDir()});
    fs::rename(tmp, final_path);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  result.tarball = final_path.string();
  result.bytes = fs::file_size(final_path);
  result.files = stage.files();
  return result;
}

}  // namespace lapack_ai::cloud
