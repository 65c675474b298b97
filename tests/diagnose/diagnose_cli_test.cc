// End-to-end tests of `lapack-ai diagnose`: reports and JSON for generated and shipped files,
// exit 2 with a located message for corrupted or missing files.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "diagnose/diagnose_test_util.h"
#include "lapack_ai/random.h"

namespace lapack_ai {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("cli diagnose: Hilbert .npy report and JSON give cond_2 near 1.5258e10") {
  test::ScratchDir dir;
  std::string path = dir.Write("hilbert8.npy", test::NpyBytes(test::Hilbert(8)));
  test::CliResult r = test::RunCli("diagnose " + path);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.output, "cond_2:      1.5258e+10"));
  CHECK(Contains(r.output, "recommendation: potrf/posv"));

  test::CliResult j = test::RunCli("diagnose --json " + path);
  REQUIRE(j.exit_code == 0);
  nlohmann::json doc = nlohmann::json::parse(j.output);
  CHECK(doc["diagnosis"]["cond_2"].get<double>() == doctest::Approx(1.5258e10).epsilon(1e-3));
  CHECK(doc["file"]["dtype"] == "float64");
  CHECK(doc["diagnosis"]["spd"] == true);
}

TEST_CASE("cli diagnose: shipped hilbert8.mtx and a float32 Fortran-order low-rank .npy") {
  test::CliResult r = test::RunCli(std::string("diagnose --json ") + LAPACK_AI_SOURCE_DIR +
                                   "/tests/data/diagnose/hilbert8.mtx");
  REQUIRE(r.exit_code == 0);
  nlohmann::json doc = nlohmann::json::parse(r.output);
  CHECK(doc["diagnosis"]["cond_2"].get<double>() == doctest::Approx(1.5258e10).epsilon(1e-3));
  CHECK(doc["file"]["symmetry"] == "symmetric");

  Matrix<double> a(20, 3), b(3, 20), c(20, 20);
  Rng rng(11);
  FillSymmetric(a, rng);
  FillSymmetric(b, rng);
  for (int64_t j = 0; j < 20; ++j)
    for (int64_t p = 0; p < 3; ++p)
      for (int64_t i = 0; i < 20; ++i) c(i, j) += a(i, p) * b(p, j);
  test::ScratchDir dir;
  std::string path = dir.Write("low.npy", test::NpyBytes(c, "<f4", true));
  test::CliResult low = test::RunCli("diagnose --json " + path);
  REQUIRE(low.exit_code == 0);
  nlohmann::json ld = nlohmann::json::parse(low.output);
  CHECK(ld["diagnosis"]["rank"] == 3);
  CHECK(ld["file"]["layout"] == "Fortran order");
}

TEST_CASE("cli diagnose: corrupted and missing files exit 2 with a located message") {
  test::ScratchDir dir;
  std::string good = test::NpyBytes(test::Hilbert(4));
  std::string truncated = dir.Write("cut.npy", good.substr(0, good.size() - 5));
  test::CliResult r = test::RunCli("diagnose " + truncated);
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.output, "lapack-ai: error: " + truncated + ": byte 128: data has 123 bytes"));

  std::string bad_dtype = dir.Write("c16.npy", test::NpyRaw(
      "{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1)}", std::string(16, '\0')));
  r = test::RunCli("diagnose " + bad_dtype);
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.output, "complex dtype '<c16'"));

  std::string bad_mtx = dir.Write("bad.mtx", "%%MatrixMarket matrix coordinate real general\n"
                                             "2 2 1\n1 1 x1\n");
  r = test::RunCli("diagnose " + bad_mtx);
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.output, bad_mtx + ":3:5: 'x1' is not a number"));

  r = test::RunCli("diagnose " + dir.Write("m.txt", "1 2\n3 4\n"));
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.output, "unknown matrix format"));

  r = test::RunCli("diagnose /nonexistent/lapack_ai/x.npy");
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.output, "cannot open"));

  r = test::RunCli("diagnose");
  CHECK(r.exit_code == 2);
}

}  // namespace
}  // namespace lapack_ai
