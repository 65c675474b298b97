// The shipped catalogue: generated classical schemes, the embedded data/schemes JSON files and
// Strassen (x) Strassen, each verified exactly once on first use.
#include "lapack_ai/fastmm/catalogue.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "fastmm/catalogue_data.h"
#include "lapack_ai/fastmm/compose.h"
#include "lapack_ai/fastmm/import.h"
#include "lapack_ai/fastmm/verify.h"

namespace lapack_ai::fastmm {

namespace {

const Scheme& Named(const std::vector<Scheme>& list, std::string_view name) {
  const auto it =
      std::find_if(list.begin(), list.end(), [&](const Scheme& s) { return s.name == name; });
  if (it == list.end()) throw std::logic_error(fmt::format("catalogue lacks '{}'", name));
  return *it;
}

Scheme StrassenSquared(const std::vector<Scheme>& list) {
  Scheme s = Kronecker(Named(list, "strassen"), Named(list, "strassen"));
  s.name = "strassen2";
  s.description = "Strassen (x) Strassen: two levels of Strassen as one 4x4x4 scheme, 49 products";
  s.source = "Kronecker product of Strassen's scheme with itself (V. Strassen, 1969)";
  return s;
}

std::vector<Scheme> Build() {
  std::vector<Scheme> list;
  list.push_back(Classical(2, 2, 2));
  for (const internal::EmbeddedScheme& file : internal::EmbeddedSchemes()) {
    list.push_back(
        ParseSchemeJson(file.json, fmt::format("<embedded data/schemes/{}>", file.file)));
  }
  // The 2x2x2 schemes first, then the generated 4x4x4 ones, then the rest of the files.
  const auto after_2x2 =
      std::find_if(list.begin(), list.end(), [](const Scheme& s) { return s.m * s.k * s.n > 8; });
  const std::ptrdiff_t at = after_2x2 - list.begin();
  Scheme strassen2 = StrassenSquared(list);
  list.insert(list.begin() + at, {Classical(4, 4, 4), std::move(strassen2)});
  for (const Scheme& s : list) {
    const VerifyResult v = Verify(s);
    if (!v.ok) {
      throw std::logic_error(
          fmt::format("shipped scheme '{}' does not verify: {}", s.name, v.message));
    }
  }
  return list;
}

}  // namespace

const std::vector<Scheme>& Catalogue() {
  static const std::vector<Scheme> kCatalogue = Build();
  return kCatalogue;
}

const Scheme* FindScheme(std::string_view name) {
  const std::vector<Scheme>& list = Catalogue();
  const auto it =
      std::find_if(list.begin(), list.end(), [&](const Scheme& s) { return s.name == name; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace lapack_ai::fastmm
