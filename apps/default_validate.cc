// The default `lapack-ai validate` sweep: every op in s and d; gemm at LAPACK's small sizes
// plus odd and larger ones; the LAPACK routines at dtest.in's sizes (square and rectangular)
// with every generator type of their kind, plus two larger sizes with the random and
// ill-conditioned types; on every backend available here.
#include <algorithm>
#include <memory>

#include "lapack_ai/backend.h"
#include "lapack_ai/generators.h"
#include "lapack_ai/op.h"
#include "sweep_options.h"

namespace lapack_ai::cli {
namespace {

// dtest.in's M, N and NRHS values (0..50), rectangular shapes both ways for routines that read m,
// then sizes large enough to cross the blocking (NB = 32/64) of the libraries.
constexpr const char* kSquareSmall = "0,1,2,3,5,10,50";
constexpr const char* kRectSmall = "0,1,2,3,5,10,50,10x3,3x10,50x20,20x50";
constexpr const char* kSquareLarge = "100,160";
constexpr const char* kRectLarge = "100,160x100,100x160";
constexpr const char* kNrhsSmall = "1,2,15";
constexpr const char* kLargeTypes = "rand,ill";

bool IsGemm(std::string_view op) { return op.starts_with("gemm"); }

MatrixKind KindOf(std::string_view op) {
  if (op == "potrf" || op == "posv") return MatrixKind::kSpd;
  if (op.starts_with("syevd")) return MatrixKind::kSymmetric;
  return MatrixKind::kGeneral;
}

bool ReadsM(const OpDescription& op) {
  const auto cols = op.Columns();
  return std::find(cols.begin(), cols.end(), "m") != cols.end();
}

// Every type of the kind except the NaN/Inf screening types (they fail by design).
std::string AllTypes(MatrixKind kind) {
  std::string out;
  for (const std::string& t : MatrixTypes(kind))
    if (t != "nan" && t != "inf") out += (out.empty() ? "" : ",") + t;
  return out;
}

// gels refuses zero columns when m < n; symmetric types need m == n (generators.h).
bool Applicable(const CaseParams& c) {
  if (c.op == "gels" && c.m < c.n && c.matrix.starts_with("zero-")) return false;
  if (KindOf(c.op) == MatrixKind::kGeneral && (c.matrix == "spd" || c.matrix == "sym")) return c.m == c.n;
  return true;
}

}  // namespace

std::string DefaultValidateDims() { return "0,1,2,3,5,10,17,50,64,100,257"; }

std::vector<CaseParams> ExpandValidateSweep(const CLI::App& sub, const SweepSettings& settings) {
  const bool op_given = sub.count("--op") > 0, dim_given = sub.count("--dim") > 0;
  const bool matrix_given = sub.count("--matrix") > 0, nrhs_given = sub.count("--nrhs") > 0;
  std::vector<std::string> ops;
  if (op_given) {
    ops = SplitList(settings.op, "--op");
  } else {
    for (const OpDescription* op : AllOps()) ops.emplace_back(op->name());
  }
  std::vector<CaseParams> out;
  for (const std::string& name : ops) {
    const OpDescription* op = FindOp(name);
    SweepSettings s = settings;
    s.op = name;
    if (op == nullptr || IsGemm(name)) {
      auto cases = ExpandSweep(ParseSweepSpec(s));
      out.insert(out.end(), cases.begin(), cases.end());
      continue;
    }
    // Small sizes with every type, then larger sizes with the random and ill-conditioned types.
    const bool rect = ReadsM(*op);
    const std::string types = matrix_given ? settings.matrix : AllTypes(KindOf(name));
    for (int large = 0; large < (dim_given ? 1 : 2); ++large) {
      if (!dim_given) s.dim = large ? (rect ? kRectLarge : kSquareLarge) : (rect ? kRectSmall : kSquareSmall);
      if (!matrix_given) s.matrix = large ? kLargeTypes : types;
      if (!nrhs_given) s.nrhs = large ? "1" : kNrhsSmall;
      for (CaseParams& c : ExpandSweep(ParseSweepSpec(s)))
        if (matrix_given || Applicable(c)) out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<SweepPart> DefaultValidateParts(const std::vector<CaseParams>& cases) {
  // Every family that needs no argument, is available here and runs at least one case of the
  // part; gemm is not run on reference (its gemm check compares against reference itself).
  std::vector<std::unique_ptr<Backend>> backends;
  for (const BackendFamily* f : BackendFamilies()) {
    try {
      auto b = CreateBackend(f->name);
      if (b->Info().available) backends.push_back(std::move(b));
    } catch (const std::exception&) {
      // needs an argument (alphatensor:<scheme>) or cannot start here
    }
  }
  // One part per op, in sweep order, run on the backends that support it.
  std::vector<SweepPart> parts;
  for (const CaseParams& c : cases) {
    if (parts.empty() || parts.back().cases.front().op != c.op) parts.emplace_back();
    parts.back().cases.push_back(c);
  }
  for (SweepPart& part : parts) {
    const std::string& name = part.cases.front().op;
    const OpDescription* op = FindOp(name);
    for (const auto& b : backends) {
      if (IsGemm(name) && b->name() == "reference") continue;
      const bool runs_any = std::any_of(part.cases.begin(), part.cases.end(), [&](const CaseParams& c) {
        return op != nullptr && b->Supports(op->routine(), c.type);
      });
      if (runs_any) part.backends.push_back(b->name());
    }
  }
  return parts;
}

}  // namespace lapack_ai::cli
