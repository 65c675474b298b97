// Shared pieces of the scheme importers: reading files, and UsageErrors that point at
// file:line:col with the offending source line and a caret (ninja's Lexer::Error).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "lapack_ai/fastmm/scheme.h"

namespace lapack_ai::fastmm::internal {

/// The whole file; UsageError "path: cannot read: <reason>" when it cannot be opened.
std::string ReadTextFile(const std::string& path);

/// UsageError "origin:line:col: message" plus the source line and a caret under `offset`.
[[noreturn]] void ThrowAtOffset(const std::string& origin, std::string_view text,
                                std::size_t offset, const std::string& message);

/// Same, for a known 1-based line and 1-based column of `line_text`.
[[noreturn]] void ThrowAtLine(const std::string& origin, int line, std::string_view line_text,
                              int column, const std::string& message);

/// Returns `scheme` if Verify() accepts it; else UsageError "origin: scheme 'x' <m,k,n:R> does
/// not verify: <first failing equation>".
Scheme VerifiedOrThrow(Scheme scheme, const std::string& origin);

}  // namespace lapack_ai::fastmm::internal
