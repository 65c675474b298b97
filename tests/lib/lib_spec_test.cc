// lib:<name|path>[/threads=N][/env:KEY=VALUE] parsing and the known-library table.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

#include "backends/lib/known_libraries.h"
#include "backends/lib/lib_spec.h"
#include "lapack_ai/error.h"

namespace lapack_ai::lib {
namespace {

TEST_CASE("lib spec: a name, a path, threads and env options (values may hold slashes)") {
  const LibSpec a = ParseLibArgument("blis", "lib:blis");
  CHECK(a.target == "blis");
  CHECK(a.options.threads == 0);
  CHECK(a.options.env.empty());
  const LibSpec b = ParseLibArgument(
      "/opt/ob/lib/libopenblas.so/threads=3/env:OPENBLAS_CORETYPE=Haswell/env:X=/a/b", "s");
  CHECK(b.target == "/opt/ob/lib/libopenblas.so");
  CHECK(b.options.threads == 3);
  REQUIRE(b.options.env.size() == 2);
  CHECK(b.options.env[0] == std::pair<std::string, std::string>{"OPENBLAS_CORETYPE", "Haswell"});
  CHECK(b.options.env[1] == std::pair<std::string, std::string>{"X", "/a/b"});
}

TEST_CASE("lib spec: bad options name the spec and what was expected") {
  CHECK_THROWS_WITH_AS(ParseLibArgument("blis/threads=0", "lib:blis/threads=0"),
                       doctest::Contains("threads must be 1..4096, got '0'"), UsageError);
  CHECK_THROWS_WITH_AS(ParseLibArgument("blis/threads=2x", "x"), doctest::Contains("got '2x'"),
                       UsageError);
  CHECK_THROWS_WITH_AS(ParseLibArgument("blis/env:=1", "lib:blis/env:=1"),
                       doctest::Contains("'env:=1' is not env:KEY=VALUE"), UsageError);
  CHECK_THROWS_WITH_AS(ParseLibArgument("/threads=2", "lib:/threads=2"),
                       doctest::Contains("no library name or path"), UsageError);
}

TEST_CASE("known libraries: names, Debian paths, and what an absent one looked for") {
  CHECK(KnownNames().front() == "netlib");
  CHECK_FALSE(KnownRecipe("openblas-pthreads").has_value());  // a typo is not a library
  const auto atlas = KnownRecipe("atlas");
  REQUIRE(atlas.has_value());
  REQUIRE(atlas->files.size() == 2);
  CHECK(atlas->files[0].ends_with("/atlas/libblas.so.3"));
  CHECK(atlas->files[1].ends_with("/atlas/liblapack.so.3"));
  // BLIS has no LAPACK: netlib's, bound to BLIS through libblas.so.3, as Debian does.
  const auto blis = KnownRecipe("blis");
  REQUIRE(blis.has_value());
  REQUIRE(blis->files.size() == 2);
  CHECK(blis->files[1].ends_with("/lapack/liblapack.so.3"));
  setenv("LAPACK_AI_REFERENCE_LAPACK", "/nonexistent/liblapack.so.3", 1);
  const auto missing = KnownRecipe("netlib");
  unsetenv("LAPACK_AI_REFERENCE_LAPACK");
  REQUIRE(missing.has_value());
  CHECK(missing->files.empty());
  CHECK(std::find(missing->looked_for.begin(), missing->looked_for.end(),
                  "/nonexistent/liblapack.so.3") != missing->looked_for.end());
  CHECK_THROWS_WITH_AS(PathRecipe("/nonexistent/libx.so", "lib:/nonexistent/libx.so"),
                       doctest::Contains("no library file '/nonexistent/libx.so'"), UsageError);
}

}  // namespace
}  // namespace lapack_ai::lib
