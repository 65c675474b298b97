// Parsing of sweep values (counts, ranges, dimension lists) and expansion into cases.
#include "lapack_ai/sweep.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai {
namespace {

constexpr int64_t kMaxCasesPerSweep = 1'000'000;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

[[noreturn]] void Bad(std::string_view what, std::string_view whole, std::string_view item,
                      std::string_view expected) {
  if (whole == item) throw UsageError(fmt::format("{}: invalid value '{}': {}", what, whole, expected));
  throw UsageError(fmt::format("{}: invalid value '{}' in '{}': {}", what, item, whole, expected));
}

constexpr std::string_view kDimHelp =
    "expected sizes >= 0 as N, start:end[:step], MxN[xK] (zipped) or M*N[*K] (cartesian), "
    "comma-separated, e.g. 256,512:2048:512,1000x500x200";

// A value or a start:end[:step] range of non-negative counts.
std::vector<int64_t> ParseRange(std::string_view item, std::string_view what, std::string_view whole) {
  const auto parts = Split(item, ':');
  if (parts.size() > 3) Bad(what, whole, item, kDimHelp);
  std::vector<int64_t> v;
  for (auto p : parts) {
    if (Trim(p).empty()) Bad(what, whole, item, kDimHelp);
    try {
      v.push_back(ParseCount(Trim(p), what));
    } catch (const UsageError&) {
      Bad(what, whole, item, kDimHelp);
    }
  }
  if (v.size() == 1) return v;
  const int64_t start = v[0], end = v[1];
  const int64_t step = v.size() == 3 ? v[2] : start;
  if (step <= 0) Bad(what, whole, item, "a range needs a step > 0 (start:end:step)");
  if (end < start) Bad(what, whole, item, "a range needs end >= start");
  if ((end - start) / step + 1 > kMaxCasesPerSweep) Bad(what, whole, item, "range has too many values");
  std::vector<int64_t> out;
  for (int64_t x = start; x <= end; x += step) out.push_back(x);
  return out;
}

}  // namespace

int64_t ParseCount(std::string_view text, std::string_view what) {
  text = Trim(text);
  const std::string expected =
      "expected a non-negative integer, optionally with k/M/G, Ki/Mi/Gi or an exponent (1e3)";
  if (text.empty()) throw UsageError(fmt::format("{}: empty value: {}", what, expected));
  int64_t mult = 1;
  std::string_view digits = text;
  struct Suffix { std::string_view s; int64_t m; };
  for (const Suffix& sfx : {Suffix{"Ki", 1024}, Suffix{"Mi", 1024 * 1024},
                            Suffix{"Gi", int64_t{1024} * 1024 * 1024}, Suffix{"k", 1000},
                            Suffix{"M", 1'000'000}, Suffix{"G", 1'000'000'000}}) {
    if (digits.size() > sfx.s.size() && digits.ends_with(sfx.s)) {
      mult = sfx.m;
      digits.remove_suffix(sfx.s.size());
      break;
    }
  }
  if (mult == 1 && digits.find_first_of("eE") != std::string_view::npos) {
    double d = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || d < 0 || d != std::floor(d) ||
        d > 9e18) {
      throw UsageError(fmt::format("{}: invalid value '{}': {}", what, text, expected));
    }
    return static_cast<int64_t>(d);
  }
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || v < 0 ||
      v > std::numeric_limits<int64_t>::max() / mult) {
    throw UsageError(fmt::format("{}: invalid value '{}': {}", what, text, expected));
  }
  return v * mult;
}

std::vector<Dims> ParseDims(std::string_view text, std::string_view what) {
  std::vector<Dims> out;
  if (Trim(text).empty()) Bad(what, text, text, kDimHelp);
  for (std::string_view raw : Split(text, ',')) {
    const std::string_view item = Trim(raw);
    if (item.empty()) Bad(what, text, item, kDimHelp);
    const bool zip = item.find('x') != std::string_view::npos;
    const bool cart = item.find('*') != std::string_view::npos;
    if (zip && cart) Bad(what, text, item, "use either x (zip) or * (cartesian) in one item");
    if (!zip && !cart) {
      for (int64_t v : ParseRange(item, what, text)) out.push_back({v, v, v});
      continue;
    }
    const auto comps = Split(item, zip ? 'x' : '*');
    if (comps.size() < 2 || comps.size() > 3) Bad(what, text, item, kDimHelp);
    std::vector<std::vector<int64_t>> lists;
    for (auto c : comps) lists.push_back(ParseRange(c, what, text));
    if (lists.size() == 2) lists.push_back(lists[1]);  // MxN: k = n
    if (zip) {
      // Single values broadcast; ranges step together and stop at the shortest.
      std::size_t len = 0;
      for (const auto& l : lists) if (l.size() > 1) len = len == 0 ? l.size() : std::min(len, l.size());
      if (len == 0) len = 1;
      for (std::size_t i = 0; i < len; ++i) {
        auto at = [&](const std::vector<int64_t>& l) { return l.size() == 1 ? l[0] : l[i]; };
        out.push_back({at(lists[0]), at(lists[1]), at(lists[2])});
      }
    } else {
      for (int64_t m : lists[0])
        for (int64_t n : lists[1])
          for (int64_t k : lists[2]) out.push_back({m, n, k});
    }
    if (static_cast<int64_t>(out.size()) > kMaxCasesPerSweep) Bad(what, text, item, "too many sizes");
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text, std::string_view what) {
  std::vector<std::string> out;
  for (auto part : Split(text, ',')) {
    auto t = Trim(part);
    if (t.empty()) throw UsageError(fmt::format("{}: invalid value '{}': empty list item", what, text));
    out.emplace_back(t);
  }
  return out;
}

std::vector<double> ParseRealList(std::string_view text, std::string_view what) {
  std::vector<double> out;
  for (const std::string& item : SplitList(text, what)) {
    double d = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), d);
    if (ec != std::errc() || ptr != item.data() + item.size() || !std::isfinite(d)) {
      throw UsageError(fmt::format("{}: invalid value '{}': expected a finite real number", what, item));
    }
    out.push_back(d);
  }
  return out;
}

std::vector<CaseParams> ExpandSweep(const SweepSpec& spec) {
  std::vector<CaseParams> out;
  for (const std::string& opname : spec.ops) {
    const OpDescription* op = FindOp(opname);
    if (op == nullptr) {
      std::string names;
      for (const auto* o : AllOps()) names += (names.empty() ? "" : ", ") + std::string(o->name());
      throw UsageError(fmt::format("--op: unknown op '{}': expected one of {}", opname, names));
    }
    const auto cols = op->Columns();
    auto reads = [&](std::string_view c) { return std::find(cols.begin(), cols.end(), c) != cols.end(); };
    auto pick = [&](const auto& list, std::string_view col) {
      return reads(col) ? list : std::decay_t<decltype(list)>{list.front()};
    };
    const auto transa = pick(spec.transa, "transA");
    const auto transb = pick(spec.transb, "transB");
    const auto alpha = pick(spec.alpha, "alpha");
    const auto beta = pick(spec.beta, "beta");
    const auto nrhs = pick(spec.nrhs, "nrhs");
    const auto batches = pick(spec.batches, "batch");
    const auto matrices = pick(spec.matrices, "matrix");
    const auto conds = pick(spec.conds, "cond");
    for (Precision type : spec.types)
      for (const Dims& d : spec.dims)
        for (Trans ta : transa)
          for (Trans tb : transb)
            for (double a : alpha)
              for (double b : beta)
                for (int64_t r : nrhs)
                  for (int64_t nb : batches)
                  for (const std::string& mat : matrices)
                    for (double cond : conds) {
                      CaseParams p;
                      p.op = opname;
                      p.type = type;
                      p.m = d.m;
                      p.n = d.n;
                      p.k = d.k;
                      p.transa = ta;
                      p.transb = tb;
                      p.alpha = a;
                      p.beta = b;
                      p.nrhs = r;
                      p.batch = nb;
                      p.matrix = mat;
                      p.cond = cond;
                      p.seed = spec.seed;
                      p.full_check = spec.full_check;
                      out.push_back(std::move(p));
                      if (static_cast<int64_t>(out.size()) > kMaxCasesPerSweep)
                        throw UsageError("sweep: more than 1,000,000 cases; narrow the lists");
                    }
  }
  return out;
}

}  // namespace lapack_ai
