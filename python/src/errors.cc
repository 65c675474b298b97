// C++ exceptions of lapack_ai::core as the Python classes of lapack_ai/errors.py (imported only
// when something is raised): UsageError -> la.UsageError (a ValueError), Unsupported ->
// la.UnsupportedError (NotImplementedError), BackendError -> la.BackendError (RuntimeError).
#include "arrays.h"

namespace lapack_ai::py {
namespace {

void Raise(const char* cls, const char* what) {
  const nb::object errors = nb::module_::import_("lapack_ai.errors");
  PyErr_SetString(errors.attr(cls).ptr(), what);
}

}  // namespace

void RegisterErrors(nb::module_&) {
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const UsageError& e) {
      Raise("UsageError", e.what());
    } catch (const Unsupported& e) {
      Raise("UnsupportedError", e.what());
    } catch (const BackendError& e) {
      Raise("BackendError", e.what());
    }
  });
}

}  // namespace lapack_ai::py
