// LoadMonitor on a fake /proc: other processes' cores are /proc/stat's busy jiffies minus our
// own CPU time over wall time; steal, load average and swap traffic come with them.
#include <doctest/doctest.h>

#include "env/fake_system.h"

namespace lapack_ai::env {
namespace {

using testing::FakeSystem;
using testing::StatText;

TEST_CASE("env load: a 2 s window with 3 busy core-seconds, 1 of them ours, is 1 other core") {
  FakeSystem sys;
  sys.on_sleep = [&] {
    // +300 busy jiffies (3 s at HZ 100), +460 idle, +40 steal: 5 % steal.
    sys.Write("/proc/stat", StatText(1200, 0, 600, 100460, 10, 0, 5, 40));
    sys.Write("/proc/loadavg", "1.50 0.10 0.20 3/100 1234\n");
    sys.Write("/proc/vmstat", "pswpin 13\npswpout 22\n");
    sys.own_cpu_s += 1.0;
  };
  const LoadWindow w = SampleLoad(sys, 2.0);
  REQUIRE(w.valid);
  CHECK(w.seconds == doctest::Approx(2.0));
  CHECK(w.other_cpu_cores == doctest::Approx(1.0));
  CHECK(w.steal_fraction == doctest::Approx(0.05));
  CHECK(w.loadavg1_start == doctest::Approx(0.05));
  CHECK(w.loadavg1_end == doctest::Approx(1.50));
  CHECK(w.swapped_pages == 5);
}

TEST_CASE("env load: our own CPU is not counted as other processes'") {
  FakeSystem sys;
  sys.on_sleep = [&] {
    sys.Write("/proc/stat", StatText(1200, 0, 500, 100000, 10, 0, 5, 0));  // +2 busy core-s
    sys.own_cpu_s += 2.0;
  };
  const LoadWindow w = SampleLoad(sys, 1.0);
  REQUIRE(w.valid);
  CHECK(w.other_cpu_cores == doctest::Approx(0.0));
}

TEST_CASE("env load: unreadable /proc/stat or a too short window is invalid, never idle") {
  FakeSystem sys;
  sys.Remove("/proc/stat");
  LoadWindow w = SampleLoad(sys, 1.0);
  CHECK_FALSE(w.valid);
  CHECK(w.note == "/proc/stat unreadable");

  FakeSystem quick;
  w = SampleLoad(quick, 0.01);
  CHECK_FALSE(w.valid);
  CHECK(w.note.find("too short") != std::string::npos);

  FakeSystem no_vmstat;
  no_vmstat.Remove("/proc/vmstat");
  w = SampleLoad(no_vmstat, 1.0);
  CHECK(w.valid);
  CHECK(w.swapped_pages == -1);
}

TEST_CASE("env load: the real machine gives a valid window") {
  const auto sys = RealSystem();
  const LoadWindow w = SampleLoad(*sys, 0.2);
  CHECK(w.valid);
  CHECK(w.seconds >= 0.2);
  CHECK(w.other_cpu_cores >= 0);
  CHECK(w.steal_fraction >= 0);
  CHECK(w.steal_fraction <= 1);
}

}  // namespace
}  // namespace lapack_ai::env
