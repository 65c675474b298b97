// The reference backend must be netlib, isolated from OpenBLAS, and both must agree on gemm.
#include <doctest/doctest.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "lapack_ai/runner.h"
#include "lapack_ai/sweep.h"

namespace lapack_ai {
namespace {

TEST_CASE("reference and openblas resolve dgemm_ to different files") {
  const BackendInfo ref = CreateBackend("reference")->Info();
  const BackendInfo ob = CreateBackend("openblas")->Info();
  REQUIRE(ref.available);
  REQUIRE(ob.available);
  const std::string ref_file = ref.providers.at("dgemm_");
  const std::string ob_file = ob.providers.at("dgemm_");
  CHECK(ref_file != ob_file);
  CHECK(ref_file.find("/blas/libblas.so") != std::string::npos);
  CHECK(ob_file.find("openblas") != std::string::npos);
  // Reference LAPACK's own BLAS calls go to reference BLAS, in its namespace.
  CHECK(ref.providers.at("dgetrf_").find("/lapack/liblapack.so") != std::string::npos);
}

TEST_CASE("backend specs: unknown families and stray arguments are usage errors") {
  CHECK_THROWS_WITH_AS(CreateBackend("nosuch"), doctest::Contains("unknown backend 'nosuch'"),
                       UsageError);
  CHECK_THROWS_AS(CreateBackend("openblas:x"), UsageError);
  const BackendSpec s = ParseBackendSpec("openblas");
  CHECK(s.family == "openblas");
  CHECK(s.argument.empty());
  const BackendSpec full = ParseBackendSpec("alphatensor:strassen/2@openblas");
  CHECK(full.family == "alphatensor");
  CHECK(full.argument == "strassen/2");
  CHECK(full.base == "openblas");
  const BackendSpec options = ParseBackendSpec("openblas/x");  // options with no selector
  CHECK(options.family == "openblas");
  CHECK(options.argument == "x");
  CHECK_THROWS_AS(CreateBackend("openblas/x"), UsageError);
}

TEST_CASE("openblas matches reference on gemm for both precisions and transposes") {
  auto reference = CreateBackend("reference");
  auto openblas = CreateBackend("openblas");
  SweepSpec spec;
  spec.types = {Precision::kSingle, Precision::kDouble};
  spec.dims = ParseDims("1,2,3,17,33x20x9");
  spec.transa = {Trans::kNoTrans, Trans::kTrans};
  spec.transb = {Trans::kNoTrans, Trans::kTrans};
  spec.beta = {0.0, -1.0};
  RunOptions opt;
  opt.timing = false;
  Runner runner(*reference, opt);
  const auto results = runner.Run(ExpandSweep(spec), {openblas.get()});
  CHECK(results.size() == 2 * 5 * 4 * 2);
  for (const CaseResult& r : results) {
    CAPTURE(r.params.Key());
    CHECK(r.status == Status::kPass);
  }
}

}  // namespace
}  // namespace lapack_ai
