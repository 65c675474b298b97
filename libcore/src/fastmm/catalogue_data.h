// The scheme JSON files of data/schemes, embedded at build time by embed_schemes.cmake.
#pragma once
#include <span>
#include <string_view>

namespace lapack_ai::fastmm::internal {

struct EmbeddedScheme {
  std::string_view file;  ///< file name under data/schemes, for error messages
  std::string_view json;  ///< the file's text
};

/// All embedded files, in the order fastmm.cmake lists them.
std::span<const EmbeddedScheme> EmbeddedSchemes();

}  // namespace lapack_ai::fastmm::internal
