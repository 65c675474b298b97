// The cluster's config: proctrack/linuxproc and task/none (no cgroups in a container), no
// accounting daemon (squeue is the status source), short KillWait so scancel ends jobs in
// seconds. munged refuses a world-writable parent (/tmp) unless --force.
#include "cloud/fixtures_slurm.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace lapack_ai::testing {
namespace fs = std::filesystem;

bool SlurmFixture::Start(const std::string& why, std::vector<std::string> argv,
                         const std::string& log) {
  cloud::ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.stdout_path = spec.stderr_path = log;
  try {
    daemons_.push_back(std::make_unique<cloud::Child>(spec));
  } catch (const std::exception& e) {
    skip_ = fmt::format("{} did not start: {}", why, e.what());
    return false;
  }
  return true;
}

SlurmFixture::SlurmFixture() {
  const std::string munged = FindExecutable({"/usr/sbin/munged"});
  const std::string ctld = FindExecutable({"/usr/sbin/slurmctld"});
  const std::string slurmd = FindExecutable({"/usr/sbin/slurmd"});
  if (munged.empty() || ctld.empty() || slurmd.empty() ||
      FindExecutable({"/usr/bin/sbatch"}).empty()) {
    skip_ = "slurm-wlm or munge is not installed (scripts/install-cloud-test.sh installs them)";
    return;
  }
  if (::geteuid() != 0) {
    skip_ = "slurmd runs jobs as their user and needs root for it (CI runs as root)";
    return;
  }
  const std::string d = dir_.path();
  fs::create_directories(d + "/munge");
  fs::permissions(d, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  fs::permissions(d + "/munge",
                  fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  std::string key(1024, '\0');
  std::random_device rd;
  for (char& c : key) c = static_cast<char>(rd());
  dir_.Write("munge/munge.key", key);
  fs::permissions(d + "/munge/munge.key", fs::perms::owner_read);
  const std::string sock = d + "/munge/munge.sock";
  if (!Start("munged",
             {munged, "-F", "--force", "--socket=" + sock, "--key-file=" + d + "/munge/munge.key",
              "--log-file=" + d + "/munged.log", "--pid-file=" + d + "/munge/munged.pid",
              "--seed-file=" + d + "/munge/seed"},
             d + "/munged.out")) {
    return;
  }
  for (int i = 0; i < 100 && !fs::exists(sock); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const int ctld_port = FreeLoopbackPort();
  int slurmd_port = FreeLoopbackPort();
  while (slurmd_port == ctld_port) slurmd_port = FreeLoopbackPort();
  for (const char* sub : {"state", "spool"}) fs::create_directories(d + "/" + sub);
  conf_ = dir_.Write(
      "slurm.conf",
      fmt::format(
          "ClusterName=lapackai\nSlurmctldHost=localhost(127.0.0.1)\nSlurmctldPort={cp}"
          "\nSlurmdPort={dp}\n"
          "SlurmUser=root\nAuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket={sock}\n"
          "StateSaveLocation={d}/state\nSlurmdSpoolDir={d}/spool\nSlurmctldPidFile={d}/"
          "slurmctld.pid\n"
          "SlurmdPidFile={d}/slurmd.pid\nSlurmctldLogFile={d}/slurmctld.log\nSlurmdLogFile={d}/"
          "slurmd.log\n"
          "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nSelectType=select/cons_tres\n"
          "SelectTypeParameters=CR_Core\nJobAcctGatherType=jobacct_gather/none\n"
          "AccountingStorageType=accounting_storage/none\nJobCompType=jobcomp/"
          "none\nMpiDefault=none\n"
          "MailProg=/bin/true\nReturnToService=2\nSlurmdTimeout=30\nInactiveLimit=0\nMinJobAge=2\n"
          "KillWait=2\nSchedulerParameters=sched_interval=1\n"
          "NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN\n"
          "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP\n"
          "PartitionName=gpu Nodes=localhost MaxTime=INFINITE State=UP\n",
          fmt::arg("cp", ctld_port), fmt::arg("dp", slurmd_port), fmt::arg("sock", sock),
          fmt::arg("d", d)));
  fs::permissions(conf_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                             fs::perms::others_read);
  if (const char* old = std::getenv("SLURM_CONF")) {
    had_conf_ = true;
    old_conf_ = old;
  }
  ::setenv("SLURM_CONF", conf_.c_str(), 1);
  if (!Start("slurmctld", {ctld, "-D", "-f", conf_}, d + "/slurmctld.out") ||
      !Start("slurmd", {slurmd, "-D", "-N", "localhost", "-f", conf_}, d + "/slurmd.out")) {
    return;
  }
  for (int i = 0; i < 200; ++i) {
    const auto r = Run({"sinfo", "-h", "-o", "%T"});
    if (r.ok() && r.out.find("idle") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::ifstream log(d + "/slurmctld.log");
  std::stringstream s;
  s << log.rdbuf();
  skip_ = "the one-node Slurm cluster did not come up within 20 s: " + s.str().substr(0, 2000);
}

SlurmFixture::~SlurmFixture() {
  if (!conf_.empty() && skip_.empty()) {
    for (const char* p : {"debug", "gpu"}) Run({"scancel", "--full", "--partition", p});
  }
  for (auto it = daemons_.rbegin(); it != daemons_.rend(); ++it) (*it)->Terminate(3.0);
  if (had_conf_)
    ::setenv("SLURM_CONF", old_conf_.c_str(), 1);
  else
    ::unsetenv("SLURM_CONF");
}

std::vector<std::string> SlurmFixture::Queue() const {
  std::vector<std::string> ids;
  const auto r = Run({"squeue", "-h", "-o", "%i"});
  // A queue that cannot be read is not an empty one: a test asserting "nothing left" must fail.
  if (!r.ok()) return {"squeue failed: " + r.Describe() + " " + r.err};
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) ids.push_back(line);
  }
  return ids;
}

std::vector<std::string> SlurmFixture::QueueLines(const std::string& format) const {
  const auto r = Run({"squeue", "-h", "-o", format});
  if (!r.ok()) return {"squeue failed: " + r.Describe() + " " + r.err};
  std::vector<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

}  // namespace lapack_ai::testing
