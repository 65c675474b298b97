// Small helpers shared by the .npy and .mtx readers: strict number parsing and the
// "source line + caret" snippet that input errors carry (ninja's Lexer::Error style).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lapack_ai {

/// `text` with non-printable bytes shown as '?', so a message stays one terminal line.
std::string Printable(std::string_view text);

/// Two lines: the text around byte `pos` of `line` (at most ~100 columns, cut at a newline)
/// and a caret under `pos`, each indented by two spaces.
std::string CaretSnippet(std::string_view line, std::size_t pos);

/// The whole of `text` as a decimal int64 (optional leading '-'), or nullopt (empty, junk,
/// overflow).
std::optional<int64_t> ParseInt64(std::string_view text);

/// The whole of `text` as a double (decimal or "inf"/"nan"), or nullopt.
std::optional<double> ParseDouble(std::string_view text);

}  // namespace lapack_ai
