// Summarises a device-check.sh output folder as one JSON object on stdout:
// node summarize.mjs OUT_DIR. No dependencies (it runs on the GPU machine as is).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const out = process.argv[2] ?? '.';
const FIG3_REFERENCE_MS = 1.42; // PyTorch, same H200 (shared/spec/anchors.md)
const FP32_PEAK_TFLOPS = 60; // H200 fp32 without tensor cores (anchors.md)
const TF32_PEAK_TFLOPS = 495; // H200 dense TF32 tensor cores

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.json') ? [path] : [];
  });
}

const suites = files(join(out, 'suites')).map((path) => ({ path: relative(join(out, 'suites'), path), report: readJson(path) }));
const byPackage = {};
const failures = [];
const fallbacks = new Set();
for (const { path, report } of suites) {
  const pkg = path.split('/')[0];
  const row = (byPackage[pkg] ??= { passed: 0, failed: 0, skipped: 0, notRun: 0, crashed: 0 });
  if (report === undefined || report.notRun !== undefined) {
    row.notRun += 1;
    continue;
  }
  if (report.crashed !== undefined) {
    row.crashed += 1;
    failures.push({ suite: path, error: `crashed (exit ${report.crashed})` });
    continue;
  }
  row.passed += report.passed;
  row.failed += report.failed;
  row.skipped += report.skipped;
  if (report.loadError !== undefined) failures.push({ suite: path, error: report.loadError.split('\n')[0] });
  for (const r of report.results ?? []) if (r.state === 'fail') failures.push({ suite: path, test: r.name, error: String(r.error).split('\n')[0] });
  for (const name of Object.keys(report.hostFallbackCalls ?? {})) fallbacks.add(name);
}

const bench = readJson(join(out, 'bench-cuda.json'));
const result = (name) => bench?.results?.find((r) => r.name === name);
const figures = {};
if (bench !== undefined) {
  const fig3 = result('fig3-step-100');
  const fig3Read = result('fig3-step-100-read-loss');
  const mlp = result('mlp-4096x1024-4096-4096-1-step');
  const mlpTf32 = result('mlp-4096x1024-4096-4096-1-step-tf32');
  Object.assign(figures, {
    ...(bench.skipped === undefined ? {} : { skipped: bench.skipped }),
    fig3MsPerStep: fig3?.msPerStep,
    fig3ReadLossMsPerStep: fig3Read?.msPerStep,
    // an external reference, measured elsewhere: printed beside ours, never divided into a same-run-looking ratio
    fig3ExternalReference: { msPerStep: FIG3_REFERENCE_MS, measured: "the authors' PyTorch script on the same kind of GPU, another session (shared/spec/anchors.md)" },
    mlpTflopsFp32: mlp?.achievedTflops,
    mlpFractionOfFp32Peak: mlp?.achievedTflops === undefined ? undefined : mlp.achievedTflops / FP32_PEAK_TFLOPS,
    mlpTflopsTf32: mlpTf32?.achievedTflops,
    mlpFractionOfTf32Peak: mlpTf32?.achievedTflops === undefined ? undefined : mlpTf32.achievedTflops / TF32_PEAK_TFLOPS,
    matmul4096Tflops: result('matmul-4096')?.achievedTflops,
    matmul4096Tf32Tflops: result('matmul-4096-tf32')?.achievedTflops,
    // 1000 adds per run: the median in ms is the time per add in µs
    launchLatencyUsPerOp: result('kernel-latency-1000-adds')?.median,
    jlMnistShapeMsPerStep: result('jl-mnist-shape-step')?.msPerStep,
    maxcutG22RoundingMsPerStep: result('maxcut-g22-rounding-step')?.msPerStep,
    maxcutRandom20000RoundingMsPerStep: result('maxcut-random20000-rounding-step')?.msPerStep,
    maxcutRoundingImplementation: result('maxcut-g22-rounding-step')?.extra?.implementation,
    benchHostFallbacks: bench.hostFallbackCalls,
  });
}

const otherBenches = readdirSync(out)
  .filter((f) => /^bench-.*\.json$/.test(f) && f !== 'bench-cuda.json')
  .map((f) => ({ file: f, report: readJson(join(out, f)) }));

const build = readJson(join(out, 'build-info.json'));
const totals = Object.values(byPackage).reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed + r.crashed, skipped: t.skipped + r.skipped, notRun: t.notRun + r.notRun }), { passed: 0, failed: 0, skipped: 0, notRun: 0 });
console.log(
  JSON.stringify(
    {
      build: build?.cuda,
      totals,
      byPackage,
      failures: failures.slice(0, 60),
      hostFallbackKernels: [...fallbacks].sort(),
      benchmarks: figures,
      otherBenches: otherBenches.map(({ file, report }) => ({ file, results: report?.results?.map((r) => ({ name: r.name, backend: r.backend, median: r.median })) ?? report })),
    },
    null,
    2,
  ),
);
