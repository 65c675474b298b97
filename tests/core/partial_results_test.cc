// A sweep's results document is written after every case, so a run that is killed (a CI step's
// time limit, a device lease running out) keeps the cases it finished.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lapack_ai/op.h"
#include "lapack_ai/sweep_run.h"

namespace lapack_ai {
namespace {

CaseParams Gemm(int64_t n) {
  CaseParams p;
  p.m = p.n = p.k = n;
  return p;
}

TEST_CASE("sweep: the observer sees the document after each case, marked partial") {
  SweepBlock block;
  block.cases = {Gemm(8), Gemm(16)};
  block.backends = {"openblas"};
  std::vector<std::pair<std::size_t, std::size_t>> seen;  // (records, cases_done)
  SweepObserver observer;
  observer.partial_interval = std::chrono::steady_clock::duration::zero();  // every case
  observer.partial = [&](const ResultsDocument& so_far) {
    REQUIRE(so_far.context.contains("partial"));
    CHECK(so_far.context["partial"]["cases_total"] == 2);
    CHECK(so_far.context.contains("warnings"));
    seen.emplace_back(so_far.results.size(), so_far.context["partial"]["cases_done"].get<std::size_t>());
  };
  const SweepOutcome out = RunSweepBlocks({block}, block.options, 1, false, "test", nlohmann::json::object(), observer);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0] == std::pair<std::size_t, std::size_t>{1, 1});
  CHECK(seen[1] == std::pair<std::size_t, std::size_t>{2, 2});
  CHECK_FALSE(out.doc.context.contains("partial"));
  CHECK(out.doc.results.size() == 2);
}

// By default the document is passed after the first case and then at most once a second: 40
// cases of a few microseconds each give one call (the rest come with the final document).
TEST_CASE("sweep: the partial document is throttled to once a second after the first case") {
  SweepBlock block;
  for (int n = 1; n <= 40; ++n) block.cases.push_back(Gemm(n));
  block.backends = {"openblas"};
  std::vector<std::size_t> done;
  SweepObserver observer;
  observer.partial = [&](const ResultsDocument& so_far) {
    done.push_back(so_far.context["partial"]["cases_done"].get<std::size_t>());
  };
  const auto start = std::chrono::steady_clock::now();
  const SweepOutcome out = RunSweepBlocks({block}, block.options, 1, false, "test", nlohmann::json::object(), observer);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_FALSE(done.empty());
  CHECK(done.front() == 1);
  CHECK(static_cast<double>(done.size()) <= 1 + seconds);  // one per elapsed second at most
  CHECK(done.size() < 40);
  CHECK(out.doc.results.size() == 40);
}

// The binary, killed by `timeout` while the second case (a 5000^3 reference dgemm, minutes) runs:
// the --json file holds the first case, says it is partial, and no temp file is left beside it.
TEST_CASE("bench: a run killed during its second case leaves the first in --json") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / fmt::format("lapack-ai-partial-{}", ::getpid());
  fs::create_directories(dir);
  const fs::path json = dir / "r.json";
  const std::string cmd = fmt::format(
      "timeout -s TERM 20 '{}' bench --op gemm --type d --dim 32,5000 --backend reference --repeat 1 "
      "--warmup 0 -q --json '{}' >/dev/null 2>&1",
      LAPACK_AI_BINARY, json.string());
  const int status = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(status) == 124);  // timeout's "killed" code: the run did not finish
  REQUIRE(fs::exists(json));
  const auto doc = nlohmann::json::parse(std::ifstream(json));
  CHECK(doc["context"]["partial"]["cases_done"] == 1);
  CHECK(doc["context"]["partial"]["cases_total"] == 2);
  REQUIRE(doc["results"].size() == 1);
  CHECK(doc["results"][0]["params"]["n"] == 32);
  CHECK(doc["results"][0]["status"] == "pass");
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename() == "r.json");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lapack_ai
