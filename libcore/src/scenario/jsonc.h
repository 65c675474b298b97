// A reader for JSON with comments (// and /* */, trailing commas allowed) that keeps the byte
// offset of every key and value, so scenario errors can point at any value, not only at syntax
// errors: nlohmann-json 3.11 reports a byte offset for syntax errors only, and its SAX events
// carry no position. Scalars are still decoded by nlohmann (escapes, UTF-8, number grammar).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lapack_ai::scenario {

/// A 1-based line and column (columns count UTF-8 code points).
struct SourcePos {
  int line = 1;
  int column = 1;
};

/// A named source text; formats errors like ninja: "path:line:col: message", then the source
/// line and a caret under the column.
class SourceText {
 public:
  SourceText(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {}
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  /// Line and column of byte `offset` (clamped to the end of the text).
  SourcePos PosOf(std::size_t offset) const;
  /// The three-line message for `offset`.
  std::string Format(std::size_t offset, std::string_view message) const;
  /// Throws UsageError with Format(offset, message).
  [[noreturn]] void Fail(std::size_t offset, std::string_view message) const;

 private:
  std::string path_;
  std::string text_;
};

struct JsonMember;

/// One parsed value and where it starts.
struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  std::size_t offset = 0;           ///< byte offset of the value's first character
  std::string text;                 ///< string: decoded; number: as written; bool: true/false
  std::vector<JsonValue> items;     ///< array elements
  std::vector<JsonMember> members;  ///< object members, in file order (duplicates rejected)
};

/// One "key": value pair of an object.
struct JsonMember {
  std::string key;
  std::size_t key_offset = 0;  ///< offset of the key's opening quote
  JsonValue value;
};

/// "null", "a boolean", "a number", "a string", "an array" or "an object" (for messages).
std::string_view KindName(JsonValue::Kind kind);

/// Parses the whole text. Throws UsageError formatted by `source` on any syntax error, a
/// duplicate key, or nesting deeper than 64.
JsonValue ParseJsonc(const SourceText& source);

}  // namespace lapack_ai::scenario
