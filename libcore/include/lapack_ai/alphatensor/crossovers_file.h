// Where alphatensor:auto finds its crossover table (a file named by the environment, the user's
// table for this CPU and base that `lapack-ai tune` wrote, or the shipped default), and how
// `tune` replaces one table of the user's file.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lapack_ai/alphatensor/crossovers.h"

namespace lapack_ai::alphatensor {

/// $XDG_CONFIG_HOME/lapack-ai/crossovers.json, else $HOME/.config/lapack-ai/crossovers.json
/// (the XDG base directory rules: a relative XDG_CONFIG_HOME is ignored); "" when neither
/// variable gives an absolute path.
std::string UserCrossoversPath();

/// The files the lookup reads ("" = none).
struct CrossoverSources {
  std::string env_file;   ///< $LAPACK_AI_ALPHATENSOR_CROSSOVERS
  std::string user_file;  ///< UserCrossoversPath()
};

/// The sources this process's environment names (read at each call, never cached).
CrossoverSources CrossoverSourcesFromEnvironment();

/// The table alphatensor:auto@`base` uses on a host whose CPU model is `cpu`, first found of:
/// 1. `env_file`: a format-1 file (for any base), or the table of a format-2 file whose cpu and
///    base match exactly;
/// 2. `user_file`'s table for (cpu, base), when the file exists;
/// 3. the table shipped in the binary (data/alphatensor_crossovers.json).
/// Throws UsageError for an unreadable env file or a malformed file of either (file:line:col and
/// a caret for JSON syntax, the JSON pointer for content).
CrossoverTable LoadCrossovers(std::string_view base, std::string_view cpu,
                              const CrossoverSources& sources);

/// LoadCrossovers with the environment's sources and this host's CpuModel().
CrossoverTable LoadCrossovers(std::string_view base);

/// The format-2 document at `path`, or an empty one ({"format", "tables": []}) when no file is
/// there. Throws UsageError for a malformed file or one of format 1 (tune would drop it).
nlohmann::json ReadCrossoversFile(const std::string& path);

/// Replaces the table of `doc` (format 2) whose cpu and base equal `table`'s, or appends it;
/// every other table is kept as it was.
void ReplaceCrossoverTable(nlohmann::json& doc, nlohmann::json table);

/// Writes `doc` to `path` atomically (temp file in the same folder, fsync, rename), creating
/// the folder. Throws std::runtime_error naming the path on failure.
void WriteCrossoversFile(const std::string& path, const nlohmann::json& doc);

}  // namespace lapack_ai::alphatensor
