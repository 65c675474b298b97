// DLATMS-like generator: spectrum by MODE and COND, random orthogonal factors from Householder
// reflectors of seeded normal vectors, then the type's structure (triangular, zero columns,
// scaling, planted NaN/Inf). Everything is computed in long double and rounded once.
#include "lapack_ai/generators.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/random.h"
#include "lapack_checks.h"
#include "parallel_chunks.h"

namespace lapack_ai {
namespace {

// Reflectors per side. A product of this many full-length random reflectors mixes the spectrum
// into a dense matrix with exactly the prescribed singular values; more only costs time
// (each is 4mn flops in long double).
constexpr int64_t kMaxReflectors = 32;

struct TypeRow {
  const char* name;
  bool general, spd, sym;
  const char* what;
};

constexpr TypeRow kTypes[] = {
    {"rand", true, true, true, "random orthogonal factors, cond 2 (DGE type 4)"},
    {"diag", true, true, true, "diagonal, cond 2 (DGE type 1)"},
    {"upper", true, false, false, "upper triangular R of a cond-2 matrix (DGE type 2)"},
    {"lower", true, false, false, "lower triangular (DGE type 3)"},
    {"ill", true, true, true, "cond sqrt(0.1/eps) (DGE type 8)"},
    {"very-ill", true, true, true, "cond 0.1/eps (DGE type 9)"},
    {"zero-first", true, true, false, "first column (SPD: row and column) zero: singular"},
    {"zero-last", true, true, false, "last column (row and column) zero: singular"},
    {"zero-half", true, true, false, "last max(1,n/2) columns (rows and columns) zero"},
    {"scaled-small", true, true, true, "max entry 0.25 safmin/eps, near underflow (DGE 10)"},
    {"scaled-large", true, true, true, "max entry eps/(0.25 safmin), near overflow (DGE 11)"},
    {"spd", true, true, true, "symmetric positive definite, cond 2"},
    {"sym", true, true, true, "symmetric indefinite, cond 2 (for potrf: not SPD)"},
    {"nan", true, true, true, "cond 2 with one NaN entry (tests input screening)"},
    {"inf", true, true, true, "cond 2 with one Inf entry (tests input screening)"},
};

const TypeRow* FindType(std::string_view name) {
  for (const TypeRow& t : kTypes)
    if (name == t.name) return &t;
  return nullptr;
}

bool Allowed(const TypeRow& t, MatrixKind kind) {
  return kind == MatrixKind::kGeneral ? t.general : kind == MatrixKind::kSpd ? t.spd : t.sym;
}

// H = I - 2 v v^T / (v^T v) with v ~ N(0, I), applied from the left to rows, or from the
// right to columns, of a.
void ReflectLeft(LMatrix& a, const std::vector<LD>& v, LD vv) {
  ParallelChunks(a.cols(), a.rows() * a.cols(), [&](int64_t j0, int64_t j1) {
    for (int64_t j = j0; j < j1; ++j) {
      LD s = 0;
      for (int64_t i = 0; i < a.rows(); ++i) s += v[static_cast<std::size_t>(i)] * a(i, j);
      s *= 2 / vv;
      for (int64_t i = 0; i < a.rows(); ++i) a(i, j) -= s * v[static_cast<std::size_t>(i)];
    }
  });
}

void ReflectRight(LMatrix& a, const std::vector<LD>& v, LD vv) {
  std::vector<LD> w(static_cast<std::size_t>(a.rows()), 0.0L);
  // w = a v by row blocks, each row summed over j in order as a single thread would.
  ParallelChunks(a.rows(), a.rows() * a.cols(), [&](int64_t i0, int64_t i1) {
    for (int64_t j = 0; j < a.cols(); ++j)
      for (int64_t i = i0; i < i1; ++i) w[static_cast<std::size_t>(i)] += a(i, j) * v[static_cast<std::size_t>(j)];
  });
  ParallelChunks(a.cols(), a.rows() * a.cols(), [&](int64_t j0, int64_t j1) {
    for (int64_t j = j0; j < j1; ++j) {
      const LD f = 2 * v[static_cast<std::size_t>(j)] / vv;
      for (int64_t i = 0; i < a.rows(); ++i) a(i, j) -= f * w[static_cast<std::size_t>(i)];
    }
  });
}

std::vector<LD> RandomVector(int64_t len, Rng& rng, LD& vv) {
  std::vector<LD> v(static_cast<std::size_t>(len));
  vv = 0;
  for (LD& x : v) {
    x = rng.Normal();
    vv += x * x;
  }
  return v;
}

// U * a * V^T with random orthogonal U, V; `same` uses V = U (symmetric similarity).
void MixOrthogonal(LMatrix& a, bool same, Rng& rng) {
  const int64_t m = a.rows(), n = a.cols();
  const int64_t count = std::min<int64_t>(std::max(m, n), kMaxReflectors);
  for (int64_t r = 0; r < count; ++r) {
    LD vv = 0;
    const auto u = RandomVector(m, rng, vv);
    if (vv == 0) continue;
    ReflectLeft(a, u, vv);
    if (same) {
      ReflectRight(a, u, vv);
    } else {
      LD ww = 0;
      const auto w = RandomVector(n, rng, ww);
      if (ww != 0) ReflectRight(a, w, ww);
    }
  }
}

}  // namespace

std::vector<std::string> MatrixTypes(MatrixKind kind) {
  std::vector<std::string> out;
  for (const TypeRow& t : kTypes)
    if (Allowed(t, kind)) out.emplace_back(t.name);
  return out;
}

bool IsSingularType(std::string_view type, MatrixKind kind) {
  if (type.starts_with("zero-")) return true;
  return kind == MatrixKind::kSpd && type == "sym";
}

MatrixSpec ParseMatrixSpec(std::string_view text, MatrixKind kind, int64_t m, int64_t n,
                           double cond, double epsilon) {
  MatrixSpec s;
  std::string_view name = text;
  if (const auto colon = text.find(':'); colon != std::string_view::npos) {
    name = text.substr(0, colon);
    const std::string_view mode = text.substr(colon + 1);
    const bool ok = mode.size() >= 5 && mode.starts_with("mode");
    int k = 0;
    if (ok) k = std::atoi(std::string(mode.substr(4)).c_str());
    if (!ok || k == 0 || k < -5 || k > 5 || mode.substr(4) != std::to_string(k)) {
      throw UsageError(fmt::format("--matrix: invalid value '{}': the suffix must be :mode1 .. "
                                   ":mode5 or :mode-1 .. :mode-5 (DLATMS MODE)", text));
    }
    s.mode = k;
  }
  if (name == "singular") name = "zero-half";
  const TypeRow* row = FindType(name);
  if (row == nullptr || !Allowed(*row, kind)) {
    std::string names;
    for (const auto& t : MatrixTypes(kind)) names += (names.empty() ? "" : ", ") + t;
    throw UsageError(fmt::format("--matrix: invalid value '{}': {}; expected one of {} (or "
                                 "singular), optionally with :modeK", text,
                                 row == nullptr ? "unknown type" : "not valid for this routine",
                                 names));
  }
  s.type = row->name;
  if (s.type == "ill") s.cond = std::sqrt(0.1 / epsilon);
  if (s.type == "very-ill") s.cond = 0.1 / epsilon;
  if (cond > 0) {
    if (cond < 1) throw UsageError(fmt::format("--cond: invalid value '{}': must be >= 1", cond));
    s.cond = cond;
  }
  if (kind == MatrixKind::kGeneral && (s.type == "spd" || s.type == "sym") && m != n) {
    throw UsageError(fmt::format("--matrix: invalid value '{}': a symmetric type needs m == n, "
                                 "got {}x{}", text, m, n));
  }
  const int64_t cols = n;
  if (s.type.starts_with("zero-") && cols > 0) {
    s.zero_cols = true;
    s.zero_count = s.type == "zero-half" ? std::max<int64_t>(1, cols / 2) : 1;
    s.zero_first = s.type == "zero-first" ? 0 : cols - s.zero_count;
  }
  return s;
}

std::vector<long double> Spectrum(int mode, int64_t r, double cond, uint64_t seed) {
  std::vector<LD> d(static_cast<std::size_t>(std::max<int64_t>(r, 0)), 1.0L);
  if (r <= 1) return d;
  const LD c = cond, inv = 1.0L / c;
  Rng rng(seed);
  for (int64_t i = 0; i < r; ++i) {
    const LD t = static_cast<LD>(i) / static_cast<LD>(r - 1);
    LD v = 1;
    switch (std::abs(mode)) {
      case 1: v = i == 0 ? 1.0L : inv; break;
      case 2: v = i == r - 1 ? inv : 1.0L; break;
      case 3: v = std::pow(c, -t); break;
      case 4: v = 1 - t * (1 - inv); break;
      default:  // 5: log-uniform in (1/cond, 1), ends pinned so the condition number is exact
        v = (i == 0) ? 1.0L : (i == r - 1) ? inv : std::exp(-static_cast<LD>(rng.Uniform01()) * std::log(c));
    }
    d[static_cast<std::size_t>(i)] = v;
  }
  if (mode < 0) std::reverse(d.begin(), d.end());
  return d;
}

template <typename T>
double ScaleSmall() {
  const double safmin = std::numeric_limits<T>::min();
  const double eps = std::numeric_limits<T>::epsilon();
  return 0.25 * (safmin / eps);
}

namespace {

LMatrix Structured(const MatrixSpec& s, MatrixKind kind, int64_t m, int64_t n, Rng& rng) {
  const bool symmetric = kind != MatrixKind::kGeneral || s.type == "spd" || s.type == "sym";
  if (symmetric) m = n;
  // "lower" is the transpose of an n x m upper trapezoid with the same singular values.
  const bool lower = s.type == "lower";
  const int64_t rows = lower ? n : m, cols = lower ? m : n;
  auto d = Spectrum(s.mode, std::min(rows, cols), s.cond, rng.Next());
  const bool signs = s.type == "sym" || (kind == MatrixKind::kSymmetric && s.type != "spd");
  LMatrix a(rows, cols);
  for (std::size_t i = 0; i < d.size(); ++i) {
    // Random signs (DLATMS with DIST 'S'); "sym" forces one negative eigenvalue so it is
    // never SPD by chance.
    const bool neg = signs && ((rng.Next() & 1) == 1 || (s.type == "sym" && i == 0));
    a(static_cast<int64_t>(i), static_cast<int64_t>(i)) = neg ? -d[i] : d[i];
  }
  if (s.type == "diag") return a;
  MixOrthogonal(a, symmetric, rng);
  if (s.type == "upper" || lower) {
    std::vector<LD> tau;
    HouseholderQr(a, tau);
    for (int64_t j = 0; j < cols; ++j)
      for (int64_t i = j + 1; i < rows; ++i) a(i, j) = 0;
    if (lower) {
      LMatrix t(cols, rows);
      for (int64_t j = 0; j < cols; ++j)
        for (int64_t i = 0; i < rows; ++i) t(j, i) = a(i, j);
      return t;
    }
  }
  if (symmetric) {  // exact symmetry after rounding: mirror the lower triangle
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = j + 1; i < n; ++i) a(j, i) = a(i, j);
  }
  return a;
}

}  // namespace

template <typename T>
Matrix<T> GenerateMatrix(const MatrixSpec& s, MatrixKind kind, int64_t m, int64_t n,
                         uint64_t seed) {
  Rng rng(seed);
  LMatrix a = Structured(s, kind, m, n, rng);
  double scale = 1;
  if (s.type == "scaled-small") scale = ScaleSmall<T>();
  if (s.type == "scaled-large") scale = 1.0 / ScaleSmall<T>();
  if (scale != 1) {
    const LD mx = MaxAbs(a);
    if (mx > 0) {
      for (int64_t j = 0; j < a.cols(); ++j)
        for (int64_t i = 0; i < a.rows(); ++i) a(i, j) *= static_cast<LD>(scale) / mx;
    }
  }
  if (s.zero_cols) {
    const bool both = kind == MatrixKind::kSpd;
    for (int64_t j = s.zero_first; j < s.zero_first + s.zero_count; ++j) {
      for (int64_t i = 0; i < a.rows(); ++i) a(i, j) = 0;
      if (both)
        for (int64_t c = 0; c < a.cols(); ++c) a(j, c) = 0;
    }
  }
  Matrix<T> out = FromLong<T>(a);
  if ((s.type == "nan" || s.type == "inf") && out.rows() > 0 && out.cols() > 0) {
    const T bad = s.type == "nan" ? std::numeric_limits<T>::quiet_NaN()
                                  : std::numeric_limits<T>::infinity();
    const int64_t i = out.rows() / 2, j = out.cols() / 3;
    out(i, j) = bad;
    if (kind != MatrixKind::kGeneral) out(j, i) = bad;
  }
  return out;
}

template Matrix<float> GenerateMatrix<float>(const MatrixSpec&, MatrixKind, int64_t, int64_t, uint64_t);
template Matrix<double> GenerateMatrix<double>(const MatrixSpec&, MatrixKind, int64_t, int64_t, uint64_t);
template double ScaleSmall<float>();
template double ScaleSmall<double>();

}  // namespace lapack_ai
