// Tests of the .npy reader: both orders, float32/float64, both byte orders, format 2.0, and a
// malformed corpus (every fault is a UsageError naming the byte, never a crash).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "diagnose/diagnose_test_util.h"
#include "lapack_ai/error.h"
#include "lapack_ai/matrix_io.h"
#include "lapack_ai/random.h"

namespace lapack_ai {
namespace {

Matrix<double> Sample(int64_t m, int64_t n) {
  Matrix<double> a(m, n);
  Rng rng(7);
  FillSymmetric(a, rng);
  return a;
}

void CheckEqual(const Matrix<double>& a, const Matrix<double>& b, double tol) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  for (int64_t j = 0; j < a.cols(); ++j)
    for (int64_t i = 0; i < a.rows(); ++i) CHECK(a(i, j) == doctest::Approx(b(i, j)).epsilon(tol));
}

// The UsageError text of parsing `bytes`, or "" when it parsed.
std::string ErrorOf(const std::string& bytes) {
  try {
    ParseNpy(bytes, "m.npy");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("npy: C and Fortran order, float64 and float32, both byte orders, v1 and v2") {
  Matrix<double> a = Sample(5, 3);
  for (const char* descr : {"<f8", ">f8", "<f4", ">f4"}) {
    for (bool fortran : {false, true}) {
      for (int version : {1, 2}) {
        std::string descr_text = descr;
        CAPTURE(descr_text);
        CAPTURE(fortran);
        CAPTURE(version);
        MatrixFile f = ParseNpy(test::NpyBytes(a, descr, fortran, version), "a.npy");
        bool single = std::string(descr).substr(1) == "f4";
        CheckEqual(f.matrix, a, single ? 1e-7 : 1e-15);
        CHECK(f.dtype == (single ? "float32" : "float64"));
        CHECK(f.layout == (fortran ? "Fortran order" : "C order"));
        CHECK(f.source_eps == (single ? 0x1.0p-23 : 0x1.0p-52));
      }
    }
  }
}

TEST_CASE("npy: 1-D arrays become columns, empty shapes parse, python-2 long dims accepted") {
  MatrixFile v = ParseNpy(test::NpyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}",
                                       std::string(16, '\0')), "v.npy");
  CHECK(v.matrix.rows() == 2);
  CHECK(v.matrix.cols() == 1);
  MatrixFile e = ParseNpy(test::NpyRaw("{'shape': (0, 4), 'fortran_order': True, 'descr': '<f4'}",
                                       ""), "e.npy");
  CHECK(e.matrix.rows() == 0);
  CHECK(e.matrix.cols() == 4);
  MatrixFile l = ParseNpy(test::NpyRaw("{\"descr\": \"<f8\", \"fortran_order\": False, "
                                       "\"shape\": (1L, 1L)}", std::string(8, '\0')), "l.npy");
  CHECK(l.matrix(0, 0) == 0.0);
}

TEST_CASE("npy: malformed corpus gives byte offsets and reasons") {
  std::string good = test::NpyBytes(Sample(2, 2));
  const std::string dict_ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
  const std::string data(32, '\0');
  struct Case {
    const char* what;
    std::string bytes;
    const char* expect;
  };
  std::vector<Case> corpus = {
      {"empty", "", "byte 0: truncated"},
      {"bad magic", "\x93NUMPX" + good.substr(6), "byte 5: bad magic"},
      {"text file", "hello world", "byte 0: bad magic"},
      {"bad version", good.substr(0, 6) + "\x09" + good.substr(7), "byte 6: unsupported .npy"},
      {"truncated length", good.substr(0, 9), "byte 9: truncated inside the header length"},
      {"truncated header", good.substr(0, 40), "byte 40: truncated header"},
      {"complex dtype", test::NpyRaw("{'descr': '<c16', 'fortran_order': False, 'shape': (2, 2)}",
                                     std::string(64, '\0')), "complex dtype '<c16'"},
      {"object dtype", test::NpyRaw("{'descr': '|O', 'fortran_order': False, 'shape': (2, 2)}",
                                    data), "object arrays"},
      {"int dtype", test::NpyRaw("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2)}",
                                 data), "unsupported dtype '<i4'"},
      {"structured", test::NpyRaw("{'descr': [('a', '<f8')], 'fortran_order': False, "
                                  "'shape': (2,)}", data), "structured dtypes"},
      {"fortran garbage", test::NpyRaw("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 2)}",
                                       data), "fortran_order must be True or False, not 'Maybe'"},
      {"fortran number", test::NpyRaw("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 2)}",
                                      data), "fortran_order must be True or False"},
      {"shape mismatch", test::NpyRaw(dict_ok, data.substr(0, 24)),
       "data has 24 bytes but shape 2 x 2 of '<f8' needs 32"},
      {"extra data", test::NpyRaw(dict_ok, data + "x"), "data has 33 bytes"},
      {"3-D shape", test::NpyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2)}",
                                 data), "3 dimensions"},
      {"scalar shape", test::NpyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': ()}",
                                    data), "0 dimensions"},
      {"negative dim", test::NpyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, 2)}",
                                    data), "non-negative integer"},
      {"huge shape", test::NpyRaw("{'descr': '<f8', 'fortran_order': False, "
                                  "'shape': (99999999999, 99999999999)}", data), "larger than"},
      {"overflowing dim", test::NpyRaw("{'descr': '<f8', 'fortran_order': False, "
                                       "'shape': (99999999999999999999, 1)}", data),
       "non-negative integer"},
      {"missing key", test::NpyRaw("{'descr': '<f8', 'shape': (2, 2)}", data),
       "no 'fortran_order' key"},
      {"unknown key", test::NpyRaw("{'descr': '<f8', 'order': 'C', 'shape': (2, 2)}", data),
       "unknown key 'order'"},
      {"duplicate key", test::NpyRaw("{'descr': '<f8', 'descr': '<f8', 'shape': (2, 2)}", data),
       "duplicate key 'descr'"},
      {"not a dict", test::NpyRaw("['descr', '<f8']", data), "expected the header to open"},
      {"unterminated", test::NpyRaw("{'descr: <f8}", data), "unterminated string"},
      {"trailing junk", test::NpyRaw(dict_ok + " x", data), "unexpected text after"},
  };
  for (const Case& c : corpus) {
    CAPTURE(c.what);
    std::string message = ErrorOf(c.bytes);
    CHECK(message.find(c.expect) != std::string::npos);
    CHECK(message.rfind("m.npy: byte ", 0) == 0);
  }
}

TEST_CASE("npy: header errors show the header with a caret under the fault") {
  std::string message = ErrorOf(test::NpyRaw(
      "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 2)}", std::string(32, '\0')));
  // The caret sits under the 'M' of Maybe: same column in the two snippet lines.
  std::size_t line1 = message.find("\n  ") + 3;
  std::size_t line2 = message.find("\n  ", line1) + 3;
  std::size_t caret = message.find('^', line2);
  REQUIRE(caret != std::string::npos);
  CHECK(message[line1 + (caret - line2)] == 'M');
  // Byte offset = 10-byte prefix + position of 'Maybe' in the header.
  CHECK(message.find("byte 44:") != std::string::npos);
}

TEST_CASE("npy: every truncation fails cleanly, byte corruption never escapes UsageError") {
  std::string good = test::NpyBytes(Sample(3, 2), "<f4");
  for (std::size_t n = 0; n < good.size(); ++n) {
    CAPTURE(n);
    CHECK_THROWS_AS(ParseNpy(good.substr(0, n), "t.npy"), UsageError);
  }
  std::size_t header_end = good.find('\n') + 1;
  int parsed = 0, rejected = 0;
  for (std::size_t pos = 0; pos < header_end; ++pos) {
    const int kValues[] = {0, '\'', ',', '(', ')', '9', ' ', 0xff};
    for (int v : kValues) {
      std::string bad = good;
      bad[pos] = static_cast<char>(v);
      try {
        ParseNpy(bad, "c.npy");
        ++parsed;
      } catch (const UsageError&) {
        ++rejected;
      }
    }
  }
  CHECK(rejected > 0);
  CHECK(parsed + rejected == static_cast<int>(header_end) * 8);
}

}  // namespace
}  // namespace lapack_ai
