// The checks through the binary: validate over several libraries, errors with exit 2,
// devices listing every known library.
#include <doctest/doctest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace lapack_ai {
namespace {

TEST_CASE("cli: validate gemm, getrf, potrf on BLIS, ATLAS and serial OpenBLAS through lib:") {
  const auto r = testing::RunCli(
      "validate --op gemm,getrf,potrf --type s,d --backend lib:blis,lib:atlas,lib:openblas-serial");
  CAPTURE(r.output.substr(r.output.size() > 2000 ? r.output.size() - 2000 : 0));
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("0 unsupported, 0 skipped") != std::string::npos);
  CHECK(r.output.find("lib:atlas") != std::string::npos);
}

TEST_CASE("cli: BLIS's per-call threads beside OpenBLAS do not corrupt the heap") {
  // Without the stack-cache tunable (startup.h) this aborted with "free(): invalid next size"
  // within these 160 calls; the binary re-executes itself with it.
  const auto r = testing::RunCli(
      "bench --op getrf,potrf --type s,d --dim 512 --repeat 20 --warmup 0 -q "
      "--backend openblas,lib:blis/threads=2");
  CAPTURE(r.output);
  CHECK(r.exit_code == 0);
  const char* tunables = std::getenv("GLIBC_TUNABLES");  // this test binary re-executed too
  REQUIRE(tunables != nullptr);
  CHECK(std::string(tunables).find("glibc.pthread.stack_cache_size=0") != std::string::npos);
}

TEST_CASE("cli: an unknown library or a file that is not a BLAS exits 2 with the reason") {
  const auto unknown = testing::RunCli("bench --op gemm --dim 8 --repeat 1 --backend lib:openblass");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("unknown library 'openblass'") != std::string::npos);
  const auto not_blas = testing::RunCli("bench --op gemm --dim 8 --repeat 1 --backend lib:/bin/sh");
  CHECK(not_blas.exit_code == 2);
  CHECK(not_blas.output.find("lib:/bin/sh") != std::string::npos);
}

TEST_CASE("cli: devices lists every known library, with int size, kernel and routines") {
  const auto r = testing::RunCli("devices --json");
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  int libs = 0;
  for (const auto& b : doc.at("backends")) {
    const std::string name = b.at("name");
    if (!name.starts_with("lib:")) continue;
    ++libs;
    if (!b.at("available").get<bool>()) {
      CHECK(b.at("note").get<std::string>().find("looked for") != std::string::npos);
      continue;
    }
    CHECK(b.at("extra").contains("int_size"));
    CHECK(b.at("extra").contains("routines"));
  }
  CHECK(libs == 9);
}

}  // namespace
}  // namespace lapack_ai
