// The Dockerfile, checked as a file (no Docker engine in CI): its build stage installs exactly
// scripts/install-deps.sh's packages, the runtime stage ships the bundle on debian:12-slim as a
// numeric non-root user with no build packages, the OpenCL ICD file for the NVIDIA container
// toolkit is there and documented, and no apt-get names a package the install script does not
// know. dockerfile_lint.py runs hadolint over it where hadolint is installed.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cloud/fixtures_bundle.h"

namespace lapack_ai::testing {
namespace {

struct Stage {
  std::string from;
  std::vector<std::string> lines;  // instructions, continuation lines joined
};

std::vector<Stage> Stages(const std::string& text) {
  std::vector<Stage> stages;
  std::istringstream in(text);
  std::string line, joined;
  while (std::getline(in, line)) {
    if (line.rfind('#', 0) == 0 || line.empty()) continue;
    joined += line;
    if (!joined.empty() && joined.back() == '\\') {
      joined.pop_back();
      continue;
    }
    if (joined.rfind("FROM ", 0) == 0)
      stages.push_back({joined.substr(5), {}});
    else if (!stages.empty())
      stages.back().lines.push_back(joined);
    joined.clear();
  }
  return stages;
}

// The words of install-deps.sh's packages=( ... ) array.
std::set<std::string> ScriptPackages(const std::string& text) {
  std::set<std::string> out;
  const auto begin = text.find("packages=(");
  const auto end = text.find("\n)", begin);
  std::istringstream body(text.substr(begin + 10, end - begin - 10));
  for (std::string line; std::getline(body, line);) {
    std::istringstream words(line.substr(0, line.find('#')));
    for (std::string w; words >> w;) out.insert(w);
  }
  return out;
}

bool Any(const Stage& s, const std::string& needle) {
  for (const std::string& l : s.lines) {
    if (l.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST_SUITE("cloud") {
  TEST_CASE(
      "cloud dockerfile: built on Debian 12 by install-deps.sh and shipped as the bundle on slim "
      "as non-root") {
    const std::string dockerfile = ReadText(LAPACK_AI_SOURCE_DIR "/Dockerfile");
    const std::set<std::string> packages =
        ScriptPackages(ReadText(LAPACK_AI_SOURCE_DIR "/scripts/install-deps.sh"));
    REQUIRE(packages.count("libopenblas-dev") == 1);
    REQUIRE(packages.count("patchelf") == 1);
    const std::vector<Stage> stages = Stages(dockerfile);
    REQUIRE(stages.size() == 2);
    CHECK(stages[0].from.rfind("debian:12 ", 0) == 0);
    CHECK(Any(stages[0], "./scripts/install-deps.sh"));
    CHECK(Any(stages[0], "lapack-ai bundle"));
    CHECK(stages[1].from.rfind("debian:12-slim", 0) == 0);
    CHECK(Any(stages[1], "COPY --from=build /opt/lapack-ai"));
    // Numeric, so a runtime enforcing non-root (runAsNonRoot) can verify it; created above.
    CHECK(Any(stages[1], "USER 10001:10001"));
    CHECK(Any(stages[1], "useradd --create-home --uid 10001 --gid 10001"));
    CHECK(Any(stages[1], "echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd"));
    CHECK(Any(stages[1], "NVIDIA_DRIVER_CAPABILITIES=compute"));
    // Runtime libraries only: the bundle's, nothing installed from the archive there.
    CHECK_FALSE(Any(stages[1], "apt-get"));
    CHECK_FALSE(Any(stages[1], "-dev"));
    const std::string doc = ReadText(LAPACK_AI_SOURCE_DIR "/cloud/README.md");
    for (const char* needed : {"NVIDIA container toolkit", "--gpus all", "/etc/OpenCL/vendors/nvidia.icd",
                               "docker build"})
      CHECK_MESSAGE(doc.find(needed) != std::string::npos, "cloud/README.md does not explain ", needed);
    CHECK(Any(stages[1], R"(ENTRYPOINT ["lapack-ai"])"));
    CHECK(Any(stages[1], R"(CMD ["bench"])"));
    // Any package a stage installs by name must be one the install script knows.
    const std::regex install(R"(apt-get install([^&;|]*))");
    for (const Stage& s : stages) {
      for (const std::string& l : s.lines) {
        for (std::sregex_iterator it(l.begin(), l.end(), install), e; it != e; ++it) {
          std::istringstream words((*it)[1].str());
          for (std::string w; words >> w;) {
            if (w.rfind('-', 0) != 0)
              CHECK_MESSAGE(packages.count(w) == 1, "Dockerfile installs ", w);
          }
        }
      }
    }
    CHECK(ReadText(LAPACK_AI_SOURCE_DIR "/.dockerignore").find("build*/") != std::string::npos);
  }

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai::testing
