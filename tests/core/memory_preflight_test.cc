// Memory preflight: a case that cannot fit is refused before anything is allocated, an
// allocation that fails anyway becomes an error record (never "fatal: std::bad_alloc"), the
// ops' stated needs match what they really take, and the CLI exits 2 naming the bytes.
#include <doctest/doctest.h>

#include <malloc.h>

#include <regex>

#include "cli_runner.h"
#include "fake_backend.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/op.h"
#include "lapack_ai/runner.h"

namespace lapack_ai {
namespace {

using testing::FakeBackend;

class FakeMemory final : public MemoryProbe {
 public:
  explicit FakeMemory(double available) : available_(available) {}
  std::optional<double> HostAvailableBytes() override { return available_; }
  void ResetPeak() override {}
  std::optional<double> PeakRssBytes() override { return std::nullopt; }

 private:
  double available_;
};

CaseParams Gemm(int64_t n) {
  CaseParams p;
  p.op = "gemm";
  p.m = p.n = p.k = n;
  return p;
}

TEST_CASE("a case larger than MemAvailable is refused with the bytes, and the sweep goes on") {
  auto reference = CreateBackend("reference");
  FakeBackend good("good", FakeBackend::Mode::kCorrect);
  FakeMemory memory(64.0 * 1024 * 1024);  // 64 MiB: n=16 fits, n=2000 (160+ MB) does not
  RunOptions opt;
  opt.timing = false;
  opt.warmup = 0;  // one checked call per case that runs
  Runner runner(*reference, opt, memory);
  const auto results = runner.Run({Gemm(2000), Gemm(16)}, {&good});
  REQUIRE(results.size() == 2);
  CHECK(results[0].status == Status::kError);
  CHECK(results[0].memory.resource_error);
  CHECK(good.runs == 1);  // only the case that fits ran
  CHECK(std::regex_search(results[0].message,
                          std::regex(R"(needs [0-9.]+ MiB \([0-9]+ bytes\) of host memory)")));
  CHECK(results[0].message.find("MemAvailable is 64.0 MiB (67108864 bytes)") != std::string::npos);
  CHECK(results[0].memory.host_bytes_needed.value_or(0) > 64.0 * 1024 * 1024);
  CHECK(results[1].status == Status::kPass);
  CHECK_FALSE(results[1].memory.resource_error);
  const Summary s = Summarize(results);
  CHECK(s.resource_errors == 1);
}

// A pretend device shared by the backends given it; `reports_free` says whether it tells its
// free memory (CUDA does, OpenCL cannot).
struct PretendDevice {
  double size, used = 0;
  bool reports_free = false;
};

// A FakeBackend on a PretendDevice whose calls state `workspace` beyond the operands, while each
// bind takes `takes` of the device (what it really allocates beyond the stated need: cuBLAS
// handles and workspaces).
class OnDevice final : public Backend {
 public:
  OnDevice(std::string name, PretendDevice& dev, double workspace, double takes = 0)
      : fake_(std::move(name), FakeBackend::Mode::kCorrect), dev_(dev), workspace_(workspace), takes_(takes) {}
  const std::string& name() const override { return fake_.name(); }
  BackendInfo Info() const override { return fake_.Info(); }
  bool Supports(std::string_view r, Precision p) const override { return fake_.Supports(r, p); }
  std::unique_ptr<BoundCall> Bind(Call& call) override {
    dev_.used += takes_;
    return fake_.Bind(call);
  }
  std::optional<double> DeviceMemoryBytes() const override { return dev_.size; }
  std::optional<double> DeviceFreeBytes() const override {
    return dev_.reports_free ? std::optional<double>(dev_.size - dev_.used) : std::nullopt;
  }
  double DeviceWorkspaceBytes(std::string_view, Precision, int64_t, int64_t, int64_t) const override {
    return workspace_;
  }
  FakeBackend fake_;

 private:
  PretendDevice& dev_;
  double workspace_, takes_;
};

// One checked call per backend of each case, on a host with memory to spare.
std::vector<CaseResult> RunChecked(const std::vector<CaseParams>& cases, const std::vector<Backend*>& backends) {
  auto reference = CreateBackend("reference");
  FakeMemory memory(1e12);
  RunOptions opt;
  opt.timing = false;
  opt.warmup = 0;
  Runner runner(*reference, opt, memory);
  return runner.Run(cases, backends);
}

TEST_CASE("device backends of one case are admitted while operands and workspace fit together") {
  const CaseParams p = Gemm(64);
  const double operands = FindOp("gemm")->Memory(p).device;
  REQUIRE(operands > 0);
  const double workspace = 3 * operands, own = operands + workspace;
  // Room for two: the third is refused, naming what the first two hold; a lean one still fits.
  PretendDevice dev{2.5 * own};
  OnDevice a("a", dev, workspace), b("b", dev, workspace), c("c", dev, workspace);
  OnDevice lean("lean", dev, 0);
  OnDevice huge("huge", dev, 10 * own);  // alone it cannot fit
  const auto r = RunChecked({p}, {&huge, &a, &b, &c, &lean});
  REQUIRE(r.size() == 5);
  CHECK(r[0].status == Status::kError);
  CHECK(r[0].message.find("but the device has") != std::string::npos);
  CHECK(r[1].status == Status::kPass);
  CHECK(r[2].status == Status::kPass);
  CHECK(r[3].status == Status::kError);
  CHECK(r[3].memory.resource_error);
  CHECK(r[3].message.find("while the backends before it in this case hold") != std::string::npos);
  CHECK(r[3].memory.device_bytes_needed.value_or(0) == doctest::Approx(own));
  CHECK(c.fake_.runs == 0);
  CHECK(r[4].status == Status::kPass);
}

TEST_CASE("device backends are admitted against the memory free when the case begins, less a reserve") {
  const CaseParams p = Gemm(64);
  const double operands = FindOp("gemm")->Memory(p).device;
  // By size both fit (80 of 100); with 60 free (contexts, handles, other processes) the second
  // is refused, naming what is free. 40 fits 60 less the 1 % reserve; 59.5 would not.
  PretendDevice dev{100 * operands, 40 * operands, true};
  OnDevice a("a", dev, 39 * operands), b("b", dev, 39 * operands);
  OnDevice tight("tight", dev, 58.5 * operands);
  const auto r = RunChecked({p}, {&a, &b});
  REQUIRE(r.size() == 2);
  CHECK(r[0].status == Status::kPass);
  CHECK(r[0].memory.device_bytes_available.value_or(0) == doctest::Approx(60 * operands));
  CHECK(r[1].status == Status::kError);
  CHECK(r[1].memory.resource_error);
  CHECK(r[1].message.find("free of") != std::string::npos);
  CHECK(b.fake_.runs == 0);
  const auto alone = RunChecked({p}, {&tight});
  CHECK(alone[0].status == Status::kError);
  CHECK(alone[0].message.find("reserve kept") != std::string::npos);
}

TEST_CASE("a device backend is refused at its bind when the earlier binds took more than they stated") {
  const CaseParams p = Gemm(64);
  const double operands = FindOp("gemm")->Memory(p).device;
  // Each states 30 (three fit 100 by estimate) but takes 40: the third finds 20 free and is
  // refused before it allocates, naming what is free; the preflight alone would have let it run.
  PretendDevice dev{100 * operands, 0, true};
  OnDevice a("a", dev, 29 * operands, 40 * operands), b("b", dev, 29 * operands, 40 * operands),
      c("c", dev, 29 * operands, 40 * operands);
  const auto r = RunChecked({p}, {&a, &b, &c});
  REQUIRE(r.size() == 3);
  CHECK(r[0].status == Status::kPass);
  CHECK(r[1].status == Status::kPass);
  CHECK(r[2].status == Status::kError);
  CHECK(r[2].memory.resource_error);
  CHECK(r[2].message.find("with the backends before it in this case bound") != std::string::npos);
  CHECK(c.fake_.runs == 0);
  CHECK(dev.used == doctest::Approx(80 * operands));
}

TEST_CASE("an allocation that fails anyway is an error record, not a crash") {
  auto reference = CreateBackend("reference");
  FakeBackend good("good", FakeBackend::Mode::kCorrect);
  // The probe claims an exabyte, so the preflight lets a 200000^3 gemm through; generating its
  // 320 GB operands then fails for real.
  FakeMemory memory(1e18);
  RunOptions opt;
  opt.timing = false;
  Runner runner(*reference, opt, memory);
  const auto results = runner.Run({Gemm(200000)}, {&good});
  REQUIRE(results.size() == 1);
  CHECK(results[0].status == Status::kError);
  CHECK(results[0].memory.resource_error);
  CHECK(results[0].message.find("out of memory generating the case's operands") != std::string::npos);
  CHECK(good.runs == 0);
}

// Resident memory of this process now (VmRSS), for measuring what a case really allocates.
double RssBytes() {
  auto* status = std::fopen("/proc/self/status", "r");
  REQUIRE(status != nullptr);
  char line[256];
  double kb = 0;
  while (std::fgets(line, sizeof line, status) != nullptr) {
    if (std::sscanf(line, "VmRSS: %lf kB", &kb) == 1) break;
  }
  std::fclose(status);
  return kb * 1024;
}

TEST_CASE("the ops' stated host memory is what a run really takes") {
  auto reference = CreateBackend("reference");
  auto openblas = CreateBackend("openblas");
  for (const std::string op : {"gemm", "getrf", "potrf", "geqrf", "syevd"}) {
    CAPTURE(op);
    CaseParams p = Gemm(op == "gemm" ? 1500 : 700);
    p.op = op;
    if (p.op != "gemm") p.k = 0;
    const MemoryNeed need = FindOp(op)->Memory(p);
    const double stated = need.HostTotal(1);
    MemoryProbe& real = SystemMemory();
    // Freed memory glibc keeps from the previous case would hide this one's growth.
    malloc_trim(0);
    const double before = RssBytes();
    RunOptions opt;
    opt.timing = false;
    Runner runner(*reference, opt, real);
    const auto results = runner.Run({p}, {openblas.get()});
    REQUIRE(results.size() == 1);
    CHECK(results[0].status == Status::kPass);
    REQUIRE(results[0].memory.peak_rss_bytes.has_value());
    const double used = *results[0].memory.peak_rss_bytes - before;
    MESSAGE(op << ": stated " << stated / 1e6 << " MB, peak growth " << used / 1e6 << " MB");
    // Never understated (the preflight must not let an over-large case through) and not so
    // overstated that it refuses cases that fit. OpenBLAS's own buffers add ~30 MB.
    CHECK(used <= stated + 64e6);
    CHECK(used >= 0.25 * stated);
  }
}

TEST_CASE("validate and bench exit 2 naming the bytes when a case cannot fit") {
  const auto v = testing::RunCli("validate --op gemm --dim 200000 --backend openblas");
  CHECK(v.exit_code == 2);
  CHECK(std::regex_search(v.output, std::regex(R"(needs [0-9.]+ TiB \([0-9]+ bytes\) of host memory)")));
  CHECK(v.output.find("bad_alloc") == std::string::npos);
  const auto b = testing::RunCli(
      "bench --op gemm_batched --dim 4 --batch 100000000000 --backend openblas --repeat 2 --json \"${TMPDIR:-/tmp}/lapack_ai_batched_refused.json\"");
  CHECK(b.exit_code == 2);
  CHECK(b.output.find("of host memory") != std::string::npos);
  CHECK(b.output.find("could not run for lack of memory") != std::string::npos);
}

}  // namespace
}  // namespace lapack_ai
