#!/usr/bin/env bash
# The CUDA benchmark of docs/PERFORMANCE.md ("CUDA backend on the H200"), one command on the GPU
# host, every comparison interleaved in one lapack-ai run so each speedup has its interval:
#   bench/gpu-opencl.sh bundle BUILD_DIR BUNDLE_DIR    on the build machine (a CUDA-enabled build)
#   bench/gpu-cuda.sh run BUNDLE_DIR OUT_DIR [THREADS]  on the GPU host: only the driver installed
#                                                      (cuBLAS/cuSOLVER from the toolkit or wheels)
# STEPS picks among (default: all, in this order):
#   validate  the issue's acceptance check: cuda and strassen2@cuda against LAPACK's tests
#   gemm      cuBLAS sgemm/dgemm vs alphatensor:<scheme>@cuda at 4096..16384
#   rect      the same on two LLM-like shapes
#   batched   4x4/8x8/16x16 batched gemm: our kernels vs cuBLAS strided batched, and the
#             device's copy bandwidth measured beside them (PyTorch when the host has it)
#   solvers   cuSOLVER vs the OpenCL hybrid factorizations, s, 16384 (baseline cuda)
#   big       gemm at 32768 (fewer backends: three fp64 32768^2 operand sets per backend)
#   cpu       cuSOLVER vs the host's CPU library on THREADS cores with the kernel `doctor` asks
#             for (FIX_ENV, default OPENBLAS_CORETYPE=SkylakeX), d, 4096 and 8192
# Sizes shrink for a smoke test: GEMM_DIMS, RECT_DIMS, BIG_DIMS, SOLVER_DIM, CPU_DIMS, BATCHES.
# Never changes GPU clocks or settings.
set -euo pipefail

run() {
  local src=$1 out=$2 threads=${3:-16} dir
  dir=$(mktemp -d)
  # `lapack-ai bundle`'s tarball: bin/, lib/ with an $ORIGIN RUNPATH, netlib under lib/.
  tar -C "$dir" -xzf "$(ls "$src"/lapack-ai-*.tar.gz | head -1)" --strip-components=1
  local icd  # NVIDIA's OpenCL library, for the solvers step's opencl column
  icd=$(ls /usr/local/nvidia/lib64/libnvidia-opencl.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 \
        /usr/lib64/libnvidia-opencl.so.1 2>/dev/null | head -1 || true)
  mkdir -p "$dir/vendors" "$out"
  if [[ -n $icd ]]; then echo "$icd" > "$dir/vendors/nvidia.icd"; export OCL_ICD_VENDORS="$dir/vendors"; fi
  # The host's OpenBLAS runs the kernels that match its CPU for every step (Debian's 0.3.21 falls
  # back to SSE3 on unknown Intel cores, ~10x slower): the CPU column of the cpu step, and the
  # O(n^3) residual checks of 16384^2 factorizations, which would otherwise take minutes.
  export "${FIX_ENV:-OPENBLAS_CORETYPE=SkylakeX}"
  local ai="$dir/bin/lapack-ai" steps=" ${STEPS:-validate gemm rect batched solvers big cpu} "
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,clocks.max.sm --format=csv > "$out/gpu.txt" 2>&1 || true
  "$ai" devices | sed -n '/^cuda/,/^$/p' | tee "$out/devices.txt"
  local common=(--repeat "${REPEAT:-auto}" --max-time "${MAX_TIME:-10}" --warmup 1 --min-sample-time 0 -q)
  local fast="cuda,alphatensor:strassen@cuda,alphatensor:winograd@cuda,alphatensor:strassen2@cuda"
  fast+=",alphatensor:alphatensor-4x4x4@cuda,alphatensor:dps-4x4x4-48-accurate@cuda"
  fast+=",alphatensor:strassen2@cuda:serial"  # the same products on one stream: what the side streams give
  if [[ $steps == *" validate "* ]]; then
    "$ai" validate --backend cuda,alphatensor:strassen2@cuda --op gemm,getrf,potrf,geqrf,gesvd,syevd \
      --type s,d -q --json "$out/validate.json" | tail -4 || true
  fi
  if [[ $steps == *" gemm "* ]]; then
    "$ai" bench --op gemm --type s,d --dim "${GEMM_DIMS:-4096,8192,16384}" --backend "$fast" --baseline cuda \
      "${common[@]}" --json "$out/gemm.json" || echo "(bench exit $?: failed or error cases, see the JSON)"
  fi
  if [[ $steps == *" rect "* ]]; then
    # LLM-like shapes, MxNxK: a square weight times 4096 tokens, and a 4x wide projection.
    "$ai" bench --op gemm --type s,d --dim "${RECT_DIMS:-16384x16384x4096,32768x8192x8192}" --backend "$fast" \
      --baseline cuda "${common[@]}" --json "$out/gemm-rect.json" || echo "(bench exit $?)"
  fi
  if [[ $steps == *" batched "* ]]; then
    "$ai" bench --op gemm_batched --type s,d --dim 4,8,16 --batch "${BATCHES:-1048576}" --baseline cuda:cublas \
      --backend cuda,cuda:cublas "${common[@]}" --json "$out/batched.json" || echo "(bench exit $?)"
    # Copy bandwidth of this device, measured here rather than quoted: read + write bytes of a
    # 4 GiB device-to-device copy, median of 20.
    python3 - "$out/copy-bandwidth.txt" <<'PY' || echo "copy bandwidth: PyTorch not available" | tee "$out/copy-bandwidth.txt"
import statistics, sys, torch
x = torch.empty(1 << 29, dtype=torch.float64, device="cuda"); y = torch.empty_like(x)
times = []
for _ in range(22):
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record(); y.copy_(x); e.record(); e.synchronize(); times.append(s.elapsed_time(e) / 1e3)
bw = 2 * x.numel() * 8 / statistics.median(times[2:])
open(sys.argv[1], "w").write(f"{bw / 1e12:.3f}\n"); print(f"copy bandwidth: {bw / 1e12:.3f} TB/s")
PY
    python3 "$(dirname "$0")/batched_bandwidth.py" "$out/batched.json" "$(cat "$out/copy-bandwidth.txt")" \
      | tee "$out/batched-bandwidth.txt" || true
  fi
  if [[ $steps == *" solvers "* ]]; then
    "$ai" bench --op potrf,getrf,geqrf --type s --dim "${SOLVER_DIM:-16384}" --baseline cuda --threads "$threads" \
      --backend cuda,opencl "${common[@]}" --json "$out/solvers-opencl.json" || echo "(bench exit $?)"
  fi
  if [[ $steps == *" big "* ]]; then
    "$ai" bench --op gemm --type s,d --dim "${BIG_DIMS:-32768}" --baseline cuda --repeat "${BIG_REPEAT:-5}" \
      --warmup 1 --min-sample-time 0 -q --backend cuda,alphatensor:strassen@cuda,alphatensor:strassen2@cuda \
      --json "$out/gemm-big.json" || echo "(bench exit $?)"
  fi
  if [[ $steps == *" cpu "* ]]; then
    # The CPU side runs the kernels that match the CPU (never Debian's SSE3 fallback on an
    # unknown Intel core): doctor's check must say the kernel matches, else the ratio is void.
    (
      "$ai" doctor --backend openblas | tee "$out/cpu-doctor.txt" | grep -i "kernel" || true
      "$ai" bench --op getrf,potrf,geqrf,syevd --type d --dim "${CPU_DIMS:-4096,8192}" --baseline openblas \
        --threads "$threads" --backend openblas,cuda --repeat "${CPU_REPEAT:-5}" --warmup 1 --min-sample-time 0 -q \
        --json "$out/cpu-gpu.json" || echo "(bench exit $?)"
      "$ai" bench --op gesvd --type d --dim "${SVD_DIMS:-4096}" --baseline openblas --threads "$threads" \
        --backend openblas,cuda --repeat 3 --warmup 1 --min-sample-time 0 -q --json "$out/cpu-gpu-svd.json" || echo "(bench exit $?)"
    )
  fi
  rm -rf "$dir"
}

case ${1:-} in
  run) run "${2:?bundle dir}" "${3:?out dir}" "${4:-16}" ;;
  *) echo "usage: $0 run BUNDLE_DIR OUT_DIR [THREADS]   (bundle with bench/gpu-opencl.sh bundle)" >&2; exit 2 ;;
esac
