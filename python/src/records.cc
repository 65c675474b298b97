// What the CLI reports, as the JSON records it writes (parsed into dicts by lapack_ai/_records.py):
// devices, backend families, validate/bench sweeps, diagnose, and the fast-matmul catalogue.
#include <map>

#include <nanobind/stl/map.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "arrays.h"
#include "lapack_ai/backend.h"
#include "lapack_ai/diagnose.h"
#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/stats.h"
#include "lapack_ai/sweep_run.h"
#include "lapack_ai/version.h"

namespace lapack_ai::py {
namespace {

std::string DevicesJson() {
  const nb::gil_scoped_release release;
  return DevicesDocument().dump();
}

std::string BackendsJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const BackendFamily* f : BackendFamilies())
    out.push_back({{"family", f->name}, {"description", f->description},
                   {"specs", ListedSpecs(f->name)}});
  return out.dump();
}

// What one backend says of itself (Info()), created through the shared cache the calls use.
std::string BackendInfoJson(const std::string& spec) {
  const nb::gil_scoped_release release;
  const BackendInfo info = SharedBackend(spec).backend->Info();
  return nlohmann::json{{"name", info.name}, {"available", info.available},
                        {"library", info.library}, {"device", info.device},
                        {"note", info.note}}.dump();
}

std::vector<std::string> FamilyNames() {
  std::vector<std::string> out;
  for (const BackendFamily* f : BackendFamilies()) out.emplace_back(f->name);
  return out;
}

std::string SweepJson(const std::map<std::string, std::string>& values, bool timing,
                      const std::string& command_line) {
  const nb::gil_scoped_release release;
  SweepRequest request{SettingsFromKeys(values), timing, command_line};
  return ToJson(RunSweepDocument(request)).dump();
}

// Diagnose reads a column-major double matrix: one copy of the user's array in any layout
// (float32 is widened; eps stays float32's so tolerances fit the data).
std::string DiagnoseJson(const AnyArray& a) {
  if (a.ndim() != 2) throw UsageError("diagnose: expected a 2-D array");
  const auto rows = static_cast<int64_t>(a.shape(0)), cols = static_cast<int64_t>(a.shape(1));
  Matrix<double> m(rows, cols);
  DiagnoseOptions options;
  DispatchFloat(a, [&]<typename T>() {
    const T* p = static_cast<const T*>(a.data());
    for (int64_t j = 0; j < cols; ++j)
      for (int64_t i = 0; i < rows; ++i) m(i, j) = static_cast<double>(p[i * a.stride(0) + j * a.stride(1)]);
    if constexpr (sizeof(T) == 4) options.eps = 0x1.0p-23;
  });
  const nb::gil_scoped_release release;
  return ToJson(Diagnose(m, options)).dump();
}

std::string SchemesJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const fastmm::Scheme& s : fastmm::Catalogue()) {
    out.push_back({{"name", s.name}, {"m", s.m}, {"k", s.k}, {"n", s.n}, {"rank", s.rank},
                   {"field", s.field == fastmm::Field::kQ ? "Q" : "GF2"}, {"source", s.source},
                   {"licence", s.licence}, {"description", s.description},
                   {"stats", fastmm::StatsToJson(fastmm::ComputeStats(s))}});
  }
  return out.dump();
}

}  // namespace

void RegisterRecords(nb::module_& m) {
  m.def("devices_json", &DevicesJson);
  m.def("backends_json", &BackendsJson);
  m.def("backend_info_json", &BackendInfoJson, nb::arg("spec"));
  m.def("backend_families", &FamilyNames);
  m.def("sweep_json", &SweepJson, nb::arg("values"), nb::arg("timing"), nb::arg("command_line"));
  m.def("diagnose_json", &DiagnoseJson, nb::arg("a").noconvert());
  m.def("schemes_json", &SchemesJson);
  m.attr("__version__") = std::string(Version());
  m.attr("git_sha") = std::string(GitSha());
}

}  // namespace lapack_ai::py
