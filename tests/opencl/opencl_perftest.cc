// lapack_ai_opencl_perftest: the GPU measurements `lapack-ai bench` cannot make at n = 16384 in
// a lease (its LAPACK checks are O(n^3) in long double): the device's copy bandwidth, and hybrid
// potrf/getrf/geqrf on the opencl backend against OpenBLAS on the host, timed interleaved, each
// result checked by a projected residual (4 random vectors).
// Usage: PERFTEST N[,N...] THREADS OUT.json [OPENCL_SPEC,...] [OPS]
//   e.g. opencl:/nb=256,opencl:/nb=512; OPS a subset of potrf,getrf,geqrf (default all three).
//   LAPACK_AI_PERFTEST_REPEAT: interleaved samples per side (default 3). Every speedup carries
//   its bootstrap interval, and the host's BLAS kernel and environment findings are recorded.
#include <algorithm>
#include <memory>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends/opencl/opencl_backend.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/env.h"
#include "lapack_ai/result.h"
#include "lapack_ai/stats.h"
#include "lapack_ai/timer.h"

namespace lapack_ai {
namespace {

// Device-to-device copy of a 1 GiB buffer, counting bytes read plus bytes written.
double CopyBandwidthGBs(opencl::OpenDevice& dev) {
  const std::size_t bytes = std::size_t{1} << 30;
  opencl::Buffer x(dev.context(), bytes), y(dev.context(), bytes);
  CL_CHECK(clEnqueueFillBuffer(dev.queue(), x.get(), "\1\2\3\4", 4, 0, bytes, 0, nullptr, nullptr));
  std::vector<double> times;
  for (int rep = 0; rep < 12; ++rep) {
    dev.Finish();
    const auto t0 = std::chrono::steady_clock::now();
    CL_CHECK(clEnqueueCopyBuffer(dev.queue(), x.get(), y.get(), 0, 0, bytes, 0, nullptr, nullptr));
    dev.Finish();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return 2.0 * static_cast<double>(bytes) / times[times.size() / 2] / 1e9;
}

// Symmetric with |a_ij| <= 1 off the diagonal and n on it: SPD by Gershgorin, O(n^2) to make.
template <typename T>
std::vector<T> MakeMatrix(int64_t n, bool spd) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<T> a(static_cast<std::size_t>(n * n));
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = spd ? j : 0; i < n; ++i) {
      a[i + j * n] = static_cast<T>(i == j && spd ? static_cast<double>(n) : u(rng));
      if (spd) a[j + i * n] = a[i + j * n];
    }
  return a;
}

// max over 4 random x of ||F x - A x||_inf / (||A||_inf ||x||_inf n eps), F the product of the
// computed factors applied to x by `apply_f` in double.
template <typename T, typename ApplyF>
double ProjectedRatio(const std::vector<T>& a0, int64_t n, ApplyF apply_f) {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  double anorm = 0, worst = 0;
  for (int64_t i = 0; i < n; ++i) {
    double s = 0;
    for (int64_t j = 0; j < n; ++j) s += std::abs(static_cast<double>(a0[i + j * n]));
    anorm = std::max(anorm, s);
  }
  for (int v = 0; v < 4; ++v) {
    std::vector<double> x(n), ax(n, 0.0);
    for (double& e : x) e = u(rng);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = 0; i < n; ++i) ax[i] += static_cast<double>(a0[i + j * n]) * x[j];
    const std::vector<double> z = apply_f(x);
    double err = 0, xn = 0;
    for (int64_t i = 0; i < n; ++i) {
      err = std::max(err, std::abs(z[i] - ax[i]));
      xn = std::max(xn, std::abs(x[i]));
    }
    worst = std::max(worst, err / (anorm * xn * static_cast<double>(n) *
                                   std::numeric_limits<T>::epsilon()));
  }
  return worst;
}

// F x for potrf (L L^T x, L in the lower triangle) or getrf (P L U x, ipiv given).
template <typename T>
std::vector<double> ApplyLu(const std::vector<T>& f, const int32_t* ipiv, int64_t n,
                            const std::vector<double>& x) {
  std::vector<double> y(n, 0.0), z(n, 0.0);
  for (int64_t i = 0; i < n; ++i)  // y = U x (getrf) or L^T x (potrf)
    for (int64_t j = i; j < n; ++j)
      y[i] += static_cast<double>(ipiv ? f[i + j * n] : f[j + i * n]) * x[j];
  for (int64_t j = 0; j < n; ++j)  // z = L y (unit diagonal for getrf)
    for (int64_t i = j; i < n; ++i)
      z[i] += (ipiv && i == j ? 1.0 : static_cast<double>(f[i + j * n])) * y[j];
  if (ipiv) {
    for (int64_t i = n - 1; i >= 0; --i) std::swap(z[i], z[ipiv[i] - 1]);
  }
  return z;
}

// F x = Q (R x) for geqrf, Q applied as its reflectors H_1 ... H_n (LAPACK's layout:
// v_i(i) = 1, v_i below the diagonal of column i, tau_i).
template <typename T>
std::vector<double> ApplyQr(const std::vector<T>& f, const std::vector<T>& tau, int64_t n,
                            const std::vector<double>& x) {
  std::vector<double> z(n, 0.0);
  for (int64_t j = 0; j < n; ++j)  // z = R x
    for (int64_t i = 0; i <= j; ++i) z[i] += static_cast<double>(f[i + j * n]) * x[j];
  for (int64_t k = n - 1; k >= 0; --k) {  // z = H_k z, last reflector first
    double d = z[k];
    for (int64_t i = k + 1; i < n; ++i) d += static_cast<double>(f[i + k * n]) * z[i];
    d *= static_cast<double>(tau[k]);
    z[k] -= d;
    for (int64_t i = k + 1; i < n; ++i) z[i] -= static_cast<double>(f[i + k * n]) * d;
  }
  return z;
}

// Times every GPU variant and the host interleaved (the host's 10+ s calls run once per op).
nlohmann::json TimeFactorization(const std::string& op, int64_t n,
                                 const std::vector<std::unique_ptr<Backend>>& gpus, Backend& cpu) {
  const bool spd = op == "potrf", qr = op == "geqrf";
  const auto a0 = MakeMatrix<float>(n, spd);
  const std::size_t count = gpus.size() + 1;
  std::vector<std::vector<float>> a(count, a0), tau(count, std::vector<float>(n));
  std::vector<std::vector<int32_t>> piv(count, std::vector<int32_t>(n));
  std::vector<Call> calls;
  for (std::size_t i = 0; i < count; ++i) {
    calls.push_back(spd ? Call(PotrfCall<float>{'L', n, a[i].data(), n, 0})
                    : qr ? Call(GeqrfCall<float>{n, n, a[i].data(), n, tau[i].data(), 0})
                         : Call(GetrfCall<float>{n, n, a[i].data(), n, piv[i].data(), 0}));
  }
  std::vector<std::unique_ptr<BoundCall>> bound;
  std::vector<TimedTarget> targets;
  for (std::size_t i = 0; i < count; ++i) {
    Backend& b = i < gpus.size() ? *gpus[i] : cpu;
    bound.push_back(b.Bind(calls[i]));
    targets.push_back({fmt::format("{}#{}", b.name(), i), bound.back().get(), 1});
  }
  bound.back()->Reset();
  bound.back()->Run();  // warm-up of the host library, like the device's warm-up inside Bind
  const char* repeat = std::getenv("LAPACK_AI_PERFTEST_REPEAT");
  const auto stats = TimeInterleaved(targets, repeat != nullptr ? std::max(2, std::atoi(repeat)) : 3);
  const double n3 = n * static_cast<double>(n) * n;
  const double flops = spd ? n3 / 3.0 : qr ? 4.0 * n3 / 3.0 : 2.0 * n3 / 3.0;
  const double cpu_s = stats.back().median_s;
  nlohmann::json j = {{"op", "s" + op}, {"n", n}, {"cpu_median_s", cpu_s},
                      {"cpu_samples_s", stats.back().samples_s}, {"cpu_gflops", flops / cpu_s / 1e9},
                      {"ratio_threshold", 30}};
  fmt::print("s{:<6} n={:<6} cpu {:.4f} s\n", op, n, cpu_s);
  for (std::size_t i = 0; i < gpus.size(); ++i) {
    bound[i]->Reset();
    bound[i]->Run();
    bound[i]->Fetch();
    const int32_t* p = spd ? nullptr : piv[i].data();
    const double ratio = ProjectedRatio(a0, n, [&](const std::vector<double>& x) {
      return qr ? ApplyQr(a[i], tau[i], n, x) : ApplyLu(a[i], p, n, x);
    });
    const SpeedupEstimate e = BootstrapSpeedup(stats.back().samples_s, stats[i].samples_s,
                                               DeriveSeed(1988, op + gpus[i]->name()));
    j["gpu"].push_back({{"backend", gpus[i]->name()}, {"median_s", stats[i].median_s},
                        {"samples_s", stats[i].samples_s}, {"speedup", e.point},
                        {"speedup_ci", e.valid() ? nlohmann::json::array({e.lo, e.hi}) : nlohmann::json()},
                        {"gflops", flops / stats[i].median_s / 1e9}, {"projected_ratio", ratio}});
    fmt::print("  {:<24} {:.4f} s  speedup {}  ratio {:.2g}\n", gpus[i]->name(),
               stats[i].median_s, FormatSpeedup(e), ratio);
  }
  return j;
}

int Main(int argc, char** argv) {
  if (argc < 4 || argc > 6) {
    fmt::print(stderr, "usage: {} N[,N...] HOST_THREADS OUT.json [OPENCL_SPEC[,...]] [OPS]\n", argv[0]);
    return 2;
  }
  std::vector<int64_t> sizes;
  for (std::string_view s = argv[1]; !s.empty();) {
    const auto comma = s.find(',');
    sizes.push_back(std::stoll(std::string(s.substr(0, comma))));
    s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
  }
  auto gpu_backend = CreateBackend("opencl");
  auto cpu_backend = CreateBackend("openblas");
  cpu_backend->SetThreads(std::stoi(argv[2]));
  auto* ocl = dynamic_cast<opencl::OpenclBackend*>(gpu_backend.get());
  if (ocl == nullptr || ocl->device() == nullptr) {
    fmt::print(stderr, "opencl unavailable: {}\n", gpu_backend->Info().note);
    return 1;
  }
  const BackendInfo host = cpu_backend->Info();
  nlohmann::json out = {{"device", gpu_backend->Info().extra.at("selected")},
                        {"host", host.library},
                        {"host_kernel", host.extra.count("core") ? host.extra.at("core") : ""},
                        {"host_threads", host.threads}};
  // The CPU side of every ratio is only as good as its kernel: say which ran, and what else.
  const auto sys = env::RealSystem();
  const env::LoadWindow before = env::SampleLoad(*sys, 0.25);
  const auto findings = env::CheckEnvironment(*sys, {host, gpu_backend->Info()}, env::Phase::kStart, &before);
  out["warnings"] = env::ToJson(findings);
  fmt::print("host OpenBLAS kernel: {}\n", out["host_kernel"].get<std::string>());
  for (const auto& f : findings) fmt::print("{}\n", env::FormatFinding(f));
  out["copy_bandwidth_GBs"] = CopyBandwidthGBs(*ocl->device());
  fmt::print("device copy bandwidth (read+write): {:.0f} GB/s\n", out["copy_bandwidth_GBs"].get<double>());
  std::vector<std::unique_ptr<Backend>> variants;
  for (std::string_view s = argc >= 5 ? argv[4] : "opencl"; !s.empty();) {
    const auto comma = s.find(',');
    variants.push_back(CreateBackend(s.substr(0, comma)));
    s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
  }
  const std::string ops = argc == 6 ? argv[5] : "potrf,getrf,geqrf";
  for (int64_t n : sizes)
    for (const char* op : {"potrf", "getrf", "geqrf"})
      if (("," + ops + ",").find(std::string(",") + op + ",") != std::string::npos)
        out["factorizations"].push_back(TimeFactorization(op, n, variants, *cpu_backend));
  WriteFileAtomically(argv[3], out.dump(2));
  return 0;
}

}  // namespace
}  // namespace lapack_ai

int main(int argc, char** argv) {
  try {
    return lapack_ai::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lapack_ai_opencl_perftest: %s\n", e.what());
    return 1;
  }
}
