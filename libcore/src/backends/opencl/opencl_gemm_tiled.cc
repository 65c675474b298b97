// TiledGemm: build options and launch of kernels/gemm_tiled.cl.
#include "opencl_gemm_tiled.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai::opencl {

std::string GemmTile::Name() const { return fmt::format("{}x{}x{}x{}x{}x{}", mt, nt, kt, rm, rn, lx); }

namespace {

// Whether a warp of lx x (32 / lx) work-items tiles the work-group's tm x tn work-items.
bool WarpFits(int tm, int tn, int lx) {
  return lx > 0 && lx <= 32 && 32 % lx == 0 && tm % lx == 0 && tn % (32 / lx) == 0 && (tm * tn) % 32 == 0;
}

}  // namespace

GemmTile GemmTile::Parse(const std::string& what, const std::string& text) {
  std::vector<int> v;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    int x = 0;
    const auto [q, ec] = std::from_chars(p, end, x);
    if (ec != std::errc() || x < 1) break;
    v.push_back(x);
    p = q;
    if (p < end && *p == 'x') ++p;
    else break;
  }
  if (p != end) v.clear();  // reported as the wrong count
  return FromNumbers(what, text, v);
}

GemmTile GemmTile::FromNumbers(const std::string& what, const std::string& text, const std::vector<int>& v) {
  const auto fail = [&](const char* why) {
    return UsageError(fmt::format("{}: gemm_tile must be MTxNTxKTxRMxRN[xLX] ({}), got '{}'", what, why, text));
  };
  if (v.size() != 5 && v.size() != 6) throw fail("five or six positive integers");
  GemmTile t{v[0], v[1], v[2], v[3], v[4], 0};
  if (t.rm % 4 != 0 || t.rn % 4 != 0 || t.kt % 4 != 0) throw fail("RM, RN and KT multiples of 4");
  if (t.mt % t.rm != 0 || t.nt % t.rn != 0) throw fail("RM divides MT and RN divides NT");
  const int threads = t.threads(), tm = t.mt / t.rm, tn = t.nt / t.rn;
  if (threads > 1024 || (t.mt * t.kt) % (4 * threads) != 0 || (t.nt * t.kt) % (4 * threads) != 0)
    throw fail("at most 1024 work-items, whose count times 4 divides MT*KT and NT*KT");
  if (v.size() == 6) {
    t.lx = v[5];
    if (t.lx != 0 && !WarpFits(tm, tn, t.lx)) throw fail("LX x 32/LX work-items tile the MT/RM x NT/RN work-group");
  } else {
    t.lx = WarpFits(tm, tn, 4) ? 4 : 0;
  }
  return t;
}

GemmTile GemmTile::Default(std::size_t bytes) {
  return bytes == 4 ? GemmTile{128, 64, 16, 8, 8, 4} : GemmTile{128, 128, 8, 8, 8, 4};
}

std::vector<GemmTile> GemmTile::Candidates(std::size_t bytes) {
  const char* const s[] = {"128x64x16x8x8x4", "64x128x16x8x8x4", "128x128x16x8x8x4",
                           "64x64x16x8x8x4", "64x64x16x4x4x4", "32x32x16x4x4x4"};
  const char* const d[] = {"128x128x8x8x8x4", "128x64x8x8x8x4", "64x64x16x8x8x4",
                           "64x64x16x4x4x4", "32x32x16x4x4x4"};
  std::vector<GemmTile> out;
  for (const char* name : bytes == 4 ? std::vector<const char*>(std::begin(s), std::end(s))
                                     : std::vector<const char*>(std::begin(d), std::end(d)))
    out.push_back(Parse("GemmTile::Candidates", name));
  return out;
}

bool TiledGemm::Takes(const GemmTile& tile, std::int64_t m, std::int64_t n, std::int64_t k) {
  return tile.enabled() && m >= tile.mt && n >= tile.nt && k >= tile.kt;
}

template <typename T>
void TiledGemm::Enqueue(OpenDevice& dev, cl_command_queue q, const GemmTile& t, bool ta, bool tb,
                        std::int64_t m, std::int64_t n, std::int64_t k, T alpha, cl_mem a,
                        std::int64_t a_off, std::int64_t lda, cl_mem b, std::int64_t b_off,
                        std::int64_t ldb, T beta, cl_mem c, std::int64_t c_off, std::int64_t ldc) {
  const bool kfit = k % t.kt == 0;
  // 4-vector loads and stores need 16-byte alignment of every quad (buffers themselves are).
  const bool vec_a = a_off % 4 == 0 && lda % 4 == 0, vec_b = b_off % 4 == 0 && ldb % 4 == 0;
  const bool vec_c = c_off % 4 == 0 && ldc % 4 == 0;
  // int indices when every element the call can touch is below 2^31: 32-bit address arithmetic
  // is measurably cheaper in the inner loads.
  const std::int64_t a_cols = ta ? m : k, b_cols = tb ? k : n;
  const std::int64_t reach = std::max({a_off + lda * a_cols, b_off + ldb * b_cols, c_off + ldc * n});
  const bool wide = reach >= std::numeric_limits<std::int32_t>::max();
  const int key = (ta ? 1 : 0) | (tb ? 2 : 0) | (kfit ? 4 : 0) | (wide ? 8 : 0) | (vec_a ? 16 : 0) |
                  (vec_b ? 32 : 0) | (vec_c ? 64 : 0);
  // The variants belong to one tile; a device whose tile changed (tune tries several) starts over.
  if (!(tile_ == t)) kernels_.clear(), tile_ = t;
  cl_kernel& kernel = kernels_[key];
  if (kernel == nullptr) {
    const std::string options = fmt::format(
        "{} -DMT={} -DNT={} -DKT={} -DRM={} -DRN={} -DLX={} -DTRANS_A={} -DTRANS_B={} -DIDX={}{}{}{}{}",
        OpenDevice::TypeOptions<T>(), t.mt, t.nt, t.kt, t.rm, t.rn, t.lx, ta ? 1 : 0, tb ? 1 : 0,
        wide ? "long" : "int", kfit ? " -DKFIT" : "", vec_a ? " -DVEC_A" : "", vec_b ? " -DVEC_B" : "",
        vec_c ? " -DVEC_C" : "");
    kernel = dev.Kernel("gemm_tiled", options, "gemm_tiled");
  }
  cl_uint i = 0;
  const auto idx = [&](std::int64_t v) {
    if (wide) SetArg(kernel, i++, static_cast<cl_long>(v));
    else SetArg(kernel, i++, static_cast<cl_int>(v));
  };
  idx(m), idx(n), idx(k);
  SetArg(kernel, i++, alpha);
  SetArg(kernel, i++, beta);
  SetArg(kernel, i++, a), idx(a_off), idx(lda);
  SetArg(kernel, i++, b), idx(b_off), idx(ldb);
  SetArg(kernel, i++, c), idx(c_off), idx(ldc);
  const auto threads = static_cast<std::size_t>(t.threads());
  const std::size_t global[2] = {static_cast<std::size_t>((m + t.mt - 1) / t.mt) * threads,
                                 static_cast<std::size_t>((n + t.nt - 1) / t.nt)};
  const std::size_t local[2] = {threads, 1};
  CL_CHECK(clEnqueueNDRangeKernel(q, kernel, 2, nullptr, global, local, 0, nullptr, nullptr));
}

#define LAPACK_AI_TILED_GEMM(T)                                                                    \
  template void TiledGemm::Enqueue<T>(OpenDevice&, cl_command_queue, const GemmTile&, bool, bool, \
                                      std::int64_t, std::int64_t, std::int64_t, T, cl_mem,       \
                                      std::int64_t, std::int64_t, cl_mem, std::int64_t,          \
                                      std::int64_t, T, cl_mem, std::int64_t, std::int64_t);
LAPACK_AI_TILED_GEMM(float)
LAPACK_AI_TILED_GEMM(double)

}  // namespace lapack_ai::opencl
