// The Slurm commands the slurm provider runs (argument vectors, 60 s limit each): squeue for what
// is live, sacct for how a job ended, scancel's wait until the queue is clear.
#pragma once
#include <string>
#include <vector>

#include "lapack_ai/cloud/process.h"

namespace lapack_ai::cloud::slurm {

/// Every job lapack-ai submits is named lapack-ai-<run id>[...].
inline constexpr const char* kJobPrefix = "lapack-ai-";

/// Runs one Slurm command; `cancellable` false for teardown and for sbatch (see Launch).
ProcessResult Slurm(std::vector<std::string> argv, bool cancellable = true);
std::string Trim(const std::string& s);
/// squeue's lines for live jobs named lapack-ai-* ("" = all, else one job or task id), split
/// into {array job id, name, comment, state, user, partition}. Throws std::runtime_error if squeue
/// fails for another reason than the job having left the queue.
std::vector<std::vector<std::string>> QueueLines(const std::string& job);
/// sacct's final state ("sacct: TIMEOUT") where the cluster keeps accounting, else a guess.
std::string AccountingState(const std::string& task);
/// "run=ID expires=UTC owner=USER" -> the value of `key`, "" if absent.
std::string CommentField(const std::string& comment, const std::string& key);
/// Waits up to 30 s for a job (by id, or by name) to leave the queue; false if it has not.
bool WaitGone(const std::string& job_or_name, bool is_id);

}  // namespace lapack_ai::cloud::slurm
