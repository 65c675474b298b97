// LincombSource (see cuda_lincomb_source.h).
#include "cuda_lincomb_source.h"

#include <fmt/format.h>

namespace lapack_ai::cuda {
namespace {

struct Block {
  int64_t buffer, offset, ld, init;
};

// "b3 + 1024LL + j * 4096LL + row": element (row, j) of a block.
std::string Address(const Block& b) { return fmt::format("b{} + {}LL + j * {}LL + row", b.buffer, b.offset, b.ld); }

template <typename T>
std::string Literal(T k) {
  return fmt::format("T({:a})", static_cast<double>(k));  // hex: exact for float and double
}

}  // namespace

bool Specialisable(const CombineLaunch& l) { return l.mode == 's' || l.mode == 'd'; }

template <typename T>
std::string LincombSource(const CombineLaunch& l, const std::vector<int64_t>& table, const std::vector<T>& coef,
                          const std::string& name) {
  const int v = l.vec ? static_cast<int>(16 / sizeof(T)) : 1;
  const int64_t* ts = table.data() + l.table_offset;
  const int64_t* td = ts + 3 * l.nsrc;
  std::vector<Block> src, dst;
  for (int s = 0; s < l.nsrc; ++s) src.push_back({ts[3 * s], ts[3 * s + 1], ts[3 * s + 2], 0});
  for (int d = 0; d < l.ndst; ++d) dst.push_back({td[4 * d], td[4 * d + 1], td[4 * d + 2], td[4 * d + 3]});
  auto k = [&](int d, int s) { return coef[CoefIndex(l, d, s)]; };
  auto used = [&](int s) {
    for (int d = 0; d < l.ndst; ++d)
      if (k(d, s) != T(0)) return true;
    return false;
  };

  std::string o = fmt::format(
      "typedef {} T;\n"
      "struct __align__({}) P {{ T v[{}]; }};\n"
      "extern \"C\" __global__ void __launch_bounds__(256) {}(T* b0, T* b1, T* b2, T* b3, T beta) {{\n"
      "  const long long row = ((long long)blockIdx.x * 64 + threadIdx.x) * {};\n"
      "  if (row >= {}LL) return;\n"
      "  for (long long j = (long long)blockIdx.y * 4 + threadIdx.y; j < {}LL; j += (long long)gridDim.y * 4) {{\n",
      sizeof(T) == 4 ? "float" : "double", sizeof(T) * static_cast<std::size_t>(v), v, name, v, l.rows, l.cols);
  auto load = [&](int s) { return fmt::format("const P x{} = *(const P*)({});\n", s, Address(src[static_cast<std::size_t>(s)])); };
  auto term = [&](int d, int s) {
    std::string t;
    for (int q = 0; q < v; ++q) t += fmt::format("    a{0}.v[{1}] = fma({2}, x{3}.v[{1}], a{0}.v[{1}]);\n", d, q, Literal(k(d, s)), s);
    return t;
  };
  // Finish as the generic kernel: accumulate (init 1) or beta * old (init 2, beta != 0).
  auto store = [&](int d) {
    const Block& b = dst[static_cast<std::size_t>(d)];
    std::string t = fmt::format("    {{ T* out = {};\n", Address(b));
    if (b.init == 1 || b.init == 2) {
      t += b.init == 1 ? "      { const P old = *(const P*)out;\n" : "      if (beta != T(0)) { const P old = *(const P*)out;\n";
      for (int q = 0; q < v; ++q)
        t += fmt::format("        a{0}.v[{1}] = fma({2}, old.v[{1}], a{0}.v[{1}]);\n", d, q, b.init == 1 ? "T(1)" : "beta");
      t += "      }\n";
    }
    return t + fmt::format("      *(P*)out = a{}; }}\n", d);
  };
  if (l.mode == 's') {
    for (int s = 0; s < l.nsrc; ++s)
      if (used(s)) o += "    " + load(s);
    for (int d = 0; d < l.ndst; ++d) {
      o += fmt::format("    P a{} = {{}};\n", d);
      for (int s = 0; s < l.nsrc; ++s)
        if (k(d, s) != T(0)) o += term(d, s);
      o += store(d);
    }
  } else {
    for (int d = 0; d < l.ndst; ++d) o += fmt::format("    P a{} = {{}};\n", d);
    for (int s = 0; s < l.nsrc; ++s) {
      if (!used(s)) continue;
      o += "    {\n    " + load(s);
      for (int d = 0; d < l.ndst; ++d)
        if (k(d, s) != T(0)) o += term(d, s);
      o += "    }\n";
    }
    for (int d = 0; d < l.ndst; ++d) o += store(d);
  }
  return o + "  }\n}\n";
}

template std::string LincombSource<float>(const CombineLaunch&, const std::vector<int64_t>&, const std::vector<float>&,
                                          const std::string&);
template std::string LincombSource<double>(const CombineLaunch&, const std::vector<int64_t>&, const std::vector<double>&,
                                           const std::string&);

}  // namespace lapack_ai::cuda
