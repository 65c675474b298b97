// Parsers of /proc and /sys text: the fields the checks rely on, and nullopt (never a guess) for
// malformed input.
#include <doctest/doctest.h>

#include "env/proc_parse.h"

namespace lapack_ai::env::internal {
namespace {

TEST_CASE("env parse: /proc/stat aggregate cpu line, steal included") {
  const auto f = ParseProcStatCpu("cpu  10 1 5 900 3 2 4 7 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0\n");
  REQUIRE(f);
  CHECK((*f)[kUser] == 10);
  CHECK((*f)[kIdle] == 900);
  CHECK((*f)[kSteal] == 7);
  CHECK_FALSE(ParseProcStatCpu("cpu0 1 2 3 4 5 6 7 8\n"));  // no aggregate line
  CHECK_FALSE(ParseProcStatCpu("cpu  1 2 3 4\n"));          // no steal column
  CHECK_FALSE(ParseProcStatCpu(""));
}

TEST_CASE("env parse: meminfo, vmstat, loadavg, cpuinfo") {
  const std::string meminfo = "MemTotal: 100 kB\nSwapTotal:    2048 kB\nSwapFree:  1024 kB\n";
  CHECK(MeminfoKb(meminfo, "SwapTotal") == 2048);
  CHECK(MeminfoKb(meminfo, "SwapFree") == 1024);
  CHECK_FALSE(MeminfoKb(meminfo, "Swap"));
  CHECK(VmstatValue("pswpin 5\npswpout 7\n", "pswpout") == 7);
  CHECK_FALSE(VmstatValue("pswpin_x 5\n", "pswpin"));
  CHECK(LoadAvg1("1.96 0.90 0.35 5/100 4621\n") == doctest::Approx(1.96));
  CHECK_FALSE(LoadAvg1("garbage"));
  CHECK(CpuinfoField("processor\t: 0\nmodel name\t: AMD EPYC\n", "model name") == "AMD EPYC");
  CHECK_FALSE(CpuinfoField("processor\t: 0\n", "model name"));
}

TEST_CASE("env parse: cpu lists and thread counts") {
  CHECK(ParseCpuList("0-3,8,10-11\n") == std::vector<int>{0, 1, 2, 3, 8, 10, 11});
  CHECK(ParseCpuList("0") == std::vector<int>{0});
  CHECK_FALSE(ParseCpuList("3-1"));
  CHECK_FALSE(ParseCpuList(""));
  CHECK_FALSE(ParseCpuList("a-b"));
  CHECK(ParseThreadCount("4") == 4);
  CHECK(ParseThreadCount(" 4,2") == 4);  // OpenMP nested list: the outer level
  CHECK_FALSE(ParseThreadCount("0"));
  CHECK_FALSE(ParseThreadCount("many"));
}

}  // namespace
}  // namespace lapack_ai::env::internal
