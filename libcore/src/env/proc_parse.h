// Parsers for the Linux text files the environment checks read (/proc/stat, /proc/meminfo,
// /proc/vmstat, /proc/loadavg, /sys cpu lists) and for *_NUM_THREADS values. Pure functions.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lapack_ai::env::internal {

/// Fields of /proc/stat's aggregate "cpu" line: user nice system idle iowait irq softirq steal
/// (guest time is already inside user/nice). nullopt if the line is missing or short.
std::optional<std::vector<int64_t>> ParseProcStatCpu(std::string_view text);

/// Index of the fields in ParseProcStatCpu's result.
enum StatField { kUser, kNice, kSystem, kIdle, kIowait, kIrq, kSoftirq, kSteal, kStatFields };

/// "Key:   value kB" lines of /proc/meminfo; the value in kB.
std::optional<int64_t> MeminfoKb(std::string_view text, std::string_view key);

/// "key value" lines of /proc/vmstat.
std::optional<int64_t> VmstatValue(std::string_view text, std::string_view key);

/// First field of /proc/loadavg.
std::optional<double> LoadAvg1(std::string_view text);

/// The first "key\t: value" of /proc/cpuinfo, e.g. key "model name".
std::optional<std::string> CpuinfoField(std::string_view text, std::string_view key);

/// CPU numbers in a list such as "0-3,8,10-11" (/sys/devices/system/cpu/online).
std::optional<std::vector<int>> ParseCpuList(std::string_view text);

/// A thread count from OMP_NUM_THREADS-style text: the first entry of "4" or "4,2"; nullopt if
/// not a positive integer.
std::optional<int> ParseThreadCount(std::string_view text);

std::string ToLower(std::string_view s);
std::string_view Trim(std::string_view s);

}  // namespace lapack_ai::env::internal
