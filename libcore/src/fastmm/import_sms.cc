// PLinOpt .sms importer: three sparse 1-based matrices L (R x mk), R (R x kn) and P (mn x R),
// row-major and not transposed, C = P ((L vec A) .* (R vec B)). Also ImportScheme, which picks
// the importer from --format or the file name.
#include <fmt/format.h>

#include <filesystem>
#include <sstream>

#include "fastmm/import_util.h"
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/import.h"

namespace lapack_ai::fastmm {

namespace {

using internal::ThrowAtLine;

struct SparseMatrix {
  int rows = 0, cols = 0;
  std::vector<Rational> dense;  // row-major
};

/// Splits on blanks; records each token's 1-based column for error carets.
std::vector<std::pair<std::string, int>> Tokens(const std::string& line) {
  std::vector<std::pair<std::string, int>> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    out.emplace_back(line.substr(start, i - start), static_cast<int>(start) + 1);
  }
  return out;
}

int ParseIndex(const std::pair<std::string, int>& tok, int max, const std::string& path,
               int line_no, const std::string& line, const char* what) {
  Rational q;
  if (!ParseRational(tok.first, &q) || q.den != 1 || q.num < 0 || q.num > max) {
    ThrowAtLine(path, line_no, line, tok.second,
                fmt::format("{} '{}' must be an integer 1..{}", what, tok.first, max));
  }
  return static_cast<int>(q.num);
}

SparseMatrix ReadSms(const std::string& path) {
  std::istringstream in(internal::ReadTextFile(path));
  SparseMatrix m;
  std::string line, last_line;
  int line_no = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++line_no;
    last_line = line;
    const auto tok = Tokens(line);
    if (tok.empty() || tok[0].first[0] == '#') continue;
    if (!header) {
      if (tok.size() != 3)
        ThrowAtLine(path, line_no, line, 1, "expected the header 'rows cols type'");
      m.rows = ParseIndex(tok[0], 1 << 16, path, line_no, line, "row count");
      m.cols = ParseIndex(tok[1], 1 << 16, path, line_no, line, "column count");
      if (m.rows == 0 || m.cols == 0 || int64_t{m.rows} * m.cols > (int64_t{1} << 24)) {
        ThrowAtLine(path, line_no, line, 1, fmt::format("unusable size {} x {}", m.rows, m.cols));
      }
      m.dense.assign(static_cast<std::size_t>(m.rows) * static_cast<std::size_t>(m.cols),
                     Rational());
      header = true;
      continue;
    }
    if (tok.size() != 3) {
      ThrowAtLine(path, line_no, line,
                  tok.size() > 3 ? tok[3].second : static_cast<int>(line.size()) + 1,
                  fmt::format("expected 'row column value', got {} fields", tok.size()));
    }
    const int i = ParseIndex(tok[0], m.rows, path, line_no, line, "row");
    const int j = ParseIndex(tok[1], m.cols, path, line_no, line, "column");
    Rational value;
    if (!ParseRational(tok[2].first, &value)) {
      ThrowAtLine(path, line_no, line, tok[2].second,
                  fmt::format("'{}' is not a rational like 3 or -1/2", tok[2].first));
    }
    if (i == 0 && j == 0) return m;
    if (i == 0 || j == 0) ThrowAtLine(path, line_no, line, tok[0].second, "indices are 1-based");
    m.dense[static_cast<std::size_t>(i - 1) * static_cast<std::size_t>(m.cols) + (j - 1)] = value;
  }
  if (!header) throw UsageError(fmt::format("{}: no 'rows cols type' header (empty file?)", path));
  ThrowAtLine(path, line_no, last_line, static_cast<int>(last_line.size()) + 1,
              "truncated: the list must end with '0 0 0'");
}

std::string Stem(const std::string& path) {
  std::string stem = std::filesystem::path(path).filename().string();
  for (const char* suffix : {"_L.sms", "_R.sms", "_P.sms", ".sms"}) {
    const std::string s = suffix;
    if (stem.size() > s.size() && stem.ends_with(s)) return stem.substr(0, stem.size() - s.size());
  }
  return stem;
}

std::string SmsPrefix(const std::string& path) {
  for (const char* suffix : {"_L.sms", "_R.sms", "_P.sms"}) {
    if (path.ends_with(suffix)) return path.substr(0, path.size() - 6);
  }
  throw UsageError(fmt::format(
      "{}: expected one of NAME_L.sms, NAME_R.sms, NAME_P.sms or their common prefix NAME", path));
}

}  // namespace

Scheme ImportSms(const std::string& l_path, const std::string& r_path, const std::string& p_path) {
  const SparseMatrix l = ReadSms(l_path), r = ReadSms(r_path), p = ReadSms(p_path);
  const std::string origin = fmt::format("{} (with {}, {})", l_path, r_path, p_path);
  if (l.rows != r.rows || l.rows != p.cols) {
    throw UsageError(fmt::format("{}: ranks disagree: L has {} rows, R {} rows, P {} columns",
                                 origin, l.rows, r.rows, p.cols));
  }
  // mk = L cols, kn = R cols, mn = P rows, so m^2 = mk * mn / kn.
  const int64_t m2 = static_cast<int64_t>(l.cols) * p.rows / r.cols;
  int m = 1;
  while (static_cast<int64_t>(m + 1) * (m + 1) <= m2) ++m;
  if (static_cast<int64_t>(m) * m * r.cols != static_cast<int64_t>(l.cols) * p.rows ||
      l.cols % m != 0 || p.rows % m != 0) {
    throw UsageError(fmt::format("{}: sizes mk={}, kn={}, mn={} fit no m x k x n product", origin,
                                 l.cols, r.cols, p.rows));
  }
  Scheme s;
  s.name = Stem(l_path);
  s.m = m;
  s.k = l.cols / m;
  s.n = p.rows / m;
  s.rank = l.rows;
  s.u.resize(static_cast<std::size_t>(s.m * s.k) * s.rank);
  s.v.resize(static_cast<std::size_t>(s.k * s.n) * s.rank);
  s.w.resize(static_cast<std::size_t>(s.m * s.n) * s.rank);
  for (int q = 0; q < s.rank; ++q) {
    const std::size_t rq = static_cast<std::size_t>(q);
    for (int a = 0; a < l.cols; ++a) s.u[a + rq * l.cols] = l.dense[rq * l.cols + a];
    for (int b = 0; b < r.cols; ++b) s.v[b + rq * r.cols] = r.dense[rq * r.cols + b];
    for (int c = 0; c < p.rows; ++c)
      s.w[c + rq * p.rows] = p.dense[static_cast<std::size_t>(c) * p.cols + rq];
  }
  s.source = fmt::format("PLinOpt sms files {}, {}, {}", l_path, r_path, p_path);
  s.description = fmt::format("imported from {}_{{L,R,P}}.sms", Stem(l_path));
  return internal::VerifiedOrThrow(std::move(s), origin);
}

Scheme ImportScheme(const std::string& path, std::string_view format, const std::string& key) {
  std::string fmt_name(format);
  if (fmt_name.empty()) {
    const std::string ext = std::filesystem::path(path).extension().string();
    fmt_name = ext == ".npz" ? "npz" : ext == ".sms" ? "sms" : ext == ".json" ? "json" : "";
    if (fmt_name.empty() && std::filesystem::exists(path + "_L.sms")) fmt_name = "sms";
    if (fmt_name.empty()) {
      throw UsageError(fmt::format(
          "{}: cannot tell the format from the name; pass --format json|npz|sms", path));
    }
  }
  if (fmt_name == "json") return ImportJson(path);
  if (fmt_name == "npz") {
    if (key.empty())
      throw UsageError(fmt::format("{}: an .npz holds many schemes: pass --key m,k,n", path));
    return ImportNpz(path, key);
  }
  if (fmt_name == "sms") {
    const std::string prefix = std::filesystem::exists(path + "_L.sms") ? path : SmsPrefix(path);
    return ImportSms(prefix + "_L.sms", prefix + "_R.sms", prefix + "_P.sms");
  }
  throw UsageError(fmt::format("--format '{}': expected json, npz or sms", fmt_name));
}

}  // namespace lapack_ai::fastmm
