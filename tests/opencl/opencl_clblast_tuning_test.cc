// `lapack-ai tune --backend opencl` on PoCL, end to end through the binary (CLBlast's parameter
// overrides are process-wide, so the tuned runs stay in child processes): a tiny budget writes
// the file, it reads back, `devices` reports it, validation passes with it applied, a corrupt
// file gives a warning and defaults, --dry-run writes nothing, and the flag checks.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "backends/opencl/clblast_tuning.h"
#include "backends/opencl/opencl_devices.h"
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
  REQUIRE(fs::exists(file));

  // It reads back: made for this device, at least one entry, and records what it skipped.
  const nlohmann::json doc = opencl::ParseTuningFile(Read(file), Pocl());
  CHECK(doc["budget_s"] == 3.0);
  CHECK(doc["clblast_version"].get<std::string>().starts_with("1."));
  REQUIRE(!doc["entries"].empty());
  CHECK(!doc["entries"][0]["parameters"].empty());
  CHECK(!doc["not_tuned"].empty());

  const auto devices = RunCli("devices --json");
  REQUIRE(devices.exit_code == 0);
  CHECK(OpenclConfig(devices.output) ==
        "CLBlast tuned (" + file + ", " + doc["date"].get<std::string>() + ")");

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

TEST_CASE("opencl: tune --backend opencl --dry-run prints the plan and writes nothing") {
  const TempConfigHome home;
  const auto r = RunCli("tune --backend 'opencl:portable computing' --budget 20s --dry-run");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("dry run") != std::string::npos);
  CHECK(r.output.find("Xgemm") != std::string::npos);
  CHECK(r.output.find("Padtranspose") != std::string::npos);
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

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai
