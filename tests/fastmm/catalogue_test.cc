// The shipped catalogue and the `lapack-ai schemes` CLI (exit codes 0 / 1 / 2).
#include "lapack_ai/fastmm/catalogue.h"

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "lapack_ai/fastmm/compose.h"

namespace lapack_ai::fastmm {

namespace {

int RunCli(const std::string& args) {
  const std::string cmd = std::string(LAPACK_AI_BINARY) + " schemes " + args + " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("The catalogue holds the issue's schemes with their ranks") {
  const std::pair<const char*, int> expected[] = {{"classical", 8},
                                                  {"strassen", 7},
                                                  {"winograd", 7},
                                                  {"strassen2", 49},
                                                  {"classical-4x4x4", 64},
                                                  {"alphatensor-4x4x4", 49},
                                                  {"alphatensor-3x4x5", 47},
                                                  {"alphatensor-4x4x5", 63},
                                                  {"alphatensor-4x5x5", 76},
                                                  {"dps-4x4x4-48-rational", 48},
                                                  {"dps-4x4x4-48-accurate", 48},
                                                  {"4x4x4-49-156", 49},
                                                  {"alphatensor-4x4x4-gf2", 47}};
  for (const auto& [name, rank] : expected) {
    CAPTURE(name);
    const Scheme* s = FindScheme(name);
    REQUIRE(s != nullptr);
    CHECK(s->rank == rank);
    CHECK_FALSE(s->source.empty());
    CHECK_FALSE(s->licence.empty());
    CHECK(s->field == (std::string(name).ends_with("gf2") ? Field::kGF2 : Field::kQ));
  }
  CHECK(FindScheme("alphatensor-3x4x5")->m == 3);
  CHECK(FindScheme("alphatensor-3x4x5")->n == 5);
  CHECK(FindScheme("no-such-scheme") == nullptr);
  CHECK(&Catalogue() == &Catalogue());
}

TEST_CASE("schemes CLI: exit codes") {
  const std::string bad = std::string(LAPACK_AI_SOURCE_DIR) + "/tests/data/schemes/bad/";
  const std::string data = std::string(LAPACK_AI_SOURCE_DIR) + "/tests/data/schemes/";
  CHECK(RunCli("verify --all") == 0);
  CHECK(RunCli("list --json") == 0);
  CHECK(RunCli("stats --all") == 0);
  CHECK(RunCli("show strassen2") == 0);
  CHECK(RunCli("verify " + bad + "strassen_flipped.json") == 1);
  CHECK(RunCli("verify no-such-scheme") == 2);
  CHECK(RunCli("import " + bad + "truncated.json") == 2);
  CHECK(RunCli("import " + bad + "not_a_zip.npz --key 2,2,2") == 2);
  CHECK(RunCli("import " + bad + "pickle_evil.npz --key 3,4,5") == 2);
  CHECK(RunCli("import " + data + "alphatensor_r_subset.npz --key 3,4,5") == 0);
  CHECK(RunCli("import " + data + "alphatensor_r_subset.npz --key 4,4,4") == 0);
  CHECK(RunCli("import " + data + "2x2x2_7_Strassen_L.sms --json") == 0);
}

}  // namespace lapack_ai::fastmm
