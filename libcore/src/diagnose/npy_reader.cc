// Reader for NumPy .npy files (format 1.0/2.0/3.0): magic, version, header length, a Python
// dict literal {'descr', 'fortran_order', 'shape'}, then raw little- or big-endian data.
// Every fault is reported as "FILE: byte N: ..." before any data is allocated.
#include <bit>
#include <cctype>
#include <cstring>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "diagnose/parse_util.h"
#include "lapack_ai/error.h"
#include "lapack_ai/matrix_io.h"

namespace lapack_ai {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

struct NpyHeader {
  std::string descr;
  bool fortran_order = false;
  std::vector<int64_t> shape;
};

// The subset of Python literals numpy writes in a header: strings, True/False, int tuples.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, std::size_t base, const std::string& name)
      : text_(text), base_(base), name_(name) {}

  NpyHeader Parse() {
    NpyHeader h;
    bool seen_descr = false, seen_order = false, seen_shape = false;
    SkipSpace();
    Expect('{', "the header to open with '{'");
    for (SkipSpace(); !Eat('}'); SkipSpace()) {
      std::size_t key_pos = pos_;
      std::string key = ParseString();
      SkipSpace();
      Expect(':', "':' after a key");
      SkipSpace();
      if (key == "descr") {
        if (seen_descr) Error(key_pos, "duplicate key 'descr'");
        if (Peek() == '[') Error(pos_, "structured dtypes (a list of fields) are not supported");
        h.descr = ParseString();
        seen_descr = true;
      } else if (key == "fortran_order") {
        if (seen_order) Error(key_pos, "duplicate key 'fortran_order'");
        h.fortran_order = ParseBool();
        seen_order = true;
      } else if (key == "shape") {
        if (seen_shape) Error(key_pos, "duplicate key 'shape'");
        h.shape = ParseShape();
        seen_shape = true;
      } else {
        Error(key_pos, fmt::format("unknown key '{}' (expected descr, fortran_order, shape)", key));
      }
      SkipSpace();
      if (!Eat(',')) {
        SkipSpace();
        Expect('}', "',' or '}' after a value");
        break;
      }
    }
    SkipSpace();
    if (pos_ < text_.size()) Error(pos_, "unexpected text after the header dictionary");
    if (!seen_descr) Error(pos_, "header has no 'descr' key");
    if (!seen_order) Error(pos_, "header has no 'fortran_order' key");
    if (!seen_shape) Error(pos_, "header has no 'shape' key");
    return h;
  }

 private:
  [[noreturn]] void Error(std::size_t pos, const std::string& what) const {
    throw UsageError(fmt::format("{}: byte {}: {}\n{}", name_, base_ + pos, what,
                                 CaretSnippet(text_, pos)));
  }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool Eat(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  void Expect(char c, const char* what) {
    if (!Eat(c)) Error(pos_, fmt::format("expected {}", what));
  }
  std::string ParseString() {
    char quote = Peek();
    if (quote != '\'' && quote != '"') Error(pos_, "expected a quoted string");
    std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\') Error(pos_, "escape sequences are not supported in the header");
      ++pos_;
    }
    if (pos_ >= text_.size()) Error(start - 1, "unterminated string");
    return std::string(text_.substr(start, pos_++ - start));
  }
  bool ParseBool() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && std::isalnum(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    if (word == "True") return true;
    if (word == "False") return false;
    Error(start, fmt::format("fortran_order must be True or False, not '{}'",
                             Printable(word.empty() ? text_.substr(start, 1) : word)));
  }
  std::vector<int64_t> ParseShape() {
    std::vector<int64_t> shape;
    Expect('(', "a tuple '(rows, cols)' for shape");
    for (SkipSpace(); !Eat(')'); SkipSpace()) {
      std::size_t start = pos_;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      std::optional<int64_t> v = ParseInt64(text_.substr(start, pos_ - start));
      if (!v) Error(start, "expected a non-negative integer dimension");
      shape.push_back(*v);
      Eat('L');  // Python 2 long literals, which numpy itself still accepts
      SkipSpace();
      if (!Eat(',')) {
        SkipSpace();
        Expect(')', "',' or ')' in the shape tuple");
        break;
      }
    }
    return shape;
  }

  std::string_view text_;
  std::size_t base_;
  const std::string& name_;
  std::size_t pos_ = 0;
};

[[noreturn]] void Fail(const std::string& name, std::size_t offset, const std::string& what) {
  throw UsageError(fmt::format("{}: byte {}: {}", name, offset, what));
}

uint64_t ReadLittleEndian(std::string_view bytes, std::size_t at, int width) {
  uint64_t v = 0;
  for (int i = width - 1; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  return v;
}

// Returns the element size (4 or 8) and whether bytes must be swapped; throws for the rest.
std::pair<int, bool> CheckDescr(const std::string& descr, const std::string& name,
                                std::size_t at) {
  constexpr bool kLittle = std::endian::native == std::endian::little;
  std::string_view d = descr;
  char order = d.empty() ? '\0' : d[0];
  std::string_view type = (order == '<' || order == '>' || order == '=' || order == '|')
                              ? d.substr(1) : d;
  if (!type.empty() && type[0] == 'c')
    Fail(name, at, fmt::format("complex dtype '{}' is not supported: diagnose reads real "
                               "float32/float64 matrices", Printable(descr)));
  if (type == "O")
    Fail(name, at, "object arrays ('|O', pickled Python objects) cannot be read");
  if ((type == "f4" || type == "f8") && order != '|') {
    bool swap = (order == '<' && !kLittle) || (order == '>' && kLittle);
    return {type == "f4" ? 4 : 8, swap};
  }
  Fail(name, at, fmt::format("unsupported dtype '{}': expected '<f4' (float32) or '<f8' "
                             "(float64), either byte order", Printable(descr)));
}

double LoadElement(const char* p, int width, bool swap) {
  unsigned char b[8];
  std::memcpy(b, p, static_cast<std::size_t>(width));
  if (swap)
    for (int i = 0; i < width / 2; ++i) std::swap(b[i], b[width - 1 - i]);
  if (width == 4) {
    float f;
    std::memcpy(&f, b, 4);
    return static_cast<double>(f);
  }
  double d;
  std::memcpy(&d, b, 8);
  return d;
}

}  // namespace

MatrixFile ParseNpy(std::string_view bytes, const std::string& name) {
  for (std::size_t i = 0; i < kMagic.size(); ++i) {
    if (i >= bytes.size())
      Fail(name, i, fmt::format("truncated: file has {} bytes, the magic string \\x93NUMPY "
                                "needs 6", bytes.size()));
    if (bytes[i] != kMagic[i]) Fail(name, i, "bad magic: a .npy file starts with \\x93NUMPY");
  }
  if (bytes.size() < 8) Fail(name, bytes.size(), "truncated before the format version");
  int major = static_cast<unsigned char>(bytes[6]), minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    Fail(name, 6, fmt::format("unsupported .npy format version {}.{} (expected 1.0, 2.0 or 3.0)",
                              major, minor));
  int len_width = major == 1 ? 2 : 4;
  std::size_t header_start = 8 + static_cast<std::size_t>(len_width);
  if (bytes.size() < header_start)
    Fail(name, bytes.size(), "truncated inside the header length field");
  uint64_t header_len = ReadLittleEndian(bytes, 8, len_width);
  if (header_len > bytes.size() - header_start)
    Fail(name, bytes.size(), fmt::format("truncated header: it declares {} bytes, the file "
                                         "holds {} after byte {}", header_len,
                                         bytes.size() - header_start, header_start));
  std::string_view header_text = bytes.substr(header_start, header_len);
  NpyHeader h = HeaderParser(header_text, header_start, name).Parse();

  MatrixFile out;
  out.format = "npy";
  auto [width, swap] = CheckDescr(h.descr, name, header_start);
  out.dtype = width == 4 ? "float32" : "float64";
  out.source_eps = width == 4 ? 0x1.0p-23 : 0x1.0p-52;
  out.layout = h.fortran_order ? "Fortran order" : "C order";
  out.symmetry = "general";
  if (h.shape.empty() || h.shape.size() > 2)
    Fail(name, header_start, fmt::format("shape has {} dimensions; diagnose reads 1-D or 2-D "
                                         "arrays", h.shape.size()));
  int64_t rows = h.shape[0], cols = h.shape.size() == 2 ? h.shape[1] : 1;
  if (cols != 0 && rows > kMaxDenseElements / cols)
    Fail(name, header_start, fmt::format("shape {} x {} is larger than the {} elements diagnose "
                                         "expands densely", rows, cols, kMaxDenseElements));
  std::size_t data_start = header_start + header_len;
  std::size_t need = static_cast<std::size_t>(rows * cols) * static_cast<std::size_t>(width);
  if (bytes.size() - data_start != need)
    Fail(name, data_start, fmt::format("data has {} bytes but shape {} x {} of '{}' needs {}",
                                       bytes.size() - data_start, rows, cols, h.descr, need));
  out.matrix = Matrix<double>(rows, cols);
  out.stored_entries = rows * cols;
  const char* p = bytes.data() + data_start;
  for (int64_t k = 0; k < rows * cols; ++k, p += width) {
    int64_t i = h.fortran_order ? k % rows : k / cols;
    int64_t j = h.fortran_order ? k / rows : k % cols;
    out.matrix(i, j) = LoadElement(p, width, swap);
  }
  return out;
}

}  // namespace lapack_ai
