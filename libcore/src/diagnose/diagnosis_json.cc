// Strict JSON for a Diagnosis (`lapack-ai diagnose --json`): non-finite numbers become null
// with a "<key>_status" beside them; quantities not computed are null with status
// "not computed", so consumers see every key.
#include <cmath>

#include "lapack_ai/diagnose.h"

namespace lapack_ai {
namespace {

void PutNumber(nlohmann::json& j, const std::string& key, std::optional<double> v) {
  if (!v) {
    j[key] = nullptr;
    j[key + "_status"] = "not computed";
  } else if (std::isnan(*v)) {
    j[key] = nullptr;
    j[key + "_status"] = "nan";
  } else if (std::isinf(*v)) {
    j[key] = nullptr;
    j[key + "_status"] = *v > 0 ? "infinite" : "-infinite";
  } else {
    j[key] = *v;
  }
}

nlohmann::json ScalingJson(const ScalingRange& s) {
  nlohmann::json j;
  j["min_max_abs"] = s.min_max_abs;
  j["max_max_abs"] = s.max_max_abs;
  j["range"] = s.range();
  j["zero_lines"] = s.zero_lines;
  return j;
}

}  // namespace

nlohmann::json ToJson(const Diagnosis& d) {
  nlohmann::json j;
  j["shape"] = {d.rows, d.cols};
  j["entries"] = {{"nan", d.nan_count}, {"inf", d.inf_count}, {"zero", d.zero_count}};
  if (d.first_bad_row > 0) j["entries"]["first_nonfinite"] = {d.first_bad_row, d.first_bad_col};
  bool measured = d.rows > 0 && d.cols > 0 && d.nan_count + d.inf_count == 0;
  nlohmann::json norms;
  PutNumber(norms, "one", measured ? std::optional(d.norm_1) : std::nullopt);
  PutNumber(norms, "inf", measured ? std::optional(d.norm_inf) : std::nullopt);
  PutNumber(norms, "fro", measured ? std::optional(d.norm_fro) : std::nullopt);
  PutNumber(norms, "max_abs", measured ? std::optional(d.max_abs) : std::nullopt);
  j["norms"] = norms;
  j["symmetric"] = d.symmetric;
  j["asymmetry"] = d.asymmetry;
  j["symmetry_tolerance"] = d.symmetry_tolerance;
  j["spd"] = d.spd ? nlohmann::json(*d.spd) : nlohmann::json(nullptr);
  j["potrf_info"] = d.potrf_info;
  j["getrf_info"] = d.getrf_info;
  PutNumber(j, "rcond", d.rcond);
  j["rcond_method"] = d.rcond_method;
  PutNumber(j, "cond_estimate", d.rcond ? std::optional(1 / *d.rcond) : std::nullopt);
  PutNumber(j, "cond_2", d.cond_2);
  PutNumber(j, "sigma_max", d.sigma_max);
  PutNumber(j, "sigma_min", d.sigma_min);
  j["rank"] = d.rank ? nlohmann::json(*d.rank) : nlohmann::json(nullptr);
  j["rank_tolerance"] = d.rank_tolerance;
  PutNumber(j, "equilibrated_cond_estimate", d.equilibrated_cond_1);
  j["row_scaling"] = ScalingJson(d.row_scaling);
  j["col_scaling"] = ScalingJson(d.col_scaling);
  j["eps"] = d.eps;
  j["notes"] = d.notes;
  j["recommendation"] = {{"solver", d.recommendation.solver},
                         {"advice", d.recommendation.advice}};
  return j;
}

}  // namespace lapack_ai
