// The reference backend: netlib BLAS/LAPACK in an isolated namespace. The truth every other
// backend is checked against.
#pragma once
#include <memory>
#include <string>

#include "lapack_ai/backend.h"

namespace lapack_ai {

class ReferenceBackend final : public Backend {
 public:
  explicit ReferenceBackend(std::string name);
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override;
  bool Supports(std::string_view routine, Precision precision) const override;
  std::unique_ptr<BoundCall> Bind(Call& call) override;

 private:
  std::string name_;
};

/// Registry factory ("reference").
std::unique_ptr<Backend> MakeReferenceBackend(const BackendSpec& spec);

}  // namespace lapack_ai
