// Runs the CUDA C that LincombSource generates on the host, statement by statement, for every
// thread the launch would have: the host tests' check that the specialised additions compute
// what the plan's tables say, without a GPU (cuda_fastmm_test.cc).
#pragma once
#include <string>
#include <vector>

namespace lapack_ai::cuda_test {

/// Buffers b0..b3 of the kernel, in elements. Throws std::runtime_error on a line it does not
/// know (so a change to the generator's output format fails the tests rather than passing).
void Interpret(const std::string& source, std::vector<double>* const (&buffers)[4], double beta);

}  // namespace lapack_ai::cuda_test
