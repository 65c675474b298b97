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
#   batched   4x4/8x8/16x16 batched gemm: our kernels vs cuBLAS strided batched, 1 GiB fp32
#             operands per size (so the copy bandwidth beside them is a fair bar), and the
#             device's copy bandwidth measured (PyTorch when the host has it)
#   clgemm    CLBlast sgemm/dgemm vs cuBLAS with CLBlast's defaults, then `lapack-ai tune
#             --backend opencl` (TUNE_BUDGET, default 90s), then the same with the tuned file
#             (CLBlast's overrides are process-wide, so tuned and untuned are two runs, each
#             interleaved with cuBLAS)
#   cltiles   our OpenCL GEMM kernel (kernels/gemm_tiled.cl) on its default and other tiles vs
#             CLBlast vs cuBLAS, and Strassen/Strassen^2 over it, s then d at GEMM_DIMS
#             (S_TILES, D_TILES: other "/gemm_tile=" values, space-separated)
#   clnb      the hybrid factorizations' block sizes tuned for the device (`tune --only
#             NB_ITEMS`, default potrf_nb,getrf_nb,geqrf_nb, within NB_BUDGET, default 300s); the
#             solvers step after it runs on them: add opencl:/nb=<default> to its specs for the
#             untuned side in the same run
#   solvers   cuSOLVER vs the OpenCL factorizations and their variants, s, 16384 (SOLVER_OPS;
#             POTRF_SPECS, GETRF_SPECS, GEQRF_SPECS; SOLVER_CPU=1 adds the host's OpenBLAS to
#             potrf and getrf), baseline cuda; LAPACK_AI_OPENCL_PHASES splits each opencl run
#             into host panels, time blocked on the device and time issuing device work
#             (solvers-phases.txt)
#   big       gemm at 32768 (fewer backends: three fp64 32768^2 operand sets per backend)
#   cpu       the host's CPU library on THREADS cores with the kernel `doctor` asks for
#             (FIX_ENV, default OPENBLAS_CORETYPE=SkylakeX) vs cuSOLVER and opencl: s at 8192
#             and 16384 (potrf/getrf/geqrf, CPU_S_OPS) and d at 4096 and 8192 (getrf/potrf/
#             geqrf/syevd, CPU_OPS); CPU_S_OPS= or CPU_OPS= leaves that part out
#   svd       the SVD, CPU against GPU: the CPU's gesdd against cuSOLVER's gesvd, d at
#             SVD_DIMS (space-separated, default "4096 8192"; 8192 takes minutes a side)
# Sizes shrink for a smoke test: GEMM_DIMS, RECT_DIMS, BIG_DIMS, SOLVER_DIMS, CPU_S_DIMS,
# CPU_DIMS, SVD_DIMS, BATCH_SCALE (divides the batched batch sizes); GEMM_TYPES (s,d), BIG_TYPES (s d);
# BIG_REPEAT, CPU_REPEAT, SVD_REPEAT set sample counts; BIG_SPECS the big step's backends.
# Never changes GPU clocks or settings.
set -euo pipefail

# merge_json IN... OUT: the results of several lapack-ai JSON files in one (the first's context).
merge_json() {
  python3 - "$@" <<'PY'
import json, sys
docs = [json.load(open(p)) for p in sys.argv[1:-1]]
merged = docs[0]
for d in docs[1:]:
    merged["results"] += d["results"]
json.dump(merged, open(sys.argv[-1], "w"), indent=1)
PY
}

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
  local ai="$dir/bin/lapack-ai" steps=" ${STEPS:-validate gemm rect batched clgemm cltiles clnb solvers big cpu svd} "
  export XDG_CONFIG_HOME="$dir/config"  # where clgemm's tuning file goes (copied to OUT_DIR)
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,clocks.max.sm --format=csv > "$out/gpu.txt" 2>&1 || true
  "$ai" devices | sed -n '/^cuda/,/^$/p' | tee "$out/devices.txt"
  local common=(--repeat "${REPEAT:-auto}" --max-time "${MAX_TIME:-10}" --warmup 1 --min-sample-time 0 -q)
  local fast="cuda,alphatensor:strassen@cuda,alphatensor:winograd@cuda,alphatensor:strassen2@cuda"
  fast+=",alphatensor:alphatensor-4x4x4@cuda,alphatensor:dps-4x4x4-48-accurate@cuda"
  # The same plan with the generic addition kernels: what the NVRTC-specialised ones give.
  fast+=",alphatensor:dps-4x4x4-48-accurate@cuda:generic"
  if [[ $steps == *" validate "* ]]; then
    "$ai" validate --backend cuda,alphatensor:strassen2@cuda --op gemm,getrf,potrf,geqrf,gesvd,syevd \
      --type s,d -q --json "$out/validate.json" | tail -4 || true
  fi
  if [[ $steps == *" gemm "* ]]; then
    "$ai" bench --op gemm --type "${GEMM_TYPES:-s,d}" --dim "${GEMM_DIMS:-4096,8192,16384}" --backend "$fast" --baseline cuda \
      "${common[@]}" --json "$out/gemm.json" || echo "(bench exit $?: failed or error cases, see the JSON)"
  fi
  if [[ $steps == *" rect "* ]]; then
    # LLM-like shapes, MxNxK: a square weight times 4096 tokens, and a 4x wide projection.
    "$ai" bench --op gemm --type s,d --dim "${RECT_DIMS:-16384x16384x4096,32768x8192x8192}" --backend "$fast" \
      --baseline cuda "${common[@]}" --json "$out/gemm-rect.json" || echo "(bench exit $?)"
  fi
  if [[ $steps == *" batched "* ]]; then
    local scale=${BATCH_SCALE:-1} n batch
    for n in 4 8 16; do
      batch=$(( (1 << 30) / (4 * n * n) / scale ))  # 1 GiB per fp32 operand, 2 GiB fp64
      "$ai" bench --op gemm_batched --type s,d --dim "$n" --batch "$batch" --baseline cuda:cublas \
        --backend cuda,cuda:cublas "${common[@]}" --json "$out/batched-$n.json" || echo "(bench exit $?)"
    done
    merge_json "$out"/batched-{4,8,16}.json "$out/batched.json"
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
  if [[ $steps == *" clgemm "* ]]; then
    local clg=(bench --op gemm --type s,d --dim "${GEMM_DIMS:-4096,8192,16384}" --backend cuda,opencl --baseline cuda)
    "$ai" "${clg[@]}" "${common[@]}" --json "$out/clgemm-untuned.json" || echo "(bench exit $?)"
    "$ai" tune --backend opencl --budget "${TUNE_BUDGET:-90s}" 2>&1 | tail -5 | tee "$out/tune.txt" || true
    cp "$XDG_CONFIG_HOME"/lapack-ai/clblast-*.json "$out/" 2>/dev/null || echo "no tuning file written" | tee -a "$out/tune.txt"
    "$ai" devices | grep -i "clblast" | tee -a "$out/tune.txt" || true
    "$ai" "${clg[@]}" "${common[@]}" --json "$out/clgemm-tuned.json" || echo "(bench exit $?)"
  fi
  if [[ $steps == *" cltiles "* ]]; then
    local t tiles specs
    for t in s d; do
      if [[ $t == s ]]; then tiles=${S_TILES-128x128x16x8x8 64x128x16x8x8}
      else tiles=${D_TILES-128x64x8x8x8 64x64x16x4x4}; fi
      specs="cuda,opencl:/gemm=clblast,opencl,alphatensor:strassen@opencl,alphatensor:strassen2@opencl"
      for tile in $tiles; do specs+=",opencl:/gemm_tile=$tile"; done
      "$ai" bench --op gemm --type $t --dim "${GEMM_DIMS:-4096,8192,16384}" --backend "$specs" --baseline cuda \
        "${common[@]}" --json "$out/cltiles-$t.json" || echo "(bench exit $?)"
    done
  fi
  if [[ $steps == *" clnb "* ]]; then
    "$ai" tune --backend opencl --only "${NB_ITEMS:-potrf_nb,getrf_nb,geqrf_nb}" --budget "${NB_BUDGET:-300s}" 2>&1 \
      | tee "$out/tune-nb.txt" || true
    cp "$XDG_CONFIG_HOME"/lapack-ai/clblast-*.json "$out/" 2>/dev/null || echo "no tuning file written" | tee -a "$out/tune-nb.txt"
    "$ai" devices | grep -E "block_sizes|config" | tee -a "$out/tune-nb.txt" || true
  fi
  if [[ $steps == *" solvers "* ]]; then
    # One run per routine, so each variant runs only where it differs; with SOLVER_CPU=1 the
    # host's OpenBLAS (THREADS threads, FIX_ENV's kernel) joins potrf and getrf, so the
    # CPU-vs-GPU ratios come from the same interleaved run.
    local sd=${SOLVER_DIMS:-16384} op specs cpu=${SOLVER_CPU:+openblas,}
    for op in ${SOLVER_OPS:-potrf getrf geqrf}; do
      case $op in
        potrf) specs="$cpu${POTRF_SPECS:-cuda,opencl,opencl:/gemm=clblast}" ;;
        getrf) specs="$cpu${GETRF_SPECS:-cuda,opencl,opencl:/gemm=clblast,opencl:/nb=128}" ;;
        geqrf) specs="${GEQRF_SPECS:-cuda,opencl,opencl:/gemm=clblast}" ;;
      esac
      date -u +"%T $op" >&2
      LAPACK_AI_OPENCL_PHASES=1 "$ai" bench --op "$op" --type s --dim "$sd" --baseline cuda --threads "$threads" \
        --backend "$specs" "${common[@]}" --json "$out/solvers-$op.json" 2>>"$out/solvers-phases.txt" || echo "(bench exit $?)"
    done
    grep -E "^opencl" "$out/solvers-phases.txt" | sort | uniq | tail -40 || true
  fi
  if [[ $steps == *" big "* ]]; then
    # One run per type: generating and checking 32768^2 operands takes minutes, and each file is
    # rewritten after every case, so a step cut short by the lease keeps what it finished.
    local t
    for t in ${BIG_TYPES:-s d}; do
      date -u +"%T big $t" >&2
      "$ai" bench --op gemm --type "$t" --dim "${BIG_DIMS:-32768}" --baseline cuda --repeat "${BIG_REPEAT:-5}" \
        --warmup 1 --min-sample-time 0 -q --backend "${BIG_SPECS:-cuda,alphatensor:strassen@cuda,alphatensor:strassen2@cuda}" \
        --json "$out/gemm-big-$t.json" || echo "(bench exit $?)"
    done
  fi
  if [[ $steps == *" cpu "* ]]; then
    # The CPU side runs the kernels that match the CPU (never Debian's SSE3 fallback on an
    # unknown Intel core): doctor's check must say the kernel matches, else the ratio is void.
    (
      "$ai" doctor --backend openblas | tee "$out/cpu-doctor.txt" | grep -i "kernel" || true
      local once=(--repeat "${CPU_REPEAT:-3}" --warmup 1 --min-sample-time 0 -q --threads "$threads" --baseline openblas)
      if [[ -n ${CPU_S_OPS-potrf,getrf,geqrf} ]]; then
        date -u +"%T cpu s" >&2
        "$ai" bench --op "${CPU_S_OPS:-potrf,getrf,geqrf}" --type s --dim "${CPU_S_DIMS:-8192,16384}" \
          --backend openblas,opencl,cuda "${once[@]}" --json "$out/cpu-gpu-s.json" || echo "(bench exit $?)"
      fi
      # CPU_S_OPS= or CPU_OPS= (set, empty) leaves that part out.
      if [[ -n ${CPU_OPS-getrf,potrf,geqrf,syevd} ]]; then
        date -u +"%T cpu d" >&2
        "$ai" bench --op "${CPU_OPS:-getrf,potrf,geqrf,syevd}" --type d --dim "${CPU_DIMS:-4096,8192}" \
          --backend openblas,cuda "${once[@]}" --json "$out/cpu-gpu.json" || echo "(bench exit $?)"
      fi
    )
  fi
  if [[ $steps == *" svd "* ]]; then
    # The SVD each side is fastest with: the CPU's divide and conquer (gesdd; its gesvd took
    # over a minute a call at 4096) against cuSOLVER's gesvd (cuSOLVER has no gesdd), one order
    # at a time so a step cut short keeps the orders it finished. Its own step: at 8192 the
    # CPU's dgesdd takes about a minute a call (cuSOLVER's dgesvd 15 s), so the GPU side goes
    # first. One file for the ratio:
    # sample_ratio.py cpu-gpu-svd.json openblas cuda --base-op gesdd --other-op gesvd --m 4096.
    local svd=(--type d --repeat "${SVD_REPEAT:-3}" --warmup 1 --min-sample-time 0 -q --threads "$threads") m parts=()
    for m in ${SVD_DIMS:-4096 8192}; do
      date -u +"%T svd $m" >&2
      "$ai" bench --op gesvd --backend cuda --dim "$m" "${svd[@]}" --json "$out/svd-gpu-$m.json" || echo "(bench exit $?)"
      "$ai" bench --op gesdd --backend openblas --dim "$m" "${svd[@]}" --json "$out/svd-cpu-$m.json" || echo "(bench exit $?)"
      parts+=("$out/svd-gpu-$m.json" "$out/svd-cpu-$m.json")
      merge_json "${parts[@]}" "$out/cpu-gpu-svd.json" || true
    done
  fi
  rm -rf "$dir"
}

case ${1:-} in
  run) run "${2:?bundle dir}" "${3:?out dir}" "${4:-16}" ;;
  *) echo "usage: $0 run BUNDLE_DIR OUT_DIR [THREADS]   (bundle with bench/gpu-opencl.sh bundle)" >&2; exit 2 ;;
esac
