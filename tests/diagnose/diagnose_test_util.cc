// Implementation of the diagnose test helpers (npy writer, scratch folder, CLI runner).
#include "diagnose/diagnose_test_util.h"


#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>

#include <fmt/format.h>

namespace lapack_ai::test {

std::string NpyRaw(const std::string& dict, const std::string& data, int version) {
  std::size_t prefix = version == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  std::size_t len = header.size();
  for (std::size_t i = 0; i < prefix - 8; ++i) out += static_cast<char>((len >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string NpyBytes(const Matrix<double>& a, const std::string& descr, bool fortran_order,
                     int version) {
  bool single = descr.substr(1) == "f4";
  bool swap = (descr[0] == '>') == (std::endian::native == std::endian::little);
  std::string data;
  int64_t count = a.rows() * a.cols();
  for (int64_t k = 0; k < count; ++k) {
    int64_t i = fortran_order ? k % a.rows() : k / a.cols();
    int64_t j = fortran_order ? k / a.rows() : k % a.cols();
    char b[8];
    std::size_t w = single ? 4 : 8;
    if (single) {
      float f = static_cast<float>(a(i, j));
      std::memcpy(b, &f, 4);
    } else {
      std::memcpy(b, &a(i, j), 8);
    }
    if (swap)
      for (std::size_t t = 0; t < w / 2; ++t) std::swap(b[t], b[w - 1 - t]);
    data.append(b, w);
  }
  std::string dict = fmt::format("{{'descr': '{}', 'fortran_order': {}, 'shape': ({}, {}), }}",
                                 descr, fortran_order ? "True" : "False", a.rows(), a.cols());
  return NpyRaw(dict, data, version);
}

Matrix<double> Hilbert(int64_t n) {
  Matrix<double> h(n, n);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < n; ++i) h(i, j) = 1.0 / static_cast<double>(i + j + 1);
  return h;
}

ScratchDir::ScratchDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / fmt::format("lapack_ai_diag_{:x}", rd());
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ScratchDir::Write(const std::string& name, const std::string& bytes) const {
  std::filesystem::path p = path_ / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

}  // namespace lapack_ai::test
