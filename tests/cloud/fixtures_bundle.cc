// Makes the test bundle through the real CLI, as a user would.
#include "cloud/fixtures_bundle.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lapack_ai/cloud/bundle.h"
#include "lapack_ai/cloud/process.h"

namespace lapack_ai::testing {
namespace fs = std::filesystem;

std::string TestBundle(std::string* error) {
  const fs::path dir = fs::path(LAPACK_AI_BINARY).parent_path().parent_path() / "cloud-test-bundle";
  const fs::path tarball = dir / cloud::BundleFileName();
  std::error_code ec;
  if (fs::exists(tarball, ec) &&
      fs::last_write_time(tarball, ec) > fs::last_write_time(LAPACK_AI_BINARY, ec)) {
    return tarball.string();
  }
  cloud::ProcessSpec spec;
  spec.argv = {LAPACK_AI_BINARY, "bundle", "-o", dir.string(), "--print-path"};
  spec.timeout_s = 300;
  const cloud::ProcessResult r = cloud::RunProcess(spec);
  if (!r.ok()) {
    *error = fmt::format("lapack-ai bundle: {}: {}{}", r.Describe(), r.out, r.err);
    return "";
  }
  return tarball.string();
}

std::string RequireTestBundle() {
  std::string error;
  std::string bundle = TestBundle(&error);
  REQUIRE_MESSAGE(!bundle.empty(), error);
  return bundle;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace lapack_ai::testing
