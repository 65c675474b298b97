// A one-node Slurm cluster for the slurm provider's tests, from Debian's slurm-wlm and munge:
// munged with a generated key, slurmctld and slurmd in the foreground on free loopback ports,
// all state in a temporary folder; partitions "debug" (the default) and "gpu" on the one node.
// SLURM_CONF points this process (and its children: sbatch, squeue, scancel, `lapack-ai cloud
// run`) at it while the fixture lives.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cloud/fixtures_util.h"
#include "lapack_ai/cloud/process.h"

namespace lapack_ai::testing {

class SlurmFixture {
 public:
  /// Starts munged, slurmctld and slurmd and waits for the node to be idle; on failure
  /// skip_reason() says why (packages missing, not root).
  SlurmFixture();
  ~SlurmFixture();  ///< cancels every job, stops the daemons, restores SLURM_CONF
  SlurmFixture(const SlurmFixture&) = delete;
  SlurmFixture& operator=(const SlurmFixture&) = delete;

  const std::string& skip_reason() const { return skip_; }
  const std::string& dir() const { return dir_.path(); }
  const std::string& conf() const { return conf_; }
  /// Job ids in the queue (squeue), any user, any name; one "squeue failed: ..." entry if the
  /// queue cannot be read.
  std::vector<std::string> Queue() const;
  /// squeue's lines in `format` (e.g. "%A|%P|%y": array job id, partition, nice).
  std::vector<std::string> QueueLines(const std::string& format) const;

 private:
  bool Start(const std::string& why, std::vector<std::string> argv, const std::string& log);
  FixtureDir dir_{"lai_slurm_"};
  std::string conf_, skip_, old_conf_;
  bool had_conf_ = false;
  std::vector<std::unique_ptr<cloud::Child>> daemons_;  // munged, slurmctld, slurmd
};

}  // namespace lapack_ai::testing
