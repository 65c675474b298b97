// Small vocabulary types: precisions, transposition, case status. User-visible spellings
// follow BLAS/LAPACK (s, d, n, t, pass, FAILED).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace lapack_ai {

enum class Precision { kSingle, kDouble };
enum class Trans { kNoTrans, kTrans };

/// Outcome of one case on one backend, as written in results and printed in tables.
enum class Status { kPass, kFailed, kSkipped, kUnsupported, kError };

/// "s" or "d".
std::string_view ToString(Precision p);
/// "n" or "t".
std::string_view ToString(Trans t);
/// "pass", "FAILED", "skipped", "unsupported", "error".
std::string_view ToString(Status s);

/// Parses "s"/"d"; throws UsageError naming `what` otherwise.
Precision ParsePrecision(std::string_view text, std::string_view what = "--type");
/// Parses "n"/"t" (case-insensitive); throws UsageError naming `what` otherwise.
Trans ParseTrans(std::string_view text, std::string_view what = "--transA");
/// Inverse of ToString(Status); throws UsageError for an unknown word.
Status ParseStatus(std::string_view text);

/// Bytes of one element of precision p.
inline std::size_t ElementSize(Precision p) { return p == Precision::kSingle ? 4 : 8; }

}  // namespace lapack_ai
