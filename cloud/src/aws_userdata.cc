#include "aws_userdata.h"

#include <fmt/format.h>

namespace lapack_ai::cloud::aws {

std::string ShellQuote(const std::string& text) {
  std::string q = "'";
  for (char c : text) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  q += '\'';
  return q;
}

std::string UserData(const GuestJob& job) {
  // Appends only: GCC 12 warns (-Wrestrict, a false positive) on "literal" + std::string.
  std::string aws = "(aws --region ";
  aws += ShellQuote(job.region);
  if (!job.endpoint_url.empty()) {
    aws += " --endpoint-url ";
    aws += ShellQuote(job.endpoint_url);
  }
  aws += ")";
  std::string args;
  for (const std::string& a : job.args) {
    args += ' ';
    args += ShellQuote(a);
  }
  const std::string scenario_fetch =
      job.scenario_uri.empty()
          ? fmt::format("SCENARIO={}\n", ShellQuote(job.scenario))
          : fmt::format("\"${{AWS[@]}}\" s3 cp {} \"$W/scenario.json\" >>\"$W/out/guest.log\" 2>&1\n"
                        "SCENARIO=\"$W/scenario.json\"\n",
                        ShellQuote(job.scenario_uri));
  return fmt::format(
      R"(#!/bin/bash
# lapack-ai cloud: run {run_id}, leg {leg}. Written by `lapack-ai cloud run`; runs once at boot.
set -u
SHUTDOWN="${{LAPACK_AI_GUEST_SHUTDOWN:-shutdown}}"
# The hard lifetime comes first: whatever happens below, the OS powers off and EC2 terminates.
"$SHUTDOWN" -h +{lifetime} >/dev/null 2>&1 || true
W="${{LAPACK_AI_GUEST_DIR:-/opt/lapack-ai}}"
mkdir -p "$W/bundle" "$W/out"
AWS={aws}
RC=97
if "${{AWS[@]}}" s3 cp {bundle} "$W/bundle.tar.gz" >>"$W/out/guest.log" 2>&1 &&
   tar xzf "$W/bundle.tar.gz" -C "$W/bundle" >>"$W/out/guest.log" 2>&1; then
  LA=$(find "$W/bundle" -maxdepth 3 -name lapack-ai -type f | head -n 1)
  {scenario_fetch}  if [ -n "$LA" ]; then
    "$LA" run "$SCENARIO" --json "$W/out/result.json" --no-html{args} >"$W/out/stdout.log" 2>"$W/out/stderr.log"
    RC=$?
  else
    echo "no lapack-ai in the bundle" >>"$W/out/guest.log"
  fi
fi
# The exit code goes last: its arrival tells the driver that everything else is there.
"${{AWS[@]}}" s3 cp "$W/out/" {results} --recursive >>"$W/guest-upload.log" 2>&1
echo "$RC" >"$W/exit_code"
"${{AWS[@]}}" s3 cp "$W/exit_code" {results}exit_code >>"$W/guest-upload.log" 2>&1
"$SHUTDOWN" -h now >/dev/null 2>&1 || true
)",
      fmt::arg("run_id", job.run_id), fmt::arg("leg", job.leg), fmt::arg("lifetime", job.lifetime_minutes),
      fmt::arg("aws", aws), fmt::arg("bundle", ShellQuote(job.bundle_uri)),
      fmt::arg("scenario_fetch", scenario_fetch), fmt::arg("args", args),
      fmt::arg("results", ShellQuote(job.results_uri)));
}

}  // namespace lapack_ai::cloud::aws
