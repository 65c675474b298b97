// `lapack-ai tune --backend opencl` on PoCL, end to end through the binary (CLBlast's parameter
// overrides are process-wide, so the tuned runs stay in child processes): a tiny budget writes
// the file, it reads back, `devices` reports it, validation passes with it applied, a corrupt
// or unverified file gives a warning and defaults, --dry-run writes nothing, and the flag
// checks. In process: the keep-or-drop decision, and a known-wrong Xgemm set being dropped
// (VerifyCandidate restores the defaults it found). Our GEMM kernel's tile (gemm_tiled): timed
// and verified through the backend's GEMM path, stored, applied and reported.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "backends/opencl/clblast_tuning.h"
#include "backends/opencl/opencl_device.h"
#include "backends/opencl/opencl_devices.h"
#include "backends/opencl/opencl_gemm_tile.h"
#include "backends/opencl/opencl_panel.h"
#include "lapack_ai/backend.h"
#include "cli_runner.h"
#include "lapack_ai/clblast_tuning.h"
#include "lapack_ai/error.h"
#include "opencl_test_util.h"

namespace lapack_ai {
namespace {

namespace fs = std::filesystem;
using testing::RunCli;

// Points XDG_CONFIG_HOME (which child processes inherit) at a fresh folder for one test.
class TempConfigHome {
 public:
  TempConfigHome() {
    dir_ = fs::temp_directory_path() /
           ("lapack-ai-cltune-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (const char* old = std::getenv("XDG_CONFIG_HOME")) old_ = old;
    ::setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
  }
  ~TempConfigHome() {
    if (old_) ::setenv("XDG_CONFIG_HOME", old_->c_str(), 1);
    else ::unsetenv("XDG_CONFIG_HOME");
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const fs::path& dir() const { return dir_; }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
  std::optional<std::string> old_;
};

opencl::DeviceInfo Pocl() {
  static const std::vector<opencl::DeviceInfo> devices = opencl::DiscoverDevices();
  std::string why;
  const opencl::DeviceInfo* d = opencl::SelectDevice(devices, "portable computing", &why);
  REQUIRE_MESSAGE(d != nullptr, why);
  return *d;
}

std::string PoclFile() {
  const opencl::DeviceInfo d = Pocl();
  return clblast_tuning::TuningFilePath(d.device_name, d.driver_version);
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The opencl backend's `config` as `devices --json` prints it (after any warning on stderr).
std::string OpenclConfig(const std::string& output) {
  const auto doc = nlohmann::json::parse(output.substr(output.find("{\n  \"backends\"")));
  for (const auto& b : doc["backends"])
    if (b["name"] == "opencl") return b["config"].get<std::string>();
  return "(no opencl backend)";
}

TEST_SUITE("opencl") {

TEST_CASE("opencl: --budget accepts s/m/h and rejects the rest naming the flag") {
  CHECK(clblast_tuning::ParseBudget("20s") == 20);
  CHECK(clblast_tuning::ParseBudget("5m") == 300);
  CHECK(clblast_tuning::ParseBudget("1h") == 3600);
  CHECK(clblast_tuning::ParseBudget("90") == 90);
  for (const char* bad : {"", "0s", "-5s", "20x", "s", "1.5d"}) {
    CAPTURE(bad);
    try {
      clblast_tuning::ParseBudget(bad);
      FAIL("accepted");
    } catch (const UsageError& e) {
      CHECK(std::string(e.what()).find("--budget") != std::string::npos);
    }
  }
}

TEST_CASE("opencl: the tuning file's name is the sanitised device and driver") {
  const TempConfigHome home;
  CHECK(clblast_tuning::TuningFilePath("NVIDIA H200 (SXM)", "580.65/06") ==
        home.dir().string() + "/lapack-ai/clblast-NVIDIA_H200_SXM-580.65_06.json");
}

TEST_CASE("opencl: tune --backend opencl with a tiny budget writes a file devices and validate use") {
  const TempConfigHome home;
  const std::string file = PoclFile();
  const auto tuned = RunCli("tune --backend 'opencl:portable computing' --budget 3s");
  INFO(tuned.output);
  REQUIRE(tuned.exit_code == 0);
  CHECK(tuned.output.find("written to " + file) != std::string::npos);
  // What was not tuned is said, with why (Xgemm cannot fit 3 s on PoCL).
  CHECK(tuned.output.find("skipped: budget spent") != std::string::npos);

  // Each candidate is timed against CLBlast's defaults and the line says which won.
  CHECK(tuned.output.find("speedup") != std::string::npos);
  REQUIRE(fs::exists(file));

  // It reads back: made for this device, records what it skipped, and every applied entry
  // beat the defaults and carries the shapes it was verified on.
  const nlohmann::json doc = opencl::ParseTuningFile(Read(file), Pocl());
  CHECK(doc["budget_s"] == 3.0);
  CHECK(doc["clblast_version"].get<std::string>().starts_with("1."));
  CHECK(!doc["not_tuned"].empty());
  for (const auto& e : doc["entries"]) {
    CHECK(!e["parameters"].empty());
    CHECK(e["best_ms"].get<double>() <= e["default_ms"].get<double>() * 0.97);
    // A block size is checked at its order; kernels on four GEMM or copy shapes.
    CHECK(e["verified"].size() >= (e["kernel"].get<std::string>().ends_with("_nb") ? 1u : 4u));
  }

  const auto devices = RunCli("devices --json");
  REQUIRE(devices.exit_code == 0);
  if (!doc["entries"].empty()) {
    // CLBlast's entries and our kernel's tile (gemm_tiled: PoCL's compile cache can make it
    // cheap enough to fit) are reported apart.
    bool clblast = false, tile = false, nb = false;
    for (const auto& e : doc["entries"]) {
      const std::string kernel = e["kernel"];
      (kernel == "gemm_tiled" ? tile : kernel.ends_with("_nb") ? nb : clblast) = true;
    }
    const std::string config = OpenclConfig(devices.output);
    CHECK(config.starts_with(clblast ? "CLBlast tuned (" + file + ", " + doc["date"].get<std::string>() + ")"
                                     : std::string("CLBlast defaults")));
    CHECK((config.find("gemm_tiled tile tuned (") != std::string::npos) == tile);
    CHECK((config.find("nb tuned (") != std::string::npos) == nb);
  } else {
    // Every candidate lost to the defaults on this (noisy, shared) machine: it says so.
    CHECK(doc["not_tuned"].dump().find("kept CLBlast defaults") != std::string::npos);
    CHECK(OpenclConfig(devices.output) == "CLBlast defaults");
  }

  const auto validated = RunCli(
      "validate --backend 'opencl:portable computing' --op gemm,potrf,getrf,geqrf --type s,d "
      "--dim 64 -q");
  INFO(validated.output);
  CHECK(validated.exit_code == 0);
  CHECK(validated.output.find("passed") != std::string::npos);

  // LAPACK_AI_CLBLAST_TUNING=off leaves the file alone and runs on CLBlast's defaults.
  ::setenv("LAPACK_AI_CLBLAST_TUNING", "off", 1);
  const auto off = RunCli("devices --json");
  ::unsetenv("LAPACK_AI_CLBLAST_TUNING");
  CHECK(OpenclConfig(off.output) == "CLBlast defaults (LAPACK_AI_CLBLAST_TUNING=off)");
}

TEST_CASE("opencl: a corrupt tuning file gives a warning naming it and CLBlast defaults") {
  const TempConfigHome home;
  const std::string file = PoclFile();
  fs::create_directories(fs::path(file).parent_path());
  std::ofstream(file) << "{\"device\": \"x\", \"entries\": [";
  const auto devices = RunCli("devices --json");
  INFO(devices.output);
  CHECK(devices.exit_code == 0);
  CHECK(devices.output.find("warning: CLBlast tuning file " + file + " ignored") !=
        std::string::npos);
  CHECK(OpenclConfig(devices.output) == "CLBlast defaults");

  // Well-formed but for another device, or naming a kernel CLBlast lacks: the same fallback.
  const opencl::DeviceInfo d = Pocl();
  CHECK_THROWS_WITH_AS(opencl::ParseTuningFile(
                           R"({"device":"other","driver":"1","date":"d","entries":[]})", d),
                       doctest::Contains("made for device 'other'"), std::runtime_error);
  const nlohmann::json bad_kernel{
      {"device", d.device_name}, {"driver", d.driver_version}, {"date", "d"},
      {"entries", {{{"kernel", "Xnope"}, {"precision", "s"}, {"parameters", {{"A", 1}}}}}}};
  CHECK_THROWS_WITH_AS(opencl::ParseTuningFile(bad_kernel.dump(), d),
                       doctest::Contains("unknown kernel 'Xnope'"), std::runtime_error);
}

// The Xgemm set CLBlast 1.5.3's tuner chose on an H200 (docs/OPENCL.md): 2.5x slower than the
// defaults there, and wrong inside CLBlast's gemm on the H200 and on PoCL alike.
const std::map<std::string, std::size_t> kH200Xgemm = {
    {"GEMMK", 1}, {"KREG", 2},  {"KWG", 1},   {"KWI", 1}, {"MDIMA", 16}, {"MDIMC", 16},
    {"MWG", 128}, {"NDIMB", 4}, {"NDIMC", 4}, {"NWG", 16}, {"SA", 0},    {"SB", 0},
    {"STRM", 0},  {"STRN", 0},  {"VWM", 8},   {"VWN", 1}};

TEST_CASE("opencl: a tuned candidate must beat CLBlast's defaults by the margin") {
  CHECK(clblast_tuning::SlowerWhy(1.0, 0.5).empty());
  CHECK(clblast_tuning::SlowerWhy(1.0, 0.97).empty());
  // The H200's candidate ran gemm at 40 % of the defaults' rate (13 against 33 TFLOP/s).
  const std::string slower = clblast_tuning::SlowerWhy(0.4, 1.0);
  CHECK(slower.find("not faster than the defaults by 3 %") != std::string::npos);
  CHECK(!clblast_tuning::SlowerWhy(1.0, 0.99).empty());  // within the noise
  CHECK(!clblast_tuning::SlowerWhy(1.0, 0).empty());     // not timed
  CHECK(clblast_tuning::GemmNormwiseRatio(0, 1, 1, 10, 1e-7) == 0);
  CHECK(clblast_tuning::GemmNormwiseRatio(1e-6, 1, 1, 2, 1e-7) == doctest::Approx(5));
}

TEST_CASE("opencl: a candidate that computes gemm wrong is dropped and the defaults stay") {
  opencl::OpenDevice dev(Pocl());
  clblast_tuning::Item it;
  it.kernel = "Xgemm";
  it.precision = Precision::kSingle;
  it.m = it.n = it.k = 1024;
  const clblast_tuning::Params before = clblast_tuning::RetrieveParams(dev, it);
  std::vector<std::string> verified;
  const std::string why = clblast_tuning::VerifyCandidate(
      dev, it, clblast_tuning::Params(kH200Xgemm.begin(), kH200Xgemm.end()), verified);
  CHECK(why.find("gemm 1024x1024x1024 was wrong: normwise ratio") != std::string::npos);
  CHECK(verified.empty());
  CHECK(clblast_tuning::RetrieveParams(dev, it) == before);

  // The defaults themselves pass the copy kernels' checks (exact omatcopy, four shapes).
  clblast_tuning::Item copy;
  copy.kernel = "Copy";
  copy.precision = Precision::kDouble;
  copy.m = copy.n = 64;
  verified.clear();
  CHECK(clblast_tuning::VerifyCandidate(dev, copy, clblast_tuning::RetrieveParams(dev, copy),
                                        verified) == "");
  CHECK(verified.size() == 4);
}

TEST_CASE("opencl: a tuning file without verification records is ignored with a warning") {
  const TempConfigHome home;
  const std::string file = PoclFile();
  const opencl::DeviceInfo d = Pocl();
  fs::create_directories(fs::path(file).parent_path());
  // What tune wrote before it verified: the H200's bad Xgemm set, no "verified" list.
  const nlohmann::json old{
      {"device", d.device_name}, {"driver", d.driver_version}, {"date", "2026-12-01T04:53:57Z"},
      {"entries", {{{"kernel", "Xgemm"}, {"precision", "s"}, {"best_ms", 0.1727},
                    {"parameters", kH200Xgemm}}}}};
  std::ofstream(file) << old.dump();
  const auto devices = RunCli("devices --json");
  INFO(devices.output);
  CHECK(devices.exit_code == 0);
  CHECK(devices.output.find("warning: CLBlast tuning file " + file + ": sXgemm unverified: ignored") !=
        std::string::npos);
  CHECK(OpenclConfig(devices.output) == "CLBlast defaults (unverified tuning file ignored)");
}

TEST_CASE("opencl: tune --backend opencl --dry-run prints the plan and writes nothing") {
  const TempConfigHome home;
  const auto r = RunCli("tune --backend 'opencl:portable computing' --budget 20s --dry-run");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("dry run") != std::string::npos);
  CHECK(r.output.find("Xgemm") != std::string::npos);
  CHECK(r.output.find("Padtranspose") != std::string::npos);
  CHECK(r.output.find("gemm_tiled") != std::string::npos);
  CHECK(r.output.find("would write: " + PoclFile()) != std::string::npos);
  CHECK(fs::is_empty(home.dir()));
}

TEST_CASE("opencl: tune refuses mixed flags and a non-opencl --backend with exit 2") {
  const TempConfigHome home;
  const auto mixed = RunCli("tune --backend opencl --base openblas --dry-run");
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.output.find("--base: only without --backend opencl") != std::string::npos);
  const auto budget = RunCli("tune --budget 5m --dry-run");
  CHECK(budget.exit_code == 2);
  CHECK(budget.output.find("--budget: only with --backend opencl") != std::string::npos);
  const auto other = RunCli("tune --backend openblas --dry-run");
  CHECK(other.exit_code == 2);
  CHECK(other.output.find("--backend: invalid value 'openblas'") != std::string::npos);
  const auto size = RunCli("tune --backend opencl --size 100 --dry-run");
  CHECK(size.exit_code == 2);
  CHECK(size.output.find("--size: invalid value '100'") != std::string::npos);
  const auto bad_budget = RunCli("tune --backend opencl --budget 3y --dry-run");
  CHECK(bad_budget.exit_code == 2);
  CHECK(bad_budget.output.find("--budget: invalid value '3y'") != std::string::npos);
  CHECK(fs::is_empty(home.dir()));
}

// The tile entry as tune writes it; its parameters round-trip, and a tile the kernel cannot
// launch makes the whole file unusable (as any malformed entry does).
TEST_CASE("opencl: a gemm_tiled tile is timed and verified through our kernel, and restored") {
  const opencl::GemmTile tile = opencl::GemmTile::Parse("test", "32x32x16x4x4x4");
  const clblast_tuning::Params params = clblast_tuning::TileParams(tile);
  CHECK(clblast_tuning::TileFromParams({params.begin(), params.end()}) == tile);
  CHECK_THROWS_WITH_AS(clblast_tuning::TileFromParams({{"MT", 32}, {"NT", 32}}),
                       doctest::Contains("gemm_tiled parameters lack KT"), std::runtime_error);
  CHECK_THROWS_WITH_AS(
      clblast_tuning::TileFromParams({{"MT", 32}, {"NT", 32}, {"KT", 16}, {"RM", 6}, {"RN", 4}, {"LX", 4}}),
      doctest::Contains("RM, RN and KT multiples of 4"), std::runtime_error);
  // Every candidate tune tries is a tile the kernel launches, the default first.
  for (std::size_t bytes : {4, 8}) {
    const auto candidates = opencl::GemmTile::Candidates(bytes);
    CHECK(candidates.front() == opencl::GemmTile::Default(bytes));
    CHECK(candidates.size() >= 5);
  }

  opencl::OpenDevice dev(Pocl());
  const opencl::GemmTile before = dev.gemm_tile(4);
  clblast_tuning::Item it;
  it.kernel = clblast_tuning::kTiledKernelName;
  it.precision = Precision::kSingle;
  it.m = it.n = it.k = 128;
  CHECK(clblast_tuning::TimeTile(dev, it, tile) > 0);
  std::vector<std::string> verified;
  CHECK(clblast_tuning::VerifyTile(dev, it, tile, verified) == "");
  CHECK(verified.size() == 4);
  CHECK(dev.gemm_tile(4) == before);
}

TEST_CASE("opencl: a tuned gemm_tiled tile in the file is applied, reported and overridable") {
  const TempConfigHome home;
  const std::string file = PoclFile();
  const opencl::DeviceInfo d = Pocl();
  fs::create_directories(fs::path(file).parent_path());
  const auto write = [&](std::size_t rm) {
    const nlohmann::json doc{
        {"device", d.device_name}, {"driver", d.driver_version}, {"date", "2026-12-01T18:00:00Z"},
        {"entries", {{{"kernel", "gemm_tiled"}, {"precision", "s"},
                      {"parameters", {{"MT", 32}, {"NT", 32}, {"KT", 16}, {"RM", rm}, {"RN", 4}, {"LX", 4}}},
                      {"verified", {"gemm 128x128x128"}}}}}};
    std::ofstream(file) << doc.dump();
  };
  write(4);
  const auto devices = RunCli("devices --json");
  INFO(devices.output);
  CHECK(OpenclConfig(devices.output) ==
        "CLBlast defaults; gemm_tiled tile tuned (s 32x32x16x4x4x4: " + file + ", 2026-12-01T18:00:00Z)");
  CHECK(devices.output.find("s: gemm_tiled 32x32x16x4x4x4 (tuned), d: gemm_tiled 128x128x8x8x8x4 (default)") !=
        std::string::npos);
  // 64 fills the tuned tile: these GEMMs and the factorizations' updates run on it.
  const auto validated = RunCli(
      "validate --backend 'opencl:portable computing' --op gemm,getrf --type s --dim 64,100 -q");
  INFO(validated.output);
  CHECK(validated.exit_code == 0);
  // "/gemm_tile=" wins over the file.
  auto b = CreateBackend(std::string(opencl_test::kPocl) + "/gemm_tile=16x16x4x4x4");
  CHECK(b->Info().extra.at("gemm_kernel").starts_with("s: gemm_tiled 16x16x4x4x4x0 (/gemm_tile)"));

  write(6);  // RM = 6: not a tile the kernel can launch
  const auto bad = RunCli("devices --json");
  INFO(bad.output);
  CHECK(bad.output.find("entries[0]: parameters: gemm_tile must be") != std::string::npos);
  CHECK(OpenclConfig(bad.output) == "CLBlast defaults");
  CHECK(bad.output.find("s: gemm_tiled 128x64x16x8x8x4 (default)") != std::string::npos);
}

TEST_CASE("opencl: tune --only getrf_nb times block sizes and keeps the file's other entries") {
  const TempConfigHome home;
  const std::string file = PoclFile();
  const opencl::DeviceInfo d = Pocl();
  fs::create_directories(fs::path(file).parent_path());
  const nlohmann::json earlier{
      {"device", d.device_name}, {"driver", d.driver_version}, {"date", "2026-12-01T18:00:00Z"},
      {"entries", {{{"kernel", "gemm_tiled"}, {"precision", "s"},
                    {"parameters", {{"MT", 32}, {"NT", 32}, {"KT", 16}, {"RM", 4}, {"RN", 4}, {"LX", 4}}},
                    {"verified", {"gemm 128x128x128"}}}}}};
  std::ofstream(file) << earlier.dump();

  const auto tuned = RunCli("tune --backend 'opencl:portable computing' --only getrf_nb --budget 60s");
  INFO(tuned.output);
  REQUIRE(tuned.exit_code == 0);
  // Only the chosen items have lines: s and d at PoCL's one order, each timed against the default.
  CHECK(tuned.output.find("sgetrf_nb      512x512        default ") != std::string::npos);
  CHECK(tuned.output.find("dgetrf_nb      512x512        default ") != std::string::npos);
  CHECK(tuned.output.find("Xgemm") == std::string::npos);
  const nlohmann::json doc = opencl::ParseTuningFile(Read(file), Pocl());
  int getrf = 0;
  bool tile = false;
  for (const char* list : {"entries", "not_tuned"}) {
    for (const auto& e : doc[list]) {
      if (e["kernel"] == "gemm_tiled") {
        tile = true;
        CHECK(std::string(list) == "entries");
        CHECK(e["from_earlier_file"] == "2026-12-01T18:00:00Z");
        continue;
      }
      REQUIRE(e["kernel"] == "getrf_nb");
      ++getrf;
      CHECK(e["parameters"]["N"] == 512);
      const auto nb = e["parameters"]["NB"].get<int64_t>();
      CHECK((nb >= 16 && nb * 4 <= 512 && nb != opencl::DefaultBlockSize("getrf", 512)));
      if (std::string(list) == "entries") {
        CHECK(e["best_ms"].get<double>() <= e["default_ms"].get<double>() * 0.97);
        CHECK(e["verified"].size() == 1);
      } else {
        CHECK(e["reason"].get<std::string>().starts_with("kept the default nb 64: "));
      }
    }
  }
  CHECK(getrf == 2);
  CHECK(tile);

  const auto bad = RunCli("tune --backend opencl --only getrf_nb,trsm_nb --dry-run");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("--only: invalid value 'getrf_nb,trsm_nb': 'trsm_nb' is not one of gemm_tiled, Xgemm,") !=
        std::string::npos);
  const auto mixed = RunCli("tune --only getrf_nb --dry-run");
  CHECK(mixed.exit_code == 2);
  CHECK(mixed.output.find("--only: only with --backend opencl") != std::string::npos);
}

TEST_CASE("opencl: tuned block sizes: the nearest tuned order within 2x, and /nb= wins") {
  opencl::TunedBlocks blocks;
  CHECK(blocks.At("getrf", 4, 4096) == 0);
  blocks.Set("getrf", 4, 4096, 96);
  blocks.Set("getrf", 4, 16384, 48);
  CHECK(blocks.At("getrf", 4, 2048) == 96);   // half a tuned order is within reach
  CHECK(blocks.At("getrf", 4, 2047) == 0);    // farther keeps the default
  CHECK(blocks.At("getrf", 4, 8191) == 96);   // 2.0x from 4096, 2.0002x from 16384
  CHECK(blocks.At("getrf", 4, 8193) == 48);
  CHECK(blocks.At("getrf", 4, 32768) == 48);
  CHECK(blocks.At("getrf", 4, 32769) == 0);
  CHECK(blocks.At("getrf", 8, 4096) == 0);     // d was not tuned
  CHECK(blocks.At("potrf", 4, 4096) == 0);
  CHECK(blocks.Describe() == "s getrf 4096: 96, s getrf 16384: 48");

  opencl::OpenDevice dev(Pocl());
  opencl::OpenclOptions opts;
  CHECK(opencl::BlockSize(dev, opts, "getrf", 4, 4096, opencl::kGetrfBlocks) == opencl::kGetrfBlocks.At(4096));
  dev.set_tuned_blocks(blocks);
  CHECK(opencl::BlockSize(dev, opts, "getrf", 4, 4096, opencl::kGetrfBlocks) == 96);
  CHECK(opencl::BlockSize(dev, opts, "getrf", 8, 4096, opencl::kGetrfBlocks) == opencl::kGetrfBlocks.At(4096));
  opts.nb = 48;
  CHECK(opencl::BlockSize(dev, opts, "getrf", 4, 4096, opencl::kGetrfBlocks) == 48);

  // The candidates: the default first, no repeats, each leaving at least four blocks.
  for (const std::string_view routine : opencl::kBlockRoutines) {
    for (const int64_t n : {256, 512, 4096, 16384}) {
      const auto c = clblast_tuning::NbCandidates(routine, n);
      REQUIRE(!c.empty());
      CHECK(c.front() == opencl::DefaultBlockSize(routine, n));
      CHECK(std::set<int64_t>(c.begin(), c.end()).size() == c.size());
      for (std::size_t i = 1; i < c.size(); ++i) CHECK(c[i] * 4 <= n);
      // Nearest the default by ratio first, so a budget for one or two tries the likeliest.
      const auto ratio = [&](int64_t nb) {
        return static_cast<double>(std::max(nb, c.front())) / static_cast<double>(std::min(nb, c.front()));
      };
      for (std::size_t i = 2; i < c.size(); ++i) CHECK(ratio(c[i - 1]) <= ratio(c[i]));
    }
  }
  CHECK(clblast_tuning::NbCandidates("potrf", 16384)[1] == 256);  // default 512

  // The sweep's allowance: one candidate always; then as many as the measured cost per
  // candidate pays for with the re-measure (kNbConfirmCandidates = 4 candidates' worth) after.
  CHECK(clblast_tuning::NbSweepAffords(0, 0, 0, 0));
  CHECK(clblast_tuning::NbSweepAffords(2.5, 2, 2, 2.5 + 5));   // 1 s a candidate: 2.5 + 5 fits
  CHECK(!clblast_tuning::NbSweepAffords(2.5, 2, 2, 2.5 + 4.9));
  CHECK(!clblast_tuning::NbSweepAffords(30, 20, 1, 100));      // 20 s a candidate, 130 s needed
  const auto getrf = clblast_tuning::NbCandidates("getrf", 16384);  // default 64; a tie goes to the smaller
  CHECK(std::vector<int64_t>(getrf.begin(), getrf.begin() + 4) == std::vector<int64_t>{64, 96, 32, 128});
}

TEST_CASE("opencl: a block-size candidate is timed, re-timed beside the default and held to the projected LAPACK checks") {
  opencl::OpenDevice dev(Pocl());
  for (const char* kernel : {"potrf_nb", "getrf_nb", "geqrf_nb"}) {
    for (const Precision p : {Precision::kSingle, Precision::kDouble}) {
      clblast_tuning::Item it;
      it.kernel = kernel;
      it.precision = p;
      it.m = it.n = 192;
      INFO(std::string(kernel), " ", std::string(ToString(p)));
      clblast_tuning::NbBench bench(dev, it);
      CHECK(bench.Time(32) > 0);
      const auto pairs = bench.Interleaved(32, 64, 3);
      CHECK(pairs.median_a_ms > 0);
      CHECK(pairs.median_b_ms > 0);
      CHECK((pairs.b_faster >= 0 && pairs.b_faster <= 3));
      std::vector<std::string> verified;
      CHECK(bench.Verify(32, verified) == "");
      REQUIRE(verified.size() == 1);
      CHECK(verified[0] == std::string(ToString(p)) + std::string(opencl::BlockRoutine(kernel)) + " 192x192 nb=32");
    }
  }
}

TEST_CASE("opencl: a tuned nb in the file is applied, reported, used by the factorizations and overridable") {
  const TempConfigHome home;
  const std::string file = PoclFile();
  const opencl::DeviceInfo d = Pocl();
  fs::create_directories(fs::path(file).parent_path());
  const auto write = [&](std::size_t nb) {
    const nlohmann::json doc{
        {"device", d.device_name}, {"driver", d.driver_version}, {"date", "2026-12-01T21:00:00Z"},
        {"entries", {{{"kernel", "getrf_nb"}, {"precision", "s"}, {"parameters", {{"N", 512}, {"NB", nb}}},
                      {"verified", {"sgetrf 512x512 nb=32"}}}}}};
    std::ofstream(file) << doc.dump();
  };
  write(32);
  const auto devices = RunCli("devices --json");
  INFO(devices.output);
  CHECK(OpenclConfig(devices.output) ==
        "CLBlast defaults; nb tuned (s getrf 512: 32: " + file + ", 2026-12-01T21:00:00Z)");
  CHECK(devices.output.find("tuned (s getrf 512: 32; at the nearest tuned order within 2x") != std::string::npos);
  // The hybrid getrf runs with it (the phase line names its nb) and still passes validation.
  ::setenv("LAPACK_AI_OPENCL_PHASES", "1", 1);
  const auto bench = RunCli("bench --op getrf --type s --dim 384 --backend 'opencl:portable computing' "
                            "--repeat 2 --warmup 0 --min-sample-time 0 -q");
  ::unsetenv("LAPACK_AI_OPENCL_PHASES");
  INFO(bench.output);
  CHECK(bench.exit_code == 0);
  CHECK(bench.output.find("getrf 384x384 nb=32 ") != std::string::npos);
  const auto validated = RunCli(
      "validate --backend 'opencl:portable computing' --op getrf --type s --dim 64,200 -q");
  INFO(validated.output);
  CHECK(validated.exit_code == 0);
  // "/nb=" wins over the file.
  auto b = CreateBackend(std::string(opencl_test::kPocl) + "/nb=16");
  CHECK(b->Info().extra.at("block_sizes") == "/nb=16");

  write(1024);  // NB > N: not an entry tune writes
  const auto bad = RunCli("devices --json");
  INFO(bad.output);
  CHECK(bad.output.find("entries[0]: getrf_nb takes exactly N and NB, 1 <= NB <= N") != std::string::npos);
  CHECK(OpenclConfig(bad.output) == "CLBlast defaults");
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai
