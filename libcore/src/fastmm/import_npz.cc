// AlphaTensor .npz importer: a zip (read with libzip) of .npy members "m,k,n.npy", each an
// integer or float64 array of shape (3, X, R) holding U, V and W, with W TRANSPOSED (its row
// l*m+i is C[i][l]). Rectangular keys are pickled object arrays of three 2-D arrays; they are
// read by a data-only pickle subset reader (import_npz_pickle.cc), never by running code.
#include "fastmm/import_npz.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>

#include "fastmm/import_util.h"
#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/import.h"
#include "lapack_ai/fastmm/verify.h"

namespace lapack_ai::fastmm {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

using internal::NpyArray;

std::string ReadMember(const std::string& path, const std::string& member, const std::string& key) {
  int err = 0;
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open(path.c_str(), ZIP_RDONLY, &err));
  if (!zip) {
    zip_error_t error;
    zip_error_init_with_code(&error, err);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw UsageError(fmt::format("{}: not a readable .npz (zip) archive: {}", path, why));
  }
  const zip_int64_t index = zip_name_locate(zip.get(), member.c_str(), 0);
  if (index < 0) {
    std::string keys;
    const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
    for (zip_int64_t i = 0; i < count && i < 12; ++i) {
      std::string name = zip_get_name(zip.get(), static_cast<zip_uint64_t>(i), 0);
      if (name.ends_with(".npy")) name.resize(name.size() - 4);
      keys += (i ? ", " : "") + name;
    }
    throw UsageError(fmt::format("{}: no key '{}' (member {}); keys include: {}{}", path, key,
                                 member, keys, count > 12 ? ", ..." : ""));
  }
  zip_stat_t st;
  if (zip_stat_index(zip.get(), static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
      !(st.valid & ZIP_STAT_SIZE) || st.size > (zip_uint64_t{1} << 30)) {
    throw UsageError(fmt::format("{} (member {}): cannot determine its size", path, member));
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(
      zip_fopen_index(zip.get(), static_cast<zip_uint64_t>(index), 0));
  std::string bytes(st.size, '\0');
  const zip_int64_t got = file ? zip_fread(file.get(), bytes.data(), st.size) : -1;
  if (got != static_cast<zip_int64_t>(st.size)) {
    throw UsageError(fmt::format("{} (member {}): truncated or corrupt: {}", path, member,
                                 file ? zip_file_strerror(file.get()) : zip_strerror(zip.get())));
  }
  return bytes;
}

/// The value text of `key` in numpy's header dict, e.g. "'<i8'" or "(3, 16, 49)".
std::string HeaderField(const std::string& header, const std::string& key,
                        const std::string& where) {
  const std::size_t at = header.find("'" + key + "':");
  if (at == std::string::npos)
    throw UsageError(fmt::format("{}: npy header lacks '{}': {}", where, key, header));
  std::size_t begin = at + key.size() + 3;
  while (begin < header.size() && header[begin] == ' ') ++begin;
  const char close = header[begin] == '(' ? ')' : header[begin] == '\'' ? '\'' : ',';
  const std::size_t end = header.find(close, begin + 1);
  if (end == std::string::npos)
    throw UsageError(fmt::format("{}: malformed npy header: {}", where, header));
  return header.substr(begin, end - begin + (close == ',' ? 0 : 1));
}

/// The factor arrays of one member: a single (3, X, R) array, or the three (rows, R) arrays of a
/// pickled object array.
std::vector<NpyArray> ReadFactors(const std::string& bytes, const std::string& where) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) {
    throw UsageError(fmt::format("{}: not an .npy member (bad magic)", where));
  }
  const auto byte = [&](std::size_t i) {
    return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i]));
  };
  const bool v1 = bytes[6] == 1;
  const std::size_t header_len =
      v1 ? byte(8) | byte(9) << 8
         : (bytes.size() < 12 ? SIZE_MAX
                              : byte(8) | byte(9) << 8 | byte(10) << 16 | byte(11) << 24);
  const std::size_t start = v1 ? 10 : 12;
  if (header_len > bytes.size() - start) {
    throw UsageError(fmt::format("{}: truncated npy header", where));
  }
  const std::string header = bytes.substr(start, header_len);
  const std::string descr = HeaderField(header, "descr", where);
  if (descr.find('O') != std::string::npos) {
    return internal::UnpickleObjectArray(std::string_view(bytes).substr(start + header_len), where);
  }
  NpyArray a;
  const std::string type = descr.size() > 2 ? descr.substr(1, descr.size() - 2) : "";
  if (!internal::SetDtype(type, descr.size() > 1 ? descr[1] : '<', &a)) {
    throw UsageError(
        fmt::format("{}: dtype {} unsupported (expected integers or float64)", where, descr));
  }
  a.fortran = HeaderField(header, "fortran_order", where).starts_with("True");
  const std::string shape = HeaderField(header, "shape", where);
  for (std::size_t i = 1; i < shape.size();) {
    std::size_t used = 0;
    try {
      a.shape.push_back(std::stoll(shape.substr(i), &used));
    } catch (const std::exception&) {
      break;
    }
    i += used;
    while (i < shape.size() && (shape[i] == ',' || shape[i] == ' ')) ++i;
  }
  a.data = bytes.substr(start + header_len);
  return {std::move(a)};
}

Rational ElementAt(const NpyArray& a, std::size_t index, const std::string& where) {
  uint64_t bits = 0;
  for (int b = 0; b < a.itemsize; ++b) {
    const auto byte =
        static_cast<unsigned char>(a.data[index * a.itemsize + static_cast<std::size_t>(b)]);
    const int shift = 8 * (a.big_endian ? a.itemsize - 1 - b : b);
    bits |= static_cast<uint64_t>(byte) << shift;
  }
  if (a.kind == 'i') {
    const int unused = 64 - 8 * a.itemsize;  // sign-extend narrow integers
    return Rational(static_cast<int64_t>(bits << unused) >> unused);
  }
  double x = 0;
  std::memcpy(&x, &bits, sizeof x);
  // Doubles are dyadic: scale by 2 until integral (AlphaTensor uses +-1/2, +-1/8).
  int64_t den = 1;
  while (std::isfinite(x) && x != std::floor(x) && den < (int64_t{1} << 40)) {
    x *= 2;
    den *= 2;
  }
  if (!std::isfinite(x) || x != std::floor(x) || std::fabs(x) > 1e15) {
    throw UsageError(fmt::format("{}: element {} is not an exact small rational", where, index));
  }
  return Rational(static_cast<int64_t>(x), den);
}

/// Either one (3, X, R) array with X = mk = kn = mn, or three (rows[t], R) arrays; every data
/// buffer long enough for its shape.
void CheckFactorShapes(const std::vector<NpyArray>& f, const int64_t rows[3], int64_t rank,
                       const std::string& where) {
  const bool stacked = f.size() == 1;
  if (rank < 1 || rank > (1 << 16) || (f.size() != 1 && f.size() != 3)) {
    throw UsageError(fmt::format("{}: expected U, V, W factor arrays with a rank 1..65536", where));
  }
  for (std::size_t t = 0; t < f.size(); ++t) {
    const std::vector<int64_t> want =
        stacked ? std::vector<int64_t>{3, rows[0], rank} : std::vector<int64_t>{rows[t], rank};
    if (f[t].shape != want || (stacked && (rows[0] != rows[1] || rows[1] != rows[2]))) {
      throw UsageError(fmt::format("{}: factor {} has shape ({}), expected ({})", where, "UVW"[t],
                                   fmt::join(f[t].shape, ", "), fmt::join(want, ", ")));
    }
    const int64_t bytes = (stacked ? 3 : 1) * rows[t] * rank * f[t].itemsize;
    if (f[t].data.size() < static_cast<std::size_t>(bytes)) {
      throw UsageError(fmt::format("{}: truncated: factor {} has {} data bytes, expected {}", where,
                                   "UVW"[t], f[t].data.size(), bytes));
    }
  }
}

}  // namespace

bool internal::SetDtype(std::string_view descr, char order, NpyArray* a) {
  if (!descr.empty() && std::string_view("<>|=").find(descr[0]) != std::string_view::npos) {
    order = descr[0];
    descr.remove_prefix(1);
  }
  if (descr.size() != 2 || (descr[0] != 'i' && descr[0] != 'f')) return false;
  if (std::string_view("1248").find(descr[1]) == std::string_view::npos) return false;
  if (descr[0] == 'f' && descr[1] != '8') return false;
  a->kind = descr[0];
  a->itemsize = descr[1] - '0';
  a->big_endian = order == '>';
  return true;
}

Scheme ImportNpz(const std::string& path, const std::string& key, std::optional<Field> field) {
  int dims[3] = {0, 0, 0};
  const char* p = key.data();
  const char* end = key.data() + key.size();
  for (int d = 0; d < 3; ++d) {
    const auto [next, ec] = std::from_chars(p, end, dims[d]);
    const bool sep_ok = d < 2 ? (next < end && *next == ',') : next == end;
    if (ec != std::errc() || !sep_ok || dims[d] < 1 || dims[d] > 64) {
      throw UsageError(fmt::format("--key '{}': expected m,k,n such as 4,4,4", key));
    }
    p = next + 1;
  }
  const int m = dims[0], k = dims[1], n = dims[2];
  const std::string member = key + ".npy";
  const std::string where = fmt::format("{} (member {})", path, member);
  const std::vector<NpyArray> f = ReadFactors(ReadMember(path, member, key), where);
  const int64_t rows[3] = {int64_t{m} * k, int64_t{k} * n, int64_t{n} * m};
  const bool stacked = f.size() == 1;
  const int64_t rank = f.empty() ? 0 : f[0].shape.empty() ? 0 : f[0].shape.back();
  CheckFactorShapes(f, rows, rank, where);
  const auto at = [&](int t, int64_t x, int64_t r) {
    const NpyArray& a = stacked ? f[0] : f[static_cast<std::size_t>(t)];
    const int64_t t0 = stacked ? t : 0, stride = stacked ? 3 : 1;
    const int64_t flat =
        a.fortran ? t0 + stride * (x + rows[t] * r) : (t0 * rows[t] + x) * rank + r;
    return ElementAt(a, static_cast<std::size_t>(flat), where);
  };
  Scheme s;
  s.name = fmt::format("{}-{}x{}x{}", std::filesystem::path(path).stem().string(), m, k, n);
  s.m = m;
  s.k = k;
  s.n = n;
  s.rank = static_cast<int>(rank);
  for (int r = 0; r < s.rank; ++r) {
    for (int x = 0; x < rows[0]; ++x) s.u.push_back(at(0, x, r));
    for (int x = 0; x < rows[1]; ++x) s.v.push_back(at(1, x, r));
    for (int i = 0; i < m; ++i) {
      for (int l = 0; l < n; ++l) s.w.push_back(at(2, l * m + i, r));
    }
  }
  s.source = fmt::format("AlphaTensor npz {} key {}", path, key);
  s.licence = "CC BY 4.0 (AlphaTensor data)";
  s.field = field.value_or(Field::kQ);
  if (!field && !Verify(s).ok && VerifyMod2(s).ok) s.field = Field::kGF2;
  s.description =
      s.field == Field::kGF2 ? "valid only modulo 2 (GF(2)); not for floating point" : "";
  return internal::VerifiedOrThrow(std::move(s), where);
}

}  // namespace lapack_ai::fastmm
