// The state file (intent before creation, atomic, redacted, reloadable) and the run config
// reader (caret errors, suggestions, provider keys, defaults).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lapack_ai/cloud/config.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/provider.h"
#include "lapack_ai/cloud/state.h"
#include "lapack_ai/error.h"

namespace lapack_ai::cloud {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path TempDir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / (std::string("la-cloud-") + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string ErrorOf(const std::string& text) {
  try {
    ParseRunConfig(text, "run.jsonc");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST_SUITE("cloud") {

TEST_CASE("cloud state: a resource is on disk before it is created and secrets never are") {
  const fs::path dir = TempDir("state");
  RegisterSecret("state-test-secret-value");
  RunState init;
  init.run_id = "r-1";
  init.owner = "tester";
  StateFile f = StateFile::Create(dir.string(), init);
  CHECK(fs::exists(f.path()));
  const std::string key = f.Intend({"instance", "aws", "leg1", 0, "r-1-leg1-0-0", "", ResourceState::kIntended,
                                    {{"zone", "us-east-1a"}}});
  // A crash now leaves a file that names the intended resource.
  const RunState reread = StateFile::Open(dir.string(), "r-1").state();
  REQUIRE(reread.resources.size() == 1);
  CHECK(reread.resources[0].key == key);
  CHECK(reread.resources[0].state == ResourceState::kIntended);
  CHECK(reread.Live().size() == 1);

  f.Update(key, ResourceState::kCreated, "i-123");
  f.AddEvent({"", "launch", "leg1", "launched with key state-test-secret-value", {}}, true);
  const std::string text = Slurp(f.path());
  CHECK(text.find("i-123") != std::string::npos);
  CHECK(text.find("state-test-secret-value") == std::string::npos);
  f.Update(key, ResourceState::kEnded);
  CHECK(StateFile::Open(dir.string(), "r-1").state().Live().empty());
  // No temp files are left beside it (atomic rename).
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.is_regular_file() ? 1 : 0;
  CHECK(files == 1);
  CHECK_THROWS_AS(StateFile::Create(dir.string(), init), UsageError);
  CHECK(StateFile::List(dir.string()).size() == 1);
  fs::remove_all(dir);
}

TEST_CASE("cloud state: run ids are checked and unknown runs are named") {
  CHECK_NOTHROW(CheckRunId(NewRunId()));
  CHECK_THROWS_AS(CheckRunId("a b"), UsageError);
  CHECK_THROWS_AS(CheckRunId("../x"), UsageError);
  CHECK_THROWS_AS(CheckRunId(std::string(49, 'a')), UsageError);
  try {
    StateFile::Open(fs::temp_directory_path().string(), "la-no-such-run");
    FAIL("no throw");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find("la-no-such-run") != std::string::npos);
  }
}

TEST_CASE("cloud config: defaults and legs and provider sections") {
  const RunConfig c = ParseRunConfig(R"({
    // comments are allowed
    "provider": "local",
    "budget_usd": 3.5,
    "legs": [ {"name": "a"}, {"name": "b", "scenario": "gemm-square", "args": ["--repeat", "1"]}, ],
  })", "run.jsonc");
  CHECK(c.default_provider == "local");
  CHECK(c.lifetime_minutes == 60);
  REQUIRE(c.budget_usd.has_value());
  CHECK(*c.budget_usd == 3.5);
  REQUIRE(c.legs.size() == 2);
  CHECK(c.legs[0].provider == "local");
  CHECK(c.legs[0].scenario == "default");
  CHECK(c.legs[1].args == std::vector<std::string>{"--repeat", "1"});
  CHECK(c.LegsOf("local").size() == 2);
  CHECK_FALSE(c.Section("aws").Present());
  // --provider replaces the file's default.
  CHECK(ParseRunConfig(R"({"legs": [{"name": "a"}]})", "x", "aws").legs[0].provider == "aws");
}

TEST_CASE("cloud config: errors point at the value with a caret and a suggestion") {
  const std::string typo = ErrorOf("{\n  \"lifetme_minutes\": 5\n}\n");
  CHECK(typo.find("run.jsonc:2:3:") != std::string::npos);
  CHECK(typo.find("did you mean \"lifetime_minutes\"") != std::string::npos);
  CHECK(typo.find("^") != std::string::npos);

  const std::string provider = ErrorOf("{\"legs\": [{\"name\": \"a\", \"provider\": \"lokal\"}]}");
  CHECK(provider.find("run.jsonc:1:37:") != std::string::npos);
  CHECK(provider.find("\"local\"") != std::string::npos);

  CHECK(ErrorOf("{\"legs\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}").find("duplicate leg name") != std::string::npos);
  CHECK(ErrorOf("{\"legs\": [{\"name\": \"a b\"}]}").find("leg name \"a b\"") != std::string::npos);
  CHECK(ErrorOf("{\"lifetime_minutes\": 0}").find("out of range") != std::string::npos);
  CHECK(ErrorOf("{\"budget_usd\": -1}").find("negative") != std::string::npos);
  CHECK(ErrorOf("{\"budget_usd\": \"ten\"}").find("expected a number") != std::string::npos);
  // A provider's own leg keys are accepted only for its legs.
  CHECK(ErrorOf("{\"legs\": [{\"name\": \"a\", \"provider\": \"local\", \"zones\": []}]}")
            .find("unknown key \"zones\"") != std::string::npos);
  CHECK(ErrorOf("{\"legs\": [{\"name\": \"a\", \"provider\": \"aws\", \"zones\": [\"us-east-1a\"]}]}").empty());
}

TEST_CASE("cloud config: the aws section is checked when the provider is configured") {
  const RunConfig c = ParseRunConfig(R"({"provider": "aws", "aws": {"bucket": "b", "zones": 3},
                                         "legs": [{"name": "a"}]})", "run.jsonc");
  auto p = MakeProvider("aws");
  try {
    p->Configure(c);
    FAIL("no throw");
  } catch (const UsageError& e) {
    const std::string m = e.what();
    CHECK(m.find("aws.zones") != std::string::npos);
    CHECK(m.find("run.jsonc:1:53:") != std::string::npos);
  }
  const RunConfig no_image = ParseRunConfig(R"({"provider": "aws", "aws": {"bucket": "b"},
                                                "legs": [{"name": "a"}]})", "run.jsonc");
  CHECK_THROWS_WITH_AS(MakeProvider("aws")->Configure(no_image), doctest::Contains("no AMI"), UsageError);
  CHECK_THROWS_WITH_AS(MakeProvider("awz"), doctest::Contains("did you mean \"aws\""), UsageError);
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::cloud
