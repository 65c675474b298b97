// The validation suite end to end through the CLI: the default `lapack-ai validate` passes,
// a singular type reports its decoded INFO, NaN inputs fail with exit 1, a bad type exits 2.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "cli_runner.h"

namespace lapack_ai {
namespace {

using Outcome = testing::CliResult;

Outcome Validate(const std::string& args) { return testing::RunCli("validate " + args); }

TEST_CASE("default validate: every op, type and generator type passes (exit 0)") {
  const Outcome r = Validate("--quiet");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("cases passed") != std::string::npos);
}

TEST_CASE("validate --op potrf --matrix singular reports the decoded INFO as a pass") {
  const Outcome r = Validate("--op potrf --matrix singular --type d --dim 10 --backend openblas,reference");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("pass: as expected for --matrix zero-half: the leading minor of order 6 is not "
                      "positive definite: A is not SPD") != std::string::npos);
}

TEST_CASE("NaN inputs fail (exit 1), an unknown type is a usage error (exit 2)") {
  const Outcome nan = Validate("--op gesv --matrix nan --type d --dim 4 --backend openblas");
  CHECK(nan.exit_code == 1);
  CHECK(nan.output.find("is NaN") != std::string::npos);
  const Outcome bad = Validate("--op getrf --matrix bogus --dim 4");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("--matrix: invalid value 'bogus'") != std::string::npos);
}

}  // namespace
}  // namespace lapack_ai
