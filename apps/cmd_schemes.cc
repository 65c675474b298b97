// `lapack-ai schemes list|show|verify|import|stats`: the fast-matmul scheme catalogue.
// Exit 0, 1 when a scheme fails verification, 2 on bad input (unknown name, malformed file).
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "lapack_ai/error.h"
#include "lapack_ai/fastmm/catalogue.h"
#include "lapack_ai/fastmm/import.h"
#include "lapack_ai/fastmm/verify.h"
#include "lapack_ai/result.h"
#include "schemes_format.h"
#include "subcommand.h"

namespace lapack_ai::cli {

namespace {

using fastmm::Scheme;

struct SchemesFlags {
  std::string name;  // catalogue name or file
  bool all = false;
  bool json = false;
  std::string key;     // npz key
  std::string format;  // json|npz|sms
  std::string output;  // -o
};

const char* kUnknownHint = "`lapack-ai schemes list` shows the catalogue";

/// A catalogue name, else a scheme file (imported and verified).
std::shared_ptr<const Scheme> Resolve(const SchemesFlags& f) {
  if (const Scheme* s = fastmm::FindScheme(f.name))
    return std::shared_ptr<const Scheme>(s, [](const Scheme*) {});
  if (!std::filesystem::exists(f.name) && !std::filesystem::exists(f.name + "_L.sms")) {
    throw UsageError(fmt::format("unknown scheme '{}' (not in the catalogue, not a file); {}",
                                 f.name, kUnknownHint));
  }
  return std::make_shared<const Scheme>(fastmm::ImportScheme(f.name, f.format, f.key));
}

/// The schemes a command names: NAME, or the whole catalogue with --all or no NAME (when
/// `default_all`).
std::vector<std::shared_ptr<const Scheme>> Selection(const SchemesFlags& f, bool default_all) {
  std::vector<std::shared_ptr<const Scheme>> out;
  if (!f.name.empty() && f.all) throw UsageError("give a scheme NAME or --all, not both");
  if (f.name.empty()) {
    if (!f.all && !default_all) throw UsageError("give a scheme NAME or --all");
    for (const Scheme& s : fastmm::Catalogue()) out.emplace_back(&s, [](const Scheme*) {});
    return out;
  }
  out.push_back(Resolve(f));
  return out;
}

std::vector<const Scheme*> Raw(const std::vector<std::shared_ptr<const Scheme>>& list) {
  std::vector<const Scheme*> out;
  for (const auto& s : list) out.push_back(s.get());
  return out;
}

// list and stats: the selected schemes as a table, or their summaries as a JSON array.
int PrintSelection(const SchemesFlags& f,
                   std::string (*table)(const std::vector<const Scheme*>&)) {
  const auto list = Selection(f, true);
  if (f.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& s : list) j.push_back(SummaryJson(*s));
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{}", table(Raw(list)));
  }
  return kExitOk;
}

int RunList(const SchemesFlags& f) { return PrintSelection(f, &ListTable); }

int RunShow(const SchemesFlags& f) {
  const auto s = Resolve(f);
  if (f.json) {
    nlohmann::json j = fastmm::SchemeToJson(*s);
    j["stats"] = SummaryJson(*s)["stats"];
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{}", ShowText(*s));
  }
  return kExitOk;
}

int RunVerify(const SchemesFlags& f) {
  std::vector<std::shared_ptr<const Scheme>> list;
  // A project JSON file is parsed without the importer's own check, so a wrong scheme gets
  // exit 1 and its failing equation rather than an input error.
  if (f.name.ends_with(".json") && !fastmm::FindScheme(f.name) && std::filesystem::exists(f.name)) {
    list.push_back(std::make_shared<const Scheme>(fastmm::LoadSchemeJson(f.name)));
  } else {
    list = Selection(f, false);
  }
  nlohmann::json j = nlohmann::json::array();
  int failed = 0;
  for (const auto& s : list) {
    const fastmm::VerifyResult v = fastmm::Verify(*s);
    failed += v.ok ? 0 : 1;
    j.push_back(VerifyJson(*s, v));
    if (!f.json) {
      fmt::print("{:<24} {:>7} R={:<4} {:<4} {}\n", s->name, ShapeText(*s), s->rank,
                 s->field == fastmm::Field::kGF2 ? "mod2" : "Q",
                 v.ok ? "ok" : "FAILED: " + v.message);
    }
  }
  if (f.json) {
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{} of {} schemes verified exactly{}.\n",
               list.size() - static_cast<std::size_t>(failed), list.size(),
               failed ? fmt::format(", {} FAILED", failed) : "");
  }
  return failed ? kExitCheckFailed : kExitOk;
}

int RunImport(const SchemesFlags& f) {
  if (!std::filesystem::exists(f.name) && !std::filesystem::exists(f.name + "_L.sms")) {
    throw UsageError(fmt::format("{}: no such file", f.name));
  }
  const Scheme s = fastmm::ImportScheme(f.name, f.format, f.key);
  if (!f.output.empty()) WriteFileAtomically(f.output, fastmm::SchemeToJsonText(s));
  if (f.json) {
    fmt::print("{}", fastmm::SchemeToJsonText(s));
    return kExitOk;
  }
  fmt::print("{}: verified exactly over {}\n", f.name,
             s.field == fastmm::Field::kGF2 ? "GF(2) (mod 2 only)" : "Q");
  fmt::print("{}", StatsTable({&s}));
  if (!f.output.empty()) fmt::print("wrote {}\n", f.output);
  return kExitOk;
}

int RunStats(const SchemesFlags& f) { return PrintSelection(f, &StatsTable); }

}  // namespace

Action SetupSchemes(CLI::App& sub) {
  auto flags = std::make_shared<SchemesFlags>();
  sub.require_subcommand(1);
  sub.footer(
      "Examples:\n"
      "  lapack-ai schemes list\n"
      "  lapack-ai schemes verify --all\n"
      "  lapack-ai schemes show strassen2\n"
      "  lapack-ai schemes stats --all --json\n"
      "  lapack-ai schemes import factorizations_r.npz --key 4,4,4 -o at444.json\n"
      "  lapack-ai schemes import plinopt/4x4x4_48_rational_L.sms\n"
      "Exit codes: 0 ok, 1 a scheme failed verification, 2 bad input. Formats: docs/SCHEMES.md");
  struct Row {
    const char* name;
    const char* help;
    int (*run)(const SchemesFlags&);
  };
  static const Row kRows[] = {
      {"list", "List the shipped schemes (name, shape, rank, field, E)", &RunList},
      {"show", "Show one scheme: metadata, statistics and its products written out", &RunShow},
      {"verify", "Verify Brent equations exactly (NAME, a .json file, or --all); exit 1 on failure",
       &RunVerify},
      {"import", "Import and verify a scheme file (.json, AlphaTensor .npz, PLinOpt .sms)",
       &RunImport},
      {"stats", "Rank, nonzeros, naive additions, stability factor E and Q", &RunStats},
  };
  std::vector<std::pair<CLI::App*, int (*)(const SchemesFlags&)>> actions;
  for (const Row& row : kRows) {
    CLI::App* cmd = sub.add_subcommand(row.name, row.help);
    const std::string verb = row.name;
    // --json: machine-readable output on stdout instead of the table.
    cmd->add_flag("--json", flags->json, "Print JSON instead of text");
    if (verb == "import") {
      cmd->add_option("FILE", flags->name,
                      "Scheme file: .json, .npz (with --key) or a PLinOpt _L/_R/_P.sms")
          ->required();
      // --key: the npz member "m,k,n" (AlphaTensor's keys, e.g. 4,4,4).
      cmd->add_option("--key", flags->key, "npz key m,k,n, e.g. 4,4,4");
      cmd->add_option("--format", flags->format, "json, npz or sms (default: from the file name)")
          ->check(CLI::IsMember({"json", "npz", "sms"}));
      // -o: the converted scheme in the project JSON format, written atomically.
      cmd->add_option("-o,--output", flags->output,
                      "Write the scheme as project JSON to this file");
    } else if (verb != "list") {
      cmd->add_option("NAME", flags->name, "Catalogue name (see `schemes list`) or a scheme file");
      if (verb != "show") cmd->add_flag("--all", flags->all, "Every shipped scheme");
      if (verb == "show") cmd->get_option("NAME")->required();
      cmd->add_option("--key", flags->key, "npz key m,k,n when NAME is an .npz file");
    }
    actions.emplace_back(cmd, row.run);
  }
  return [flags, actions] {
    for (const auto& [cmd, run] : actions) {
      if (cmd->parsed()) return run(*flags);
    }
    return kExitUsage;
  };
}

}  // namespace lapack_ai::cli
