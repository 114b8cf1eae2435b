import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliProcess } from './cli-process.js';
import { redisAvailable, REDIS_MISSING, startRedis } from './redis-server.js';
import { runCli } from './run-cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = join(root, 'examples/sweeps/structure-lambda.yaml');
const probe = fileURLToPath(new URL('./fixtures/sweep-probe.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'derand-sweep-queue-'));

interface ResultLine {
  runId: string;
  status: 'ok' | 'failed';
  index: number;
  metrics?: Readonly<Record<string, number>>;
  error?: { code: string; message: string };
  attempts?: number;
  worker?: { pid: number };
}
const records = (out: string): ResultLine[] =>
  readFileSync(join(out, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ResultLine);

const available = redisAvailable();
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
const started: CliProcess[] = [];
/** A `derand worker` on the test's Redis, stopped after the test. */
const worker = (...args: string[]): CliProcess => {
  const process = startCli(['worker', '--queue', redis!.url, '--concurrency', '1', ...args]);
  started.push(process);
  return process;
};

beforeAll(async () => {
  if (available) redis = await startRedis();
});
afterEach(async () => {
  for (const process of started.splice(0)) {
    process.child.kill('SIGKILL');
    await process.exited;
  }
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('derand sweep --queue (BullMQ on a local redis-server)', () => {
  it('a 12-run grid gives the same run ids and metrics locally (2 threads) and through Redis (2 worker processes)', async (context) => {
    if (!available) return context.skip(REDIS_MISSING);
    const local = runCli(['sweep', example, '--workers', '2', '--out', join(dir, 'local'), '--json', '--quiet'], { cwd: root });
    expect(local.status, local.stderr).toBe(0);
    const workers = [worker(), worker()];
    const queued = startCli(['sweep', example, '--queue', redis!.url, '--out', join(dir, 'queued'), '--json', '--quiet'], { cwd: root });
    expect(await queued.exited, queued.stderr()).toBe(0);
    const a = records(join(dir, 'local'));
    const b = records(join(dir, 'queued'));
    expect(a).toHaveLength(12);
    expect(a.every((r) => r.status === 'ok')).toBe(true);
    expect(b.map((r) => r.runId).sort()).toEqual(a.map((r) => r.runId).sort());
    const metricsOf = (list: ResultLine[]) => Object.fromEntries(list.map((r) => [r.runId, r.metrics]));
    expect(metricsOf(b)).toEqual(metricsOf(a));
    expect(Object.keys(a[0]!.metrics!)).toContain('orthFraction');
    // executed by the worker processes, not by the submitting one
    expect(b.every((r) => workers.some((w) => w.pid === r.worker?.pid))).toBe(true);
    const outcome = JSON.parse(queued.stdout()) as { ok: number; sweepId: string };
    expect(outcome.ok).toBe(12);
    // collected again later, from Redis alone, into another folder
    const status = runCli(['sweep', 'status', outcome.sweepId, '--queue', redis!.url, '--out', join(dir, 'collected'), '--json', '--quiet']);
    expect(status.status, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { states: unknown }).states).toEqual({ completed: 12 });
    expect(metricsOf(records(join(dir, 'collected')))).toEqual(metricsOf(a));
  });

  it('a worker killed by its PID mid-run loses no run and duplicates no result', async (context) => {
    if (!available) return context.skip(REDIS_MISSING);
    const grid = join(dir, 'slow.yaml');
    writeFileSync(grid, 'solver: sweep-probe\noptions:\n  busyMs: 1000\ngrid:\n  x: [1, 2, 3, 4, 5, 6, 7, 8]\n');
    const out = join(dir, 'slow');
    const sweep = startCli(['sweep', grid, '--plugin', probe, '--queue', redis!.url, '--out', out, '--json']);
    const settings = ['--lock-seconds', '2', '--stalled-seconds', '1'];
    const doomed = worker(...settings);
    const [, runId] = await doomed.waitFor(/run ([0-9a-f]{16}) \(sweep \w+ #\d+\) started/);
    // the second worker starts once the first holds a run, so the first surely has one to lose
    const survivor = worker(...settings);
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    expect(await sweep.exited, sweep.stderr()).toBe(0);
    const list = records(out);
    expect(list).toHaveLength(8);
    expect(new Set(list.map((r) => r.runId)).size).toBe(8);
    expect(list.every((r) => r.status === 'ok')).toBe(true);
    // the run the killed worker held was taken over and finished by the other one
    expect(list.find((r) => r.runId === runId)?.worker?.pid).toBe(survivor.pid);
    expect(survivor.stderr()).toContain(`run ${runId}`);
  });

  it('a poisoned configuration is reported failed after its 3 attempts while the rest completes; the job carried its plugin file', async (context) => {
    if (!available) return context.skip(REDIS_MISSING);
    const plugin = join(dir, 'probe-copy.mjs');
    copyFileSync(probe, plugin);
    const grid = join(dir, 'poison.yaml');
    writeFileSync(grid, 'solver: sweep-probe\noptions:\n  failAt: 3\ngrid:\n  x: [1, 2, 3, 4, 5, 6]\n');
    const out = join(dir, 'poison');
    const sweep = startCli(['sweep', grid, '--plugin', plugin, '--queue', redis!.url, '--backoff', '0.2', '--out', out, '--json']);
    await sweep.waitFor(/enqueued 6 run/);
    // the workers start after the plugin file is gone: they can only use the copy in the jobs
    rmSync(plugin);
    worker();
    worker();
    expect(await sweep.exited, sweep.stderr()).toBe(1);
    const list = records(out);
    expect(list.filter((r) => r.status === 'ok')).toHaveLength(5);
    const failed = list.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ index: 2, attempts: 3, error: { code: 'RUN_FAILED', message: 'poisoned configuration x=3' } });
    const outcome = JSON.parse(sweep.stdout()) as { ok: number; failed: number; summary: { failures: { error: string }[] } };
    expect(outcome).toMatchObject({ ok: 5, failed: 1 });
    expect(outcome.summary.failures[0]!.error).toContain('poisoned configuration x=3');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/## Failed runs[\s\S]*poisoned configuration x=3/);
  });

  it('a worker whose copy of the data differs refuses the run, naming the file and both hashes', async (context) => {
    if (!available) return context.skip(REDIS_MISSING);
    const here = mkdtempSync(join(dir, 'submitter-'));
    const there = mkdtempSync(join(dir, 'worker-'));
    writeFileSync(join(here, 'values.txt'), '1 2 3\n');
    writeFileSync(join(there, 'values.txt'), '1 2 4\n');
    writeFileSync(join(here, 'grid.yaml'), 'solver: sweep-probe\noptions:\n  data: values.txt\ngrid:\n  x: [10]\n');
    worker('--data-root', there);
    const sweep = startCli(['sweep', 'grid.yaml', '--plugin', probe, '--queue', redis!.url, '--attempts', '1', '--out', 'out', '--json'], { cwd: here });
    expect(await sweep.exited, sweep.stderr()).toBe(1);
    const [failed] = records(join(here, 'out'));
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'DATA_MISMATCH' } });
    expect(failed!.error!.message).toMatch(/values\.txt .* has sha256 [0-9a-f]{64}, the run names [0-9a-f]{64}/);
  });
});
