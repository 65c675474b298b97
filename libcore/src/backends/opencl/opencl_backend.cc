// OpenclBackend: spec parsing, device opening, what `devices` shows, and dispatch of calls to
// the BLAS and hybrid LAPACK binders.
#include "opencl_backend.h"

#include <clblast.h>

#include <charconv>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "lapack_ai/error.h"

namespace lapack_ai::opencl {

namespace {

int PositiveOption(const std::string& spec, const char* name, std::string_view v) {
  int value = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
  if (ec != std::errc() || p != v.data() + v.size() || value < 1) {
    throw UsageError(fmt::format("--backend '{}': {} must be a positive integer, got '{}'", spec,
                                 name, v));
  }
  return value;
}

// "panel=host|recursive|own|device" (the names OpenclOptions::PanelName gives), else nothing.
std::optional<OpenclOptions::Panel> ParsePanel(std::string_view tok) {
  using P = OpenclOptions::Panel;
  if (!tok.starts_with("panel=")) return std::nullopt;
  for (P p : {P::kHost, P::kRecursive, P::kOwn, P::kDevice})
    if (tok.substr(6) == OpenclOptions::PanelName(p)) return p;
  return std::nullopt;
}

}  // namespace

OpenclOptions ParseOpenclArgument(const std::string& spec, const std::string& argument) {
  OpenclOptions o;
  if (const char* env = std::getenv("LAPACK_AI_OPENCL_DEVICE")) o.selector = env;
  std::string_view rest = argument;
  bool first = true;
  while (!rest.empty() || first) {
    const auto slash = rest.find('/');
    const std::string_view tok = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (tok == "transfers") {
      o.transfers = true;
    } else if (tok == "clblast") {
      o.batched = OpenclOptions::Batched::kClblast;
    } else if (tok == "unbatched") {
      o.unbatched = true;
    } else if (tok == "s49") {
      o.batched = OpenclOptions::Batched::kScheme49;
    } else if (tok.starts_with("nb=")) {
      o.nb = PositiveOption(spec, "nb", tok.substr(3));
    } else if (tok.starts_with("ib=")) {
      o.ib = PositiveOption(spec, "ib", tok.substr(3));
    } else if (tok.starts_with("host_threads=")) {
      o.host_threads = PositiveOption(spec, "host_threads", tok.substr(13));
    } else if (tok == "trsm=clblast") {
      o.clblast_trsm = true;
    } else if (tok == "syrk=clblast") {
      o.clblast_syrk = true;
    } else if (tok == "gemm=clblast") {
      o.clblast_gemm = true;
    } else if (tok.starts_with("gemm_tile=")) {
      o.gemm_tile = GemmTile::Parse(fmt::format("--backend '{}'", spec), std::string(tok.substr(10)));
    } else if (const auto panel = ParsePanel(tok)) {
      o.panel = *panel;
    } else if (tok.starts_with("dev=")) {
      o.selector = std::string(tok.substr(4));
    } else if (first && !tok.empty()) {
      o.selector = std::string(tok);
    } else if (!tok.empty()) {
      throw UsageError(fmt::format(
          "--backend '{}': unknown opencl option '{}' (expected transfers, clblast, s49, unbatched, "
          "nb=N, ib=N, host_threads=N, trsm=clblast, syrk=clblast, gemm=clblast, gemm_tile=MTxNTxKTxRMxRN, panel=host|recursive|own|device, dev=SELECTOR)", spec, tok));
    }
    first = false;
  }
  return o;
}

OpenclBackend::OpenclBackend(std::string name, OpenclOptions options)
    : name_(std::move(name)), options_(std::move(options)) {
  std::string why;
  all_devices_ = DiscoverDevices(&why);
  const DeviceInfo* chosen = SelectDevice(all_devices_, options_.selector, &why);
  if (chosen == nullptr) {
    unavailable_ = why;
    return;
  }
  try {
    device_ = std::make_unique<OpenDevice>(*chosen);
    tuning_ = ApplyStoredTuning(*chosen);
    for (std::size_t bytes : {4, 8}) {
      const GemmTile& tuned = tuning_.gemm_tile[bytes == 4 ? 0 : 1];
      std::string& source = gemm_tile_source_[bytes == 4 ? 0 : 1];
      if (options_.clblast_gemm) device_->set_gemm_tile(bytes, GemmTile{});
      else if (options_.gemm_tile.enabled()) device_->set_gemm_tile(bytes, options_.gemm_tile), source = "/gemm_tile";
      else if (tuned.enabled()) device_->set_gemm_tile(bytes, tuned), source = "tuned";
      else source = "default";
    }
    device_->set_tuned_blocks(tuning_.blocks);  // "/nb=" wins over them (BlockSize)
  } catch (const std::exception& e) {
    unavailable_ = fmt::format("cannot open OpenCL device {}: {}", chosen->Describe(), e.what());
  }
}

BackendInfo OpenclBackend::Info() const {
  BackendInfo info;
  info.name = name_;
  info.library = fmt::format("CLBlast {}.{}.{} (OpenCL)", CLBLAST_VERSION_MAJOR,
                             CLBLAST_VERSION_MINOR, CLBLAST_VERSION_PATCH);
  info.available = device_ != nullptr;
  info.note = unavailable_;
  for (const DeviceInfo& d : all_devices_)
    info.extra[fmt::format("opencl_device[{}]", d.index)] = d.Describe();
  info.extra["transfers_included"] = options_.transfers ? "true" : "false";
  if (device_) {
    const DeviceInfo& d = device_->info();
    info.device = fmt::format("{} / {}", d.platform_name, d.device_name);
    info.extra["selected"] = d.Describe();
    info.extra["driver"] = d.driver_version;
    // config: what `devices`, the results' context and the HTML report show of the tuning.
    info.config = tuning_.status;
    const auto tile = [&](std::size_t bytes) {
      const GemmTile& t = device_->gemm_tile(bytes);
      return t.enabled() ? fmt::format("gemm_tiled {} ({})", t.Name(), gemm_tile_source_[bytes == 4 ? 0 : 1])
                         : std::string("CLBlast");
    };
    info.extra["gemm_kernel"] = fmt::format(
        "s: {}, d: {} (our kernel where m, n, k each fill a tile; CLBlast otherwise)", tile(4), tile(8));
    const TunedBlocks& blocks = device_->tuned_blocks();
    info.extra["block_sizes"] =
        options_.nb > 0 ? fmt::format("/nb={}", options_.nb)
        : blocks.empty() ? std::string("defaults")
                         : fmt::format("tuned ({}; at the nearest tuned order within 2x, defaults for the rest)", blocks.Describe());
    if (!tuning_.warning.empty()) info.extra["clblast_tuning_warning"] = tuning_.warning;
  }
  return info;
}

bool OpenclBackend::Supports(std::string_view routine, Precision precision) const {
  if (device_ == nullptr) return false;
  if (precision == Precision::kDouble && !device_->info().fp64) return false;
  return routine == "gemm" || routine == "gemm_batched" || routine == "potrf" ||
         routine == "getrf" || routine == "geqrf";
}

std::unique_ptr<BoundCall> OpenclBackend::Bind(Call& call) {
  if (device_ == nullptr) throw BackendError(fmt::format("{}: unavailable: {}", name_, unavailable_));
  if (!Supports(RoutineOf(call), PrecisionOf(call))) {
    throw Unsupported(fmt::format("{} has no {}{}", name_, ToString(PrecisionOf(call)),
                                  RoutineOf(call)));
  }
  if (auto b = BindBlas(*device_, options_, call)) return b;
  OpenclOptions opts = options_;
  opts.run_threads = threads_;
  if (auto b = BindHybrid(*device_, opts, call)) return b;
  throw Unsupported(fmt::format("{} has no {}", name_, RoutineOf(call)));
}

int64_t OpenclBackend::FastWorkspaceBudget() const {
  if (device_ == nullptr) return Backend::FastWorkspaceBudget();
  return static_cast<int64_t>(device_->info().global_memory_bytes / 4);
}

std::optional<double> OpenclBackend::DeviceMemoryBytes() const {
  if (device_ == nullptr) return std::nullopt;
  return static_cast<double>(device_->info().global_memory_bytes);
}

std::unique_ptr<BoundCall> OpenclBackend::BindFastGemm(const fastmm::Plan& plan, Call& call) {
  if (device_ == nullptr) throw BackendError(fmt::format("{}: unavailable: {}", name_, unavailable_));
  if (!Supports(RoutineOf(call), PrecisionOf(call))) {
    throw Unsupported(fmt::format("{} has no {}{}", name_, ToString(PrecisionOf(call)),
                                  RoutineOf(call)));
  }
  return opencl::BindFastGemm(*device_, options_, plan, call);
}

}  // namespace lapack_ai::opencl

namespace lapack_ai {

std::unique_ptr<Backend> MakeOpenclBackend(const BackendSpec& spec) {
  if (!spec.base.empty()) {
    throw UsageError(fmt::format("--backend '{}': opencl takes no '@base'", spec.text));
  }
  return std::make_unique<opencl::OpenclBackend>(
      spec.text, opencl::ParseOpenclArgument(spec.text, spec.argument));
}

}  // namespace lapack_ai
