// Test helpers for diagnose: a tiny .npy writer (so tests generate their matrices instead of
// shipping binaries), a scratch folder, and a runner for the lapack-ai binary.
#pragma once
#include "cli_runner.h"
#include <cstdint>
#include <filesystem>
#include <string>

#include "lapack_ai/matrix.h"

namespace lapack_ai::test {

/// .npy bytes for `a` with dtype `descr` ('<f8', '<f4', '>f8', ...), in C or Fortran order,
/// format `version` (1 or 2). The header is padded so the data start on a 64-byte boundary.
std::string NpyBytes(const Matrix<double>& a, const std::string& descr = "<f8",
                     bool fortran_order = false, int version = 1);

/// .npy bytes with a caller-written header dictionary and raw data (for malformed files).
std::string NpyRaw(const std::string& dict, const std::string& data, int version = 1);

/// The n x n Hilbert matrix 1/(i+j+1) (0-based i, j).
Matrix<double> Hilbert(int64_t n);

/// A fresh folder under the system temp dir, removed on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  /// Writes `bytes` to `name` inside the folder; returns the full path.
  std::string Write(const std::string& name, const std::string& bytes) const;

 private:
  std::filesystem::path path_;
};

using testing::CliResult;
using testing::RunCli;

}  // namespace lapack_ai::test
