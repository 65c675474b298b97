// `lapack-ai report html|compare|merge`: reports from result JSON. Parsing and printing only;
// the work is in lapack_ai::reports.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "lapack_ai/context.h"
#include "lapack_ai/error.h"
#include "lapack_ai/reports/compare.h"
#include "lapack_ai/reports/html.h"
#include "lapack_ai/reports/merge.h"
#include "subcommand.h"

namespace lapack_ai::cli {
namespace {

std::vector<reports::Leg> LoadAll(const std::vector<std::string>& paths) {
  std::vector<reports::Leg> legs;
  for (const std::string& path : paths) {
    for (reports::Leg& leg : reports::LoadLegs(path)) legs.push_back(std::move(leg));
  }
  reports::DeduplicateLegNames(legs);
  return legs;
}

void WriteHtml(const std::vector<reports::Leg>& legs, const std::string& path,
               const std::string& title) {
  std::vector<ResultsDocument> docs;
  reports::HtmlOptions options;
  options.title = title;
  for (const reports::Leg& leg : legs) {
    docs.push_back(leg.doc);
    options.leg_names.push_back(leg.name);
  }
  WriteFileAtomically(path, reports::RenderHtml(docs, options));
  std::fprintf(stderr, "report written to %s\n", path.c_str());
}

struct HtmlFlags {
  std::vector<std::string> inputs;
  std::string output;
  std::string title = "lapack-ai report";
};

void SetupHtml(CLI::App& report, std::shared_ptr<Action> chosen) {
  auto flags = std::make_shared<HtmlFlags>();
  CLI::App* sub = report.add_subcommand("html", "One self-contained HTML page (works offline)");
  // Several files: one leg (machine) each; a merged file contributes all its legs.
  sub->add_option("inputs", flags->inputs, "Result JSON files")->required()->check(CLI::ExistingFile);
  sub->add_option("-o,--output", flags->output, "HTML file to write")->required();
  sub->add_option("--title", flags->title, "Page title and heading");
  sub->callback([flags, chosen] {
    *chosen = [flags] {
      WriteHtml(LoadAll(flags->inputs), flags->output, flags->title);
      return kExitOk;
    };
  });
}

struct CompareFlags {
  std::string base, next, output;
  reports::CompareOptions options;
  bool json = false, markdown = false;
};

int RunCompare(const CompareFlags& f) {
  const reports::CompareReport report =
      reports::CompareLegs(LoadAll({f.base}), LoadAll({f.next}), f.options);
  std::string text = f.json       ? reports::ToJson(report).dump(2) + "\n"
                     : f.markdown ? reports::ToMarkdown(report)
                                  : reports::ToText(report);
  if (f.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    WriteFileAtomically(f.output, text);
  }
  return report.regression() ? kExitCheckFailed : kExitOk;
}

void SetupCompare(CLI::App& report, std::shared_ptr<Action> chosen) {
  auto f = std::make_shared<CompareFlags>();
  CLI::App* sub = report.add_subcommand(
      "compare", "Speed and precision changes from BASE to NEW; exit 1 on any regression");
  sub->add_option("base", f->base, "Baseline result JSON")->required()->check(CLI::ExistingFile);
  sub->add_option("new", f->next, "New result JSON")->required()->check(CLI::ExistingFile);
  // A slowdown must be both significant (Mann-Whitney U on the samples) and this large.
  sub->add_option("--threshold", f->options.threshold_percent,
                  "Smallest median change that counts, in percent (default 5)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--alpha", f->options.alpha, "Significance level of the U test (default 0.05)")
      ->check(CLI::Range(1e-9, 0.5));
  sub->add_flag("--fail-on-missing", f->options.fail_on_missing,
                "A case of BASE absent from NEW is a regression");
  auto* json = sub->add_flag("--json", f->json, "Machine-readable output");
  sub->add_flag("--markdown", f->markdown, "Markdown output (PR comments)")->excludes(json);
  sub->add_option("-o,--output", f->output, "Write the output to this file instead of stdout");
  sub->callback([f, chosen] { *chosen = [f] { return RunCompare(*f); }; });
}

struct MergeFlags {
  std::vector<std::string> inputs, names;
  std::string output, html;
};

// Information, not an error: legs on different machines are the point of merging, but numbers
// from them are compared only knowingly.
void PrintEnvironmentDifferences(const nlohmann::json& context, const std::string& first_leg) {
  for (const nlohmann::json& leg : context.value("environment_differences", nlohmann::json::array())) {
    std::fprintf(stderr, "note: legs differ in environment: %s (against %s):\n",
                 leg.value("leg", std::string()).c_str(), first_leg.c_str());
    for (const nlohmann::json& line : leg.value("differences", nlohmann::json::array()))
      std::fprintf(stderr, "  - %s\n", line.get<std::string>().c_str());
  }
}

int RunMerge(const MergeFlags& f) {
  std::vector<reports::Leg> legs = LoadAll(f.inputs);
  if (!f.names.empty() && f.names.size() != legs.size()) {
    throw UsageError(fmt::format("--name: {} name(s) given for {} leg(s)", f.names.size(),
                                 legs.size()));
  }
  for (std::size_t i = 0; i < f.names.size(); ++i) legs[i].name = f.names[i];
  reports::DeduplicateLegNames(legs);
  const nlohmann::json merged = reports::MergeLegs(legs, CollectContext(CommandLine(), {}));
  WriteFileAtomically(f.output, merged.dump(2) + "\n");
  std::fprintf(stderr, "merged %zu leg(s), %zu case(s) into %s\n", legs.size(),
               merged["results"].size(), f.output.c_str());
  PrintEnvironmentDifferences(merged["context"], legs.front().name);
  if (!f.html.empty()) WriteHtml(legs, f.html, "lapack-ai report (merged)");
  return kExitOk;
}

void SetupMerge(CLI::App& report, std::shared_ptr<Action> chosen) {
  auto f = std::make_shared<MergeFlags>();
  CLI::App* sub = report.add_subcommand("merge", "Join the results of several legs into one file");
  sub->add_option("inputs", f->inputs, "Result JSON files, one leg (machine) each")
      ->required()->check(CLI::ExistingFile);
  sub->add_option("-o,--output", f->output, "Merged JSON file to write")->required();
  sub->add_option("--html", f->html, "Also write the HTML report of the merged legs");
  // Default leg names are the file stems (h100.json -> h100).
  sub->add_option("--name", f->names, "Leg names, one per leg in input order");
  sub->callback([f, chosen] { *chosen = [f] { return RunMerge(*f); }; });
}

}  // namespace

Action SetupReport(CLI::App& sub) {
  auto chosen = std::make_shared<Action>();
  sub.require_subcommand(1);
  SetupHtml(sub, chosen);
  SetupCompare(sub, chosen);
  SetupMerge(sub, chosen);
  sub.footer(
      "Examples:\n"
      "  lapack-ai report html results/*.json -o report.html\n"
      "  lapack-ai report compare base.json new.json --threshold 5 --markdown\n"
      "  lapack-ai report merge leg-a.json leg-b.json -o merged.json --html merged.html\n"
      "compare exits 1 on a regression (slower beyond noise and --threshold, a status that got\n"
      "worse, an error ratio past its threshold), 0 otherwise, 2 on bad input.");
  return [chosen] { return (*chosen)(); };
}

}  // namespace lapack_ai::cli
