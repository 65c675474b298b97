// What limits the generic additions of a fast-matmul call on a CUDA GPU: kernels/cuda_lincomb.cu's
// kernels timed on the two shapes of a wide 4x4x4 plan at n = 16384 (blocks 4096^2, fp64 by
// default, fp32 with `s`): the operand combine (16 blocks of A, ld 16384 -> 48 dense slots) and
// the C combine (48 slots -> 16 blocks of C), each variant checked against the first, beside the
// device's copy and write (memset) bandwidth. On the H200 the kernel moving half the bytes per
// thread ran at half the rate: instruction-bound, which is why the executor now compiles each
// plan's additions with NVRTC (cuda_lincomb_source.h; LAPACK_AI_FASTMM_PROFILE=1 times those in
// place). docs/PERFORMANCE.md quotes both.
//   nvcc -O3 -arch=sm_90 -o lincomb_probe bench/cuda_lincomb_probe.cu && ./lincomb_probe [d|s]
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "../kernels/cuda_lincomb.cu"

#define CHECK(x)                                                                      \
  do {                                                                                \
    cudaError_t e_ = (x);                                                             \
    if (e_ != cudaSuccess) {                                                          \
      std::fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #x, cudaGetErrorString(e_)); \
      std::exit(1);                                                                   \
    }                                                                                 \
  } while (0)

namespace {

constexpr int64_t kN = 16384, kB = 4096, kBlock = kB * kB;
constexpr int kOperands = 48, kBlocks = 16, kRow = 16;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median seconds of `launch` over 15 calls after 3 warm-ups.
double Time(const std::function<void()>& launch) {
  cudaEvent_t a, b;
  CHECK(cudaEventCreate(&a));
  CHECK(cudaEventCreate(&b));
  std::vector<double> t;
  for (int i = 0; i < 18; ++i) {
    CHECK(cudaEventRecord(a));
    launch();
    CHECK(cudaEventRecord(b));
    CHECK(cudaEventSynchronize(b));
    float ms = 0;
    CHECK(cudaEventElapsedTime(&ms, a, b));
    if (i >= 3) t.push_back(ms * 1e-3);
  }
  CHECK(cudaGetLastError());
  return Median(t);
}

template <typename T>
__global__ void MaxDiff(const T* x, const T* y, int64_t n, double* out) {
  double m = 0;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    m = fmax(m, fabs(double(x[i]) - double(y[i])));
  atomicMax(reinterpret_cast<unsigned long long*>(out), __double_as_longlong(m));  // m >= 0
}

template <typename T>
struct Shape {
  const char* name;
  int nsrc, ndst;
  std::vector<int64_t> table;  // as cuda_fastmm.cc builds it
  std::vector<T> coef;         // one zero-padded row of 16 per destination ('s') or source ('d')
};

template <typename T>
void Run(const char* type) {
  using Kernel = void (*)(int64_t, int64_t, int, int, T, void*, void*, void*, void*, const int64_t*, const T*, int);
  constexpr bool kD = sizeof(T) == 8;
  T *a, *c, *slots, *ref;
  CHECK(cudaMalloc(&a, sizeof(T) * kN * kN));
  CHECK(cudaMalloc(&c, sizeof(T) * kN * kN));
  CHECK(cudaMalloc(&slots, sizeof(T) * kBlock * kOperands));
  CHECK(cudaMalloc(&ref, sizeof(T) * kBlock * kOperands));
  {
    std::vector<T> host(kN);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(-1, 1);
    for (auto& v : host) v = T(u(rng));
    for (int64_t j = 0; j < kN; ++j) CHECK(cudaMemcpy(a + j * kN, host.data(), sizeof(T) * kN, cudaMemcpyHostToDevice));
    for (int64_t j = 0; j < kOperands * kB; ++j)
      CHECK(cudaMemcpy(slots + j * kB, host.data(), sizeof(T) * kB, cudaMemcpyHostToDevice));
  }
  // Coefficients like dps-4x4x4-48's: about 5 terms of +-1 per operand, 6 per product column.
  std::mt19937 rng(11);
  auto sparse_row = [&](int terms, int width, std::vector<T>& out) {
    std::vector<T> row(kRow, T(0));
    for (int t = 0; t < terms; ++t) row[rng() % width] = (rng() & 1) ? T(1) : T(-1);
    out.insert(out.end(), row.begin(), row.end());
  };
  Shape<T> ops{"A operands 16 -> 48", kBlocks, kOperands, {}, {}};
  for (int b = 0; b < kBlocks; ++b) ops.table.insert(ops.table.end(), {0, (b / 4) * kB + (b % 4) * kB * kN, kN});
  for (int d = 0; d < kOperands; ++d) ops.table.insert(ops.table.end(), {3, d * kBlock, kB, 0});
  for (int d = 0; d < kOperands; ++d) sparse_row(5, kBlocks, ops.coef);
  Shape<T> sum{"C sum 48 -> 16", kOperands, kBlocks, {}, {}};
  for (int s = 0; s < kOperands; ++s) sum.table.insert(sum.table.end(), {3, s * kBlock, kB});
  for (int d = 0; d < kBlocks; ++d) sum.table.insert(sum.table.end(), {2, (d / 4) * kB + (d % 4) * kB * kN, kN, 0});
  for (int s = 0; s < kOperands; ++s) sparse_row(6, kBlocks, sum.coef);

  auto upload = [](const auto& v) {
    using E = typename std::decay_t<decltype(v)>::value_type;
    E* p;
    CHECK(cudaMalloc(&p, sizeof(E) * v.size()));
    CHECK(cudaMemcpy(p, v.data(), sizeof(E) * v.size(), cudaMemcpyHostToDevice));
    return p;
  };
  double* diff;
  CHECK(cudaMalloc(&diff, sizeof(double)));
  const double copy_bytes = 2.0 * sizeof(T) * kBlock * kOperands;
  const double copy = Time([&] { CHECK(cudaMemcpyAsync(ref, slots, sizeof(T) * kBlock * kOperands, cudaMemcpyDeviceToDevice)); });
  const double write = Time([&] { CHECK(cudaMemsetAsync(ref, 0, sizeof(T) * kBlock * kOperands)); });
  std::printf("%s, blocks %lld^2: copy %.2f TB/s (read + write), memset %.2f TB/s\n", type, (long long)kB,
              copy_bytes / copy * 1e-12, copy_bytes / 2 / write * 1e-12);

  for (Shape<T>* sh : {&ops, &sum}) {
    const bool src = sh == &ops;
    const int64_t* table = upload(sh->table);
    const T* coef = upload(sh->coef);
    T* out = src ? slots : c;
    const int64_t out_elems = src ? kBlock * kOperands : kN * kN;
    const double bytes = double(sh->nsrc + sh->ndst) * kBlock * sizeof(T);
    struct Variant {
      std::string name;
      Kernel k;
      int vec;
    };
    const Kernel plain = src ? (kD ? (Kernel)lincomb_d_src : (Kernel)lincomb_s_src) : (kD ? (Kernel)lincomb_d_dst : (Kernel)lincomb_s_dst);
    const std::vector<Variant> vs = {{"lincomb, 16 B/thread", plain, 1}, {"lincomb, 1 element/thread", plain, 0}};
    std::printf("%s (%.2f GB a call):\n", sh->name, bytes * 1e-9);
    for (std::size_t i = 0; i < vs.size(); ++i) {
      const Variant& v = vs[i];
      const unsigned gx = unsigned(kB / (64 * (v.vec ? 16 / sizeof(T) : 1)));
      auto launch = [&] {
        v.k<<<dim3(gx, 1024), dim3(64, 4)>>>(kB, kB, sh->nsrc, sh->ndst, T(0), a, a, c, slots, table, coef, v.vec);
      };
      const double t = Time(launch);
      double m = 0;
      if (i == 0) {
        CHECK(cudaMemcpy(ref, out, sizeof(T) * out_elems, cudaMemcpyDeviceToDevice));
      } else {
        CHECK(cudaMemset(diff, 0, sizeof(double)));
        MaxDiff<<<1024, 256>>>(out, ref, out_elems, diff);
        CHECK(cudaMemcpy(&m, diff, sizeof(double), cudaMemcpyDeviceToHost));
      }
      std::printf("  %-52s %7.3f ms  %5.2f TB/s  (%.0f %% of copy)  max diff %.1e\n", v.name.c_str(), t * 1e3,
                  bytes / t * 1e-12, 100 * (bytes / t) / (copy_bytes / copy), m);
    }
    if (src) {
      // The same 48 destinations as three launches of 16: fewer write streams at once, the
      // sources read three times.
      std::vector<const int64_t*> tables;
      std::vector<const T*> coefs;
      for (int part = 0; part < 3; ++part) {
        std::vector<int64_t> t(sh->table.begin(), sh->table.begin() + 3 * sh->nsrc);
        t.insert(t.end(), sh->table.begin() + 3 * sh->nsrc + 4 * 16 * part, sh->table.begin() + 3 * sh->nsrc + 4 * 16 * (part + 1));
        tables.push_back(upload(t));
        coefs.push_back(upload(std::vector<T>(sh->coef.begin() + kRow * 16 * part, sh->coef.begin() + kRow * 16 * (part + 1))));
      }
      const double t = Time([&] {
        for (int p = 0; p < 3; ++p)
          plain<<<dim3(kB / (64 * (16 / sizeof(T))), 1024), dim3(64, 4)>>>(kB, kB, sh->nsrc, 16, T(0), a, a, c, slots, tables[p], coefs[p], 1);
      });
      std::printf("  %-52s %7.3f ms  %5.2f TB/s of the one-launch bytes\n", "lincomb, three launches of 16 destinations", t * 1e3, bytes / t * 1e-12);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  cudaDeviceProp p;
  CHECK(cudaGetDeviceProperties(&p, 0));
  std::printf("%s, %d SMs\n", p.name, p.multiProcessorCount);
  if (argc > 1 && argv[1][0] == 's') Run<float>("fp32");
  else Run<double>("fp64");
  return 0;
}
