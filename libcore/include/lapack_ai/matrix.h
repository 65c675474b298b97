// Column-major dense matrix with a leading dimension, owning its storage. The layout every
// backend call in lapack-ai uses (BLAS/LAPACK convention).
#pragma once
#include <cstdint>
#include <vector>

#include "lapack_ai/error.h"

namespace lapack_ai {

template <typename T>
class Matrix {
 public:
  Matrix() = default;
  /// rows x cols, zero-filled; ld defaults to max(1, rows) as BLAS requires.
  Matrix(int64_t rows, int64_t cols, int64_t ld = 0)
      : rows_(rows), cols_(cols), ld_(ld > 0 ? ld : (rows > 0 ? rows : 1)),
        data_(static_cast<std::size_t>(ld_ * (cols > 0 ? cols : 0))) {
    LAPACK_AI_CHECK(rows >= 0 && cols >= 0 && ld_ >= rows);
  }

  int64_t rows() const { return rows_; }
  int64_t cols() const { return cols_; }
  int64_t ld() const { return ld_; }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  /// Elements including the padding between columns.
  std::size_t storage_size() const { return data_.size(); }

  T& operator()(int64_t i, int64_t j) { return data_[static_cast<std::size_t>(i + j * ld_)]; }
  const T& operator()(int64_t i, int64_t j) const {
    return data_[static_cast<std::size_t>(i + j * ld_)];
  }

 private:
  int64_t rows_ = 0;
  int64_t cols_ = 0;
  int64_t ld_ = 1;
  std::vector<T> data_;
};

}  // namespace lapack_ai
