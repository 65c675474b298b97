// The interpreter of generated lincomb kernels (see lincomb_interpreter.h).
#include "cuda/lincomb_interpreter.h"

#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace lapack_ai::cuda_test {
namespace {

struct Loc {
  int buffer = 0;
  long long offset = 0, ld = 0;
};

Loc LocOf(const std::smatch& m, int at) {
  return {std::stoi(m[at]), std::stoll(m[at + 1]), std::stoll(m[at + 2])};
}

}  // namespace

void Interpret(const std::string& source, std::vector<double>* const (&buffers)[4], double beta) {
  static const std::string kAddr = R"(b(\d) \+ (-?\d+)LL \+ j \* (\d+)LL \+ row)";
  static const std::regex kLanes(R"(struct __align__\(\d+\) P \{ T v\[(\d+)\]; \};)");
  static const std::regex kRows(R"(if \(row >= (\d+)LL\) return;)");
  static const std::regex kCols(R"(j < (\d+)LL;)");
  static const std::regex kZero(R"(P a(\d+) = \{\};)");
  static const std::regex kLoad(R"(const P x(\d+) = \*\(const P\*\)\()" + kAddr + R"(\);)");
  static const std::regex kTerm(R"(a(\d+)\.v\[(\d+)\] = fma\(T\(([^)]+)\), x(\d+)\.v\[(\d+)\], a(\d+)\.v\[(\d+)\]\);)");
  static const std::regex kOut(R"(\{ T\* out = )" + kAddr + ";");
  static const std::regex kOld(R"((if \(beta != T\(0\)\) )?\{ const P old = \*\(const P\*\)out;)");
  static const std::regex kInit(R"(a(\d+)\.v\[(\d+)\] = fma\((T\(1\)|beta), old\.v\[(\d+)\], a(\d+)\.v\[(\d+)\]\);)");
  static const std::regex kStore(R"(\*\(P\*\)out = a(\d+); \})");
  static const std::regex kSkip(R"(typedef (float|double) T;|extern "C" __global__ .*|const long long row = .*|for \(long long j = .*|\{|\})");

  std::vector<std::string> lines;
  std::istringstream in(source);
  for (std::string line; std::getline(in, line);) {
    line.erase(0, line.find_first_not_of(' '));
    if (!line.empty()) lines.push_back(line);
  }
  int lanes = 0;
  long long rows = -1, cols = -1;
  std::smatch m;
  for (const std::string& line : lines) {
    if (std::regex_match(line, m, kLanes)) lanes = std::stoi(m[1]);
    if (std::regex_search(line, m, kRows)) rows = std::stoll(m[1]);
    if (std::regex_search(line, m, kCols)) cols = std::stoll(m[1]);
  }
  if (lanes <= 0 || rows < 0 || cols < 0) throw std::runtime_error("no lanes, rows or cols in the source");
  auto at = [&](const Loc& l, long long r, long long j) -> double& {
    return buffers[l.buffer]->at(static_cast<std::size_t>(l.offset + j * l.ld + r));
  };
  for (long long j = 0; j < cols; ++j) {
    for (long long row = 0; row < rows; row += lanes) {
      std::map<int, std::vector<double>> x, a;
      std::vector<double> old;
      Loc out;
      bool skip_old = false;  // inside "if (beta != T(0)) { ... }" with beta == 0
      for (const std::string& line : lines) {
        if (skip_old) {
          skip_old = line != "}";
        } else if (std::regex_match(line, m, kZero)) {
          a[std::stoi(m[1])].assign(static_cast<std::size_t>(lanes), 0.0);
        } else if (std::regex_match(line, m, kLoad)) {
          auto& v = x[std::stoi(m[1])];
          const Loc l = LocOf(m, 2);
          v.clear();
          for (int q = 0; q < lanes; ++q) v.push_back(at(l, row + q, j));
        } else if (std::regex_match(line, m, kTerm)) {
          if (m[1] != m[6] || m[2] != m[5] || m[2] != m[7]) throw std::runtime_error("mixed lanes: " + line);
          double& acc = a.at(std::stoi(m[1])).at(std::stoul(m[2]));
          acc += std::strtod(m[3].str().c_str(), nullptr) * x.at(std::stoi(m[4])).at(std::stoul(m[2]));
        } else if (std::regex_match(line, m, kOut)) {
          out = LocOf(m, 1);
        } else if (std::regex_match(line, m, kOld)) {
          skip_old = m[1].matched && beta == 0;
          old.clear();
          if (!skip_old)
            for (int q = 0; q < lanes; ++q) old.push_back(at(out, row + q, j));
        } else if (std::regex_match(line, m, kInit)) {
          double& acc = a.at(std::stoi(m[1])).at(std::stoul(m[2]));
          acc += (m[3] == "beta" ? beta : 1.0) * old.at(std::stoul(m[2]));
        } else if (std::regex_match(line, m, kStore)) {
          const auto& v = a.at(std::stoi(m[1]));
          for (int q = 0; q < lanes; ++q) at(out, row + q, j) = v[static_cast<std::size_t>(q)];
        } else if (!std::regex_match(line, kSkip) && !std::regex_match(line, kLanes) &&
                   !std::regex_search(line, kRows)) {
          throw std::runtime_error("unknown line: " + line);
        }
      }
    }
  }
}

}  // namespace lapack_ai::cuda_test
