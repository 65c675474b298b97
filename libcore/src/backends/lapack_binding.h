// What every LAPACK backend binding shares, whatever library it calls: the routines bound,
// LWORK from a workspace query, and the runner that answers illegal arguments with LAPACK's
// INFO (never reaching XERBLA) and refuses calls the backend has no binder for.
#pragma once
#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "lapack_ai/calls.h"
#include "lapack_ai/error.h"
#include "ops/info_decode.h"

namespace lapack_ai {

/// True for the LAPACK routines both LAPACK bindings implement.
inline bool IsBoundLapackRoutine(std::string_view routine) {
  for (std::string_view r : {"getrf", "gesv", "potrf", "posv", "geqrf", "gels", "gesvd", "gesdd", "syevd"})
    if (r == routine) return true;
  return false;
}

/// Optimal LWORK (of the library's integer type `Int`) from a workspace query's WORK(1),
/// rounded up (single precision cannot hold every integer exactly); at least 1.
template <typename Int, typename T>
Int LworkFromQuery(T query) {
  return std::max<Int>(1, static_cast<Int>(std::ceil(static_cast<double>(query) * (1 + 1e-6))));
}

/// The runner of `call` for backend `backend`: when an argument is illegal, one that stores
/// LAPACK's INFO (-i) without calling the library; otherwise bind(c) for the call struct c.
/// `bind` must be SFINAE-friendly (e.g. `-> decltype(Bind(c))`): call structs it cannot take
/// throw Unsupported naming the backend and routine.
template <typename BindFn>
std::function<void()> LapackRunner(Call& call, std::string_view backend, BindFn bind) {
  if (const int64_t bad = ValidateArguments(call); bad != 0) {
    return [&call, bad] {
      std::visit([bad](auto& c) { if constexpr (requires { c.info; }) c.info = bad; }, call);
    };
  }
  return std::visit(
      [&](auto& c) -> std::function<void()> {
        using C = std::remove_cvref_t<decltype(c)>;
        if constexpr (requires { bind(c); }) {
          return bind(c);
        } else {
          throw Unsupported(fmt::format("{}: {} is not implemented", backend, C::kRoutine));
        }
      },
      call);
}

}  // namespace lapack_ai
