// End-to-end `lapack-ai doctor` and `devices` on this machine: every check listed, JSON shape,
// OPENBLAS_CORETYPE=Prescott caught, and --try-fixes measuring the kernel fix in child runs.
#include <doctest/doctest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "env/proc_parse.h"
#include "lapack_ai/env.h"

namespace lapack_ai::env {
namespace {

using lapack_ai::testing::RunCli;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Sets a variable for the children started inside the scope (RunCli inherits the environment).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~ScopedEnv() { unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

// Prescott (SSE3) is below every CPU with AVX: the cases that force it need such a CPU.
bool CpuAboveSse() {
  const std::string isa = RealSystem()->Cpu().best_isa;
  return isa == "AVX" || isa == "AVX2" || isa == "AVX-512" || isa == "AMX";
}

TEST_CASE("cli doctor: one line per check, a verdict, exit 0") {
  const auto r = RunCli("doctor --sample-seconds 0.3");
  CHECK(r.exit_code == 0);
  CHECK(Has(r.output, "cpu       "));
  CHECK(Has(r.output, "openblas  OpenBLAS"));
  for (const Check& c : Checks()) CHECK_MESSAGE(Has(r.output, std::string(c.id)), c.id);
  CHECK((Has(r.output, "No problems found.") || Has(r.output, "numbers measured now may mislead")));
}

TEST_CASE("cli doctor --json: environment, warnings and a state for every check") {
  const auto r = RunCli("doctor --json --sample-seconds 0.3");
  REQUIRE(r.exit_code == 0);
  const nlohmann::json doc = nlohmann::json::parse(r.output);
  CHECK(doc["environment"]["cpu"]["best_isa"].is_string());
  CHECK(doc["environment"]["blas"][0]["backend"] == "openblas");
  CHECK(doc["environment"]["load"]["seconds"].get<double>() >= 0.3);
  CHECK(doc["warnings"].is_array());
  REQUIRE(doc["checks"].size() == Checks().size());
  for (const nlohmann::json& c : doc["checks"]) {
    const std::string state = c["state"];
    CHECK((state == "ok" || state == "warning" || state == "info" || state == "unknown" ||
           state == "not_applicable"));
    if (state == "unknown") CHECK_FALSE(c["why"].get<std::string>().empty());
  }
}

TEST_CASE("cli doctor: usage errors exit 2") {
  CHECK(RunCli("doctor --try-dim 3").exit_code == 2);
  CHECK(RunCli("doctor --backend nosuch").exit_code == 2);
}

TEST_CASE("cli doctor and devices: OPENBLAS_CORETYPE=Prescott fires blas_kernel_below_cpu") {
  if (!CpuAboveSse()) return;
  const ScopedEnv env("OPENBLAS_CORETYPE", "Prescott");
  const auto r = RunCli("doctor --sample-seconds 0");
  CHECK(r.exit_code == 0);
  CHECK(Has(r.output, "warning  blas_kernel_below_cpu: openblas runs OpenBLAS's Prescott (SSE3)"));
  CHECK(Has(r.output, "forced by OPENBLAS_CORETYPE=Prescott"));
  CHECK(Has(r.output, "fix: unset OPENBLAS_CORETYPE or set OPENBLAS_CORETYPE="));

  const auto d = RunCli("devices");
  // Every OpenBLAS in the process takes the variable: the linked one, alphatensor@openblas and
  // the lib:openblas-* copies loaded after it was set.
  CHECK(Has(d.output, "warning [blas_kernel_below_cpu] lib:openblas-pthread"));
  CHECK(Has(d.output, " openblas, alphatensor"));
  CHECK(Has(d.output, "OpenBLAS's Prescott (SSE3) kernels"));
  const auto dj = RunCli("devices --json");
  REQUIRE(dj.exit_code == 0);
  const nlohmann::json doc = nlohmann::json::parse(dj.output);
  CHECK(doc["backends"][0]["name"].is_string());
  REQUIRE(doc["warnings"].size() >= 1);
  CHECK(doc["warnings"][0]["id"] == "blas_kernel_below_cpu");
}

TEST_CASE("cli doctor --try-fixes: the suggested kernel is measured, verified and faster") {
  if (!CpuAboveSse()) return;
  const ScopedEnv env("OPENBLAS_CORETYPE", "Prescott");
  // n = 512 keeps both child runs (each with its reference check) to a few seconds.
  const auto r =
      RunCli("doctor --json --try-fixes --sample-seconds 0 --try-dim 512 --try-repeat 5");
  REQUIRE(r.exit_code == 0);
  const nlohmann::json doc = nlohmann::json::parse(r.output);
  REQUIRE(doc["fixes"].size() == 1);
  const nlohmann::json& fix = doc["fixes"][0];
  CHECK(fix["finding"] == "blas_kernel_below_cpu");
  const std::string suggested = fix["env"]["OPENBLAS_CORETYPE"];
  CHECK(fix["before"]["ok"] == true);
  CHECK(fix["after"]["ok"] == true);
  CHECK(fix["before"]["kernel"] == "Prescott");
  CHECK(internal::ToLower(fix["after"]["kernel"].get<std::string>()) ==
        internal::ToLower(suggested));
  CHECK(fix["kernel_changed"] == true);
  CHECK(fix["before"]["checks_pass"] == true);
  CHECK(fix["after"]["checks_pass"] == true);
  // Faster means the interval is above 1, not a fixed factor: SSE3 vs AVX2 dgemm measured 3.6x
  // and 4.8x at n = 512 alone on this 2-core VM, but 1.04x [> 1] while ctest ran the wheel's
  // compile beside it. A speed target belongs in a benchmark (docs/PERFORMANCE.md: 5.14x on the
  // H200 host), not in a unit test that shares the machine.
  CHECK(fix["speedup"].get<double>() > 1.0);
  CHECK(fix["has_ci"] == true);
  CHECK(fix["speedup_lo"].get<double>() > 1.0);
}

}  // namespace
}  // namespace lapack_ai::env
