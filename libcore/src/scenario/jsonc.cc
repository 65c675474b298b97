// JSON-with-comments parsing with positions (recursive descent over the raw text).
#include "scenario/jsonc.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lapack_ai/error.h"

namespace lapack_ai::scenario {
namespace {

constexpr int kMaxDepth = 64;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

class Parser {
 public:
  explicit Parser(const SourceText& source) : src_(source), text_(source.text()) {}

  JsonValue Document() {
    SkipSpace();
    if (pos_ == text_.size()) src_.Fail(0, "empty document: expected a JSON object");
    JsonValue v = Value(0);
    SkipSpace();
    if (pos_ != text_.size()) src_.Fail(pos_, "unexpected text after the end of the document");
    return v;
  }

 private:
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void SkipSpace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (text_.compare(pos_, 2, "//") == 0) {
        pos_ = std::min(text_.find('\n', pos_), text_.size());
      } else if (text_.compare(pos_, 2, "/*") == 0) {
        const std::size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string::npos) src_.Fail(pos_, "unterminated /* comment");
        pos_ = end + 2;
      } else {
        return;
      }
    }
  }

  [[noreturn]] void Unexpected(std::string_view expected) {
    if (pos_ >= text_.size())
      src_.Fail(pos_, fmt::format("unexpected end of file: expected {}", expected));
    src_.Fail(pos_, fmt::format("unexpected '{}': expected {}", text_[pos_], expected));
  }

  JsonValue Value(int depth) {
    if (depth > kMaxDepth) src_.Fail(pos_, "nesting deeper than 64 levels");
    const char c = Peek();
    if (c == '{') return Object(depth);
    if (c == '[') return Array(depth);
    if (c == '"') return String();
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Word();
    Unexpected("a value (object, array, string, number, true, false or null)");
  }

  JsonValue Object(int depth) {
    JsonValue v{JsonValue::Kind::kObject, pos_, {}, {}, {}};
    ++pos_;
    for (SkipSpace(); Peek() != '}'; SkipSpace()) {
      if (Peek() != '"') Unexpected("a key in double quotes or '}'");
      JsonMember m;
      m.key_offset = pos_;
      m.key = String().text;
      for (const JsonMember& other : v.members) {
        if (other.key == m.key) {
          src_.Fail(m.key_offset, fmt::format("duplicate key \"{}\" (first at line {})", m.key,
                                              src_.PosOf(other.key_offset).line));
        }
      }
      SkipSpace();
      if (Peek() != ':') Unexpected(fmt::format("':' after the key \"{}\"", m.key));
      ++pos_;
      SkipSpace();
      m.value = Value(depth + 1);
      v.members.push_back(std::move(m));
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
      } else if (Peek() != '}') {
        Unexpected("',' or '}' after an object member");
      }
    }
    ++pos_;
    return v;
  }

  JsonValue Array(int depth) {
    JsonValue v{JsonValue::Kind::kArray, pos_, {}, {}, {}};
    ++pos_;
    for (SkipSpace(); Peek() != ']'; SkipSpace()) {
      v.items.push_back(Value(depth + 1));
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
      } else if (Peek() != ']') {
        Unexpected("',' or ']' after an array element");
      }
    }
    ++pos_;
    return v;
  }

  // Finds the token's extent here; nlohmann decodes it (escapes, \u surrogates, UTF-8 checks).
  JsonValue String() {
    const std::size_t start = pos_;
    for (++pos_; pos_ < text_.size() && text_[pos_] != '"'; ++pos_) {
      if (text_[pos_] == '\n') src_.Fail(start, "unterminated string (a newline comes first)");
      if (text_[pos_] == '\\') ++pos_;
    }
    if (pos_ >= text_.size()) src_.Fail(start, "unterminated string");
    ++pos_;
    return {JsonValue::Kind::kString, start, Decode(start).get<std::string>(), {}, {}};
  }

  JsonValue Number() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           std::string_view("0123456789+-.eE").find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
    }
    Decode(start);
    return {JsonValue::Kind::kNumber, start, text_.substr(start, pos_ - start), {}, {}};
  }

  JsonValue Word() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
      ++pos_;
    }
    const std::string word = text_.substr(start, pos_ - start);
    if (word == "true" || word == "false") return {JsonValue::Kind::kBool, start, word, {}, {}};
    if (word == "null") return {JsonValue::Kind::kNull, start, word, {}, {}};
    src_.Fail(start,
              fmt::format("unexpected '{}': strings need double quotes (\"{}\")", word, word));
  }

  nlohmann::json Decode(std::size_t start) {
    try {
      return nlohmann::json::parse(std::string_view(text_).substr(start, pos_ - start));
    } catch (const nlohmann::json::parse_error& e) {
      const std::size_t at = std::min(start + (e.byte > 0 ? e.byte - 1 : 0), pos_);
      src_.Fail(at, text_[start] == '"' ? "invalid escape or UTF-8 in string"
                                        : "invalid number (JSON numbers: -12, 3.5, 1e3)");
    }
  }

  const SourceText& src_;
  const std::string& text_;
  std::size_t pos_ = 0;
};

}  // namespace

SourcePos SourceText::PosOf(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  SourcePos p;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text_[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if (!IsContinuationByte(text_[i])) {
      ++p.column;
    }
  }
  return p;
}

std::string SourceText::Format(std::size_t offset, std::string_view message) const {
  offset = std::min(offset, text_.size());
  const SourcePos p = PosOf(offset);
  const std::size_t newline = offset == 0 ? std::string::npos : text_.rfind('\n', offset - 1);
  const std::size_t line_start = newline == std::string::npos ? 0 : newline + 1;
  std::size_t line_end = text_.find('\n', line_start);
  if (line_end == std::string::npos) line_end = text_.size();
  std::string line = text_.substr(line_start, line_end - line_start);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::string caret;
  for (std::size_t i = line_start; i < offset; ++i) {
    if (text_[i] == '\t') {
      caret += '\t';
    } else if (!IsContinuationByte(text_[i])) {
      caret += ' ';
    }
  }
  return fmt::format("{}:{}:{}: {}\n{}\n{}^", path_, p.line, p.column, message, line, caret);
}

void SourceText::Fail(std::size_t offset, std::string_view message) const {
  throw UsageError(Format(offset, message));
}

std::string_view KindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return "a boolean";
    case JsonValue::Kind::kNumber:
      return "a number";
    case JsonValue::Kind::kString:
      return "a string";
    case JsonValue::Kind::kArray:
      return "an array";
    case JsonValue::Kind::kObject:
      return "an object";
  }
  return "a value";
}

JsonValue ParseJsonc(const SourceText& source) { return Parser(source).Document(); }

}  // namespace lapack_ai::scenario
