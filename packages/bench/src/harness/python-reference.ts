import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './run-benchmarks.js';

/** The interpreter of the PyTorch reference loops: `DERAND_BENCH_PYTHON`, else Debian's /usr/bin/python3. */
export function referencePython(): string {
  return process.env['DERAND_BENCH_PYTHON'] || '/usr/bin/python3';
}

/** What a reference script reports besides its times (see packages/bench/python/_timing.py). */
export interface PythonReferenceInfo {
  readonly torch: string;
  readonly threads: number;
  readonly python: string;
  readonly steps: number;
}

/**
 * Runs `packages/bench/python/<script>` (a PyTorch loop of the same shapes as one of our cases,
 * one thread) in this run and returns its milliseconds per batch of steps, or why it could not
 * run: no interpreter, no torch, or the script failed. Never throws.
 */
export function runPythonReference(script: string, args: readonly string[], timeoutMs = 600_000): { times: number[]; info: PythonReferenceInfo } | { notRun: string } {
  const python = referencePython();
  if (!existsSync(python)) return { notRun: `no Python interpreter at ${python} (set DERAND_BENCH_PYTHON)` };
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0) return { notRun: `${python} cannot import torch (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop() ?? 'no message'})` };
  // packages/bench/{dist,src}/harness/ → packages/bench/python/
  const path = fileURLToPath(new URL(`../../python/${script}`, import.meta.url));
  if (!existsSync(path)) return { notRun: `the reference script ${path} is missing` };
  const run = spawnSync(python, [path, ...args], { encoding: 'utf8', timeout: timeoutMs });
  if (run.status !== 0) return { notRun: `${script} failed (${run.signal ?? `exit ${run.status}`}): ${run.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
  try {
    const report = JSON.parse(run.stdout) as PythonReferenceInfo & { msPerRun: number[] };
    const { msPerRun, ...info } = report;
    return { times: msPerRun, info };
  } catch {
    return { notRun: `${script} printed no JSON report: ${run.stdout.slice(0, 200)}` };
  }
}

/**
 * A bench case whose times come from a PyTorch reference loop run now, in another process: each
 * sample is one batch of `steps` steps, so a case of ours that times the same number of steps per
 * run can name it in `references` and get a same-run ratio. Without Python or torch the case
 * records why it was not run, and the ratios to it are reported as not run.
 *
 * @example pythonReferenceCase('paper-fig3 step pytorch (500 steps)', 'fig3_step.py', 500, 7)
 */
export function pythonReferenceCase(name: string, script: string, steps: number, samples: number, args: readonly string[] | (() => readonly string[]) = []): BenchCase {
  let info: PythonReferenceInfo | undefined;
  return {
    name,
    backend: 'pytorch',
    run: () => undefined,
    measure: async () => {
      const result = runPythonReference(script, ['--steps', String(steps), '--samples', String(samples), ...(typeof args === 'function' ? args() : args)]);
      if ('notRun' in result) return result;
      info = result.info;
      return result.times;
    },
    extra: () => ({ script: `packages/bench/python/${script}`, python: referencePython(), ...(info === undefined ? {} : info) }),
  };
}
