// The leg script: plain POSIX sh with coreutils' timeout, what any Linux node has; no bash.
#include "bundle_script.h"

#include <fmt/format.h>

namespace lapack_ai::cloud::internal {

std::string ShellQuote(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string ShellJoin(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += ShellQuote(w);
  }
  return out;
}

std::string LegScript(const LegScriptSpec& spec) {
  std::vector<std::string> run = {
      "bundle/bin/lapack-ai", "run", spec.scenario, "--json", kLegResult, "--no-html"};
  run.insert(run.end(), spec.args.begin(), spec.args.end());
  // exit_code is renamed into place last: its presence alone means the leg has finished.
  // The binary by absolute path: the leg's directory (named for the run) shows in its command
  // line, so `ps` on the host tells which run a process belongs to.
  // --foreground keeps timeout in the script's process group (it would make its own), so
  // teardown's kill of that one group reaches the run.
  return fmt::format(
      "#!/bin/sh\n"
      "# lapack-ai cloud run {run}, leg {leg}: unpack the bundle, run, leave exit_code.\n"
      "set -u\n"
      "cd \"$1\" || exit 90\n"
      "finish() {{ echo \"$1\" > {code}.tmp && mv {code}.tmp {code}; exit \"$1\"; }}\n"
      "mkdir -p bundle && tar -xzf {bundle} -C bundle --strip-components=1 || finish {unpack}\n"
      "timeout --foreground -k 10 {life} {cmd} > {log} 2>&1\n"
      "finish $?\n",
      fmt::arg("run", spec.run_id), fmt::arg("leg", spec.leg), fmt::arg("code", kLegExitCode),
      fmt::arg("bundle", ShellQuote(spec.bundle)), fmt::arg("unpack", kUnpackFailed),
      fmt::arg("life", spec.lifetime_s), fmt::arg("cmd", "\"$PWD\"/" + ShellJoin(run)),
      fmt::arg("log", kLegLog));
}

}  // namespace lapack_ai::cloud::internal
