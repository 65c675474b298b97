// Importers (project JSON, AlphaTensor .npz, PLinOpt .sms) on real shipped files, and the bad
// file corpus in tests/data/schemes/bad: each must fail with a UsageError naming the place.
#include "lapack_ai/fastmm/import.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/verify.h"

namespace lapack_ai::fastmm {

namespace {

const std::string kDir = std::string(LAPACK_AI_SOURCE_DIR) + "/tests/data/schemes/";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Runs `f`, which must throw UsageError, and returns its message.
template <typename F>
std::string UsageMessage(F f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  FAIL("no UsageError");
  return "";
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string TempFile(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("lapack_ai_import_test_" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

}  // namespace

TEST_CASE("npz: real AlphaTensor members import and match the shipped catalogue") {
  const Scheme s = ImportNpz(kDir + "alphatensor_r_subset.npz", "4,4,4");
  CHECK(s.rank == 49);
  CHECK(s.field == Field::kQ);
  CHECK(s.u == FindScheme("alphatensor-4x4x4")->u);
  CHECK(s.v == FindScheme("alphatensor-4x4x4")->v);
  CHECK(s.w == FindScheme("alphatensor-4x4x4")->w);  // W transposed on import
  CHECK(ImportNpz(kDir + "alphatensor_r_subset.npz", "2,2,2").rank == 7);
  const Scheme f2 = ImportNpz(kDir + "alphatensor_f2_subset.npz", "4,4,4");
  CHECK(f2.field == Field::kGF2);
  CHECK(f2.w == FindScheme("alphatensor-4x4x4-gf2")->w);
  CHECK(ImportScheme(kDir + "alphatensor_r_subset.npz", "", "2,2,2").rank == 7);
}

TEST_CASE("npz: pickled object arrays (rectangular keys) are read without running code") {
  const Scheme s = ImportNpz(kDir + "alphatensor_r_subset.npz", "3,4,5");
  CHECK(s.rank == 47);
  CHECK(s.u == FindScheme("alphatensor-3x4x5")->u);
  CHECK(s.v == FindScheme("alphatensor-3x4x5")->v);
  CHECK(s.w == FindScheme("alphatensor-3x4x5")->w);
  std::string msg = UsageMessage([] { ImportNpz(kDir + "bad/pickle_evil.npz", "3,4,5"); });
  CHECK(Has(msg, "(member 3,4,5.npy): unsupported pickle at byte"));
  CHECK(Has(msg, "call of os.system"));
  msg = UsageMessage([] { ImportNpz(kDir + "bad/pickle_truncated.npz", "3,4,5"); });
  CHECK(Has(msg, "truncated"));
  CHECK(Has(UsageMessage([] { ImportNpz(kDir + "alphatensor_r_subset.npz", "3,5,4"); }),
            "no key '3,5,4'"));
}

TEST_CASE("npz: bad files and keys fail cleanly with the member named") {
  const std::string npz = kDir + "alphatensor_r_subset.npz";
  CHECK(Has(UsageMessage([&] { ImportNpz(npz, "5,5,5"); }), "no key '5,5,5'"));
  CHECK(Has(UsageMessage([&] { ImportNpz(npz, "4,4"); }), "expected m,k,n"));
  CHECK(Has(UsageMessage([&] { ImportNpz(npz, "4,4,4,"); }), "expected m,k,n"));
  CHECK(Has(UsageMessage([&] { ImportNpz(kDir + "bad/not_a_zip.npz", "2,2,2"); }),
            "not a readable .npz"));
  CHECK(
      Has(UsageMessage([&] { ImportNpz(kDir + "bad/truncated.npz", "2,2,2"); }), "truncated.npz"));
  CHECK(Has(UsageMessage([&] { ImportNpz(kDir + "bad/bad_magic.npz", "2,2,2"); }),
            "(member 2,2,2.npy): not an .npy"));
  CHECK(Has(UsageMessage([&] { ImportNpz(kDir + "bad/short_data.npz", "2,2,2"); }), "truncated"));
  CHECK(Has(UsageMessage([&] { ImportNpz(kDir + "bad/wrong_shape.npz", "2,2,2"); }),
            "expected (3, 4, 7)"));
  CHECK(Has(UsageMessage([&] { ImportNpz(kDir + "bad/float_dtype.npz", "2,2,2"); }), "dtype"));
  CHECK(Has(UsageMessage([&] { ImportNpz(kDir + "missing.npz", "2,2,2"); }), "missing.npz"));
}

TEST_CASE("npz: every truncation of a real archive is an input error, never a crash") {
  const std::string bytes = Slurp(kDir + "alphatensor_r_subset.npz");
  REQUIRE(bytes.size() > 1000);
  for (std::size_t len = 0; len < bytes.size(); len += 61) {
    CAPTURE(len);
    const std::string path = TempFile("cut.npz", bytes.substr(0, len));
    CHECK_THROWS_AS(ImportNpz(path, "4,4,4"), UsageError);
  }
}

TEST_CASE("sms: PLinOpt triples import and match the catalogue") {
  const Scheme s = ImportSms(kDir + "2x2x2_7_Strassen_L.sms", kDir + "2x2x2_7_Strassen_R.sms",
                             kDir + "2x2x2_7_Strassen_P.sms");
  CHECK(s.name == "2x2x2_7_Strassen");
  CHECK(s.u == FindScheme("strassen")->u);
  const Scheme dps = ImportScheme(kDir + "4x4x4_48_rational_P.sms", "", "");
  CHECK(dps.rank == 48);
  CHECK(dps.w == FindScheme("dps-4x4x4-48-rational")->w);
  CHECK(ImportScheme(kDir + "4x4x4_48_rational", "sms", "").rank == 48);
}

TEST_CASE("sms: malformed files name file:line:col with a caret") {
  const std::string r = kDir + "2x2x2_7_Strassen_R.sms", p = kDir + "2x2x2_7_Strassen_P.sms";
  std::string msg = UsageMessage([&] { ImportSms(kDir + "bad/truncated_L.sms", r, p); });
  CHECK(Has(msg, "truncated_L.sms:14:"));
  CHECK(Has(msg, "must end with '0 0 0'"));
  msg = UsageMessage([&] { ImportSms(kDir + "bad/bad_index_L.sms", r, p); });
  CHECK(Has(msg, "bad_index_L.sms:11:3: column '9' must be an integer 1..4"));
  CHECK(Has(msg, "\n  5 9 1\n    ^"));
  msg = UsageMessage([&] { ImportSms(kDir + "bad/bad_value_L.sms", r, p); });
  CHECK(Has(msg, "bad_value_L.sms:11:5: 'x/2' is not a rational"));
  msg = UsageMessage(
      [&] { ImportSms(kDir + "2x2x2_7_Strassen_L.sms", kDir + "4x4x4_48_rational_R.sms", p); });
  CHECK(Has(msg, "ranks disagree"));
  CHECK(Has(UsageMessage([&] { ImportSms(TempFile("empty_L.sms", ""), r, p); }),
            "no 'rows cols type' header"));
  CHECK(Has(UsageMessage([&] { ImportScheme(kDir + "nothing.sms", "", ""); }), "nothing.sms"));
}

TEST_CASE("sms: every truncation of a real file is an input error") {
  const std::string text = Slurp(kDir + "2x2x2_7_Strassen_L.sms");
  const std::string r = kDir + "2x2x2_7_Strassen_R.sms", p = kDir + "2x2x2_7_Strassen_P.sms";
  // Only the full file (with or without its final newline) is complete.
  for (std::size_t len = 0; len + 1 < text.size(); len += 3) {
    CAPTURE(len);
    const std::string path = TempFile("cut_L.sms", text.substr(0, len));
    CHECK_THROWS_AS(ImportSms(path, r, p), UsageError);
  }
}

TEST_CASE("json: round trip through the project format") {
  for (const Scheme& s : Catalogue()) {
    CAPTURE(s.name);
    const Scheme back = ParseSchemeJson(SchemeToJsonText(s), "roundtrip");
    CHECK(back.name == s.name);
    CHECK(back.field == s.field);
    CHECK(back.u == s.u);
    CHECK(back.v == s.v);
    CHECK(back.w == s.w);
    CHECK(back.source == s.source);
  }
}

TEST_CASE("json: bad files name file:line:col or the JSON pointer") {
  std::string msg = UsageMessage([] { ImportJson(kDir + "bad/truncated.json"); });
  CHECK(Has(msg, "truncated.json:"));
  CHECK(Has(msg, "invalid JSON"));
  msg = UsageMessage([] { ImportJson(kDir + "bad/bad_coefficient.json"); });
  CHECK(Has(msg, "bad_coefficient.json:15:15: /U/1/3"));
  CHECK(Has(msg, "/U/1/3"));
  CHECK(Has(msg, "\"1/x\" is not a coefficient"));
  msg = UsageMessage([] { ImportJson(kDir + "bad/short_row.json"); });
  CHECK(Has(msg, "/U/1: row must hold rank = 7 coefficients, got 6"));
  CHECK(Has(UsageMessage([] { ImportJson(kDir + "bad/missing_rank.json"); }), "missing \"rank\""));
  msg = UsageMessage([] { ImportJson(kDir + "bad/strassen_flipped.json"); });
  CHECK(Has(msg, "does not verify: equation (a=A[0][0]"));
  CHECK(LoadSchemeJson(kDir + "bad/strassen_flipped.json").name == "strassen-flipped");
  CHECK(Has(UsageMessage([] { ImportJson(kDir + "bad/nope.json"); }), "cannot read"));
  CHECK(Has(UsageMessage([] { ParseSchemeJson("[1, 2]", "x.json"); }), "one JSON object"));
  msg = UsageMessage([] { ParseSchemeJson("{\"name\": \"a\",\n \"m\": 2.5 }", "x.json"); });
  CHECK(Has(msg, "x.json:2:7: /m: \"m\" must be an integer 1..64, got 2.5"));
  CHECK(Has(msg, "\n   \"m\": 2.5 }\n        ^"));
}

TEST_CASE("json: huge declared sizes cost no memory before the rows are checked") {
  const std::string text = R"({"name": "x", "m": 64, "k": 64, "n": 64, "rank": 65536, "U": [[1]]})";
  CHECK(Has(UsageMessage([&] { ParseSchemeJson(text, "big.json"); }), "4096 rows, got 1 rows"));
}

TEST_CASE("json: every truncation of a shipped file is an input error") {
  const std::string text = Slurp(std::string(LAPACK_AI_SOURCE_DIR) + "/data/schemes/strassen.json");
  for (std::size_t len = 0; len + 1 < text.size(); len += 7) {
    CAPTURE(len);
    CHECK_THROWS_AS(ParseSchemeJson(text.substr(0, len), "cut.json"), UsageError);
  }
}

}  // namespace lapack_ai::fastmm
