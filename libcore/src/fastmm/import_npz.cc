// AlphaTensor .npz importer (in progress).
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/import.h"

namespace lapack_ai::fastmm {

Scheme ImportNpz(const std::string& path, const std::string& key, std::optional<Field>) {
  throw UsageError(path + ": npz import of key " + key + " is not implemented yet");
}

}  // namespace lapack_ai::fastmm
