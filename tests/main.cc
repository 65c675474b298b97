// doctest main for the single lapack_ai_tests binary (it loads lib: backends in-process, so it
// takes the same start-up step as lapack-ai).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "lapack_ai/startup.h"

int main(int argc, char** argv) {
  lapack_ai::EnsureSafeThreadStacks(argv);
  return doctest::Context(argc, argv).run();
}
