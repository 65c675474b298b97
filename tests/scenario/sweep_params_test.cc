// The sweep parameter table: one row per flag/key, values checked with their ranges, and the
// conversion to a sweep agreeing with the shared parsers.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "lapack_ai/error.h"
#include "lapack_ai/sweep_params.h"
#include "scenario/suggest.h"

namespace lapack_ai {
namespace {

std::string ErrorOf(const char* key, const char* text) {
  try {
    CheckSweepValue(*FindSweepParam(key), text, key);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("sweep params: keys are unique, rows are complete") {
  std::set<std::string_view> keys;
  for (const SweepParam& p : SweepParams()) {
    CHECK(keys.insert(p.key).second);
    CHECK(!p.help.empty());
    CHECK(FindSweepParam(p.key) == &p);
    const bool numeric = p.field.index() == 1 || p.field.index() == 2;
    CHECK((p.range != RangeStyle::kNone) == numeric);
  }
  for (const char* k : {"op", "type", "dim", "backend", "repeat", "warmup", "tol", "baseline"}) {
    CHECK_MESSAGE(FindSweepParam(k) != nullptr, k);
  }
  CHECK(FindSweepParam("dims") == nullptr);
}

TEST_CASE("sweep params: docs/SCENARIOS.md documents every scenario key") {
  std::ifstream in(std::string(LAPACK_AI_SOURCE_DIR) + "/docs/SCENARIOS.md");
  std::ostringstream doc;
  doc << in.rdbuf();
  REQUIRE(!doc.str().empty());
  for (const SweepParam& p : SweepParams()) {
    if (p.scope == ParamScope::kCliOnly) continue;
    std::string quoted(1, '`');
    quoted.append(p.key).push_back('`');
    CHECK_MESSAGE(doc.str().find(quoted) != std::string::npos, p.key);
  }
}

TEST_CASE("sweep params: values are range-checked") {
  CHECK(ErrorOf("repeat", "5") == "(no error)");
  CHECK(ErrorOf("repeat", "auto") == "(no error)");
  CHECK(ErrorOf("repeat", "0") ==
        "repeat: invalid value '0': expected auto or a number of samples in 1..10000");
  CHECK(ErrorOf("max-time", "0") == "max-time: invalid value '0': expected a number in 1..86400");
  CHECK(ErrorOf("warmup", "2.5") == "warmup: invalid value '2.5': expected an integer in 0..100");
  CHECK(ErrorOf("tol", "-1") == "tol: invalid value '-1': expected a number >= 0");
  CHECK(ErrorOf("min-sample-time", "11") ==
        "min-sample-time: invalid value '11': expected a number in 0..10");
  CHECK(ErrorOf("full-check", "yes") == "full-check: invalid value 'yes': expected true or false");
  CHECK(ErrorOf("cond", "0.5").find("condition number >= 1") != std::string::npos);
  CHECK(ErrorOf("dim", "5:1").find("end >= start") != std::string::npos);
  CHECK(ErrorOf("type", "q").find("expected s (float32) or d (float64)") != std::string::npos);
  CHECK(ErrorOf("backend", "nosuch").find("unknown backend 'nosuch'") != std::string::npos);
}

TEST_CASE("sweep params: GPU families this build may lack are accepted and stand in as skipped") {
  CHECK(ErrorOf("backend", "cuda") == "(no error)");
  CHECK(ErrorOf("backend", "alphatensor:strassen@cuda") == "(no error)");
  const auto b = CreateBackendOrStandIn("cuda");
  CHECK(b->name() == "cuda");
  bool compiled = false;
  for (const BackendFamily* f : BackendFamilies()) compiled |= std::string_view(f->name) == "cuda";
  if (!compiled) {
    CHECK_FALSE(b->Info().available);
    CHECK(b->Info().note.find("not compiled into this build") != std::string::npos);
  }
}

TEST_CASE("sweep params: settings become a sweep through the shared parsers") {
  SweepSettings s;
  s.op = "gemm";
  s.type = "d";
  s.dim = "4,8x6x2";
  s.transa = "n,t";
  s.alpha = "1,-0.5";
  const SweepSpec spec = ParseSweepSpec(s);
  CHECK(spec.types == std::vector<Precision>{Precision::kDouble});
  REQUIRE(spec.dims.size() == 2);
  CHECK(spec.dims[1] == Dims{8, 6, 2});
  CHECK(spec.transa.size() == 2);
  CHECK(spec.alpha == std::vector<double>{1.0, -0.5});
  CHECK(ExpandSweep(spec).size() == 2 * 2 * 2);
  s.dim = "";
  CHECK_THROWS_WITH_AS(ParseSweepSpec(s, "--"), doctest::Contains("--dim"), UsageError);
}

TEST_CASE("suggestions: nearest key by edit distance") {
  CHECK(scenario::EditDistance("dimz", "dim") == 1);
  CHECK(scenario::EditDistance("kitten", "sitting") == 3);
  const std::vector<std::string> keys = {"op", "type", "dim", "backend", "repeat"};
  CHECK(scenario::Nearest("dimz", keys) == "dim");
  CHECK(scenario::Nearest("backends", keys) == "backend");
  CHECK(scenario::Nearest("TYPE", keys) == "type");
  CHECK(scenario::Nearest("frobnicate", keys).empty());
  CHECK(scenario::SuggestionSuffix("frobnicate", keys) ==
        "; expected one of op, type, dim, backend, repeat");
}

}  // namespace
}  // namespace lapack_ai
