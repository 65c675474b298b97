// The portable bundle, end to end: `lapack-ai bundle` makes it, it unpacks into an empty folder
// and runs there with a scrubbed environment (no LD_LIBRARY_PATH), and every library it loads —
// linked, or dlopened by `reference` — comes from the bundle, not from this machine.
#include "lapack_ai/cloud/bundle.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"
#include "cloud/fixtures_bundle.h"
#include "cloud/fixtures_util.h"
#include "lapack_ai/cloud/process.h"

namespace lapack_ai::testing {
namespace {

namespace fs = std::filesystem;

// Runs the unpacked binary as on a bare host: only PATH and HOME.
cloud::ProcessResult RunBundled(const std::string& root, std::vector<std::string> args,
                                std::map<std::string, std::string> extra_env = {}) {
  cloud::ProcessSpec spec;
  spec.argv = {root + "/bin/lapack-ai"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.clear_env = true;
  spec.env = {{"PATH", "/usr/bin:/bin"}, {"HOME", root}};
  spec.env.insert(extra_env.begin(), extra_env.end());
  spec.working_dir = root;
  spec.timeout_s = 60;
  return cloud::RunProcess(spec);
}

bool Under(const std::string& path, const std::string& root) {
  std::error_code ec;
  const std::string real = fs::canonical(path, ec).string();
  return !ec && real.rfind(fs::canonical(root).string() + "/", 0) == 0;
}

TEST_SUITE("cloud") {
  TEST_CASE(
      "cloud bundle: unpacked into an empty folder it runs devices and validate with env -i") {
    std::string error;
    const std::string tarball = TestBundle(&error);
    REQUIRE_MESSAGE(!tarball.empty(), error);
    CHECK(fs::path(tarball).filename() == cloud::BundleFileName());
    FixtureDir dir("lai_bundle_");
    const auto untar = Run({"tar", "-xzf", tarball, "-C", dir.path()});
    REQUIRE_MESSAGE(untar.ok(), untar.Describe(), untar.err);
    // One top folder, so unpacking never spreads files over the current directory.
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
    const std::string root = dir.path() + "/" + cloud::BundleTopDir();
    CHECK(cloud::BundledBinary(dir.path()) == root + "/bin/lapack-ai");
    for (const char* f :
         {"bin/lapack-ai", "lib/blas/libblas.so.3", "lib/lapack/liblapack.so.3",
          "lib/libopenblas.so.0", "scenarios/default.json", "README", "bundle.json"}) {
      CHECK_MESSAGE(fs::exists(fs::path(root) / f), f);
    }
    const auto manifest = nlohmann::json::parse(ReadText(root + "/bundle.json"));
    CHECK(manifest.at("files").size() >= 10);

    // The loader's own view (ldd's trace mode): every library outside glibc resolves in lib/.
    const auto trace = RunBundled(root, {}, {{"LD_TRACE_LOADED_OBJECTS", "1"}});
    REQUIRE_MESSAGE(trace.ok(), trace.Describe(), trace.err);
    std::istringstream lines(trace.out);
    int bundled = 0;
    for (std::string line; std::getline(lines, line);) {
      const auto arrow = line.find(" => ");
      if (arrow == std::string::npos) continue;
      const std::string path = line.substr(arrow + 4, line.find(" (") - arrow - 4);
      const bool system =
          line.find("libc.so") != std::string::npos || line.find("libm.so") != std::string::npos;
      if (system) continue;
      CHECK_MESSAGE(Under(path, root + "/lib"), line);
      ++bundled;
    }
    CHECK(bundled >= 8);

    const auto devices = RunBundled(root, {"devices", "--json"});
    REQUIRE_MESSAGE(devices.ok(), devices.Describe(), devices.out, devices.err);
    const auto doc = nlohmann::json::parse(devices.out);
    bool saw_reference = false;
    for (const auto& b : doc.at("backends")) {
      if (b.at("name") != "reference" && b.at("name") != "openblas") continue;
      REQUIRE(b.at("available").get<bool>());
      for (const auto& [symbol, file] : b.at("providers").items()) {
        CHECK_MESSAGE(Under(file.get<std::string>(), root + "/lib"), b.at("name"), " ", symbol,
                      " from ", file);
      }
      saw_reference = saw_reference || (b.at("name") == "reference" && !b.at("providers").empty());
    }
    CHECK(saw_reference);

    const auto validate = RunBundled(root, {"validate", "--backend", "reference,openblas", "--op",
                                            "gemm", "--dim", "32", "--quiet"});
    CHECK_MESSAGE(validate.exit_code == 0, validate.out, validate.err);
  }

  TEST_CASE("cloud bundle: an unknown --lib is a usage error naming the value") {
    FixtureDir dir("lai_bundle_");
    const CliResult r = RunCli("bundle -o " + dir.path() + " --lib openblas-pthread,nosuch");
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("'nosuch'") != std::string::npos);
    CHECK(r.output.find("openblas-serial") != std::string::npos);
    CHECK(fs::is_empty(dir.path()));
  }

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::testing
