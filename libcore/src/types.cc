// Spellings of the vocabulary types as users see them in the CLI, tables and JSON.
#include "lapack_ai/types.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai {

std::string_view ToString(Precision p) { return p == Precision::kSingle ? "s" : "d"; }
std::string_view ToString(Trans t) { return t == Trans::kNoTrans ? "n" : "t"; }

std::string_view ToString(Status s) {
  switch (s) {
    case Status::kPass: return "pass";
    case Status::kFailed: return "FAILED";
    case Status::kSkipped: return "skipped";
    case Status::kUnsupported: return "unsupported";
    case Status::kError: return "error";
  }
  return "error";
}

Precision ParsePrecision(std::string_view text, std::string_view what) {
  if (text == "s") return Precision::kSingle;
  if (text == "d") return Precision::kDouble;
  throw UsageError(fmt::format("{}: invalid value '{}': expected s (float32) or d (float64)", what,
                               text));
}

Trans ParseTrans(std::string_view text, std::string_view what) {
  if (text == "n" || text == "N") return Trans::kNoTrans;
  if (text == "t" || text == "T") return Trans::kTrans;
  throw UsageError(fmt::format("{}: invalid value '{}': expected n or t", what, text));
}

Status ParseStatus(std::string_view text) {
  for (Status s : {Status::kPass, Status::kFailed, Status::kSkipped, Status::kUnsupported,
                   Status::kError}) {
    if (ToString(s) == text) return s;
  }
  throw UsageError(fmt::format("unknown status '{}'", text));
}

}  // namespace lapack_ai
