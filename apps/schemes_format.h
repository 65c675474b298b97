// Text and JSON renderings of fast-matmul schemes for `lapack-ai schemes` (tables, the product
// formulas of `show`). Printing only: the numbers come from libcore's fastmm.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lapack_ai/fastmm/scheme.h"
#include "lapack_ai/fastmm/verify.h"

namespace lapack_ai::cli {

/// "4x4x4" (the block grid m x k x n).
std::string ShapeText(const fastmm::Scheme& s);

/// One row per scheme: name, shape, R, field, E, description.
std::string ListTable(const std::vector<const fastmm::Scheme*>& schemes);

/// One row per scheme: rank, nnz U/V/W, naive additions, scalings, E, Q, mkn/R.
std::string StatsTable(const std::vector<const fastmm::Scheme*>& schemes);

/// Metadata, statistics, then "M1 = (A00 + A11) * (B00 + B11)" and "C00 = M1 + M4 - M5 + M7".
std::string ShowText(const fastmm::Scheme& s);

/// {"name", "m", "k", "n", "rank", "field", "source", "licence", "description", "stats"}.
nlohmann::json SummaryJson(const fastmm::Scheme& s);

/// {"name", "shape", "rank", "field", "ok", "message", "equations"}.
nlohmann::json VerifyJson(const fastmm::Scheme& s, const fastmm::VerifyResult& v);

}  // namespace lapack_ai::cli
