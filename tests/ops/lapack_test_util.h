// Test helpers for the LAPACK ops: run one case on a backend the way the runner does, and a
// backend that runs the reference and then plants an error in its output.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/op.h"

namespace lapack_ai::testing {

/// Runs the reference backend, then `plant(call)` on the result.
class PlantingBackend final : public Backend {
 public:
  explicit PlantingBackend(std::function<void(Call&)> plant)
      : inner_(CreateBackend("reference")), plant_(std::move(plant)) {}
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override { return inner_->Info(); }
  bool Supports(std::string_view routine, Precision p) const override { return inner_->Supports(routine, p); }
  std::unique_ptr<BoundCall> Bind(Call& call) override {
    class Planted final : public BoundCall {
     public:
      Planted(std::unique_ptr<BoundCall> in, Call& c, std::function<void(Call&)> f)
          : in_(std::move(in)), call_(c), plant_(std::move(f)) {}
      void Reset() override { in_->Reset(); }
      void Run() override {
        in_->Run();
        plant_(call_);
      }
      void Fetch() override { in_->Fetch(); }

     private:
      std::unique_ptr<BoundCall> in_;
      Call& call_;
      std::function<void(Call&)> plant_;
    };
    return std::make_unique<Planted>(inner_->Bind(call), call, plant_);
  }

 private:
  std::string name_ = "planted";
  std::unique_ptr<Backend> inner_;
  std::function<void(Call&)> plant_;
};

/// Parameters of a double-precision case of `op`.
inline CaseParams Params(std::string op, int64_t m, int64_t n, std::string matrix = "rand", int64_t nrhs = 2) {
  CaseParams p;
  p.op = std::move(op);
  p.type = Precision::kDouble;
  p.m = m;
  p.n = n;
  p.k = n;
  p.nrhs = nrhs;
  p.matrix = std::move(matrix);
  return p;
}

/// Generate, reference, prepare, bind, run, fetch, check: one case on one backend.
inline std::vector<CheckResult> RunCase(const CaseParams& p, Backend& backend) {
  static std::unique_ptr<Backend> reference = CreateBackend("reference");
  const OpDescription* op = FindOp(p.op);
  REQUIRE(op != nullptr);
  auto cs = op->MakeCase(p);
  cs->ComputeReference(*reference);
  Call& call = cs->PrepareCall();
  auto bound = backend.Bind(call);
  bound->Reset();
  bound->Run();
  bound->Fetch();
  return cs->Check(0);
}

/// The check named `name` (fails the test if absent).
inline CheckResult Named(const std::vector<CheckResult>& checks, const std::string& name) {
  for (const CheckResult& c : checks)
    if (c.name == name) return c;
  FAIL("no check named " << name);
  return {};
}

inline bool AllPassed(const std::vector<CheckResult>& checks) {
  for (const CheckResult& c : checks)
    if (!c.passed) return false;
  return !checks.empty();
}

}  // namespace lapack_ai::testing
