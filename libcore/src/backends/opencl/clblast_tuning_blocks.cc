// `tune`'s block-size items (potrf_nb, getrf_nb, geqrf_nb): the hybrid factorization at one
// order timed with each candidate nb on the device, and the winner held to the validation
// suite's projected LAPACK checks at that order.
#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "clblast_tuning.h"
#include "lapack_ai/calls.h"
#include "lapack_ai/matrix.h"
#include "opencl_bound_call.h"
#include "ops/lapack_checks.h"
#include "ops/projected_checks.h"

namespace lapack_ai::clblast_tuning {
namespace {

constexpr uint64_t kSeed = 20261201;
constexpr int kTimedRuns = 3;

// The item's input: uniform in [-1, 1] for getrf and geqrf; for potrf symmetric with n added
// to the diagonal, so positive definite and well conditioned.
template <typename T>
Matrix<T> Input(std::string_view routine, int64_t n) {
  Matrix<T> a(n, n);
  std::mt19937_64 gen(kSeed);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < n; ++i) a(i, j) = static_cast<T>(u(gen));
  if (routine == "potrf") {
    for (int64_t j = 0; j < n; ++j) {
      for (int64_t i = j + 1; i < n; ++i) a(j, i) = a(i, j);
      a(j, j) += static_cast<T>(n);
    }
  }
  return a;
}

// One factorization of `a` bound with block size nb: its outputs, and the best of kTimedRuns
// runs after the bind's warm-up run.
template <typename T>
struct Factored {
  Matrix<T> f;
  std::vector<int32_t> ipiv;
  std::vector<T> tau;
  int64_t info = 0;
  double best_ms = -1;
};

template <typename T>
Factored<T> Factor(opencl::OpenDevice& dev, std::string_view routine, const Matrix<T>& a, int64_t nb) {
  const int64_t n = a.rows();
  Factored<T> out;
  out.f = a;
  out.ipiv.resize(static_cast<std::size_t>(n));
  out.tau.resize(static_cast<std::size_t>(n));
  Call call;
  if (routine == "getrf") call = GetrfCall<T>{n, n, out.f.data(), out.f.ld(), out.ipiv.data()};
  else if (routine == "potrf") call = PotrfCall<T>{'L', n, out.f.data(), out.f.ld()};
  else call = GeqrfCall<T>{n, n, out.f.data(), out.f.ld(), out.tau.data()};
  opencl::OpenclOptions opts;
  opts.nb = static_cast<int>(nb);
  const std::unique_ptr<BoundCall> bound = opencl::BindHybrid(dev, opts, call);
  if (bound == nullptr) throw std::logic_error("no hybrid binding for a block-size item");
  for (int r = 0; r < kTimedRuns; ++r) {
    bound->Reset();
    const auto t0 = std::chrono::steady_clock::now();
    bound->Run();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (out.best_ms < 0 || ms < out.best_ms) out.best_ms = ms;
  }
  bound->Fetch();
  std::visit([&](auto& c) {
    if constexpr (requires { c.info; }) out.info = c.info;
  }, call);
  return out;
}

template <typename T>
std::string Check(opencl::OpenDevice& dev, const Item& it, const Matrix<T>& a, int64_t nb,
                  std::vector<std::string>& verified) {
  const std::string_view routine = opencl::BlockRoutine(it.kernel);
  const Factored<T> r = Factor(dev, routine, a, nb);
  const std::string shape = fmt::format("{}{} {}x{} nb={}", it.precision == Precision::kSingle ? "s" : "d",
                                        routine, it.n, it.n, nb);
  if (r.info != 0) return fmt::format("{}: INFO = {}", shape, r.info);
  std::vector<std::pair<const char*, double>> ratios;
  if (routine == "getrf") {
    ratios.emplace_back("residual", ProjectedLuRatio(a, r.f, r.ipiv, kSeed));
  } else if (routine == "potrf") {
    ratios.emplace_back("residual", ProjectedCholeskyRatio(a, r.f, kSeed));
  } else {
    const auto [resid, orth] = ProjectedQrRatios(a, r.f, r.tau, kSeed);
    ratios.emplace_back("residual", resid);
    ratios.emplace_back("orthogonality", orth);
  }
  for (const auto& [name, ratio] : ratios) {
    if (!(ratio < kLinThreshold)) {
      return fmt::format("{}: projected {} ratio {:.3g} >= {}", shape, name, ratio, kLinThreshold);
    }
  }
  verified.push_back(shape);
  return "";
}

}  // namespace

std::vector<int64_t> NbCandidates(std::string_view routine, int64_t n) {
  const int64_t def = opencl::DefaultBlockSize(routine, n);
  std::vector<int64_t> out{def};
  for (const int64_t nb : {64, 128, 32, 96, 192, 256, 512})
    if (nb != def && nb * 4 <= n) out.push_back(nb);
  return out;
}

double NbFlops(std::string_view routine, int64_t n) {
  const double c = static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  return routine == "potrf" ? c / 3 : routine == "getrf" ? 2 * c / 3 : 4 * c / 3;
}

NbBench::NbBench(opencl::OpenDevice& dev, const Item& it) : dev_(dev), it_(it) {
  const std::string_view routine = opencl::BlockRoutine(it.kernel);
  if (it.precision == Precision::kSingle) input_ = Input<float>(routine, it.n);
  else input_ = Input<double>(routine, it.n);
}

double NbBench::Time(int64_t nb) {
  return std::visit([&](const auto& a) { return Factor(dev_, opencl::BlockRoutine(it_.kernel), a, nb).best_ms; },
                    input_);
}

std::string NbBench::Verify(int64_t nb, std::vector<std::string>& verified) {
  try {
    return std::visit([&](const auto& a) { return Check(dev_, it_, a, nb, verified); }, input_);
  } catch (const std::exception& e) {
    return fmt::format("the check failed to run: {}", e.what());
  }
}

}  // namespace lapack_ai::clblast_tuning
