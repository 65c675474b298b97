// The C++ side of bench/python-overhead.py: the same one-call path a Python call takes (shared
// backend, bind, run, fetch) timed in a C++ loop, and the bare BoundCall::Run of a call bound
// once, so the benchmark can split Python's overhead from libcore's.
#include <chrono>

#include <nanobind/stl/string.h>

#include "arrays.h"

namespace lapack_ai::py {
namespace {

double GemmSeconds(const std::string& spec, const FMatrix& a, const FMatrix& b, const FMatrix& c,
                   int reps, bool bind_once) {
  return DispatchFloat(c, [&]<typename V>() {
    GemmCall<V> g{Trans::kNoTrans, Trans::kNoTrans, Rows(c), Cols(c), Cols(a), V(1),
                  Data<V>(a, "a"), Ld(a), Data<V>(b, "b"), Ld(b), V(0), Data<V>(c, "c"), Ld(c)};
    Call call = g;
    const nb::gil_scoped_release release;
    SharedBackendEntry& entry = SharedBackend(spec);
    const std::lock_guard<std::mutex> lock(entry.mutex);
    std::unique_ptr<BoundCall> bound = entry.backend->Bind(call);
    bound->Run();  // warm-up
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) {
      if (bind_once) bound->Run();
      else RunSingleCall(*SharedBackend(spec).backend, call);  // what a Python call runs
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / reps;
  });
}

}  // namespace

void RegisterTiming(nb::module_& m) {
  m.def("cpp_gemm_seconds", &GemmSeconds, nb::arg("backend"), nb::arg("a").noconvert(),
        nb::arg("b").noconvert(), nb::arg("c").noconvert(), nb::arg("reps"), nb::arg("bind_once"),
        "Seconds per C++ gemm call: RunSingleCall (bind_once=False) or BoundCall::Run alone.");
}

}  // namespace lapack_ai::py
