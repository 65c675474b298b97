// The decision rule of `lapack-ai tune` on synthetic results: a fast but too inaccurate scheme,
// an interval holding 1, a failed check and a failed base are rejected; the best median wins;
// choices compress into crossovers like the old script did; the table keeps what was not re-run.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "lapack_ai/alphatensor/tune_decide.h"
#include "lapack_ai/alphatensor/tune_table.h"
#include "lapack_ai/error.h"

namespace lapack_ai::alphatensor {
namespace {

constexpr const char* kBase = "openblas";

CaseResult Record(const std::string& backend, int64_t n, double error, Precision type = Precision::kDouble) {
  CaseResult r;
  r.params.op = "gemm";
  r.params.type = type;
  r.params.m = r.params.n = r.params.k = n;
  r.backend = backend;
  r.baseline = kBase;
  CheckResult c;
  c.name = "gemm_normwise";
  c.value = error;
  c.threshold = 9;
  c.passed = true;
  r.checks.push_back(c);
  TimingStats t;
  t.median_s = 1.0;
  r.timing = t;
  r.speedup = 1.0;
  return r;
}

CaseResult Candidate(const std::string& scheme, int64_t n, double error, double speedup, double lo,
                     double hi, Precision type = Precision::kDouble) {
  CaseResult r = Record(fmt::format("alphatensor:{}@{}", scheme, kBase), n, error, type);
  r.timing->median_s = 1.0 / speedup;
  r.speedup = speedup;
  r.speedup_ci = std::make_pair(lo, hi);
  r.speedup_verdict = lo > 1 ? "faster" : hi < 1 ? "slower" : "no_difference";
  return r;
}

const std::vector<TuneCandidate> kTwo = {{"strassen", 1}, {"dps-4x4x4-48-accurate", 1}};

TEST_CASE("tune decide: a faster scheme over the error budget is rejected") {
  const std::vector<CaseResult> rs = {Record(kBase, 2048, 1.0),
                                      Candidate("strassen", 2048, 3.5, 1.30, 1.20, 1.40),
                                      Candidate("dps-4x4x4-48-accurate", 2048, 2.0, 0.9, 0.85, 0.95)};
  const auto d = DecideTune(rs, kBase, kTwo, 3.0);
  REQUIRE(d.size() == 1);
  CHECK(d[0].scheme == "base");
  CHECK(d[0].Chosen() == nullptr);
  const CandidateVerdict& s = d[0].candidates[0];
  CHECK_FALSE(s.eligible);
  REQUIRE(s.error_ratio.has_value());
  CHECK(*s.error_ratio == doctest::Approx(3.5));
  CHECK(s.rejected.find("over the budget 3x") != std::string::npos);
  CHECK(d[0].candidates[1].rejected.find("slower") != std::string::npos);
  // The same scheme within a looser budget wins.
  CHECK(DecideTune(rs, kBase, kTwo, 4.0)[0].scheme == "strassen");
}

TEST_CASE("tune decide: an interval holding 1 is no win, however high the median") {
  const std::vector<CaseResult> rs = {Record(kBase, 4096, 1.0),
                                      Candidate("strassen", 4096, 2.0, 1.08, 0.99, 1.17)};
  const auto d = DecideTune(rs, kBase, {{"strassen", 1}}, 3.0);
  REQUIRE(d.size() == 1);
  CHECK(d[0].scheme == "base");
  CHECK(d[0].candidates[0].verdict == "no_difference");
  CHECK(d[0].candidates[0].rejected.find("not significantly faster") != std::string::npos);
}

TEST_CASE("tune decide: among eligible candidates the highest median speedup wins") {
  // strassen's interval is tighter and higher at its low end; dps has the better median.
  const std::vector<CaseResult> rs = {Record(kBase, 8192, 1.0),
                                      Candidate("strassen", 8192, 2.0, 1.10, 1.08, 1.12),
                                      Candidate("dps-4x4x4-48-accurate", 8192, 2.8, 1.15, 1.01, 1.30)};
  const auto d = DecideTune(rs, kBase, kTwo, 3.0);
  REQUIRE(d.size() == 1);
  CHECK(d[0].scheme == "dps-4x4x4-48-accurate");
  REQUIRE(d[0].Chosen() != nullptr);
  CHECK(*d[0].Chosen()->speedup == doctest::Approx(1.15));
  CHECK(d[0].candidates[0].eligible);  // eligible, just slower than the winner
}

TEST_CASE("tune decide: a failed check, a missing record and a failed base give the base") {
  std::vector<CaseResult> rs = {Record(kBase, 2048, 1.0),
                                Candidate("strassen", 2048, 50.0, 1.3, 1.2, 1.4)};
  rs[1].status = Status::kFailed;
  rs[1].message = "gemm_normwise = 50 >= threshold 9";
  auto d = DecideTune(rs, kBase, kTwo, 100.0);
  CHECK(d[0].scheme == "base");
  CHECK(d[0].candidates[0].rejected.find("check failed") != std::string::npos);
  CHECK(d[0].candidates[1].rejected == "not measured");

  rs[1].status = Status::kPass;
  rs[0].status = Status::kError;
  rs[0].message = "out of memory";
  d = DecideTune(rs, kBase, kTwo, 3.0);
  CHECK(d[0].scheme == "base");
  CHECK(d[0].base_problem.find("out of memory") != std::string::npos);
  CHECK(d[0].candidates[0].rejected.find("out of memory") != std::string::npos);
}

TEST_CASE("tune decide: choices compress into crossovers, leading base omitted, runs merged") {
  std::vector<CaseResult> rs;
  // Sizes out of order on purpose: the decisions come sorted.
  const std::vector<std::pair<int64_t, std::string>> wins = {
      {3072, "strassen"}, {1024, ""}, {2048, "strassen"}, {8192, ""},
      {4096, "dps-4x4x4-48-accurate"}, {512, ""}};
  for (const auto& [n, winner] : wins) {
    rs.push_back(Record(kBase, n, 1.0));
    for (const TuneCandidate& c : kTwo) {
      const bool wins_here = c.scheme == winner;
      rs.push_back(Candidate(c.scheme, n, 2.0, wins_here ? 1.2 : 0.95, wins_here ? 1.1 : 0.9,
                             wins_here ? 1.3 : 1.05));
    }
  }
  const auto d = DecideTune(rs, kBase, kTwo, 3.0);
  REQUIRE(d.size() == 6);
  CHECK(d.front().size == 512);
  CHECK(d.back().size == 8192);
  const std::vector<Crossover> want = {{2048, "strassen", 1},
                                       {4096, "dps-4x4x4-48-accurate", 1},
                                       {8192, "base", 1}};
  CHECK(CompressDecisions(d, Precision::kDouble) == want);
  CHECK(CompressDecisions(d, Precision::kSingle).empty());

  // Levels are part of a choice: strassen/2 after strassen is a new entry.
  const std::vector<TuneCandidate> levels = {{"strassen", 1}, {"strassen", 2}};
  std::vector<CaseResult> rl = {Record(kBase, 2048, 1.0), Candidate("strassen", 2048, 2, 1.1, 1.05, 1.15),
                                Record(kBase, 8192, 1.0),
                                Candidate("strassen", 8192, 2, 1.1, 1.05, 1.15)};
  CaseResult s2 = Candidate("strassen", 8192, 2.5, 1.2, 1.1, 1.3);
  s2.backend = "alphatensor:strassen/2@openblas";
  rl.push_back(s2);
  const std::vector<Crossover> want_levels = {{2048, "strassen", 1}, {8192, "strassen", 2}};
  CHECK(CompressDecisions(DecideTune(rl, kBase, levels, 3.0), Precision::kDouble) == want_levels);
}

TEST_CASE("tune candidates: scheme[/levels] lists, auto and bad levels refused") {
  const auto c = ParseTuneCandidates("strassen, strassen/2,dps-4x4x4-48-accurate");
  REQUIRE(c.size() == 3);
  CHECK(c[1].levels == 2);
  CHECK(c[1].Label() == "strassen/2");
  CHECK(c[1].Spec("lib:blis") == "alphatensor:strassen/2@lib:blis");
  CHECK(c[0].Spec("openblas") == "alphatensor:strassen@openblas");
  CHECK_THROWS_AS(ParseTuneCandidates("auto"), UsageError);
  CHECK_THROWS_AS(ParseTuneCandidates("strassen/4"), UsageError);
  CHECK_THROWS_AS(ParseTuneCandidates("strassen,strassen/1"), UsageError);
  CHECK_THROWS_AS(ParseTuneCandidates("alphatensor:strassen@openblas"), UsageError);
  CHECK_THROWS_AS(ParseTuneCandidates("strassen,,x"), UsageError);
  CHECK(DefaultTuneCandidates().size() == 2);
}

TEST_CASE("tune table: lists, evidence, and a precision not re-measured kept from before") {
  const std::vector<CaseResult> rs = {Record(kBase, 2048, 1.0),
                                      Candidate("strassen", 2048, 2.0, 1.2, 1.1, 1.3)};
  const auto d = DecideTune(rs, kBase, {{"strassen", 1}}, 3.0);
  TuneTableInfo info{"Test CPU", "openblas", "today", {Precision::kDouble}, 3.0, {{"strassen", 1}}};
  const nlohmann::json previous = {
      {"cpu", "Test CPU"}, {"base", "openblas"}, {"measured", "yesterday"},
      {"s", {{{"min_size", 4096}, {"scheme", "strassen"}, {"levels", 1}}}},
      {"d", nlohmann::json::array()},
      {"evidence", {{{"type", "s"}, {"size", 4096}}, {{"type", "d"}, {"size", 1024}}}}};
  const nlohmann::json t = TuneTableJson(info, d, previous);
  CHECK(t["cpu"] == "Test CPU");
  CHECK(t["d"] == nlohmann::json::parse(R"([{"min_size": 2048, "scheme": "strassen", "levels": 1}])"));
  CHECK(t["s"] == previous["s"]);
  CHECK(t["kept"]["s"] == "yesterday");
  REQUIRE(t["evidence"].size() == 2);  // this run's d, the earlier s; not the earlier d
  CHECK(t["evidence"][0]["type"] == "s");
  const nlohmann::json& e = t["evidence"][1];
  CHECK(e["choice"] == "strassen");
  CHECK(e["speedup"].get<double>() == doctest::Approx(1.2));
  CHECK(e["interval"][0].get<double>() == doctest::Approx(1.1));
  CHECK(e["error_ratio"].get<double>() == doctest::Approx(2.0));
  CHECK(e["candidates"][0]["eligible"] == true);

  const nlohmann::json fresh = TuneTableJson(info, d, nullptr);
  CHECK(fresh["s"].empty());
  CHECK_FALSE(fresh.contains("kept"));
  CHECK(MeasuredText({{"date_utc", "2026-11-24T07:15:00Z"}, {"host", "h"}, {"cpu_model", "C"},
                      {"cpu_cores", 2}, {"command_line", "lapack-ai tune"}}) ==
        "2026-11-24, host h (C, 2 cores), lapack-ai tune");
}

}  // namespace
}  // namespace lapack_ai::alphatensor
