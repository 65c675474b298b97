// Real libraries through lib:: Debian's OpenBLAS builds, BLIS and ATLAS (installed by
// scripts/install-deps.sh), MKL and the scipy-openblas wheels (scripts/install-pylibs.sh), each
// in its own namespace beside the linked OpenBLAS, checked against the netlib reference.
#include <doctest/doctest.h>

#include <dlfcn.h>

#include <cstdlib>

#include "backends/lib/blas_library.h"
#include "backends/lib/known_libraries.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/env.h"
#include "lapack_ai/error.h"
#include "lapack_ai/runner.h"
#include "lapack_ai/sweep.h"
#include "lib/pip_libraries.h"

namespace lapack_ai {
namespace {

// Every case of `spec` on `backend` passes the same checks as any backend.
void ExpectAllPass(Backend& backend, const SweepSpec& spec) {
  auto reference = CreateBackend("reference");
  RunOptions opt;
  opt.timing = false;
  Runner runner(*reference, opt);
  const auto results = runner.Run(ExpandSweep(spec), {&backend});
  REQUIRE_FALSE(results.empty());
  for (const CaseResult& r : results) {
    CAPTURE(r.params.Key());
    CAPTURE(r.message);
    CHECK(r.status == Status::kPass);
  }
}

SweepSpec Cases(const char* ops, const char* dims) {
  SweepSpec spec;
  spec.ops = SplitList(ops, "ops");
  spec.types = {Precision::kSingle, Precision::kDouble};
  spec.dims = ParseDims(dims);
  return spec;
}

TEST_CASE("lib: Debian's OpenBLAS builds, BLIS and ATLAS load, describe themselves and pass") {
  struct Want {
    const char* spec;
    const char* family;
    const char* file_part;
    const char* threading;
  };
  for (const Want& w : {Want{"lib:openblas-serial", "OpenBLAS", "/openblas-serial/", "sequential"},
                        Want{"lib:openblas-openmp", "OpenBLAS", "/openblas-openmp/", "openmp"},
                        Want{"lib:openblas-pthread", "OpenBLAS", "/openblas-pthread/", "pthreads"},
                        Want{"lib:blis", "BLIS", "/blis-", "pthreads"},
                        Want{"lib:atlas", "ATLAS", "/atlas/", "sequential"}}) {
    CAPTURE(w.spec);
    auto b = CreateBackend(w.spec);
    const BackendInfo info = b->Info();
    REQUIRE_MESSAGE(info.available, info.note);
    CHECK(info.extra.at("family") == w.family);
    CHECK(info.extra.at("threading") == w.threading);
    CHECK(info.extra.at("int_size").starts_with("32"));
    CHECK(info.providers.at("dgemm_").find(w.file_part) != std::string::npos);
    CHECK(info.extra.at("routines").find("getrf") != std::string::npos);
    ExpectAllPass(*b, Cases("gemm,getrf,potrf,geqrf", "1,17,64x40"));
  }
}

TEST_CASE("lib: kernels are reported where the library names one") {
  CHECK_FALSE(CreateBackend("lib:openblas-serial")->Info().extra.at("core").empty());
  CHECK_FALSE(CreateBackend("lib:blis")->Info().extra.at("blis_arch").empty());
}

TEST_CASE("lib: a second OpenBLAS coexists with the linked one and takes its own env") {
  // The linked OpenBLAS and lib:openblas-pthread are one file but two copies in two namespaces.
  auto lib = CreateBackend("lib:openblas-pthread/env:OPENBLAS_CORETYPE=Prescott/threads=1");
  const BackendInfo info = lib->Info();
  REQUIRE(info.available);
  CHECK(info.extra.at("core") == "Prescott");
  CHECK(info.extra.at("env") == "OPENBLAS_CORETYPE=Prescott");
  CHECK(info.threads == 1);
  CHECK(std::getenv("OPENBLAS_CORETYPE") == nullptr);  // not left in this process
  CHECK(CreateBackend("openblas")->Info().extra.at("core") != "Prescott");
  ExpectAllPass(*lib, Cases("gemm,potrf", "33"));
}

TEST_CASE("lib: a core this CPU cannot run is refused instead of dying of SIGILL") {
  // Every x86-64 CPU we run on lacks one of these or has both: AVX-512 (SkylakeX) is refused
  // exactly when cpuid lacks it.
  const env::CpuFeatures cpu = env::RealSystem()->Cpu();
  if (cpu.best_isa == "AVX-512" || cpu.best_isa == "AMX" || cpu.best_isa == "unknown") {
    testing::ReportSkip("this CPU runs AVX-512 kernels; nothing to refuse");
    return;
  }
  CHECK_THROWS_WITH_AS(CreateBackend("lib:openblas-pthread/env:OPENBLAS_CORETYPE=SkylakeX"),
                       doctest::Contains("illegal instruction"), UsageError);
}

TEST_CASE("lib: threads=N reaches libraries that read their count once (BLIS)") {
  auto b = CreateBackend("lib:blis/threads=2");
  CHECK(b->Info().threads == 2);
  CHECK(b->Info().extra.at("threads_option") == "2");
}

TEST_CASE("lib: unknown names, missing files and files that are not a BLAS are usage errors") {
  CHECK_THROWS_WITH_AS(CreateBackend("lib:openblas"),
                       doctest::Contains("unknown library 'openblas': expected a path or one of netlib"),
                       UsageError);
  CHECK_THROWS_WITH_AS(CreateBackend("lib:/nonexistent/libblas.so"),
                       doctest::Contains("no library file"), UsageError);
  Dl_info z{};
  REQUIRE(dladdr(reinterpret_cast<void*>(&dlopen), &z) != 0);  // libc: a library, not a BLAS
  CHECK_THROWS_WITH_AS(CreateBackend(std::string("lib:") + z.dli_fname),
                       doctest::Contains("is not a BLAS library"), UsageError);
  CHECK_THROWS_AS(CreateBackend("lib"), UsageError);
}

TEST_CASE("lib: an absent known library is unavailable and says where it looked") {
  setenv("LAPACK_AI_REFERENCE_LAPACK", "/nonexistent/liblapack.so.3", 1);
  auto b = CreateBackend("lib:netlib");
  unsetenv("LAPACK_AI_REFERENCE_LAPACK");
  const BackendInfo info = b->Info();
  CHECK_FALSE(info.available);
  CHECK(info.note.find("/nonexistent/liblapack.so.3") != std::string::npos);
  CHECK(info.note.find("apt-get install") != std::string::npos);
}

TEST_CASE("lib: fast matmul runs over any library's gemm") {
  auto b = CreateBackend("alphatensor:strassen/2@lib:blis");
  CHECK(b->Info().extra.at("base") == "lib:blis");
  ExpectAllPass(*b, Cases("gemm", "64,97x130x71"));
}

// pip's libraries: present when scripts/install-pylibs.sh ran (CI runs it); otherwise the skip
// is printed.
TEST_CASE("lib: the ILP64 probe tells scipy-openblas64 (64-bit) from scipy-openblas (32-bit)") {
  if (testing::UsePipLibraries().empty()) {
    testing::ReportSkip("no pylibs venv (scripts/install-pylibs.sh): scipy-openblas not tested");
    return;
  }
  auto lp64 = CreateBackend("lib:scipy-openblas");
  auto ilp64 = CreateBackend("lib:scipy-openblas64");
  REQUIRE_MESSAGE(lp64->Info().available, lp64->Info().note);
  REQUIRE_MESSAGE(ilp64->Info().available, ilp64->Info().note);
  CHECK(lp64->Info().extra.at("int_size").starts_with("32"));
  CHECK(ilp64->Info().extra.at("int_size").starts_with("64"));
  CHECK(ilp64->Info().providers.count("scipy_dgemm_64_") == 1);
  // Pivots and integer workspaces cross the 64-bit interface and back.
  ExpectAllPass(*ilp64, Cases("gemm,getrf,gesv,potrf,geqrf,syevd", "1,31,64x40"));
  ExpectAllPass(*lp64, Cases("gemm,getrf,potrf", "31"));
}

TEST_CASE("lib: MKL loads (outside a namespace: mkl_rt dlopens with RTLD_GLOBAL) and passes") {
  if (testing::UsePipLibraries().empty() || lib::KnownRecipe("mkl")->files.empty()) {
    testing::ReportSkip("MKL not installed (pip install mkl; scripts/install-pylibs.sh)");
    return;
  }
  auto b = CreateBackend("lib:mkl");
  const BackendInfo info = b->Info();
  REQUIRE_MESSAGE(info.available, info.note);
  CHECK(info.extra.at("family") == "MKL");
  CHECK_FALSE(info.extra.at("mkl_isa").empty());
  ExpectAllPass(*b, Cases("gemm,getrf,potrf,geqrf", "1,31,64x40"));
}

}  // namespace
}  // namespace lapack_ai
