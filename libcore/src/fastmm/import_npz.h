// Private pieces of the .npz importer: a numeric .npy array, and the reader for the pickle
// subset numpy writes for an object array of numeric arrays (AlphaTensor's rectangular keys).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lapack_ai::fastmm::internal {

/// A numeric array: row-major unless `fortran`; `data` holds shape-product * itemsize bytes.
struct NpyArray {
  char kind = 'i';  ///< 'i' signed integer, 'f' IEEE float
  bool big_endian = false, fortran = false;
  int itemsize = 0;
  std::vector<int64_t> shape;
  std::string data;
};

/// Sets kind/itemsize/big_endian from a numpy type string ("<i8", "i4", "|i1", ">f8");
/// returns false for anything else (objects, unsigned, strings, float32).
bool SetDtype(std::string_view descr, char order, NpyArray* a);

/// Runs the pickle `bytes` of an object .npy member on a tiny stack machine that knows only
/// numpy's _reconstruct / ndarray / dtype globals (no code is ever executed) and returns the
/// numeric arrays held by the top-level object array. Throws UsageError naming `where`, the
/// byte offset and the opcode on anything else.
std::vector<NpyArray> UnpickleObjectArray(std::string_view bytes, const std::string& where);

}  // namespace lapack_ai::fastmm::internal
