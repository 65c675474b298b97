// The aws provider's wait step and collect. A leg is done when its exit code is in S3 (uploaded
// last); an instance that ended before that is judged by what EC2 says about its end
// (aws_end_reason.h): a spot interruption is relaunched, anything else fails the leg.
#include <filesystem>

#include <fmt/format.h>

#include "aws_end_reason.h"
#include "aws_provider.h"
#include "lapack_ai/cloud/process.h"
#include "lapack_ai/cloud/state.h"

namespace lapack_ai::cloud::aws {

namespace fs = std::filesystem;
using nlohmann::json;

void AwsProvider::Poll(const RunContext& ctx, LegRun& run) {
  if (PollResults(run)) return;
  const std::string id = run.data.value("instance_id", "");
  const ProcessResult d = Run(s_.cli, Command(s_.cli, {"ec2", "describe-instances"}, {"--instance-ids", id}));
  if (!d.ok()) {
    if (Classify(d) == ErrorClass::kNotFound) Ended(ctx, run, json{{"InstanceId", id}});
    return;  // a failed look is not a verdict: look again next time
  }
  json described;
  try {
    described = json::parse(d.out);
  } catch (const json::exception&) {
    return;
  }
  const std::vector<json> inst = InstancesOf(described);
  if (inst.empty()) return;
  const std::string state = inst[0].value("State", json::object()).value("Name", "");
  if (state == "pending" || state == "running") {
    const double minutes =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - launched_at_[run.leg->name]).count() / 60;
    if (minutes > LifetimeMinutes(ctx, *run.leg) + 5) {
      run.phase = LegPhase::kTimedOut;
      run.message = fmt::format("{} still {} {:.0f} min after launch, past its lifetime", id, state, minutes);
    }
    return;
  }
  // The guest uploads its exit code before powering off: look once more so an instance that
  // ended right after its upload is not judged by a look taken before the upload.
  if (PollResults(run)) return;
  Ended(ctx, run, inst[0]);
}

bool AwsProvider::PollResults(LegRun& run) const {
  const std::string results = run.data.value("results", "");
  const ProcessResult ls = Run(s_.cli, Command(s_.cli, {"s3", "ls"}, {results}));
  if (!ls.ok() || ls.out.find("exit_code") == std::string::npos) return false;
  const ProcessResult cat = Run(s_.cli, Command(s_.cli, {"s3", "cp"}, {results + "exit_code", "-"}));
  try {
    run.exit_code = std::stoi(cat.out);
  } catch (const std::exception&) {
    run.exit_code = -1;
  }
  if (run.exit_code == 0 || run.exit_code == 1) {
    run.phase = LegPhase::kSucceeded;
  } else {
    run.phase = LegPhase::kFailed;
    run.message = fmt::format("the leg exited with {} on {} (its logs: {})", run.exit_code,
                              run.data.value("instance_id", ""), results);
  }
  return true;
}

void AwsProvider::Ended(const RunContext& ctx, LegRun& run, const json& instance) const {
  const EndVerdict v = ClassifyEnd(instance, SpotRequestOf(instance), s_.spot);
  ctx.state->Update(run.resource_key, ResourceState::kEnded);
  run.phase = v.interrupted ? LegPhase::kInterrupted : LegPhase::kFailed;
  run.message = v.message;
  run.data["end_reason"] = v.code;
  run.data["spot_status"] = v.spot_status;
  ctx.AddEvent(v.interrupted ? "interruption" : "ended", run.leg->name, v.message,
               {{"instance_id", run.data.value("instance_id", "")},
                {"reason", v.code},
                {"spot_status", v.spot_status},
                {"relaunch", v.interrupted}});
}

json AwsProvider::SpotRequestOf(const json& instance) const {
  const json id = instance.is_object() ? instance.value("SpotInstanceRequestId", json()) : json();
  if (!id.is_string() || id.get<std::string>().empty()) return nullptr;
  const std::string request = id.get<std::string>();
  const ProcessResult r = Run(s_.cli, Command(s_.cli, {"ec2", "describe-spot-instance-requests"},
                                              {"--spot-instance-request-ids", request}));
  if (!r.ok()) return nullptr;  // the instance's own StateReason still decides
  try {
    const json j = json::parse(r.out);
    const json list = j.value("SpotInstanceRequests", json::array());
    return list.is_array() && !list.empty() ? list[0] : json(nullptr);
  } catch (const json::exception&) {
    return nullptr;
  }
}

void AwsProvider::Collect(const RunContext&, LegRun& run) {
  const std::string dest = (fs::path(run.work_dir) / "result.json").string();
  const std::string results = run.data.value("results", "");
  for (const char* f : {"result.json", "stderr.log", "stdout.log", "guest.log"}) {
    const ProcessResult r = Run(s_.cli, Command(s_.cli, {"s3", "cp"}, {results + f, (fs::path(run.work_dir) / f).string()}));
    if (!r.ok() && std::string(f) == "result.json")
      throw std::runtime_error(fmt::format("no {} under {}: {}", f, results, Redact(r.err.substr(0, 500))));
  }
  run.result_path = dest;
}

}  // namespace lapack_ai::cloud::aws
