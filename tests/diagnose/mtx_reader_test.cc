// Tests of the MatrixMarket reader: coordinate/array, real/integer/pattern, general/symmetric/
// skew-symmetric, comments and CRLF; a malformed corpus with FILE:LINE:COL and a caret.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "lapack_ai/error.h"
#include "lapack_ai/matrix_io.h"

namespace lapack_ai {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseMtx(text, "m.mtx");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("mtx: coordinate general with comments, blank lines, CRLF and summed duplicates") {
  MatrixFile f = ParseMtx("%%MatrixMarket matrix coordinate real general\r\n"
                          "% a comment\r\n\r\n"
                          "2 3 4\r\n1 1 1.5\r\n2 3 -2e3\r\n% inside\r\n1 1 +0.5\r\n2 1 inf\r\n",
                          "a.mtx");
  CHECK(f.matrix.rows() == 2);
  CHECK(f.matrix.cols() == 3);
  CHECK(f.matrix(0, 0) == 2.0);
  CHECK(f.matrix(1, 2) == -2000.0);
  CHECK(f.matrix(1, 1) == 0.0);
  CHECK(std::isinf(f.matrix(1, 0)));
  CHECK(f.stored_entries == 4);
  CHECK(f.layout == "coordinate");
}

TEST_CASE("mtx: symmetric and skew-symmetric files are mirrored, pattern and integer fields") {
  MatrixFile s = ParseMtx("%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n"
                          "1 1 4\n3 1 -1\n2 2 5\n", "s.mtx");
  CHECK(s.matrix(2, 0) == -1.0);
  CHECK(s.matrix(0, 2) == -1.0);
  MatrixFile k = ParseMtx("%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n"
                          "2 1 7\n", "k.mtx");
  CHECK(k.matrix(1, 0) == 7.0);
  CHECK(k.matrix(0, 1) == -7.0);
  MatrixFile p = ParseMtx("%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n",
                          "p.mtx");
  CHECK(p.matrix(0, 1) == 1.0);
  CHECK(p.matrix(0, 0) == 0.0);
  CHECK(p.dtype == "pattern");
}

TEST_CASE("mtx: array format, general (column-major) and symmetric (lower triangle)") {
  MatrixFile g = ParseMtx("%%MatrixMarket MATRIX ARRAY Real General\n2 2\n1\n2\n3\n4\n", "g.mtx");
  CHECK(g.matrix(1, 0) == 2.0);
  CHECK(g.matrix(0, 1) == 3.0);
  MatrixFile s = ParseMtx("%%MatrixMarket matrix array real symmetric\n2 2\n1\n2\n3\n", "s.mtx");
  CHECK(s.matrix(0, 1) == 2.0);
  CHECK(s.matrix(1, 0) == 2.0);
  CHECK(s.matrix(1, 1) == 3.0);
  MatrixFile k = ParseMtx("%%MatrixMarket matrix array real skew-symmetric\n2 2\n5\n", "k.mtx");
  CHECK(k.matrix(1, 0) == 5.0);
  CHECK(k.matrix(0, 1) == -5.0);
  CHECK(k.matrix(0, 0) == 0.0);
}

TEST_CASE("mtx: malformed corpus names line and column and says what is wrong") {
  const std::string banner = "%%MatrixMarket matrix coordinate real general\n";
  struct Case {
    std::string text;
    const char* where;
    const char* expect;
  };
  std::vector<Case> corpus = {
      {"", "m.mtx:1:1:", "empty file"},
      {"%MatrixMarket matrix coordinate real general\n1 1 0\n", "m.mtx:1:1:", "bad banner"},
      {"%%MatrixMarket matrix coordinate real\n", "m.mtx:1:", "bad banner: expected"},
      {"%%MatrixMarket vector coordinate real general\n", "m.mtx:1:16:", "only 'matrix'"},
      {"%%MatrixMarket matrix sparse real general\n", "m.mtx:1:23:", "format must be"},
      {"%%MatrixMarket matrix coordinate complex general\n", "m.mtx:1:34:", "complex matrices"},
      {"%%MatrixMarket matrix coordinate real hermitian\n", "m.mtx:1:39:", "symmetry must be"},
      {"%%MatrixMarket matrix array pattern general\n", "m.mtx:1:29:", "'pattern' cannot"},
      {banner + "% only comments\n", "m.mtx:2:", "file ends before the size line"},
      {banner + "2 2\n", "m.mtx:2:4:", "expected 'rows cols entries'"},
      {banner + "2 x 1\n", "m.mtx:2:3:", "column count 'x' is not an integer"},
      {banner + "-2 2 1\n", "m.mtx:2:1:", "row count -2 is out of range"},
      {banner + "2 2 5\n", "m.mtx:2:5:", "entry count 5 is out of range 0..4"},
      {banner + "2 2 2\n1 1 1.0\n", "m.mtx:3:", "file ends after 1 of the 2 entries declared on "
                                                 "line 2"},
      {banner + "2 2 1\n1 1 1.0\n2 2 2.0\n", "m.mtx:4:1:", "more entries than the 1 declared"},
      {banner + "2 2 1\n3 1 1.0\n", "m.mtx:3:1:", "row index 3 is out of range 1..2"},
      {banner + "2 2 1\n1 0 1.0\n", "m.mtx:3:3:", "column index 0 is out of range 1..2"},
      {banner + "2 2 1\n1 1 abc\n", "m.mtx:3:5:", "'abc' is not a number"},
      {banner + "2 2 1\n1 1 1.0e\n", "m.mtx:3:5:", "'1.0e' is not a number"},
      {banner + "2 2 1\n1 1\n", "m.mtx:3:4:", "expected 'row col value', found 2"},
      {banner + "2 2 1\n1 1 2 3\n", "m.mtx:3:7:", "unexpected extra field"},
      {"%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 1.5\n", "m.mtx:3:5:",
       "'1.5' is not an integer"},
      {"%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n", "m.mtx:2:3:", "must be square"},
      {"%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n", "m.mtx:3:1:",
       "above the diagonal"},
      {"%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 1\n", "m.mtx:3:1:",
       "cannot store diagonal"},
      {"%%MatrixMarket matrix array real general\n2 1\n1\n", "m.mtx:3:", "file ends after 1 of"},
      {"%%MatrixMarket matrix array real general\n1 1\n1 2\n", "m.mtx:3:3:", "unexpected extra"},
      {banner + "99999999 99999999 1\n", "m.mtx:2:1:", "larger than"},
  };
  for (const Case& c : corpus) {
    CAPTURE(c.text);
    std::string message = ErrorOf(c.text);
    CHECK(message.rfind(c.where, 0) == 0);
    CHECK(message.find(c.expect) != std::string::npos);
    CHECK(message.find("\n  ") != std::string::npos);  // the offending line follows
  }
}

TEST_CASE("mtx: the caret points at the offending token") {
  std::string message = ErrorOf("%%MatrixMarket matrix coordinate real general\n2 2 1\n"
                                "1   9 1.0\n");
  CHECK(message.find("m.mtx:3:5: column index 9") == 0);
  CHECK(message.find("\n  1   9 1.0\n      ^") != std::string::npos);
}

TEST_CASE("mtx: every truncation of a valid file parses or fails with UsageError") {
  const std::string text = "%%MatrixMarket matrix coordinate real symmetric\n% c\n3 3 4\n"
                           "1 1 4.0\n2 1 -1.5e-1\n3 3 2\n3 2 1\n";
  int rejected = 0;
  for (std::size_t n = 0; n < text.size(); ++n) {
    try {
      ParseMtx(text.substr(0, n), "t.mtx");
    } catch (const UsageError&) {
      ++rejected;
    }
  }
  // Only cuts inside the last value ("3 2 " + "1") can still parse; all others must fail.
  CHECK(rejected >= static_cast<int>(text.size()) - 2);
}

}  // namespace
}  // namespace lapack_ai
