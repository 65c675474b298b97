// `tune`'s block-size items (potrf_nb, getrf_nb, geqrf_nb): the hybrid factorization at one
// order timed with each candidate nb on the device, the pick re-measured beside the default
// (TuneNb decides), and the winner held to the validation suite's projected LAPACK checks.
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "clblast_tuning.h"
#include "lapack_ai/calls.h"
#include "lapack_ai/matrix.h"
#include "lapack_ai/stats.h"
#include "opencl_bound_call.h"
#include "ops/info_decode.h"
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

// The factorization of a copy of `a` bound with block size nb (the bind runs it once, so
// kernels are compiled before any timed run), and its outputs after Fetch().
template <typename T>
class Factorization {
 public:
  Factorization(opencl::OpenDevice& dev, std::string_view routine, const Matrix<T>& a, int64_t nb)
      : f_(a), ipiv_(static_cast<std::size_t>(a.rows())), tau_(static_cast<std::size_t>(a.rows())) {
    const int64_t n = a.rows();
    if (routine == "getrf") call_ = GetrfCall<T>{n, n, f_.data(), f_.ld(), ipiv_.data()};
    else if (routine == "potrf") call_ = PotrfCall<T>{'L', n, f_.data(), f_.ld()};
    else call_ = GeqrfCall<T>{n, n, f_.data(), f_.ld(), tau_.data()};
    opencl::OpenclOptions opts;
    opts.nb = static_cast<int>(nb);
    bound_ = opencl::BindHybrid(dev, opts, call_);
    if (bound_ == nullptr) throw std::logic_error("no hybrid binding for a block-size item");
  }
  Factorization(const Factorization&) = delete;
  Factorization& operator=(const Factorization&) = delete;

  /// Milliseconds of one run from the input.
  double Run() {
    bound_->Reset();
    const auto t0 = std::chrono::steady_clock::now();
    bound_->Run();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  }
  /// The last Run's outputs into f(), ipiv(), tau() and info().
  void Fetch() { bound_->Fetch(); }
  int64_t info() const { return InfoOf(call_); }
  const Matrix<T>& f() const { return f_; }
  const std::vector<int32_t>& ipiv() const { return ipiv_; }
  const std::vector<T>& tau() const { return tau_; }

 private:
  Matrix<T> f_;
  std::vector<int32_t> ipiv_;
  std::vector<T> tau_;
  Call call_;  // bound_ holds a reference to it
  std::unique_ptr<BoundCall> bound_;
};

template <typename T>
std::string Check(opencl::OpenDevice& dev, const Item& it, const Matrix<T>& a, int64_t nb,
                  std::vector<std::string>& verified) {
  const std::string_view routine = opencl::BlockRoutine(it.kernel);
  Factorization<T> r(dev, routine, a, nb);
  r.Run();  // the bind's own run leaves the device operands as they were uploaded
  r.Fetch();
  const std::string shape = fmt::format("{}{} {}x{} nb={}", it.precision == Precision::kSingle ? "s" : "d",
                                        routine, it.n, it.n, nb);
  if (r.info() != 0) return fmt::format("{}: INFO = {}", shape, r.info());
  std::vector<std::pair<const char*, double>> ratios;
  if (routine == "getrf") {
    ratios.emplace_back("residual", ProjectedLuRatio(a, r.f(), r.ipiv(), kSeed));
  } else if (routine == "potrf") {
    ratios.emplace_back("residual", ProjectedCholeskyRatio(a, r.f(), kSeed));
  } else {
    const auto [resid, orth] = ProjectedQrRatios(a, r.f(), r.tau(), kSeed);
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
  for (const int64_t nb : {32, 64, 96, 128, 192, 256, 512})
    if (nb != def && nb * 4 <= n) out.push_back(nb);
  // The default's neighbours first (the smaller on a tie: less host panel work), so a budget
  // that pays for one or two candidates tries the likeliest: on the H200 host a 16384 potrf
  // whose budget paid for one tried nb 64 beside the default 512 and found it 2.5x slower.
  const auto distance = [&](int64_t nb) {
    return static_cast<double>(std::max(nb, def)) / static_cast<double>(std::min(nb, def));
  };
  std::stable_sort(out.begin() + 1, out.end(), [&](int64_t a, int64_t b) { return distance(a) < distance(b); });
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
  return std::visit(
      [&](const auto& a) {
        Factorization f(dev_, opencl::BlockRoutine(it_.kernel), a, nb);
        double best = -1;
        for (int r = 0; r < kTimedRuns; ++r) {
          const double ms = f.Run();
          if (best < 0 || ms < best) best = ms;
        }
        return best;
      },
      input_);
}

NbBench::Pairs NbBench::Interleaved(int64_t nb_a, int64_t nb_b, int rounds) {
  return std::visit(
      [&](const auto& a) {
        Factorization fa(dev_, opencl::BlockRoutine(it_.kernel), a, nb_a);
        Factorization fb(dev_, opencl::BlockRoutine(it_.kernel), a, nb_b);
        std::vector<double> ta, tb;
        for (int r = 0; r < rounds; ++r) {
          // Alternate which goes first, so neither always runs on a just-warmed device.
          if (r % 2 == 0) ta.push_back(fa.Run()), tb.push_back(fb.Run());
          else tb.push_back(fb.Run()), ta.push_back(fa.Run());
        }
        Pairs out{Median(ta), Median(tb), 0};
        for (int r = 0; r < rounds; ++r) out.b_faster += tb[static_cast<std::size_t>(r)] < ta[static_cast<std::size_t>(r)];
        return out;
      },
      input_);
}

std::string NbBench::Verify(int64_t nb, std::vector<std::string>& verified) {
  try {
    return std::visit([&](const auto& a) { return Check(dev_, it_, a, nb, verified); }, input_);
  } catch (const std::exception& e) {
    return fmt::format("the check failed to run: {}", e.what());
  }
}

bool NbSweepAffords(double elapsed_s, double sweep_s, std::size_t tried, double allowance_s) {
  if (tried == 0) return true;
  const double per = sweep_s / static_cast<double>(tried);
  return elapsed_s + per * (1 + kNbConfirmCandidates) <= allowance_s;
}

void TuneNb(opencl::OpenDevice& dev, Item& it) {
  using Clock = std::chrono::steady_clock;
  const std::vector<int64_t> candidates = NbCandidates(opencl::BlockRoutine(it.kernel), it.n);
  const auto start = Clock::now();
  const auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  std::optional<NbBench> bench;
  int wins = 0;
  try {
    bench.emplace(dev, it);
    // The default is not swept: only the re-measure beside the pick decides.
    int64_t best = 0;
    double best_ms = -1;
    std::size_t tried = 0;
    const auto sweep = Clock::now();
    for (std::size_t i = 1; i < candidates.size(); ++i) {
      if (!NbSweepAffords(since(start), since(sweep), tried, it.allowance_s)) break;
      const double ms = bench->Time(candidates[i]);
      ++tried;
      if (best_ms < 0 || ms < best_ms) best_ms = ms, best = candidates[i];
    }
    it.configurations = static_cast<double>(tried);
    it.fraction = static_cast<double>(tried) / static_cast<double>(candidates.size() - 1);
    it.parameters = {{"N", static_cast<std::size_t>(it.n)}, {"NB", static_cast<std::size_t>(best)}};
    const NbBench::Pairs confirm = bench->Interleaved(candidates.front(), best, kNbConfirmRounds);
    it.default_ms = confirm.median_a_ms;
    it.best_ms = confirm.median_b_ms;
    wins = confirm.b_faster;
  } catch (const std::exception& e) {
    it.outcome = fmt::format("failed: {}", e.what());
    return;
  }
  std::string why = SlowerWhy(it.default_ms, it.best_ms);
  if (why.empty() && wins < kNbConfirmWins) {
    why = fmt::format("nb {} was faster in {} of {} alternating runs (needs {}): within the noise", it.parameters["NB"],
                      wins, kNbConfirmRounds, kNbConfirmWins);
  }
  if (why.empty()) {
    const auto t0 = Clock::now();
    why = bench->Verify(static_cast<int64_t>(it.parameters["NB"]), it.verified);
    it.check_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  }
  Conclude(it, why, fmt::format("kept the default nb {}", candidates.front()));
}

}  // namespace lapack_ai::clblast_tuning
