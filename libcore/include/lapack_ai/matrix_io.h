// Readers for the matrix files a user hands to `lapack-ai diagnose`: NumPy .npy (float32/float64,
// C or Fortran order) and MatrixMarket .mtx (coordinate or array; real, integer, pattern;
// general, symmetric, skew-symmetric). Every malformed input is a UsageError, never a crash.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "lapack_ai/matrix.h"

namespace lapack_ai {

/// A matrix read from a file, widened to double, and what the file said about it.
struct MatrixFile {
  Matrix<double> matrix;
  std::string format;     ///< "npy" or "mtx"
  std::string dtype;      ///< npy: "float32"/"float64"; mtx: "real"/"integer"/"pattern"
  std::string layout;     ///< npy: "C order"/"Fortran order"; mtx: "coordinate"/"array"
  std::string symmetry;   ///< mtx: "general"/"symmetric"/"skew-symmetric"; npy: "general"
  int64_t stored_entries = 0;  ///< entries present in the file (mtx coordinate: nnz lines)
  /// Machine epsilon of the stored precision (2^-23 for float32, 2^-52 otherwise): the data
  /// carry no more accuracy than this, so rank tolerances use it (as numpy.linalg.matrix_rank).
  double source_eps = 0x1.0p-52;
};

/// Largest matrix (rows * cols elements) the readers will expand densely: 2^28 doubles (2 GiB).
/// Larger declared shapes are a UsageError, so a 3-line .mtx cannot ask for terabytes.
inline constexpr int64_t kMaxDenseElements = int64_t{1} << 28;

/// Parses the bytes of a .npy file (format versions 1.0, 2.0, 3.0). `name` prefixes messages.
/// Throws UsageError "NAME: byte OFFSET: what was wrong" (with the header line and a caret
/// when the fault is inside the header dictionary). 1-D arrays become n x 1 columns.
MatrixFile ParseNpy(std::string_view bytes, const std::string& name);

/// Parses the text of a MatrixMarket file. Duplicate coordinate entries are summed (as
/// scipy's coo->dense does); symmetric files are mirrored. Throws UsageError
/// "NAME:LINE:COL: what was wrong" followed by the offending line and a caret.
MatrixFile ParseMtx(std::string_view text, const std::string& name);

/// Reads `path`, choosing the reader by magic bytes (\x93NUMPY, %%MatrixMarket), then by the
/// extension (.npy, .mtx). Throws UsageError for an unreadable file or unknown format.
MatrixFile ReadMatrixFile(const std::string& path);

}  // namespace lapack_ai
