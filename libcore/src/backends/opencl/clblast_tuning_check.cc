// Whether a parameter set from CLBlast's tuner may replace CLBlast's defaults: it must beat them
// on the tuning problem and compute right on shapes the tuner never ran. Both failed at once on
// an H200 (docs/OPENCL.md, "Tuning for the device"): CLBlast's tuner checks a kernel
// only at its own size, through its own harness, so a set can pass there and be wrong inside
// CLBlast's routines. Our GEMM kernel's tile (gemm_tiled) is held to the same two tests.
#include <clblast.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "clblast_tuning.h"
#include "ops/norms.h"
#include "ops/op_table.h"
#include "opencl_device.h"
#include "opencl_gemm_workspace.h"
#include "opencl_wrappers.h"

namespace lapack_ai::clblast_tuning {
namespace {

using Clock = std::chrono::steady_clock;

clblast::Precision ClPrecision(Precision p) {
  return p == Precision::kSingle ? clblast::Precision::kSingle : clblast::Precision::kDouble;
}

clblast::Transpose ClTrans(bool t) { return t ? clblast::Transpose::kYes : clblast::Transpose::kNo; }

template <typename T>
std::vector<T> Random(std::size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<T> v(count);
  for (T& x : v) x = static_cast<T>(dist(rng));
  return v;
}

double Ms(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Best of `reps` after one untimed call (which compiles the kernels for these parameters).
template <typename F>
double BestMs(opencl::OpenDevice& dev, int reps, F&& call) {
  call();
  dev.Finish();
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    call();
    dev.Finish();
    best = std::min(best, Ms(t0));
  }
  return best;
}

// The 2-D kernels run inside CLBlast's omatcopy, which picks the fast kernels (Copy,
// Transpose) for sizes their tiles divide and the padded ones (Pad, Padtranspose) otherwise.
struct CopyShape {
  int64_t m, n;
  bool trans;
};

CopyShape CopyWorkload(const Item& it) {
  const bool trans = it.kernel == "Transpose" || it.kernel == "Padtranspose";
  const bool padded = it.kernel == "Pad" || it.kernel == "Padtranspose";
  return {padded ? it.m - 3 : it.m, padded ? it.n - 5 : it.n, trans};
}

template <typename T>
void Omatcopy(opencl::OpenDevice& dev, const CopyShape& s, const opencl::Buffer& a,
              opencl::Buffer& b) {
  const auto m = static_cast<std::size_t>(s.m), n = static_cast<std::size_t>(s.n);
  CLBLAST_CHECK(clblast::Omatcopy<T>(clblast::Layout::kColMajor, ClTrans(s.trans), m, n, T(1),
                                     a.get(), 0, m, b.get(), 0, s.trans ? n : m, dev.queue_ptr()));
}

// The timed GEMM problem of an item: random m x k A and k x n B, and C, on the device.
template <typename T>
struct GemmProblem {
  std::size_t m, n, k;
  opencl::Buffer a, b, c;
  GemmProblem(opencl::OpenDevice& dev, const Item& it)
      : m(static_cast<std::size_t>(it.m)), n(static_cast<std::size_t>(it.n)), k(static_cast<std::size_t>(it.k)),
        a(dev.context(), m * k * sizeof(T)), b(dev.context(), k * n * sizeof(T)), c(dev.context(), m * n * sizeof(T)) {
    a.Write(dev.queue(), Random<T>(m * k, 1).data(), a.bytes());
    b.Write(dev.queue(), Random<T>(k * n, 2).data(), b.bytes());
  }
};

template <typename T>
double TimeTyped(opencl::OpenDevice& dev, const Item& it) {
  if (it.kernel.starts_with("Xgemm")) {
    GemmProblem<T> g(dev, it);
    return BestMs(dev, 3, [&] {
      CLBLAST_CHECK(clblast::Gemm<T>(clblast::Layout::kColMajor, clblast::Transpose::kNo,
                                     clblast::Transpose::kNo, g.m, g.n, g.k, T(1), g.a.get(), 0, g.m,
                                     g.b.get(), 0, g.k, T(0), g.c.get(), 0, g.m, dev.queue_ptr()));
    });
  }
  const CopyShape s = CopyWorkload(it);
  const std::size_t bytes = static_cast<std::size_t>(s.m * s.n) * sizeof(T);
  opencl::Buffer a(dev.context(), bytes), b(dev.context(), bytes);
  a.Write(dev.queue(), Random<T>(bytes / sizeof(T), 3).data(), bytes);
  return BestMs(dev, 5, [&] { Omatcopy<T>(dev, s, a, b); });
}

// ||C - Cref||_F / (sqrt(k+2) ||A||_F ||B||_F eps), C = op(A) op(B), Cref in double: the
// ratio `lapack-ai validate` checks gemm with (alpha 1, beta 0). CLBlast's gemm, or with `ws`
// the backend's GEMM path (our kernel with the device's tile where it takes the shape).
template <typename T>
std::string CheckGemm(opencl::OpenDevice& dev, const GemmShape& s, uint64_t seed,
                      opencl::GemmWorkspace* ws = nullptr) {
  const int64_t m = s.m, n = s.n, k = s.k;
  const int64_t lda = s.trans_a ? k : m, ldb = s.trans_b ? n : k;
  const std::vector<T> a = Random<T>(static_cast<std::size_t>(m * k), seed);
  const std::vector<T> b = Random<T>(static_cast<std::size_t>(k * n), seed + 1);
  std::vector<T> c(static_cast<std::size_t>(m * n), T(0));
  opencl::Buffer da(dev.context(), a.size() * sizeof(T)), db(dev.context(), b.size() * sizeof(T)),
      dc(dev.context(), c.size() * sizeof(T));
  da.Write(dev.queue(), a.data(), da.bytes());
  db.Write(dev.queue(), b.data(), db.bytes());
  dc.Write(dev.queue(), c.data(), dc.bytes());
  const auto u = [](int64_t v) { return static_cast<std::size_t>(v); };
  if (ws != nullptr) {
    ws->Gemm<T>(dev, dev.queue_ptr(), ClTrans(s.trans_a), ClTrans(s.trans_b), u(m), u(n), u(k), T(1),
                da.get(), 0, u(lda), db.get(), 0, u(ldb), T(0), dc.get(), 0, u(m));
  } else {
    CLBLAST_CHECK(clblast::Gemm<T>(clblast::Layout::kColMajor, ClTrans(s.trans_a), ClTrans(s.trans_b),
                                   u(m), u(n), u(k), T(1), da.get(), 0, u(lda), db.get(), 0, u(ldb),
                                   T(0), dc.get(), 0, u(m), dev.queue_ptr()));
  }
  dev.Finish();
  dc.Read(dev.queue(), c.data(), dc.bytes());
  double diff = 0;
  std::vector<double> col(static_cast<std::size_t>(m));
  for (int64_t j = 0; j < n; ++j) {
    std::fill(col.begin(), col.end(), 0.0);
    for (int64_t p = 0; p < k; ++p) {
      const double bv = b[u(s.trans_b ? j + p * ldb : p + j * ldb)];
      for (int64_t i = 0; i < m; ++i) {
        col[u(i)] += static_cast<double>(a[u(s.trans_a ? p + i * lda : i + p * lda)]) * bv;
      }
    }
    for (int64_t i = 0; i < m; ++i) {
      const double d = col[u(i)] - static_cast<double>(c[u(i + j * m)]);
      diff += d * d;
    }
  }
  const auto frobenius = [](const std::vector<T>& v) {
    return FrobeniusNorm(static_cast<int64_t>(v.size()), 1, v.data(), static_cast<int64_t>(v.size()));
  };
  const double ratio = GemmNormwiseRatio(std::sqrt(diff), frobenius(a), frobenius(b), k,
                                         std::numeric_limits<T>::epsilon());
  if (std::isfinite(ratio) && ratio < kGemmThreshold) return "";
  return fmt::format("gemm {} was wrong: normwise ratio {:.3g} (threshold {:g})", ToString(s),
                     ratio, kGemmThreshold);
}

template <typename T>
std::string CheckCopy(opencl::OpenDevice& dev, const CopyShape& s, uint64_t seed) {
  const std::size_t count = static_cast<std::size_t>(s.m * s.n);
  const std::vector<T> a = Random<T>(count, seed);
  std::vector<T> b(count, T(0));
  opencl::Buffer da(dev.context(), count * sizeof(T)), db(dev.context(), count * sizeof(T));
  da.Write(dev.queue(), a.data(), da.bytes());
  db.Write(dev.queue(), b.data(), db.bytes());
  Omatcopy<T>(dev, s, da, db);
  dev.Finish();
  db.Read(dev.queue(), b.data(), db.bytes());
  std::size_t wrong = 0;
  for (int64_t j = 0; j < s.n; ++j) {
    for (int64_t i = 0; i < s.m; ++i) {
      const std::size_t got = static_cast<std::size_t>(s.trans ? j + i * s.n : i + j * s.m);
      if (b[got] != a[static_cast<std::size_t>(i + j * s.m)]) ++wrong;
    }
  }
  if (wrong == 0) return "";
  return fmt::format("omatcopy {}x{}{} was wrong in {} of {} elements", s.m, s.n,
                     s.trans ? " transposed" : "", wrong, count);
}

template <typename T>
std::string VerifyTyped(opencl::OpenDevice& dev, const Item& it,
                        std::vector<std::string>& verified) {
  uint64_t seed = 11;
  if (it.kernel.starts_with("Xgemm")) {
    for (const GemmShape& s : VerifyShapes(it.m, it.n, it.k)) {
      if (std::string why = CheckGemm<T>(dev, s, seed += 2); !why.empty()) return why;
      verified.push_back("gemm " + ToString(s));
    }
    return "";
  }
  for (const bool trans : {false, true}) {
    for (const CopyShape& s : {CopyShape{it.m, it.n, trans}, CopyShape{it.m - 3, it.n - 5, trans}}) {
      if (std::string why = CheckCopy<T>(dev, s, seed += 2); !why.empty()) return why;
      verified.push_back(fmt::format("omatcopy {}x{}{}", s.m, s.n, trans ? " t" : ""));
    }
  }
  return "";
}

// Runs `f` with `tile` as the device's tile for T, then puts the one in force back.
template <typename T, typename F>
auto WithTile(opencl::OpenDevice& dev, const opencl::GemmTile& tile, F&& f) {
  struct Restore {
    opencl::OpenDevice& dev;
    opencl::GemmTile old;
    ~Restore() { dev.set_gemm_tile(sizeof(T), old); }
  } restore{dev, dev.gemm_tile(sizeof(T))};
  dev.set_gemm_tile(sizeof(T), tile);
  return f();
}

template <typename T>
double TimeTileTyped(opencl::OpenDevice& dev, const Item& it, const opencl::GemmTile& tile) {
  GemmProblem<T> g(dev, it);
  opencl::GemmWorkspace ws;
  return WithTile<T>(dev, tile, [&] {
    return BestMs(dev, 3, [&] {
      ws.Gemm<T>(dev, dev.queue_ptr(), clblast::Transpose::kNo, clblast::Transpose::kNo, g.m, g.n, g.k, T(1),
                 g.a.get(), 0, g.m, g.b.get(), 0, g.k, T(0), g.c.get(), 0, g.m);
    });
  });
}

template <typename T>
std::string VerifyTileTyped(opencl::OpenDevice& dev, const Item& it, const opencl::GemmTile& tile,
                            std::vector<std::string>& verified) {
  opencl::GemmWorkspace ws;
  uint64_t seed = 31;
  const auto cap = [](int64_t v) { return std::min<int64_t>(v, 1024); };
  return WithTile<T>(dev, tile, [&]() -> std::string {
    for (const GemmShape& s : VerifyShapes(cap(it.m), cap(it.n), cap(it.k))) {
      if (std::string why = CheckGemm<T>(dev, s, seed += 2, &ws); !why.empty()) return why;
      verified.push_back("gemm " + ToString(s));
    }
    return "";
  });
}

}  // namespace

Params TileParams(const opencl::GemmTile& t) {
  return {{"MT", t.mt}, {"NT", t.nt}, {"KT", t.kt}, {"RM", t.rm}, {"RN", t.rn}, {"LX", t.lx}};
}

opencl::GemmTile TileFromParams(const std::map<std::string, std::size_t>& p) {
  std::vector<int> v;
  std::string text;
  for (const char* key : {"MT", "NT", "KT", "RM", "RN", "LX"}) {
    const auto it = p.find(key);
    if (it == p.end()) throw std::runtime_error(fmt::format("gemm_tiled parameters lack {}", key));
    if (it->second > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw std::runtime_error(fmt::format("gemm_tiled parameter {} = {} is out of range", key, it->second));
    v.push_back(static_cast<int>(it->second));
    text += fmt::format("{}{}", text.empty() ? "" : "x", it->second);
  }
  if (p.size() != 6) throw std::runtime_error("gemm_tiled takes exactly MT, NT, KT, RM, RN and LX");
  return opencl::GemmTile::FromNumbers("parameters", text, v);
}

double TimeTile(opencl::OpenDevice& dev, const Item& it, const opencl::GemmTile& tile) {
  try {
    return it.precision == Precision::kSingle ? TimeTileTyped<float>(dev, it, tile)
                                              : TimeTileTyped<double>(dev, it, tile);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("tile {}: {}", tile.Name(), e.what()));
  }
}

std::string VerifyTile(opencl::OpenDevice& dev, const Item& it, const opencl::GemmTile& tile,
                       std::vector<std::string>& verified) {
  try {
    return it.precision == Precision::kSingle ? VerifyTileTyped<float>(dev, it, tile, verified)
                                              : VerifyTileTyped<double>(dev, it, tile, verified);
  } catch (const std::exception& e) {
    return fmt::format("a GEMM with tile {} failed: {}", tile.Name(), e.what());
  }
}

double GemmNormwiseRatio(double diff_f, double a_f, double b_f, int64_t k, double eps) {
  return SafeRatio(diff_f, std::sqrt(static_cast<double>(k) + 2) * a_f * b_f, eps);
}

std::string ToString(const GemmShape& s) {
  return fmt::format("{}x{}x{}{}", s.m, s.n, s.k,
                     s.trans_a || s.trans_b
                         ? fmt::format(" {}{}", s.trans_a ? 't' : 'n', s.trans_b ? 't' : 'n')
                         : "");
}

std::vector<GemmShape> VerifyShapes(int64_t m, int64_t n, int64_t k) {
  // Odd sizes near the tuned one make CLBlast pad (its indirect path); the small one takes its
  // direct kernel; the transposed one its transpose kernels.
  const int64_t om = std::max<int64_t>(1, m - 23), on = std::max<int64_t>(1, n - 25),
                ok = std::max<int64_t>(1, k - 22);
  return {{m, n, k, false, false}, {om, on, ok, false, false}, {om, on, ok, true, true},
          {67, 45, 33, false, false}};
}

std::string SlowerWhy(double default_ms, double tuned_ms, double margin) {
  if (!std::isfinite(tuned_ms) || tuned_ms <= 0) return "the tuned parameters could not be timed";
  if (!std::isfinite(default_ms) || default_ms <= 0) return "";  // nothing to lose against
  if (tuned_ms <= default_ms * (1 - margin)) return "";
  return fmt::format("not faster than the defaults by {:g} % ({:.4g} ms tuned, {:.4g} ms default)",
                     margin * 100, tuned_ms, default_ms);
}

void Conclude(Item& it, const std::string& why, const std::string& kept) {
  if (why.empty()) {
    it.outcome = "tuned";
  } else {
    it.outcome = kept + ": " + why;
    it.verified.clear();
  }
}

Params RetrieveParams(opencl::OpenDevice& dev, const Item& it) {
  Params p;
  const clblast::StatusCode st =
      clblast::RetrieveParameters(dev.info().device, it.kernel, ClPrecision(it.precision), p);
  if (st != clblast::StatusCode::kSuccess) {
    throw std::runtime_error(fmt::format("CLBlast has no parameters for {}{} (status {})",
                                         ToString(it.precision), it.kernel, static_cast<int>(st)));
  }
  return p;
}

void ApplyParams(opencl::OpenDevice& dev, const Item& it, const Params& p) {
  const clblast::StatusCode st =
      clblast::OverrideParameters(dev.info().device, it.kernel, ClPrecision(it.precision), p);
  if (st != clblast::StatusCode::kSuccess) {
    throw std::runtime_error(
        fmt::format("CLBlast refused the parameters (status {})", static_cast<int>(st)));
  }
}

double TimeKernel(opencl::OpenDevice& dev, const Item& it) {
  return it.precision == Precision::kSingle ? TimeTyped<float>(dev, it) : TimeTyped<double>(dev, it);
}

std::string Verify(opencl::OpenDevice& dev, const Item& it, std::vector<std::string>& verified) {
  try {
    return it.precision == Precision::kSingle ? VerifyTyped<float>(dev, it, verified)
                                              : VerifyTyped<double>(dev, it, verified);
  } catch (const std::exception& e) {
    return fmt::format("a CLBlast call with them failed: {}", e.what());
  }
}

std::string VerifyCandidate(opencl::OpenDevice& dev, const Item& it, const Params& candidate,
                            std::vector<std::string>& verified) {
  const Params defaults = RetrieveParams(dev, it);
  ApplyParams(dev, it, candidate);
  std::string why = Verify(dev, it, verified);
  ApplyParams(dev, it, defaults);
  return why;
}

}  // namespace lapack_ai::clblast_tuning
