// The bundle the cloud tests ship: made once by the binary under test (`lapack-ai bundle`) into
// the build tree and reused by later test processes while it is newer than the binary (CTest runs
// each case in its own process, so an in-memory cache would rebuild it for every case).
#pragma once
#include <string>

namespace lapack_ai::testing {

/// Path of the test bundle's tarball; "" with `error` set if `lapack-ai bundle` failed.
std::string TestBundle(std::string* error);
/// TestBundle's path; fails the running test case (REQUIRE) with the error when there is none.
std::string RequireTestBundle();

/// A file's text ("" if it cannot be read).
std::string ReadText(const std::string& path);

}  // namespace lapack_ai::testing
