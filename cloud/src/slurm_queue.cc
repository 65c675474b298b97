// squeue, sacct and scancel as the slurm provider runs them (slurm_queue.h).
#include "slurm_queue.h"

#include <fmt/format.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

namespace lapack_ai::cloud::slurm {
namespace {

constexpr double kCommandTimeoutS = 60;

// A job slurmctld still shows after it ended (for MinJobAge, 300 s by default) is not live.
bool Ended(const std::string& state) {
  static const std::set<std::string> kEnded = {
      "COMPLETED",     "CANCELLED", "FAILED",   "TIMEOUT",      "NODE_FAIL", "PREEMPTED",
      "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED"};
  return kEnded.count(state) != 0;
}

}  // namespace

ProcessResult Slurm(std::vector<std::string> argv, bool cancellable) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.timeout_s = kCommandTimeoutS;
  spec.cancellable = cancellable;
  return RunProcess(spec);
}

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  const auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::vector<std::string>> QueueLines(const std::string& job) {
  std::vector<std::string> argv = {"squeue", "-h", "-o", "%A|%j|%k|%T|%u|%P"};
  if (!job.empty()) argv.insert(argv.end(), {"-j", job});
  const ProcessResult r = Slurm(argv);
  // A job that has left the queue is "Invalid job id" (exit 1): gone, not an error.
  if (!r.ok() && r.err.find("Invalid job id") == std::string::npos) {
    throw std::runtime_error(fmt::format("squeue: {}: {}", r.Describe(), Trim(r.err)));
  }
  std::vector<std::vector<std::string>> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, '|');) f.push_back(x);
    if (f.size() == 6 && f[1].rfind(kJobPrefix, 0) == 0 && !Ended(f[3]))
      out.push_back(std::move(f));
  }
  return out;
}

// sacct's final state ("TIMEOUT", "NODE_FAIL", ...) where the cluster keeps accounting.
std::string AccountingState(const std::string& task) {
  const ProcessResult r = Slurm({"sacct", "-n", "-X", "-P", "-j", task, "-o", "State"});
  const std::string state = Trim(r.out.substr(0, r.out.find('\n')));
  return r.ok() && !state.empty() ? "sacct: " + state : "cancelled, or ended at --time";
}

// "run=ID expires=UTC owner=USER" -> the value of `key`.
std::string CommentField(const std::string& comment, const std::string& key) {
  std::istringstream words(comment);
  for (std::string w; words >> w;) {
    if (w.rfind(key + "=", 0) == 0) return w.substr(key.size() + 1);
  }
  return "";
}

// scancel returns at once; the job leaves the queue once its processes are gone (KillWait).
bool WaitGone(const std::string& job_or_name, bool is_id) {
  for (int i = 0; i < 150; ++i) {
    bool present = false;
    for (const auto& f : QueueLines(is_id ? job_or_name : "")) {
      if (is_id || f[1] == job_or_name) present = true;
    }
    if (!present) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

}  // namespace lapack_ai::cloud::slurm
