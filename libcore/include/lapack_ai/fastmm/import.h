// Importers from the project's own JSON format (docs/SCHEMES.md), AlphaTensor .npz and PLinOpt
// .sms triples, and the export to the project JSON. Every importer verifies the scheme before
// returning it; bad input throws UsageError naming the file and line (or zip member).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "lapack_ai/fastmm/scheme.h"

namespace lapack_ai::fastmm {

/// Parses project-format JSON text; `origin` names it in errors ("file.json", "<embedded x>").
/// Throws UsageError "origin:line:col: ..." (with the source line and a caret) on syntax errors
/// and "origin: /U/3/5: ..." (JSON pointer) on wrong content. Does not verify.
Scheme ParseSchemeJson(std::string_view text, const std::string& origin);

/// Reads, parses and verifies a project JSON file. Throws UsageError.
Scheme ImportJson(const std::string& path);

/// Reads and parses a project JSON file WITHOUT verifying it (for `schemes verify FILE`, which
/// reports a failing equation as a failed check). Throws UsageError on unreadable/bad files.
Scheme LoadSchemeJson(const std::string& path);

/// Reads key `key` ("m,k,n", the member "m,k,n.npy") of an AlphaTensor .npz, converts its
/// transposed W to the project convention and verifies it: over Q, or mod 2 when it fails over
/// Q but holds mod 2 (then field is GF2). `field` forces one. Pickled object members (the
/// rectangular keys) are read by a data-only reader of numpy's pickle subset; anything else in
/// a pickle is refused with the byte offset. Throws UsageError.
Scheme ImportNpz(const std::string& path, const std::string& key,
                 std::optional<Field> field = std::nullopt);

/// Reads a PLinOpt L, R, P triple (1-based sparse "i j value" lines ending with "0 0 0") and
/// verifies it. m, k, n are taken from the "MxKxN" prefix of the file name when present,
/// otherwise inferred for square schemes. Throws UsageError "file:line:col: ...".
Scheme ImportSms(const std::string& l_path, const std::string& r_path, const std::string& p_path);

/// Imports by `format` ("json", "npz", "sms") or, when empty, by the file extension. For sms,
/// `path` may be any of the three files or their common prefix ("dir/4x4x4_48_rational").
Scheme ImportScheme(const std::string& path, std::string_view format, const std::string& key);

/// The project JSON document for a scheme (what ParseSchemeJson reads back).
nlohmann::json SchemeToJson(const Scheme& scheme);

/// The same document as text, one row of U, V or W per line (the shipped files' layout).
std::string SchemeToJsonText(const Scheme& scheme);

}  // namespace lapack_ai::fastmm
