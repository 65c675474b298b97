#!/usr/bin/env bash
# GPU measurement of the opencl backend (docs/PERFORMANCE.md, GPU section), in two steps:
#   bench/gpu-opencl.sh bundle BUILD_DIR BUNDLE_DIR   on the build machine: `lapack-ai bundle`
#       (binary, its non-system libraries, netlib for reference) -> BUNDLE_DIR/lapack-ai-*.tar.gz,
#       and the OpenCL perftest beside it
#   bench/gpu-opencl.sh run BUNDLE_DIR OUT_DIR [THREADS]   on the GPU host (NVIDIA OpenCL driver
#       present, nothing installed): unpacks, registers the NVIDIA ICD, runs every measurement
#       and writes JSON + logs under OUT_DIR.
# Sizes can be shrunk for a smoke test: FACT_N, GEMM_DIMS, FAST_DIMS, BATCHES; FACT_OPS (subset of
# potrf,getrf,geqrf) and FACT_SPECS (opencl variants) pick the factorizations; FAST_BACKENDS
# replaces the fast-matmul list (keep opencl in it: it is the baseline); STEPS picks
# among: doctor libs fact gemm fast batched trust (default doctor fact gemm fast batched).
# libs compares the host's CPU libraries through lib:<path> (the bundled OpenBLAS forced to
# LIBS_CORE, default SkylakeX; BLIS and ATLAS when the build machine has them): LIBS_DIMS,
# LIBS_FACT_DIMS.
# doctor runs `lapack-ai doctor` and `doctor --try-fixes` on the host as it is; FIX_ENV (e.g.
# OPENBLAS_CORETYPE=Cooperlake) is then exported for every later step, so the host's OpenBLAS
# runs the kernel doctor asked for (the CPU side of every CPU-vs-GPU ratio). trust runs an A/A
# pair and a planted 10 % slowdown on the device (opencl, calib@opencl, calib:slow=1.10@opencl).
# Never changes GPU clocks or settings.
set -euo pipefail

bundle() {
  local build=$1 dest=$2
  mkdir -p "$dest"
  rm -f "$dest"/lapack-ai-*.tar.gz
  # The portable bundle (docs: `lapack-ai bundle --help`): binary, its non-system libraries with an
  # $ORIGIN RUNPATH, netlib for reference, BLIS/ATLAS/OpenBLAS variants for lib:NAME.
  "$build/apps/lapack-ai" bundle -o "$dest"
  # The perftest travels beside it and borrows the bundle's lib/ (LD_LIBRARY_PATH in run).
  cp "$build/tests/lapack_ai_opencl_perftest" "$dest/"
  ls -la "$dest"
}

run() {
  local src=$1 out=$2 threads=${3:-16} dir
  dir=$(mktemp -d)
  tar -C "$dir" -xzf "$(ls "$src"/lapack-ai-*.tar.gz | head -1)" --strip-components=1
  cp "$src/lapack_ai_opencl_perftest" "$dir/bin/"
  # lapack-ai needs no LD_LIBRARY_PATH (RUNPATH); the perftest does.
  export LD_LIBRARY_PATH="$dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # The NVIDIA driver ships its OpenCL library; containers often lack the ICD file naming it.
  local icd
  icd=$(ls /usr/local/nvidia/lib64/libnvidia-opencl.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 \
        /usr/lib64/libnvidia-opencl.so.1 2>/dev/null | head -1 || true)
  mkdir -p "$dir/vendors" "$out"
  if [[ -n $icd ]]; then
    echo "$icd" > "$dir/vendors/nvidia.icd"
    export OCL_ICD_VENDORS="$dir/vendors"
  fi
  local ai="$dir/bin/lapack-ai"
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv > "$out/gpu.txt" 2>&1 || true
  "$ai" devices --json > "$out/devices.json" 2>&1 || true
  "$ai" devices | sed -n '/^opencl/,/^$/p'
  local common=(--repeat "${REPEAT:-auto}" --max-time "${MAX_TIME:-30}" --warmup 1 --min-sample-time 0 --threads "$threads" -q)
  local steps=" ${STEPS:-doctor fact gemm fast batched} "
  # 0. what the host's libraries and load are, and what the fix for them measures.
  if [[ $steps == *" doctor "* ]]; then
    "$ai" doctor --backend openblas,opencl | tee "$out/doctor.txt"
    "$ai" doctor --json --try-fixes --try-dim "${TRY_DIM:-2048}" > "$out/doctor.json" || true
    "$ai" doctor --try-fixes --try-dim "${TRY_DIM:-2048}" | tail -3
  fi
  [[ -n ${FIX_ENV:-} ]] && export "${FIX_ENV?}" && echo "exported $FIX_ENV for the remaining steps"
  # 0b. which CPU library: the linked OpenBLAS as found against a second copy with the doctor's
  # core (LIBS_CORE), BLIS on every core and generic ATLAS, one interleaved run (lib:<path>).
  if [[ $steps == *" libs "* ]]; then
    local libs="openblas,lib:$dir/lib/libopenblas.so.0/env:OPENBLAS_CORETYPE=${LIBS_CORE:-SkylakeX}"
    [[ -f $dir/lib/blis-pthread/libblas.so.3 ]] && libs+=",lib:$dir/lib/blis-pthread/libblas.so.3/env:BLIS_NUM_THREADS=$threads"
    [[ -f $dir/lib/atlas/libblas.so.3 ]] && libs+=",lib:$dir/lib/atlas/libblas.so.3"
    "$ai" bench --op gemm --type s,d --dim "${LIBS_DIMS:-2048,4096}" --baseline openblas --backend "$libs" \
      "${common[@]}" --json "$out/libs-gemm.json"
    "$ai" bench --op getrf,potrf,geqrf --type d --dim "${LIBS_FACT_DIMS:-4096}" --baseline openblas "${common[@]}" \
      --backend "openblas,lib:$dir/lib/libopenblas.so.0/env:OPENBLAS_CORETYPE=${LIBS_CORE:-SkylakeX}" \
      --json "$out/libs-fact.json"
  fi
  # 1. device copy bandwidth; hybrid spotrf/sgetrf/sgeqrf vs OpenBLAS on the host's cores.
  [[ $steps == *" fact "* ]] && "$dir/bin/lapack_ai_opencl_perftest" "${FACT_N:-16384}" "$threads" "$out/factorizations.json" \
    "${FACT_SPECS:-opencl,opencl:/nb=128,opencl:/nb=256,opencl:/nb=512}" "${FACT_OPS:-potrf,getrf,geqrf}"
  # 2. CLBlast sgemm/dgemm; 3. alphatensor@opencl against CLBlast (baseline opencl).
  [[ $steps == *" gemm "* ]] && "$ai" bench --op gemm --type s,d --dim "${GEMM_DIMS:-4096,8192,16384}" --backend opencl "${common[@]}" \
    --baseline opencl --json "$out/gemm.json"
  [[ $steps == *" fast "* ]] && "$ai" bench --op gemm --type s --dim "${FAST_DIMS:-8192,16384}" --baseline opencl "${common[@]}" \
    --backend "${FAST_BACKENDS:-opencl,alphatensor:strassen@opencl,alphatensor:strassen2@opencl,alphatensor:dps-4x4x4-48-accurate@opencl}" \
    --json "$out/fastmm.json"
  # 4. many tiny matrices: our kernel (classical, 49-product) vs CLBlast's strided batched gemm.
  [[ $steps == *" batched "* ]] && "$ai" bench --op gemm_batched --type s --dim 4 --batch "${BATCHES:-1048576,4194304}" --baseline opencl:/clblast \
    --backend opencl,opencl:/s49,opencl:/clblast "${common[@]}" --json "$out/batched.json"
  # 5. does the device's timing call an A/A pair equal and a planted 10 % slowdown slower?
  if [[ $steps == *" trust "* ]]; then
    for i in 1 2 3; do
      "$ai" bench --op gemm --type s --dim "${TRUST_DIM:-8192}" --baseline opencl --seed $((1988 + i)) "${common[@]}" \
        --backend opencl,calib@opencl,calib:slow=1.10@opencl --json "$out/trust-$i.json"
    done
  fi
  rm -rf "$dir"
  return 0
}

case ${1:-} in
  bundle) bundle "${2:?build dir}" "${3:?bundle dir}" ;;
  run) run "${2:?bundle dir}" "${3:?out dir}" "${4:-16}" ;;
  *) echo "usage: $0 bundle BUILD_DIR BUNDLE_DIR | run BUNDLE_DIR OUT_DIR [THREADS]" >&2; exit 2 ;;
esac
