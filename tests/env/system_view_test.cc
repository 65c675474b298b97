// RealSystem on this machine and under a fake root, cpuid-derived ISA labels, and helper
// programs run from an argument vector.
#include <doctest/doctest.h>

#include "env/fake_system.h"

namespace lapack_ai::env {
namespace {

TEST_CASE("env system: best ISA needs every feature of its level") {
  CHECK(MakeCpuFeatures("x", 6, 1, {"sse2", "sse3"}).best_isa == "SSE3");
  CHECK(MakeCpuFeatures("x", 6, 1, {"avx2", "avx"}).best_isa == "AVX");  // AVX2 kernels need FMA
  CHECK(MakeCpuFeatures("x", 6, 1, {"avx", "avx2", "fma", "avx512f"}).best_isa == "AVX2");
  CHECK(testing::EmeraldRapidsCpu().best_isa == "AMX");
  CHECK(testing::ZenCpu().best_isa == "AVX2");
  CHECK(testing::ZenCpu().Has("fma"));
  CHECK_FALSE(testing::ZenCpu().Has("avx512f"));
  CHECK(MakeCpuFeatures("unknown", 0, 0, {}).best_isa == "unknown");
}

TEST_CASE("env system: the real machine's cpuid, files and helper programs") {
  const auto sys = RealSystem();
  const CpuFeatures cpu = sys->Cpu();
#if defined(__x86_64__)
  CHECK((cpu.vendor == "GenuineIntel" || cpu.vendor == "AuthenticAMD"));
  CHECK(cpu.Has("sse2"));  // every x86-64 CPU
  CHECK(cpu.best_isa != "unknown");
#endif
  CHECK(sys->ReadFile("/proc/stat").has_value());
  CHECK_FALSE(sys->ReadFile("/no/such/file").has_value());
  CHECK(sys->OwnCpuSeconds() > 0);
  CHECK(sys->ClockTicksPerSecond() > 0);
  CHECK(sys->RunCommand({"sh", "-c", "echo hello"}) == "hello\n");
  CHECK_FALSE(sys->RunCommand({"sh", "-c", "exit 3"}).has_value());
  CHECK_FALSE(sys->RunCommand({"lapack-ai-no-such-program"}).has_value());
}

TEST_CASE("env system: a root prefixes every path") {
  testing::FakeSystem fake;
  fake.Write("/proc/loadavg", "7.00 1 1 1/1 1\n");
  CHECK(fake.ReadFile("/proc/loadavg") == "7.00 1 1 1/1 1\n");
  CHECK_FALSE(fake.ReadFile("/proc/nonexistent").has_value());
}

}  // namespace
}  // namespace lapack_ai::env
