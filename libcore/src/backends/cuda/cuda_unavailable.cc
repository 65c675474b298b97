// The cuda backend when the build has no CUDA toolkit (LAPACK_AI_WITH_CUDA=OFF or nvcc/headers
// not found): it exists, so specs still parse, and says why it cannot run.
#include <fmt/format.h>

#include "lapack_ai/backend.h"
#include "lapack_ai/error.h"

namespace lapack_ai {
namespace {

class UnavailableCuda final : public Backend {
 public:
  explicit UnavailableCuda(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  BackendInfo Info() const override {
    BackendInfo info;
    info.name = name_;
    info.available = false;
    info.note = "built without CUDA (LAPACK_AI_WITH_CUDA=OFF or the CUDA toolkit was not found)";
    return info;
  }
  bool Supports(std::string_view, Precision) const override { return false; }
  std::unique_ptr<BoundCall> Bind(Call&) override {
    throw Unsupported(fmt::format("{}: {}", name_, Info().note));
  }

 private:
  std::string name_;
};

}  // namespace

std::unique_ptr<Backend> MakeCudaBackend(const BackendSpec& spec) {
  return std::make_unique<UnavailableCuda>(spec.text);
}

}  // namespace lapack_ai
