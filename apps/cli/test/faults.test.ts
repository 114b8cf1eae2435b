import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'derand-faults-'));
const graph = join(dir, 'g.txt');
writeFileSync(graph, '6 7\n1 2 1\n2 3 1\n3 4 1\n4 5 1\n5 6 1\n6 1 1\n1 4 -1\n');

// a faulty user optimizer: plain gradient steps, then NaN updates from step 20 on
const nanPlugin = join(dir, 'nan-after.mjs');
writeFileSync(
  nanPlugin,
  `export default ({ definePlugin, z, tf, core }) => definePlugin({
  kind: 'optimizer', id: 'nan-after', summary: 'NaN updates from step 20 on (a faulty plugin)',
  options: z.object({ ...core.optimizerBaseShape }).strict(),
  create: () => ({ init: () => null, update: (grads, state, { step }) => ({ updates: core.mapParams(grads, (g) => tf.mul(g, step >= 20 ? NaN : -0.01)), state }) }),
});\n`,
);

describe('faults during a run end with a message, the last good result kept, and a non-zero exit code', () => {
  it('a NaN from a user plugin: exit 3, the last finite state shown and written, marked', () => {
    const out = join(dir, 'nan-result.json');
    const run = runCli(['maxcut', graph, '--plugin', nanPlugin, '--optimizer', 'nan-after', '--json', '--out', out]);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/error \[NON_FINITE\]: the objective became NaN or infinite at step \d+ .*the last finite state \(step 20\)/);
    const result = JSON.parse(run.stdout) as { cut: number; nonFinite: { step: number; returnedStep: number } };
    expect(result.nonFinite.returnedStep).toBeLessThan(result.nonFinite.step);
    expect(Number.isFinite(result.cut)).toBe(true);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { nonFinite: unknown }).nonFinite).toEqual(result.nonFinite);
    const jl = runCli(['jl', 'uniform:20x10', '--k', '3', '--steps', '60', '--baselines', 'none', '--plugin', nanPlugin, '--optimizer', 'nan-after', '--json']);
    expect(jl.status, jl.stderr).toBe(3);
    expect((JSON.parse(jl.stdout) as { pairsMax: number }).pairsMax).toBeLessThan(Infinity);
  });

  it('a full disk: exit 2, the message says so, the previous result file is whole and no temporary file is left', () => {
    const out = join(dir, 'full', 'result.json');
    runCli(['maxcut', graph, '--out', out, '--hyperplanes', '5']);
    const before = readFileSync(out, 'utf8');
    // the file-system seam of atomic writes, replaced in the child process: every write fills the disk
    const preload = join(dir, 'full-disk.mjs');
    const core = pathToFileURL(fileURLToPath(new URL('../../../packages/core/dist/node/index.js', import.meta.url))).href;
    writeFileSync(
      preload,
      `import * as fs from 'node:fs';
import { setAtomicWriteFileSystem } from '${core}';
setAtomicWriteFileSystem({
  mkdirSync: (p, o) => fs.mkdirSync(p, o), renameSync: (a, b) => fs.renameSync(a, b), rmSync: (p, o) => fs.rmSync(p, o),
  writeFileSync: (p, data) => { fs.writeFileSync(p, String(data).slice(0, 10)); throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }); },
});\n`,
    );
    const run = runCli(['maxcut', graph, '--out', out, '--seed', '7', '--hyperplanes', '5'], { env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` } });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/error \[WRITE_FAILED\]: Cannot write .*result\.json \(ENOSPC\): the disk is full: free some space or write elsewhere\. Nothing was changed there/);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readdirSync(join(dir, 'full'))).toEqual(['result.json']);
  });

  it('Ctrl-C during a solver run: its loop stops at the next check, the best result so far is shown and written, exit 130', async () => {
    // a graph whose breakout polish would run for two minutes
    const edges: string[] = [];
    for (let i = 1; i <= 150; i++) for (const d of [1, 7, 31]) edges.push(`${i} ${((i + d - 1) % 150) + 1} ${(i * d) % 3 === 0 ? -1 : 1}`);
    const path = join(dir, 'ring.txt');
    writeFileSync(path, `150 ${edges.length}\n${edges.join('\n')}\n`);
    const out = join(dir, 'interrupted.json');
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'maxcut', path, '--polish', 'breakout', '--polish-seconds', '120', '--json', '--out', out], { env: { ...process.env, NO_COLOR: '1' } });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let waited = 0; !stderr.includes('polish') && waited < 120_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted: stopping at the next check with the best result so far/);
    expect(stderr).toMatch(/stopped by Ctrl-C: the result is the best found so far/);
    const result = JSON.parse(stdout) as { cut: number; stoppedEarly: { reason: string }; timings: { polish: number } };
    expect(result.stoppedEarly).toEqual({ reason: 'interrupted' });
    expect(result.timings.polish).toBeLessThan(100);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ cut: result.cut, stoppedEarly: { reason: 'interrupted' } });
  }, 240_000);

  it('Ctrl-C during reproduce: exit 130 after the current run, the checkpoint of the finished experiments intact', async () => {
    const out = join(dir, 'run');
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'reproduce', '--quick', '--only', 'toy,structure-fig3', '--out', out], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // once the first experiment is checkpointed, interrupt the second
    const checkpoint = join(out, 'checkpoint.json');
    for (let waited = 0; !existsSync(checkpoint) && waited < 240_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted: stopping after the current run/);
    expect(stderr).toMatch(/error \[INTERRUPTED\]: Interrupted by Ctrl-C during experiment 'structure-fig3'\. The checkpoint keeps every experiment finished before it; continue with --resume/);
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as { completed: Record<string, unknown> };
    expect(Object.keys(saved.completed)).toEqual(['toy']);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  }, 300_000);
});
