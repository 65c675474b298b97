// The JSON-with-comments reader: values, positions, comments, trailing commas, and the
// ninja-style error format (path:line:col, the source line, a caret).
#include <doctest/doctest.h>

#include "lapack_ai/error.h"
#include "scenario/jsonc.h"

namespace lapack_ai::scenario {
namespace {

JsonValue Parse(const std::string& text) { return ParseJsonc(SourceText("t.json", text)); }

std::string ErrorOf(const std::string& text) {
  try {
    Parse(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("jsonc: values, comments and trailing commas") {
  const JsonValue v = Parse(
      "// head\n{ /* inline */ \"a\": [1, -2.5e3, \"x\\u00e9\",], // tail\n \"b\": {\"t\": true, "
      "\"n\": null,},\n}");
  REQUIRE(v.kind == JsonValue::Kind::kObject);
  REQUIRE(v.members.size() == 2);
  const JsonValue& a = v.members[0].value;
  REQUIRE(a.items.size() == 3);
  CHECK(a.items[0].text == "1");
  CHECK(a.items[1].kind == JsonValue::Kind::kNumber);
  CHECK(a.items[1].text == "-2.5e3");
  CHECK(a.items[2].text == "x\xc3\xa9");
  const JsonValue& b = v.members[1].value;
  CHECK(b.members[0].value.kind == JsonValue::Kind::kBool);
  CHECK(b.members[0].value.text == "true");
  CHECK(b.members[1].value.kind == JsonValue::Kind::kNull);
}

TEST_CASE("jsonc: offsets map to 1-based lines and code-point columns") {
  const SourceText src("p.json", "{\n  \"k\": \"\xc3\xa9\",\n\t\"z\": 7\n}");
  const JsonValue v = ParseJsonc(src);
  const SourcePos k = src.PosOf(v.members[0].key_offset);
  CHECK(k.line == 2);
  CHECK(k.column == 3);
  const SourcePos z = src.PosOf(v.members[1].value.offset);
  CHECK(z.line == 3);
  CHECK(z.column == 7);
  CHECK(src.Format(v.members[1].value.offset, "bad") == "p.json:3:7: bad\n\t\"z\": 7\n\t     ^");
}

TEST_CASE("jsonc: syntax errors name the place") {
  CHECK(ErrorOf("{\"a\": 1 \"b\": 2}") ==
        "t.json:1:9: unexpected '\"': expected ',' or '}' after an object member\n"
        "{\"a\": 1 \"b\": 2}\n        ^");
  CHECK(
      ErrorOf("{\"a\": tru}") ==
      "t.json:1:7: unexpected 'tru': strings need double quotes (\"tru\")\n{\"a\": tru}\n      ^");
  CHECK(ErrorOf("") == "t.json:1:1: empty document: expected a JSON object\n\n^");
  CHECK(ErrorOf("// c\n").starts_with("t.json:1:1: empty document"));
  CHECK(ErrorOf("[1,\n") ==
        "t.json:2:1: unexpected end of file: expected a value (object, array, "
        "string, number, true, false or null)\n\n^");
  CHECK(ErrorOf("{\"a\": 01}").starts_with("t.json:1:8: invalid number"));
  CHECK(ErrorOf("{\"a\": \"x\\q\"}").starts_with("t.json:1:10: invalid escape or UTF-8 in string"));
  CHECK(ErrorOf("{\"a\": 1, \"a\": 2}")
            .starts_with("t.json:1:10: duplicate key \"a\" (first at line 1)"));
  CHECK(ErrorOf(std::string(100, '[')).find("nesting deeper than 64 levels") != std::string::npos);
}

}  // namespace
}  // namespace lapack_ai::scenario
