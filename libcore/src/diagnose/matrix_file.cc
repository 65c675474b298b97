// ReadMatrixFile: loads a file and picks the .npy or .mtx reader by magic bytes, then by
// extension, so a misnamed file is still read and a corrupted one gets the right reader's error.
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/matrix_io.h"

namespace lapack_ai {

MatrixFile ReadMatrixFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw UsageError(fmt::format("{}: is a directory, expected a .npy or .mtx file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw UsageError(fmt::format("{}: read failed: {}", path, std::strerror(errno)));
  std::string bytes = std::move(buffer).str();

  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (bytes.starts_with("\x93NUMPY")) return ParseNpy(bytes, path);
  if (bytes.starts_with("%%MatrixMarket")) return ParseMtx(bytes, path);
  if (ext == ".npy") return ParseNpy(bytes, path);
  if (ext == ".mtx") return ParseMtx(bytes, path);
  throw UsageError(fmt::format("{}: unknown matrix format: expected a NumPy .npy file (magic "
                               "\\x93NUMPY) or a MatrixMarket .mtx file (%%MatrixMarket banner)",
                               path));
}

}  // namespace lapack_ai
