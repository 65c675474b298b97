// Reader for MatrixMarket exchange files (math.nist.gov/MatrixMarket/formats.html): banner,
// comments, size line, then coordinate triplets or column-major array values, expanded to a
// dense matrix. Errors name FILE:LINE:COL and show the line with a caret.
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "diagnose/parse_util.h"
#include "lapack_ai/error.h"
#include "lapack_ai/matrix_io.h"

namespace lapack_ai {
namespace {

struct Token {
  std::string_view text;
  std::size_t column;  // 0-based byte offset in the line
};

class MtxParser {
 public:
  MtxParser(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  MatrixFile Parse() {
    if (!NextLine()) {
      line_no_ = 1;
      Error(0, "empty file: expected a banner such as "
                              "'%%MatrixMarket matrix coordinate real general'");
    }
    ParseBanner();
    do {
      if (!NextLine()) Error(line_.size(), "file ends before the size line");
    } while (IsBlankOrComment());
    ParseSizeLine();
    if (out_.layout == "coordinate") ParseCoordinate();
    else ParseArray();
    while (NextLine()) {
      if (!IsBlankOrComment())
        Error(tokens_[0].column, fmt::format("more entries than the {} declared on line {}",
                                             declared_, size_line_));
    }
    return std::move(out_);
  }

 private:
  [[noreturn]] void Error(std::size_t column, const std::string& what) const {
    throw UsageError(fmt::format("{}:{}:{}: {}\n{}", name_, line_no_, column + 1, what,
                                 CaretSnippet(line_, column)));
  }

  // Advances to the next line and splits it into tokens; false at the end of the text.
  bool NextLine() {
    if (next_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', next_);
    if (end == std::string_view::npos) end = text_.size();
    line_ = text_.substr(next_, end - next_);
    if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
    next_ = end + 1;
    ++line_no_;
    tokens_.clear();
    for (std::size_t i = 0; i < line_.size();) {
      if (line_[i] == ' ' || line_[i] == '\t') { ++i; continue; }
      std::size_t start = i;
      while (i < line_.size() && line_[i] != ' ' && line_[i] != '\t') ++i;
      tokens_.push_back({line_.substr(start, i - start), start});
    }
    return true;
  }
  bool IsBlankOrComment() const { return tokens_.empty() || line_.front() == '%'; }

  static std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  void ParseBanner() {
    if (tokens_.empty() || tokens_[0].text != "%%MatrixMarket")
      Error(0, "bad banner: the first line must start with '%%MatrixMarket'");
    if (tokens_.size() != 5)
      Error(tokens_.size() > 5 ? tokens_[5].column : line_.size(),
            "bad banner: expected '%%MatrixMarket matrix FORMAT FIELD SYMMETRY'");
    if (Lower(tokens_[1].text) != "matrix")
      Error(tokens_[1].column, "only 'matrix' objects can be diagnosed");
    std::string format = Lower(tokens_[2].text), field = Lower(tokens_[3].text);
    std::string symmetry = Lower(tokens_[4].text);
    if (format != "coordinate" && format != "array")
      Error(tokens_[2].column, "format must be 'coordinate' or 'array'");
    if (field == "complex")
      Error(tokens_[3].column, "complex matrices are not supported (real, integer, pattern)");
    if (field == "double") field = "real";
    if (field != "real" && field != "integer" && field != "pattern")
      Error(tokens_[3].column, "field must be 'real', 'integer' or 'pattern'");
    if (symmetry != "general" && symmetry != "symmetric" && symmetry != "skew-symmetric")
      Error(tokens_[4].column,
            "symmetry must be 'general', 'symmetric' or 'skew-symmetric' (hermitian needs complex)");
    if (field == "pattern" && (format == "array" || symmetry == "skew-symmetric"))
      Error(tokens_[3].column, fmt::format("'pattern' cannot be combined with '{}'",
                                           format == "array" ? format : symmetry));
    out_.format = "mtx";
    out_.layout = format;
    out_.dtype = field;
    out_.symmetry = symmetry;
  }

  int64_t IndexToken(std::size_t k, int64_t lo, int64_t hi, const char* what) const {
    std::optional<int64_t> v = ParseInt64(tokens_[k].text);
    if (!v) Error(tokens_[k].column, fmt::format("{} '{}' is not an integer", what,
                                                 Printable(tokens_[k].text)));
    if (*v < lo || *v > hi)
      Error(tokens_[k].column, fmt::format("{} {} is out of range {}..{}", what, *v, lo, hi));
    return *v;
  }

  double ValueToken(std::size_t k) const {
    if (out_.dtype == "integer") {
      std::optional<int64_t> v = ParseInt64(tokens_[k].text);
      if (!v) Error(tokens_[k].column, fmt::format("'{}' is not an integer (field is 'integer')",
                                                   Printable(tokens_[k].text)));
      return static_cast<double>(*v);
    }
    std::optional<double> v = ParseDouble(tokens_[k].text);
    if (!v) Error(tokens_[k].column, fmt::format("'{}' is not a number",
                                                 Printable(tokens_[k].text)));
    return *v;
  }

  void ExpectFields(std::size_t n, const char* shape) const {
    if (tokens_.size() < n)
      Error(line_.size(), fmt::format("expected '{}', found {} field(s)", shape, tokens_.size()));
    if (tokens_.size() > n)
      Error(tokens_[n].column, fmt::format("unexpected extra field (expected '{}')", shape));
  }

  void ParseSizeLine() {
    bool coordinate = out_.layout == "coordinate";
    ExpectFields(coordinate ? 3 : 2, coordinate ? "rows cols entries" : "rows cols");
    constexpr int64_t kMax = int64_t{1} << 40;
    int64_t rows = IndexToken(0, 0, kMax, "row count");
    int64_t cols = IndexToken(1, 0, kMax, "column count");
    if (out_.symmetry != "general" && rows != cols)
      Error(tokens_[1].column, fmt::format("a {} matrix must be square, not {} x {}",
                                           out_.symmetry, rows, cols));
    if (cols != 0 && rows > kMaxDenseElements / cols)
      Error(0, fmt::format("{} x {} is larger than the {} elements diagnose expands densely",
                           rows, cols, kMaxDenseElements));
    if (coordinate) {
      declared_ = IndexToken(2, 0, rows * cols, "entry count");
    } else if (out_.symmetry == "general") {
      declared_ = rows * cols;
    } else {
      declared_ = out_.symmetry == "symmetric" ? rows * (rows + 1) / 2 : rows * (rows - 1) / 2;
    }
    size_line_ = line_no_;
    out_.matrix = Matrix<double>(rows, cols);
  }

  // Moves to the next data line; reports a short file against the declared count.
  void NextEntryLine(int64_t read) {
    do {
      if (!NextLine())
        Error(line_.size(), fmt::format("file ends after {} of the {} entries declared on line {}",
                                        read, declared_, size_line_));
    } while (IsBlankOrComment());
  }

  void ParseCoordinate() {
    Matrix<double>& a = out_.matrix;
    bool pattern = out_.dtype == "pattern";
    for (int64_t k = 0; k < declared_; ++k) {
      NextEntryLine(k);
      ExpectFields(pattern ? 2 : 3, pattern ? "row col" : "row col value");
      int64_t i = IndexToken(0, 1, a.rows(), "row index") - 1;
      int64_t j = IndexToken(1, 1, a.cols(), "column index") - 1;
      double v = pattern ? 1.0 : ValueToken(2);
      if (out_.symmetry != "general" && i < j)
        Error(tokens_[0].column, fmt::format("entry ({}, {}) is above the diagonal; a {} file "
                                             "stores only the lower triangle", i + 1, j + 1,
                                             out_.symmetry));
      if (out_.symmetry == "skew-symmetric" && i == j)
        Error(tokens_[0].column, "a skew-symmetric file cannot store diagonal entries");
      a(i, j) += v;  // duplicates are summed, as scipy's coo_matrix.toarray() does
      if (i != j && out_.symmetry == "symmetric") a(j, i) += v;
      if (i != j && out_.symmetry == "skew-symmetric") a(j, i) -= v;
    }
    out_.stored_entries = declared_;
  }

  void ParseArray() {
    Matrix<double>& a = out_.matrix;
    int64_t read = 0;
    int64_t skip = out_.symmetry == "general" ? -1 : (out_.symmetry == "symmetric" ? 0 : 1);
    for (int64_t j = 0; j < a.cols(); ++j) {
      for (int64_t i = skip < 0 ? 0 : j + skip; i < a.rows(); ++i) {
        NextEntryLine(read++);
        ExpectFields(1, "value");
        double v = ValueToken(0);
        a(i, j) = v;
        if (out_.symmetry == "symmetric") a(j, i) = v;
        if (out_.symmetry == "skew-symmetric") a(j, i) = -v;
      }
    }
    out_.stored_entries = read;
  }

  std::string_view text_;
  const std::string& name_;
  std::size_t next_ = 0;
  std::string_view line_;
  int64_t line_no_ = 0;
  std::vector<Token> tokens_;
  int64_t declared_ = 0;
  int64_t size_line_ = 0;
  MatrixFile out_;
};

}  // namespace

MatrixFile ParseMtx(std::string_view text, const std::string& name) {
  return MtxParser(text, name).Parse();
}

}  // namespace lapack_ai
