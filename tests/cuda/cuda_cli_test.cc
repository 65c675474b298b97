// `lapack-ai devices` through the binary: the cuda row is always there, with the device when
// CUDA runs and the reason (what was looked for) when it does not.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace lapack_ai {
namespace {

TEST_CASE("cli: devices lists cuda with its device or the reason it cannot run") {
  const auto r = testing::RunCli("devices --json");
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  int rows = 0;
  for (const auto& b : doc.at("backends")) {
    if (b.at("name") != "cuda") continue;
    ++rows;
    if (b.at("available").get<bool>()) {
      CHECK_FALSE(b.at("device").get<std::string>().empty());
      CHECK(b.at("extra").at("timer") == "cuda_events");
    } else {
      CHECK_FALSE(b.at("note").get<std::string>().empty());
    }
  }
  CHECK(rows == 1);
  const auto text = testing::RunCli("devices");
  CHECK(text.output.find("cuda") != std::string::npos);
}

}  // namespace
}  // namespace lapack_ai
