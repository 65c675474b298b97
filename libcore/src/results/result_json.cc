// Results <-> strict JSON. Non-finite numbers are written as null (with the case status telling
// why), never as bare NaN/Infinity which strict parsers reject.
#include <cmath>

#include <fmt/format.h>

#include "lapack_ai/error.h"
#include "lapack_ai/result.h"

namespace lapack_ai {
namespace {

using nlohmann::json;

json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double NumOr(const json& j, double fallback) { return j.is_number() ? j.get<double>() : fallback; }

json ParamsJson(const CaseParams& p) {
  return json{{"m", p.m},           {"n", p.n},
              {"k", p.k},           {"transA", ToString(p.transa)},
              {"transB", ToString(p.transb)}, {"alpha", Num(p.alpha)},
              {"beta", Num(p.beta)}, {"nrhs", p.nrhs},
              {"batch", p.batch},
              {"matrix", p.matrix}, {"cond", Num(p.cond)},
              {"seed", p.seed},     {"full_check", p.full_check}};
}

json CheckJson(const CheckResult& c) {
  return json{{"name", c.name},         {"formula", c.formula}, {"norm", c.norm},
              {"eps_name", c.eps_name}, {"eps", Num(c.eps)},    {"ratio", Num(c.value)},
              {"threshold", Num(c.threshold)}, {"passed", c.passed}, {"note", c.note}};
}

json TimingJson(const TimingStats& t) {
  json samples = json::array();
  for (double s : t.samples_s) samples.push_back(Num(s));
  return json{{"samples_s", samples},        {"iterations_per_sample", t.iterations_per_sample},
              {"min_s", Num(t.min_s)},       {"median_s", Num(t.median_s)},
              {"mean_s", Num(t.mean_s)},     {"stddev_s", Num(t.stddev_s)},
              {"cv", Num(t.cv)},             {"transfers_included", t.transfers_included},
              {"stop_reason", t.stop_reason}, {"unstable", t.unstable},
              {"unstable_reason", t.unstable_reason}};
}

json Opt(const std::optional<double>& v) { return v ? Num(*v) : json(nullptr); }
std::optional<double> OptFrom(const json& j, const char* key) {
  if (j.contains(key) && j[key].is_number()) return j[key].get<double>();
  return std::nullopt;
}

json MemoryJson(const MemoryRecord& m) {
  return json{{"host_bytes_needed", Opt(m.host_bytes_needed)},
              {"device_bytes_needed", Opt(m.device_bytes_needed)},
              {"host_bytes_available", Opt(m.host_bytes_available)},
              {"device_bytes_available", Opt(m.device_bytes_available)},
              {"peak_rss_bytes", Opt(m.peak_rss_bytes)},
              {"device_peak_bytes", Opt(m.device_peak_bytes)},
              {"resource_error", m.resource_error}};
}

MemoryRecord MemoryFromJson(const json& j) {
  MemoryRecord m;
  m.host_bytes_needed = OptFrom(j, "host_bytes_needed");
  m.device_bytes_needed = OptFrom(j, "device_bytes_needed");
  m.host_bytes_available = OptFrom(j, "host_bytes_available");
  m.device_bytes_available = OptFrom(j, "device_bytes_available");
  m.peak_rss_bytes = OptFrom(j, "peak_rss_bytes");
  m.device_peak_bytes = OptFrom(j, "device_peak_bytes");
  m.resource_error = j.value("resource_error", false);
  return m;
}

// Reads with a message naming the JSON pointer on a type mismatch.
template <typename T>
T Get(const json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) throw UsageError(fmt::format("results JSON: {}/{} is missing", where, key));
  try {
    return j.at(key).get<T>();
  } catch (const json::exception& e) {
    throw UsageError(fmt::format("results JSON: {}/{} has the wrong type: {}", where, key, e.what()));
  }
}

CaseResult CaseFromJson(const json& j, const std::string& where) {
  CaseResult r;
  r.params.op = Get<std::string>(j, "op", where);
  r.params.type = ParsePrecision(Get<std::string>(j, "type", where), where + "/type");
  const json& p = j.at("params");
  r.params.m = Get<int64_t>(p, "m", where + "/params");
  r.params.n = Get<int64_t>(p, "n", where + "/params");
  r.params.k = Get<int64_t>(p, "k", where + "/params");
  r.params.transa = ParseTrans(Get<std::string>(p, "transA", where + "/params"));
  r.params.transb = ParseTrans(Get<std::string>(p, "transB", where + "/params"));
  r.params.alpha = NumOr(p.value("alpha", json()), 1.0);
  r.params.beta = NumOr(p.value("beta", json()), 0.0);
  r.params.nrhs = p.value("nrhs", int64_t{1});
  r.params.batch = p.value("batch", int64_t{1});
  r.params.matrix = p.value("matrix", std::string("rand"));
  r.params.cond = NumOr(p.value("cond", json()), 0.0);
  r.params.seed = p.value("seed", uint64_t{1988});
  r.params.full_check = p.value("full_check", false);
  r.backend = Get<std::string>(j, "backend", where);
  r.status = ParseStatus(Get<std::string>(j, "status", where));
  r.message = j.value("message", std::string());
  r.flops = NumOr(j.value("flops", json()), 0.0);
  for (const json& c : j.value("checks", json::array())) {
    CheckResult cr;
    cr.name = c.value("name", "");
    cr.formula = c.value("formula", "");
    cr.norm = c.value("norm", "");
    cr.eps_name = c.value("eps_name", "");
    cr.eps = NumOr(c.value("eps", json()), 0.0);
    cr.value = NumOr(c.value("ratio", json()), std::nan(""));
    cr.threshold = NumOr(c.value("threshold", json()), 0.0);
    cr.passed = c.value("passed", false);
    cr.note = c.value("note", "");
    r.checks.push_back(cr);
  }
  if (j.contains("timing") && j["timing"].is_object()) {
    const json& t = j["timing"];
    TimingStats ts;
    for (const json& s : t.value("samples_s", json::array())) ts.samples_s.push_back(NumOr(s, std::nan("")));
    ts.iterations_per_sample = t.value("iterations_per_sample", int64_t{1});
    ts.min_s = NumOr(t.value("min_s", json()), std::nan(""));
    ts.median_s = NumOr(t.value("median_s", json()), std::nan(""));
    ts.mean_s = NumOr(t.value("mean_s", json()), std::nan(""));
    ts.stddev_s = NumOr(t.value("stddev_s", json()), std::nan(""));
    ts.cv = NumOr(t.value("cv", json()), std::nan(""));
    ts.transfers_included = t.value("transfers_included", false);
    ts.stop_reason = t.value("stop_reason", std::string("fixed"));
    ts.unstable = t.value("unstable", false);
    ts.unstable_reason = t.value("unstable_reason", std::string());
    r.timing = ts;
  }
  if (j.contains("gflops") && j["gflops"].is_number()) r.gflops = j["gflops"].get<double>();
  if (j.contains("speedup") && j["speedup"].is_object()) {
    r.baseline = j["speedup"].value("baseline", "");
    if (j["speedup"].contains("value") && j["speedup"]["value"].is_number())
      r.speedup = j["speedup"]["value"].get<double>();
    r.speedup_verdict = j["speedup"].value("verdict", std::string());
    r.speedup_seed = j["speedup"].value("seed", uint64_t{0});
  }
  if (j.contains("speedup_ci") && j["speedup_ci"].is_array() && j["speedup_ci"].size() == 2 &&
      j["speedup_ci"][0].is_number() && j["speedup_ci"][1].is_number()) {
    r.speedup_ci = {j["speedup_ci"][0].get<double>(), j["speedup_ci"][1].get<double>()};
  }
  if (j.contains("memory") && j["memory"].is_object()) r.memory = MemoryFromJson(j["memory"]);
  return r;
}

}  // namespace

json ToJson(const CaseResult& r) {
  json j{{"op", r.params.op},
         {"type", ToString(r.params.type)},
         {"params", ParamsJson(r.params)},
         {"backend", r.backend},
         {"status", ToString(r.status)},
         {"message", r.message},
         {"flops", Num(r.flops)}};
  json checks = json::array();
  for (const CheckResult& c : r.checks) checks.push_back(CheckJson(c));
  j["checks"] = checks;
  if (!r.checks.empty()) {
    j["error_ratio"] = Num(r.checks.front().value);
    j["tolerance"] = Num(r.checks.front().threshold);
  } else {
    j["error_ratio"] = nullptr;
    j["tolerance"] = nullptr;
  }
  j["timing"] = r.timing ? TimingJson(*r.timing) : json(nullptr);
  j["gflops"] = r.gflops ? Num(*r.gflops) : json(nullptr);
  if (r.baseline.empty()) {
    j["speedup"] = nullptr;
  } else {
    j["speedup"] = json{{"baseline", r.baseline}, {"value", Opt(r.speedup)}};
    if (!r.speedup_verdict.empty()) j["speedup"]["verdict"] = r.speedup_verdict;
    if (r.speedup_ci) j["speedup"]["seed"] = r.speedup_seed;
  }
  j["speedup_ci"] = r.speedup_ci ? json::array({Num(r.speedup_ci->first), Num(r.speedup_ci->second)})
                                 : json(nullptr);
  j["memory"] = MemoryJson(r.memory);
  return j;
}

json ToJson(const ResultsDocument& doc) {
  json results = json::array();
  for (const CaseResult& r : doc.results) results.push_back(ToJson(r));
  const Summary s = Summarize(doc.results);
  json j{{"schema_version", doc.schema_version},
         {"context", doc.context},
         {"summary",
          {{"total", s.total()}, {"pass", s.pass}, {"failed", s.failed},
           {"skipped", s.skipped}, {"unsupported", s.unsupported}, {"error", s.error}}},
         {"results", results}};
  if (!doc.recommendations.is_null()) j["recommendations"] = doc.recommendations;
  return j;
}

ResultsDocument ResultsFromJson(const json& j) {
  if (!j.is_object()) throw UsageError("results JSON: top level is not an object");
  ResultsDocument doc;
  doc.schema_version = Get<int>(j, "schema_version", "");
  if (doc.schema_version > kResultsSchemaVersion) {
    throw UsageError(fmt::format("results JSON: schema_version {} is newer than this tool's {}",
                                 doc.schema_version, kResultsSchemaVersion));
  }
  doc.context = j.value("context", json::object());
  doc.recommendations = j.value("recommendations", json(nullptr));
  const json& results = j.at("results");
  for (std::size_t i = 0; i < results.size(); ++i)
    doc.results.push_back(CaseFromJson(results[i], fmt::format("/results/{}", i)));
  return doc;
}

Summary Summarize(const std::vector<CaseResult>& results) {
  Summary s;
  for (const CaseResult& r : results) {
    switch (r.status) {
      case Status::kPass: ++s.pass; break;
      case Status::kFailed: ++s.failed; break;
      case Status::kSkipped: ++s.skipped; break;
      case Status::kUnsupported: ++s.unsupported; break;
      case Status::kError: ++s.error; break;
    }
    if (r.memory.resource_error) ++s.resource_errors;
  }
  return s;
}

}  // namespace lapack_ai
