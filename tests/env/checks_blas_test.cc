// blas_kernel_below_cpu, threads_exceed_cores and thread_env_conflict on fake machines: each
// message shown firing, shown quiet on a healthy machine, and "unknown" when a source is missing.
#include <doctest/doctest.h>

#include "env/fake_system.h"

namespace lapack_ai::env {
namespace {

using testing::EmeraldRapidsCpu;
using testing::FakeSystem;
using testing::OpenblasInfo;
using testing::RunOne;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("env blas_kernel_below_cpu: Prescott on Emerald Rapids (Debian 12's OpenBLAS 0.3.21)") {
  FakeSystem sys;
  sys.cpu = EmeraldRapidsCpu();
  const CheckReport r = RunOne(sys, {OpenblasInfo("Prescott")}, "blas_kernel_below_cpu");
  REQUIRE(r.check != nullptr);
  CHECK(r.outcome.state == CheckState::kWarning);
  REQUIRE(r.outcome.findings.size() == 1);
  const Finding& f = r.outcome.findings[0];
  CHECK(f.id == "blas_kernel_below_cpu");
  CHECK(f.severity == Severity::kWarning);
  CHECK(f.message ==
        "openblas runs OpenBLAS's Prescott (SSE3) kernels; this CPU has AVX-512 (+AMX) "
        "(GenuineIntel family 6 model 207)");
  CHECK(f.fix == "set OPENBLAS_CORETYPE=Cooperlake (doctor --try-fixes measures it)");
  CHECK(f.fix_env == std::map<std::string, std::string>{{"OPENBLAS_CORETYPE", "Cooperlake"}});

  sys.cpu = MakeCpuFeatures("GenuineIntel", 6, 85,
                            {"sse3", "ssse3", "sse4_2", "avx", "fma", "avx2", "avx512f", "avx512bw",
                             "avx512vl"});  // Skylake-SP: no bf16
  const Finding sk =
      RunOne(sys, {OpenblasInfo("Prescott")}, "blas_kernel_below_cpu").outcome.findings.at(0);
  CHECK(sk.fix_env.at("OPENBLAS_CORETYPE") == "SkylakeX");
}

TEST_CASE("env blas_kernel_below_cpu: a kernel forced by OPENBLAS_CORETYPE says so") {
  FakeSystem sys;  // AMD Zen 3
  sys.env = {{"OPENBLAS_CORETYPE", "Prescott"}};
  const auto r = RunOne(sys, {OpenblasInfo("Prescott")}, "blas_kernel_below_cpu");
  REQUIRE(r.outcome.findings.size() == 1);
  const Finding& f = r.outcome.findings[0];
  CHECK(Has(f.message,
            "this CPU has AVX2 (AuthenticAMD family 25 model 1), forced by "
            "OPENBLAS_CORETYPE=Prescott"));
  CHECK(f.fix ==
        "unset OPENBLAS_CORETYPE or set OPENBLAS_CORETYPE=Zen (doctor --try-fixes "
        "measures it)");
  CHECK(f.fix_env.at("OPENBLAS_CORETYPE") == "Zen");
}

TEST_CASE("env blas_kernel_below_cpu: AVX2 on Intel asks for Haswell, AVX for Sandybridge") {
  FakeSystem sys;
  sys.cpu =
      MakeCpuFeatures("GenuineIntel", 6, 63, {"sse3", "ssse3", "sse4_2", "avx", "fma", "avx2"});
  CHECK(RunOne(sys, {OpenblasInfo("Sandybridge")}, "blas_kernel_below_cpu")
            .outcome.findings.at(0)
            .fix_env.at("OPENBLAS_CORETYPE") == "Haswell");
  sys.cpu = MakeCpuFeatures("GenuineIntel", 6, 42, {"sse3", "ssse3", "sse4_2", "avx"});
  CHECK(RunOne(sys, {OpenblasInfo("Nehalem")}, "blas_kernel_below_cpu")
            .outcome.findings.at(0)
            .fix_env.at("OPENBLAS_CORETYPE") == "Sandybridge");
}

TEST_CASE("env blas_kernel_below_cpu: quiet when the kernel matches, in any letter case") {
  FakeSystem sys;
  CHECK(RunOne(sys, {OpenblasInfo("Zen")}, "blas_kernel_below_cpu").outcome.state ==
        CheckState::kOk);
  CHECK(RunOne(sys, {OpenblasInfo("haswell")}, "blas_kernel_below_cpu").outcome.state ==
        CheckState::kOk);
  sys.cpu = EmeraldRapidsCpu();  // AMX is bf16/int8 only: an AVX-512 kernel is the best for s/d
  CHECK(RunOne(sys, {OpenblasInfo("SkylakeX")}, "blas_kernel_below_cpu").outcome.state ==
        CheckState::kOk);
}

TEST_CASE("env blas_kernel_below_cpu: unknown kernels are info, no kernel or ISA is no pass") {
  FakeSystem sys;
  const auto r = RunOne(sys, {OpenblasInfo("armv8")}, "blas_kernel_below_cpu");
  CHECK(r.outcome.state == CheckState::kInfo);
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].severity == Severity::kInfo);
  CHECK(Has(r.outcome.findings[0].message, "kernel 'armv8', unknown to this check"));

  BackendInfo netlib;
  netlib.name = "reference";
  CHECK(RunOne(sys, {netlib}, "blas_kernel_below_cpu").outcome.state == CheckState::kNotApplicable);
  sys.cpu = MakeCpuFeatures("unknown", 0, 0, {});
  CHECK(RunOne(sys, {OpenblasInfo("Zen")}, "blas_kernel_below_cpu").outcome.state ==
        CheckState::kUnknown);
}

TEST_CASE("env blas_kernel_below_cpu: backends sharing a kernel give one finding naming both") {
  FakeSystem sys;
  const auto r = RunOne(sys, {OpenblasInfo("Prescott"), OpenblasInfo("Prescott", 4, "openblas2")},
                        "blas_kernel_below_cpu");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(Has(r.outcome.findings[0].message, "openblas, openblas2 run OpenBLAS's Prescott"));
}

TEST_CASE("env threads_exceed_cores: backend threads and *_NUM_THREADS above online CPUs") {
  FakeSystem sys;  // 4 online CPUs
  auto r = RunOne(sys, {OpenblasInfo("Zen", 8)}, "threads_exceed_cores");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(r.outcome.findings[0].message == "openblas uses 8 threads on 4 online CPUs");
  CHECK(r.outcome.findings[0].fix == "pass --threads 4 (threads beyond the cores time-slice)");

  sys.env = {{"OPENBLAS_NUM_THREADS", "16"}};
  r = RunOne(sys, {OpenblasInfo("Zen", 8)}, "threads_exceed_cores");
  REQUIRE(r.outcome.findings.size() == 1);  // the variable, the likely cause, is named alone
  CHECK(r.outcome.findings[0].message ==
        "OPENBLAS_NUM_THREADS=16 asks for more threads than the 4 online CPUs");
  CHECK(r.outcome.findings[0].fix_env.at("OPENBLAS_NUM_THREADS") == "4");

  sys.env.clear();
  CHECK(RunOne(sys, {OpenblasInfo("Zen", 4)}, "threads_exceed_cores").outcome.state ==
        CheckState::kOk);
  sys.Remove("/sys/devices/system/cpu/online");
  CHECK(RunOne(sys, {OpenblasInfo("Zen", 4)}, "threads_exceed_cores").outcome.state ==
        CheckState::kUnknown);
}

TEST_CASE("env thread_env_conflict: thread variables that disagree") {
  FakeSystem sys;
  sys.env = {{"OMP_NUM_THREADS", "4"}, {"OPENBLAS_NUM_THREADS", "2"}};
  const auto r = RunOne(sys, {}, "thread_env_conflict");
  REQUIRE(r.outcome.findings.size() == 1);
  CHECK(Has(r.outcome.findings[0].message, "OMP_NUM_THREADS=4, OPENBLAS_NUM_THREADS=2 disagree"));
  sys.env = {{"OMP_NUM_THREADS", "4"}, {"OPENBLAS_NUM_THREADS", "4"}};
  CHECK(RunOne(sys, {}, "thread_env_conflict").outcome.state == CheckState::kOk);
  sys.env = {{"MKL_NUM_THREADS", "3"}};
  CHECK(RunOne(sys, {}, "thread_env_conflict").outcome.state == CheckState::kOk);
}


TEST_CASE("env: a kernel forced above the CPU's ISA is refused before it can crash") {
  FakeSystem sys;  // AMD Zen 3: AVX2
  const auto why = ForcedKernelBeyondCpu(sys, "OPENBLAS_CORETYPE", "SkylakeX");
  REQUIRE(why.has_value());
  CHECK(why->find("selects OpenBLAS's AVX-512 kernels, but this CPU has AVX2") != std::string::npos);
  CHECK_FALSE(ForcedKernelBeyondCpu(sys, "OPENBLAS_CORETYPE", "Haswell").has_value());
  CHECK_FALSE(ForcedKernelBeyondCpu(sys, "OPENBLAS_CORETYPE", "Prescott").has_value());  // slow, runs
  CHECK_FALSE(ForcedKernelBeyondCpu(sys, "OPENBLAS_CORETYPE", "NoSuchCore").has_value());
  CHECK_FALSE(ForcedKernelBeyondCpu(sys, "OMP_NUM_THREADS", "4").has_value());
  sys.cpu = EmeraldRapidsCpu();
  CHECK_FALSE(ForcedKernelBeyondCpu(sys, "OPENBLAS_CORETYPE", "SkylakeX").has_value());
}

}  // namespace
}  // namespace lapack_ai::env
