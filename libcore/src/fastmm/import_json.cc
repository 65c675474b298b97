// The project's own scheme format (docs/SCHEMES.md): reader and writer. Content errors point
// at the offending value: the parse records where each JSON pointer ends in the text, using a
// counting input iterator, so "U/3/5 is not a rational" can say file:line:col.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <memory>

#include "fastmm/import_util.h"
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/import.h"

namespace lapack_ai::fastmm {

namespace {

using internal::ThrowAtOffset;
using nlohmann::json;

/// A char iterator that publishes how far the parser has read.
struct CountingIterator {
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  const char* p = nullptr;
  std::size_t* furthest = nullptr;
  reference operator*() const { return *p; }
  CountingIterator& operator++() {
    ++p;
    if (furthest) ++*furthest;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p == o.p; }
};

/// JSON pointer -> offset just past the value's last character.
using Positions = std::map<std::string, std::size_t>;

class Locator {
 public:
  Locator(std::string origin, std::string_view text, Positions positions)
      : origin_(std::move(origin)), text_(text), positions_(std::move(positions)) {}
  [[noreturn]] void Fail(const std::string& pointer, const std::string& message) const {
    const auto it = positions_.find(pointer);
    if (it == positions_.end())
      throw UsageError(fmt::format("{}: {}: {}", origin_, pointer, message));
    ThrowAtOffset(origin_, text_, ValueStart(it->second),
                  fmt::format("{}: {}", pointer.empty() ? "/" : pointer, message));
  }
  const std::string& origin() const { return origin_; }

 private:
  /// The parser reports where a value ENDS (a number also consumes its delimiter); walk back
  /// to where a scalar starts so the caret sits under it. Containers keep their closing bracket.
  std::size_t ValueStart(std::size_t end) const {
    std::size_t p = std::min(end, text_.size());
    if (p == 0) return 0;
    --p;
    const auto is_number = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.';
    };
    if (!is_number(text_[p]) && text_[p] != '"' && p > 0 && is_number(text_[p - 1])) --p;
    if (text_[p] == '"') {
      while (p > 0 && !(text_[p - 1] == '"' && (p < 2 || text_[p - 2] != '\\'))) --p;
      return p > 0 ? p - 1 : 0;
    }
    if (!is_number(text_[p])) return p;
    while (p > 0 && is_number(text_[p - 1])) --p;
    return p;
  }

  std::string origin_;
  std::string_view text_;
  Positions positions_;
};

json ParseWithPositions(std::string_view text, const std::string& origin, Positions* positions) {
  std::size_t consumed = 0;
  struct Frame {
    bool array;
    int index;
    std::string key;
    std::string path;
  };
  std::vector<Frame> stack;
  const auto child_path = [&stack]() -> std::string {
    if (stack.empty()) return "";
    Frame& top = stack.back();
    return top.path + "/" + (top.array ? std::to_string(++top.index) : top.key);
  };
  const auto callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::key:
        stack.back().key = parsed.get<std::string>();
        break;
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        stack.push_back({event == json::parse_event_t::array_start, -1, "", child_path()});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        (*positions)[stack.back().path] = consumed;
        stack.pop_back();
        break;
      case json::parse_event_t::value:
        (*positions)[child_path()] = consumed;
        break;
    }
    return true;
  };
  const CountingIterator first{text.data(), &consumed}, last{text.data() + text.size(), nullptr};
  try {
    return json::parse(first, last, callback, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based and points at the character that could not be read.
    const std::string what = e.what();
    const std::size_t colon = what.rfind(": ");
    ThrowAtOffset(origin, text, e.byte == 0 ? 0 : e.byte - 1,
                  "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)));
  }
}

int PositiveInt(const json& doc, const char* key, const Locator& at, int max) {
  if (!doc.contains(key)) at.Fail("", fmt::format("missing \"{}\"", key));
  const json& v = doc[key];
  if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > max) {
    at.Fail(fmt::format("/{}", key),
            fmt::format("\"{}\" must be an integer 1..{}, got {}", key, max, v.dump()));
  }
  return v.get<int>();
}

std::string OptionalString(const json& doc, const char* key, const Locator& at) {
  if (!doc.contains(key)) return "";
  if (!doc[key].is_string()) at.Fail(fmt::format("/{}", key), "must be a string");
  return doc[key].get<std::string>();
}

Rational Coefficient(const json& v, const std::string& pointer, const Locator& at) {
  Rational q;
  if (v.is_number_integer()) return Rational(v.get<int64_t>());
  if (v.is_string() && ParseRational(v.get<std::string>(), &q)) return q;
  at.Fail(pointer, fmt::format("{} is not a coefficient: use an integer or a string like \"-1/2\"",
                               v.dump()));
}

std::vector<Rational> Matrix(const json& doc, const char* key, int rows, int rank,
                             const Locator& at) {
  const std::string base = fmt::format("/{}", key);
  if (!doc.contains(key))
    at.Fail("", fmt::format("missing \"{}\" ({} rows of {} coefficients)", key, rows, rank));
  const json& m = doc[key];
  if (!m.is_array() || m.size() != static_cast<std::size_t>(rows)) {
    at.Fail(base, fmt::format("\"{}\" must be an array of {} rows, got {}", key, rows,
                              m.is_array() ? std::to_string(m.size()) + " rows" : m.type_name()));
  }
  // Check every row's length before allocating: a huge "rank" alone must not cost memory.
  for (int row = 0; row < rows; ++row) {
    const json& line = m[static_cast<std::size_t>(row)];
    if (!line.is_array() || line.size() != static_cast<std::size_t>(rank)) {
      at.Fail(fmt::format("{}/{}", base, row),
              fmt::format("row must hold rank = {} coefficients, got {}", rank,
                          line.is_array() ? std::to_string(line.size()) : line.type_name()));
    }
  }
  std::vector<Rational> out(static_cast<std::size_t>(rows) * static_cast<std::size_t>(rank));
  for (int row = 0; row < rows; ++row) {
    const json& line = m[static_cast<std::size_t>(row)];
    const std::string p = fmt::format("{}/{}", base, row);
    for (int r = 0; r < rank; ++r) {
      out[static_cast<std::size_t>(row) + static_cast<std::size_t>(r) * rows] =
          Coefficient(line[static_cast<std::size_t>(r)], fmt::format("{}/{}", p, r), at);
    }
  }
  return out;
}

}  // namespace

Scheme ParseSchemeJson(std::string_view text, const std::string& origin) {
  Positions positions;
  const json doc = ParseWithPositions(text, origin, &positions);
  const Locator at(origin, text, std::move(positions));
  if (!doc.is_object()) at.Fail("", "a scheme file must hold one JSON object");
  if (doc.contains("format") && doc["format"] != "lapack-ai-scheme") {
    at.Fail("/format", "\"format\" must be \"lapack-ai-scheme\"");
  }
  if (doc.contains("version") && doc["version"] != 1)
    at.Fail("/version", "only version 1 is known");
  Scheme s;
  s.name = OptionalString(doc, "name", at);
  if (s.name.empty())
    at.Fail(doc.contains("name") ? "/name" : "", "a non-empty \"name\" is required");
  s.m = PositiveInt(doc, "m", at, 64);
  s.k = PositiveInt(doc, "k", at, 64);
  s.n = PositiveInt(doc, "n", at, 64);
  s.rank = PositiveInt(doc, "rank", at, 1 << 16);
  const std::string field = doc.contains("field") ? OptionalString(doc, "field", at) : "Q";
  if (field != "Q" && field != "GF2") at.Fail("/field", "\"field\" must be \"Q\" or \"GF2\"");
  s.field = field == "GF2" ? Field::kGF2 : Field::kQ;
  s.source = OptionalString(doc, "source", at);
  s.licence = OptionalString(doc, "licence", at);
  s.description = OptionalString(doc, "description", at);
  s.u = Matrix(doc, "U", s.m * s.k, s.rank, at);
  s.v = Matrix(doc, "V", s.k * s.n, s.rank, at);
  s.w = Matrix(doc, "W", s.m * s.n, s.rank, at);
  return s;
}

Scheme LoadSchemeJson(const std::string& path) {
  return ParseSchemeJson(internal::ReadTextFile(path), path);
}

Scheme ImportJson(const std::string& path) {
  return internal::VerifiedOrThrow(ParseSchemeJson(internal::ReadTextFile(path), path), path);
}

json SchemeToJson(const Scheme& s) {
  json doc = {{"format", "lapack-ai-scheme"},
              {"version", 1},
              {"name", s.name},
              {"m", s.m},
              {"k", s.k},
              {"n", s.n},
              {"rank", s.rank},
              {"field", s.field == Field::kGF2 ? "GF2" : "Q"},
              {"source", s.source},
              {"licence", s.licence},
              {"description", s.description}};
  const auto matrix = [&s](const std::vector<Rational>& x, int rows) {
    json m = json::array();
    for (int row = 0; row < rows; ++row) {
      json line = json::array();
      for (int r = 0; r < s.rank; ++r) {
        const Rational& q = x[static_cast<std::size_t>(row) + static_cast<std::size_t>(r) * rows];
        if (q.den == 1)
          line.push_back(q.num);
        else
          line.push_back(q.ToString());
      }
      m.push_back(std::move(line));
    }
    return m;
  };
  doc["U"] = matrix(s.u, s.m * s.k);
  doc["V"] = matrix(s.v, s.k * s.n);
  doc["W"] = matrix(s.w, s.m * s.n);
  return doc;
}

std::string SchemeToJsonText(const Scheme& scheme) {
  const json doc = SchemeToJson(scheme);
  std::string text = "{\n";
  bool first = true;
  for (const char* key : {"format", "version", "name", "m", "k", "n", "rank", "field", "source",
                          "licence", "description"}) {
    text += fmt::format("{}  \"{}\": {}", first ? "" : ",\n", key, doc[key].dump());
    first = false;
  }
  for (const char* key : {"U", "V", "W"}) {
    text += fmt::format(",\n  \"{}\": [\n", key);
    for (std::size_t row = 0; row < doc[key].size(); ++row) {
      text += fmt::format("    {}{}\n", doc[key][row].dump(), row + 1 < doc[key].size() ? "," : "");
    }
    text += "  ]";
  }
  return text + "\n}\n";
}

}  // namespace lapack_ai::fastmm
