// The CUDA fast-matmul executor and batched small kernels. On the host: LayOut's tables, groups
// and geometry, checked by running the layout through a host emulation of what the device does
// (lincomb from the term tables, products as grouped) against a gemm in double; the small
// kernels' launch choice. On a GPU: alphatensor:<scheme>@cuda and gemm_batched against the host.
#include <doctest/doctest.h>

#include <cstdlib>
#include <limits>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "backends/cuda/cuda_batched.h"
#include "backends/cuda/cuda_fastmm.h"
#include "backends/cuda/cuda_lincomb_source.h"
#include "backends/cuda/cuda_nvrtc.h"
#include "cuda/lincomb_interpreter.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/plan.h"
#include "lib/pip_libraries.h"
#include "opencl/opencl_test_util.h"

namespace lapack_ai {
namespace {

using cuda::DevLoc;
using cuda::FastLayout;
using opencl_test::GemmError;
using opencl_test::RandomVector;

using Buffers = std::vector<double>*[4];

// Element (r, c) of a block (bounds-checked: a bad offset or ld fails the test, not the heap).
double& At(Buffers& bufs, const DevLoc& d, int64_t r, int64_t c) {
  return bufs[d.buffer]->at(static_cast<std::size_t>(d.offset + r + c * d.ld));
}
DevLoc Loc(const int64_t* e) { return {e[0], e[1], e[2]}; }

// The coefficients as the bound call uploads them: alpha folded in where a C block is written.
std::vector<double> Uploaded(const FastLayout& l, double alpha) {
  std::vector<double> c(l.coef.size());
  for (std::size_t i = 0; i < c.size(); ++i) c[i] = l.coef[i] * (l.coef_alpha[i] ? alpha : 1.0);
  return c;
}

// Host emulation of cuda_fastmm.cc's Compute(): lincomb per the tables (or, `specialised`, by
// running the source NVRTC would compile), products per group.
void Emulate(const FastLayout& l, const cuda::LayoutShape& s, double alpha, double beta, Buffers& bufs,
             bool specialised = false) {
  auto gemm = [&](DevLoc x, DevLoc y, DevLoc t, double a, double b, int64_t m, int64_t n, int64_t k) {
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = 0; i < m; ++i) {
        double sum = 0;
        for (int64_t p = 0; p < k; ++p)
          sum += (s.transa == Trans::kNoTrans ? At(bufs, x, i, p) : At(bufs, x, p, i)) *
                 (s.transb == Trans::kNoTrans ? At(bufs, y, p, j) : At(bufs, y, j, p));
        double& out = At(bufs, t, i, j);
        out = a * sum + (b == 0 ? 0 : b * out);
      }
  };
  for (const FastLayout::Op& op : l.ops) {
    if (op.combine) {
      const cuda::CombineLaunch& k = l.combines[op.index];
      if (specialised && cuda::Specialisable(k)) {
        cuda_test::Interpret(cuda::LincombSource<double>(k, l.table, Uploaded(l, alpha), "k"), bufs, beta);
        continue;
      }
      const int64_t* ts = l.table.data() + k.table_offset;
      const int64_t* td = ts + 3 * k.nsrc;
      for (int d = 0; d < k.ndst; ++d)
        for (int64_t j = 0; j < k.cols; ++j)
          for (int64_t i = 0; i < k.rows; ++i) {
            double acc = 0;
            for (int q = 0; q < k.nsrc; ++q) {
              const std::size_t ci = cuda::CoefIndex(k, d, q);
              acc += l.coef[ci] * (l.coef_alpha[ci] ? alpha : 1.0) * At(bufs, Loc(ts + 3 * q), i, j);
            }
            double& out = At(bufs, Loc(td + 4 * d), i, j);
            const int64_t init = td[4 * d + 3];
            out = acc + (init == 1 ? out : init == 2 && beta != 0 ? beta * out : 0.0);
          }
      continue;
    }
    const cuda::ProductGroup& g = l.groups[op.index];
    const double a = g.coeff * (g.c_target ? alpha : 1.0);
    const double b = g.init == fastmm::Init::kOverwrite ? 0 : g.init == fastmm::Init::kAccumulate ? 1 : beta;
    for (std::size_t q = 0; q < g.steps.size(); ++q) {
      CHECK(g.x[q].ld == g.x[0].ld);
      CHECK(g.t[q].buffer == g.t[0].buffer);
      gemm(g.x[q], g.y[q], g.t[q], a, b, l.bm, l.bn, l.bk);
    }
  }
  for (const fastmm::SubGemm& f : l.split.fringes) {
    auto at = [](int64_t buf, int64_t ld, Trans t, int64_t r, int64_t c) {
      return DevLoc{buf, t == Trans::kNoTrans ? r + c * ld : c + r * ld, ld};
    };
    gemm(at(0, s.lda, s.transa, f.m0, f.k0), at(1, s.ldb, s.transb, f.k0, f.n0),
         at(2, s.ldc, Trans::kNoTrans, f.m0, f.n0), alpha, f.accumulate ? 1 : beta, f.m_len, f.n_len,
         f.k_len);
  }
}

// Lays `plan` out for one call, emulates it and returns the error against a gemm in double.
// `pad` 0 gives tight leading dimensions (vectorised launches where the sizes are even).
double LayoutError(const fastmm::Plan& plan, Trans ta, Trans tb, int64_t m, int64_t n, int64_t k,
                   double alpha, double beta, bool batch, FastLayout* out = nullptr, int streams = 1,
                   bool specialised = false, int pad = 1) {
  const int64_t lda = (ta == Trans::kNoTrans ? m : k) + pad, ldb = (tb == Trans::kNoTrans ? k : n) + 3 * pad;
  const int64_t ldc = m + 2 * pad;
  const cuda::LayoutShape s{ta, tb, m, n, k, lda, ldb, ldc, 8, alpha == 0};
  FastLayout l = cuda::LayOut(plan, s, batch, streams);
  auto a = RandomVector<double>(static_cast<std::size_t>(lda * (ta == Trans::kNoTrans ? k : m)), 1);
  auto b = RandomVector<double>(static_cast<std::size_t>(ldb * (tb == Trans::kNoTrans ? n : k)), 2);
  const auto c0 = RandomVector<double>(static_cast<std::size_t>(ldc * n), 3);
  auto c = c0;
  std::vector<double> ws(static_cast<std::size_t>(l.workspace_elements), std::nan(""));
  Buffers bufs = {&a, &b, &c, &ws};
  Emulate(l, s, alpha, beta, bufs, specialised);
  if (out != nullptr) *out = std::move(l);
  return GemmError(ta, tb, m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, c0.data(), c.data(), ldc);
}

fastmm::Plan Compile(const char* scheme, fastmm::Fusion fusion, bool all_slots = false) {
  fastmm::CompileOptions o;
  o.fusion = fusion;
  o.all_slots = all_slots;
  return fastmm::CompilePlan(*fastmm::FindScheme(scheme), o);
}

TEST_SUITE("cuda") {

TEST_CASE("cuda fastmm: laid-out plans reproduce gemm (host emulation)") {
  for (const char* scheme : {"strassen", "strassen2"}) {
    for (const auto& [fusion, all_slots] : {std::pair{fastmm::Fusion::kWide, false},
                                            {fastmm::Fusion::kWide, true}, {fastmm::Fusion::kPerProduct, false}}) {
      const fastmm::Plan plan = Compile(scheme, fusion, all_slots);
      for (bool batch : {true, false}) {
        INFO(scheme, " wide=", fusion == fastmm::Fusion::kWide, " all_slots=", all_slots, " batch=", batch);
        CHECK(LayoutError(plan, Trans::kNoTrans, Trans::kNoTrans, 34, 21, 27, 0.5, 0.0, batch) < 1e-12);
        CHECK(LayoutError(plan, Trans::kTrans, Trans::kTrans, 17, 33, 26, -1.5, 2.0, batch) < 1e-12);
        CHECK(LayoutError(plan, Trans::kNoTrans, Trans::kTrans, 24, 16, 40, 1.0, 1.0, batch) < 1e-12);
        CHECK(LayoutError(plan, Trans::kTrans, Trans::kNoTrans, 3, 2, 1, 1.0, 0.5, batch) < 1e-12);
        CHECK(LayoutError(plan, Trans::kNoTrans, Trans::kNoTrans, 16, 16, 16, 0.0, 0.5, batch) < 1e-12);
      }
    }
  }
}

TEST_CASE("cuda fastmm: specialised additions compute what the tables say (generated source run on the host)") {
  for (const char* scheme : {"strassen", "strassen2", "dps-4x4x4-48-accurate"}) {
    for (fastmm::Fusion fusion : {fastmm::Fusion::kWide, fastmm::Fusion::kPerProduct}) {
      const fastmm::Plan plan = Compile(scheme, fusion);
      INFO(scheme, " wide=", fusion == fastmm::Fusion::kWide);
      FastLayout l;
      // Scalar lanes (odd leading dimensions), then 16-byte vectors (tight, even sizes).
      CHECK(LayoutError(plan, Trans::kNoTrans, Trans::kNoTrans, 34, 21, 27, 0.5, 0.0, false, &l, 1, true) < 1e-12);
      CHECK(LayoutError(plan, Trans::kTrans, Trans::kTrans, 17, 33, 26, -1.5, 2.0, false, nullptr, 1, true) < 1e-12);
      CHECK(LayoutError(plan, Trans::kNoTrans, Trans::kTrans, 24, 16, 40, 1.0, 1.0, false, nullptr, 1, true) < 1e-12);
      FastLayout vec;
      CHECK(LayoutError(plan, Trans::kNoTrans, Trans::kNoTrans, 64, 48, 32, 1.5, 0.5, false, &vec, 1, true, 0) < 1e-12);
      CHECK(LayoutError(plan, Trans::kTrans, Trans::kNoTrans, 32, 32, 64, 1.0, 0.0, false, nullptr, 1, true, 0) < 1e-12);
      int specialisable = 0, vectors = 0;
      for (const cuda::CombineLaunch& k : vec.combines) {
        specialisable += cuda::Specialisable(k) ? 1 : 0;
        vectors += k.vec ? 1 : 0;
      }
      CHECK(specialisable > 0);  // the source ran, not only the tables
      CHECK(vectors > 0);
    }
  }
}

TEST_CASE("cuda fastmm: a specialised source holds only the nonzero terms, as exact literals") {
  const fastmm::Plan plan = Compile("strassen", fastmm::Fusion::kWide);
  const FastLayout l = cuda::LayOut(plan, {Trans::kNoTrans, Trans::kNoTrans, 64, 64, 64, 64, 64, 64, 8, false}, false);
  REQUIRE(!l.combines.empty());
  const std::vector<double> coef = Uploaded(l, 1.0 / 3);
  int terms = 0, literals = 0;
  for (const cuda::CombineLaunch& k : l.combines) {
    if (!cuda::Specialisable(k)) continue;
    const std::string src = cuda::LincombSource<double>(k, l.table, coef, "k");
    for (int d = 0; d < k.ndst; ++d)
      for (int s = 0; s < k.nsrc; ++s) {
        const double c = coef[cuda::CoefIndex(k, d, s)];
        const std::string line = fmt::format("a{0}.v[0] = fma(T({2:a}), x{1}.v[0], a{0}.v[0]);", d, s, c);
        CHECK_MESSAGE((src.find(line) != std::string::npos) == (c != 0), line);
        terms += c != 0 ? 1 : 0;
        literals += c != 0 && c != 1 && c != -1 ? 1 : 0;
      }
  }
  CHECK(terms > 0);
  CHECK(literals > 0);  // alpha = 1/3 folded into the C-side coefficients, written in hex
}

TEST_CASE("cuda fastmm: NVRTC compiles the specialised additions of every wide plan (no GPU needed)") {
  std::string why;
  const cuda::Nvrtc* nvrtc = cuda::LoadNvrtc(&why);
  REQUIRE_MESSAGE(nvrtc != nullptr, why);  // the toolkit that built the backend ships libnvrtc
  for (const char* scheme : {"strassen2", "dps-4x4x4-48-accurate"}) {
    const fastmm::Plan plan = Compile(scheme, fastmm::Fusion::kWide);
    for (std::size_t elem : {4u, 8u}) {
      if (elem == 4 && std::string_view(scheme) == "strassen2") continue;  // 0.4 s a compile: enough
      const FastLayout l = cuda::LayOut(plan, {Trans::kNoTrans, Trans::kNoTrans, 4096, 4096, 4096, 4096, 4096, 4096, elem, false}, elem == 4);
      for (std::size_t i = 0; i < l.combines.size(); ++i) {
        const cuda::CombineLaunch& k = l.combines[i];
        REQUIRE(cuda::Specialisable(k));
        const std::string src = elem == 4 ? cuda::LincombSource<float>(k, l.table, std::vector<float>(l.coef.begin(), l.coef.end()), "k")
                                          : cuda::LincombSource<double>(k, l.table, l.coef, "k");
        for (int arch : {80, 90}) {
          if (arch == 80 && elem == 4) continue;
          INFO(scheme, " elem=", elem, " combine ", i, " sm_", arch);
          const std::string& cubin = cuda::CompileCubin(*nvrtc, src, arch);
          REQUIRE(cubin.size() > 4);
          CHECK(cubin.compare(0, 4, "\x7f" "ELF") == 0);
          CHECK(&cuda::CompileCubin(*nvrtc, src, arch) == &cubin);  // compiled once per process
        }
      }
    }
  }
  try {
    cuda::CompileCubin(*nvrtc, "extern \"C\" __global__ void k() { undeclared = 1; }", 90);
    FAIL("a broken source compiled");
  } catch (const BackendError& e) {
    CHECK(std::string_view(e.what()).find("nvrtcCompileProgram") != std::string_view::npos);
    CHECK(std::string_view(e.what()).find("undeclared") != std::string_view::npos);  // the compiler's log
  }
}

TEST_CASE("cuda fastmm: products are grouped once each, batched only when asked") {
  const fastmm::Plan plan = Compile("strassen2", fastmm::Fusion::kWide, true);
  for (bool batch : {true, false}) {
    FastLayout l;
    CHECK(LayoutError(plan, Trans::kNoTrans, Trans::kNoTrans, 32, 32, 32, 1.0, 0.0, batch, &l) < 1e-12);
    std::multiset<std::size_t> steps;
    for (const cuda::ProductGroup& g : l.groups) {
      steps.insert(g.steps.begin(), g.steps.end());
      if (!batch) CHECK(g.steps.size() == 1);
      std::set<std::pair<int64_t, int64_t>> targets;
      for (const DevLoc& t : g.t) CHECK(targets.insert({t.buffer, t.offset}).second);
    }
    CHECK(static_cast<int>(steps.size()) == plan.ProductCount());
    CHECK(std::set<std::size_t>(steps.begin(), steps.end()).size() == steps.size());
    CHECK(l.ops.size() == l.combines.size() + l.groups.size());
    // all_slots: every product shares one operand layout, so the 49 run as very few calls.
    if (batch) CHECK(l.groups.size() <= 4);
  }
}

TEST_CASE("cuda fastmm: runs of independent products spread over streams, shared targets stay on one") {
  for (const auto& [fusion, all_slots] : {std::pair{fastmm::Fusion::kWide, false},
                                          {fastmm::Fusion::kWide, true}, {fastmm::Fusion::kPerProduct, false}}) {
    const fastmm::Plan plan = Compile("strassen2", fusion, all_slots);
    FastLayout l;
    INFO("wide=", fusion == fastmm::Fusion::kWide, " all_slots=", all_slots);
    CHECK(LayoutError(plan, Trans::kNoTrans, Trans::kNoTrans, 36, 20, 28, 1.0, 0.5, false, &l, 3) < 1e-12);
    int most = 0;
    for (std::size_t i = 0; i < l.ops.size();) {  // each maximal run of product groups
      if (l.ops[i].combine) {
        ++i;
        continue;
      }
      std::set<std::pair<int64_t, int64_t>> targets;
      std::set<int> streams;
      bool distinct = true;
      std::size_t len = 0;
      for (; i < l.ops.size() && !l.ops[i].combine; ++i, ++len) {
        const cuda::ProductGroup& g = l.groups[l.ops[i].index];
        for (const DevLoc& t : g.t) distinct = targets.insert({t.buffer, t.offset}).second && distinct;
        CHECK(g.stream >= 0);
        CHECK(g.stream < 3);
        streams.insert(g.stream);
        most = std::max(most, g.stream + 1);
      }
      // Products that write one target must run in order: one stream.
      if (!distinct) CHECK(streams == std::set<int>{0});
      if (distinct) CHECK(static_cast<int>(streams.size()) == static_cast<int>(std::min<std::size_t>(len, 3)));
    }
    CHECK(l.streams == std::max(most, 1));
    // The wide plan's 49 products form one run of distinct slots: all three streams are used.
    if (fusion == fastmm::Fusion::kWide) CHECK(l.streams == 3);
  }
  FastLayout serial;
  CHECK(LayoutError(Compile("strassen2", fastmm::Fusion::kWide), Trans::kNoTrans, Trans::kNoTrans, 32, 32, 32,
                    1.0, 0.0, false, &serial, 1) < 1e-12);
  CHECK(serial.streams == 1);
  for (const cuda::ProductGroup& g : serial.groups) CHECK(g.stream == 0);
}

TEST_CASE("cuda fastmm: lincomb launches vectorise aligned blocks and cover every element") {
  const fastmm::Plan plan = Compile("strassen2", fastmm::Fusion::kWide);
  const auto aligned = cuda::LayOut(plan, {Trans::kNoTrans, Trans::kNoTrans, 256, 256, 256, 256, 256, 256, 4, false}, true);
  REQUIRE(!aligned.combines.empty());
  for (const cuda::CombineLaunch& k : aligned.combines) {
    CHECK(k.vec);
    CHECK(int64_t{k.grid_x} * 64 * 4 >= k.rows);
    CHECK(int64_t{k.grid_y} * 4 >= k.cols);
    CHECK(k.mode != 'a');  // strassen2's wide steps fit the register-resident kernels
  }
  const auto odd = cuda::LayOut(plan, {Trans::kNoTrans, Trans::kNoTrans, 256, 256, 256, 257, 256, 256, 4, false}, true);
  bool any_scalar = false;
  for (const cuda::CombineLaunch& k : odd.combines) any_scalar = any_scalar || !k.vec;
  CHECK(any_scalar);
  CHECK(cuda::LincombGrid(1, 1, false, 8) == std::pair{1u, 1u});
  CHECK(cuda::LincombGrid(130, 9, true, 8) == std::pair{2u, 3u});     // 128 rows a block in double
  CHECK(cuda::LincombGrid(100, 1 << 20, true, 4).second == 65535u);  // the kernel loops over the rest
  CHECK(aligned.workspace_elements % 64 == 0);
  for (int64_t off : aligned.slot_offset) CHECK(off % 64 == 0);
}

TEST_CASE("cuda batched small: launch choice") {
  cuda::BatchedShape s{Trans::kNoTrans, Trans::kNoTrans, 4, 4, 4, 4, 4, 4, 16, 16, 16, 1000, 4};
  auto l = cuda::PlanBatchedSmall(s);
  REQUIRE(l);
  CHECK(l->kernel == "batched_small_s4_nn");
  CHECK(l->vec);
  CHECK(l->grid_x == 32);  // 32 matrices a block
  s.elem = 8, s.n = s.m = s.k = 16, s.lda = s.ldb = s.ldc = 17, s.stride_a = s.stride_b = s.stride_c = 17 * 16;
  s.transa = Trans::kTrans;
  l = cuda::PlanBatchedSmall(s);
  REQUIRE(l);
  CHECK(l->kernel == "batched_small_d16_tn");
  CHECK(!l->vec);
  CHECK(l->grid_x == 250);  // 4 matrices a block
  s.batch = 0;
  CHECK(cuda::PlanBatchedSmall(s)->grid_x == 0);
  s.batch = 2, s.stride_c = 16;  // overlapping C matrices: cuBLAS's business
  CHECK(!cuda::PlanBatchedSmall(s));
  s.stride_c = 17 * 16, s.n = 5, s.m = 5, s.k = 5;
  CHECK(!cuda::PlanBatchedSmall(s));
  s.n = s.m = s.k = 8, s.k = 4;
  CHECK(!cuda::PlanBatchedSmall(s));
}

// GPU: the executor and our kernels against a gemm in double (SKIPPED without a CUDA device).
template <typename T>
double DeviceGemm(Backend& b, Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, double beta) {
  const int64_t lda = (ta == Trans::kNoTrans ? m : k) + 1, ldb = (tb == Trans::kNoTrans ? k : n) + 2;
  const int64_t ldc = m + 3;
  auto a = RandomVector<T>(static_cast<std::size_t>(lda * (ta == Trans::kNoTrans ? k : m)), 1);
  auto bm = RandomVector<T>(static_cast<std::size_t>(ldb * (tb == Trans::kNoTrans ? n : k)), 2);
  const auto c0 = RandomVector<T>(static_cast<std::size_t>(ldc * n), 3);
  auto c = c0;
  Call call = GemmCall<T>{ta, tb, m, n, k, T(0.5), a.data(), lda, bm.data(), ldb, T(beta), c.data(), ldc};
  auto bound = b.Bind(call);
  bound->Reset();
  bound->Run();
  bound->Reset();
  bound->Run();
  bound->Fetch();
  return GemmError(ta, tb, m, n, k, 0.5, a.data(), lda, bm.data(), ldb, beta, c0.data(), c.data(), ldc);
}

template <typename T>
double DeviceBatched(Backend& b, Trans ta, Trans tb, int64_t n, int64_t batch, double beta) {
  const int64_t stride = n * n + (n == 8 ? 1 : 0);  // n = 8: an odd stride (scalar path)
  auto a = RandomVector<T>(static_cast<std::size_t>(stride * batch), 4);
  auto bm = RandomVector<T>(static_cast<std::size_t>(stride * batch), 5);
  const auto c0 = RandomVector<T>(static_cast<std::size_t>(stride * batch), 6);
  auto c = c0;
  Call call = GemmBatchedCall<T>{ta, tb, n, n, n, T(1.5), a.data(), n, stride, bm.data(), n, stride,
                                 T(beta), c.data(), n, stride, batch};
  auto bound = b.Bind(call);
  bound->Reset();
  bound->Run();
  bound->Fetch();
  double err = 0;
  for (int64_t i = 0; i < batch; ++i) {
    const std::size_t o = static_cast<std::size_t>(i * stride);
    err = std::max(err, GemmError(ta, tb, n, n, n, 1.5, a.data() + o, n, bm.data() + o, n, beta,
                                  c0.data() + o, c.data() + o, n));
  }
  return err;
}

template <typename T>
double Tol() {
  return 64 * std::numeric_limits<T>::epsilon();
}

TEST_CASE_TEMPLATE("cuda: alphatensor plans on the device match a host gemm", T, float, double) {
  for (const char* option : {"", "/unbatched", "/generic", "per-product"}) {
    const bool per_product = std::string_view(option) == "per-product";
    if (per_product) setenv("LAPACK_AI_FASTMM_FUSION", "per-product", 1);
    auto b = CreateBackend(fmt::format("alphatensor:strassen2@cuda{}", per_product ? "" : option));
    if (!b->Info().available) {
      unsetenv("LAPACK_AI_FASTMM_FUSION");
      testing::ReportSkip(fmt::format("no CUDA device: {}", b->Info().note).c_str());
      return;
    }
    INFO("option=", option);
    CHECK(DeviceGemm<T>(*b, Trans::kNoTrans, Trans::kNoTrans, 130, 96, 70, 0.0) < 4 * Tol<T>());
    CHECK(DeviceGemm<T>(*b, Trans::kTrans, Trans::kTrans, 67, 129, 101, 1.5) < 4 * Tol<T>());
    CHECK(DeviceGemm<T>(*b, Trans::kNoTrans, Trans::kNoTrans, 512, 512, 512, 1.0) < 8 * Tol<T>());
    unsetenv("LAPACK_AI_FASTMM_FUSION");
  }
}

TEST_CASE_TEMPLATE("cuda: batched 4x4, 8x8 and 16x16 kernels match a host loop", T, float, double) {
  auto b = CreateBackend("cuda");
  if (!b->Info().available) {
    testing::ReportSkip(fmt::format("no CUDA device: {}", b->Info().note).c_str());
    return;
  }
  for (int64_t n : {4, 8, 16}) {
    INFO("n=", n);
    CHECK(DeviceBatched<T>(*b, Trans::kNoTrans, Trans::kNoTrans, n, 1001, 0.0) < Tol<T>());
    CHECK(DeviceBatched<T>(*b, Trans::kTrans, Trans::kNoTrans, n, 77, -2.0) < Tol<T>());
    CHECK(DeviceBatched<T>(*b, Trans::kNoTrans, Trans::kTrans, n, 33, 1.0) < Tol<T>());
    CHECK(DeviceBatched<T>(*b, Trans::kTrans, Trans::kTrans, n, 5, 0.5) < Tol<T>());
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace lapack_ai
