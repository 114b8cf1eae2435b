import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { cutValue, graphToJson, maxcutByEnumeration, parsePartition, randomGraph } from '@derand/maxcut';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'derand-maxcut-'));
// an 18-vertex ±1-weighted graph, small enough to enumerate
const graph = randomGraph({ n: 18, m: 60, key: keyFromSeed(11), weights: 'plus-minus-one' });
const optimum = maxcutByEnumeration(graph).cut;
const jsonPath = join(dir, 'g.json');
writeFileSync(jsonPath, JSON.stringify(graphToJson(graph)));
const csvPath = join(dir, 'g.csv');
writeFileSync(csvPath, `from,to,weight\n${Array.from(graph.from, (f, e) => `${f},${graph.to[e]},${graph.weight[e]}`).join('\n')}\n`);

interface Result {
  n: number;
  m: number;
  sdpValue: number;
  upperBound: number;
  upperBoundVerified: boolean;
  gwExpected: number;
  gwBest: number;
  roundedCut: number;
  roundingDetails: Record<string, number | boolean>;
  normV: number;
  normV0: number;
  collapsed: boolean;
  polishedCut: number;
  cut: number;
  seconds: number;
  timings: unknown;
  history: { step: number; cut: number; normV: number }[];
  exact?: { method: string; cut: number; proven: boolean };
  files?: Record<string, string>;
}

describe('derand maxcut', () => {
  it('solves a graph end to end: JSON result, partition, SVG and result files', () => {
    const partition = join(dir, 'g.cut');
    const svg = join(dir, 'g.svg');
    const out = join(dir, 'g.result.json');
    const run = runCli(['maxcut', jsonPath, '--json', '--exact', '--seed', '3', '--partition', partition, '--svg', svg, '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Result;
    expect([result.n, result.m]).toEqual([18, 60]);
    expect(result.upperBoundVerified).toBe(true);
    expect(result.upperBound).toBeGreaterThanOrEqual(optimum);
    expect(result.exact).toMatchObject({ method: 'enumeration', cut: optimum, proven: true });
    expect(result.roundedCut).toBeGreaterThanOrEqual(result.gwExpected);
    expect(result.roundedCut).toBeLessThanOrEqual(optimum);
    expect(result.polishedCut).toBeGreaterThanOrEqual(result.roundedCut);
    expect(result.collapsed).toBe(true);
    expect(result.normV).toBeLessThanOrEqual(1e-3 * result.normV0);
    expect(cutValue(graph, parsePartition(readFileSync(partition, 'utf8'), 18, 'g.cut'))).toBe(result.cut);
    const figure = readFileSync(svg, 'utf8');
    expect(figure.startsWith('<svg')).toBe(true);
    expect(figure).toContain(`OPT = ${optimum}`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ roundedCut: result.roundedCut, cut: result.cut });
  });

  it('is reproducible for a seed, and reads an edge list with the human summary on stdout', () => {
    const strip = (r: Result) => ({ ...r, seconds: 0, timings: null, provenance: null });
    const a = JSON.parse(runCli(['maxcut', jsonPath, '--json', '--quiet', '--seed', '5']).stdout) as Result;
    const b = JSON.parse(runCli(['maxcut', csvPath, '--json', '--quiet', '--seed', '5', '--base', '0']).stdout) as Result;
    expect(strip(b)).toEqual({ ...strip(a), graph: 'g.csv' } as unknown as Result);
    // the provenance names what differs: the file read (with its SHA-256) and the options resolved
    type Provenance = { format: string; formatVersion: number; solver: string; seed: number; config: { graph: string; base: string }; backend: { id: string; details: Record<string, unknown> }; packages: Record<string, string>; data: { name: string; sha256: string }[]; timings: Record<string, number> };
    const pa = (a as unknown as { provenance: Provenance }).provenance;
    const pb = (b as unknown as { provenance: Provenance }).provenance;
    expect(pa).toMatchObject({ format: 'derand.result', formatVersion: 1, solver: 'maxcut', seed: 5, backend: { id: 'wasm' } });
    expect(pa.backend.details['implementation']).toMatch(/tfjs-backend-wasm/);
    expect(pa.packages['@derand/maxcut']).toMatch(/^\d+\.\d+\.\d+/);
    expect(pa.packages['@tensorflow/tfjs-core']).toBe('4.22.0');
    expect(pb.config.base).toBe('0');
    expect(pb.data.map((d) => d.name)).toEqual([csvPath]);
    expect(pb.data[0]!.sha256).toBe(createHash('sha256').update(readFileSync(csvPath)).digest('hex'));
    for (const stage of ['sdp', 'bound', 'gw', 'rounding', 'polish', 'gwPolish', 'total']) expect(pa.timings[stage], stage).toBeGreaterThanOrEqual(0);
    const human = runCli(['maxcut', jsonPath, '--polish', 'breakout', '--polish-seconds', '1', '--best-known', String(optimum)]);
    expect(human.status, human.stderr).toBe(0);
    for (const text of ['SDP value', 'upper bound', 'E[GW]', 'GW best of 100', 'derandomized: sign(μ)', 'after the conditional-expectation step', 'breakout polish of our cut', 'breakout polish of the GW best cut', `best known`, 'certified ratio']) {
      expect(human.stdout).toContain(text);
    }
  });

  it('reports bad input with the file and line, and bad flags, with exit code 2', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '3 2\n1 2 1\n2 7 x\n');
    const parse = runCli(['maxcut', bad, '--json']);
    expect(parse.status).toBe(2);
    expect(JSON.parse(parse.stdout)).toMatchObject({ error: { code: 'GRAPH_PARSE' } });
    expect(parse.stderr).toContain('bad.txt:3: vertex "7" is not an integer in 1…3');
    expect(parse.stderr).toContain('bad.txt:3: weight "x" is not a finite number');
    const missing = runCli(['maxcut', join(dir, 'nope.txt')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('FILE_NOT_FOUND');
    const rounding = runCli(['maxcut', jsonPath, '--rounding', 'magic']);
    expect(rounding.status).toBe(2);
    expect(rounding.stderr).toContain("rounding.id (--rounding): Unknown rounding 'magic'. Available rounding plugins: hyperplane, derandomized, score-function.");
    const tau = runCli(['maxcut', jsonPath, '--tau', '-1']);
    expect(tau.status).toBe(2);
    expect(tau.stderr).toContain('rounding.options.tau (--tau): Too small: expected number to be >0 (got -1)');
    const other = runCli(['maxcut', jsonPath, '--rounding', 'hyperplane', '--tau', '0.2']);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain("--tau: applies to rounding 'derandomized', but this run's rounding is 'hyperplane' (choose it with --rounding derandomized)");
    const exact = runCli(['maxcut', jsonPath, '--exact', 'soon']);
    expect(exact.status).toBe(2);
    expect(exact.stderr).toContain("argument 'soon' is invalid. 'soon' is not a finite number.");
    const duplicate = join(dir, 'dup.csv');
    writeFileSync(duplicate, '0,1\n1,0\n');
    const dup = runCli(['maxcut', duplicate]);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain("dup.csv:2: edge 0–1 appears again (first at dup.csv:1)");
    const loops = join(dir, 'loops.txt');
    writeFileSync(loops, '3 3\n1 2 1\n2 2 1\n2 3 1\n');
    const dropped = runCli(['maxcut', loops, '--json']);
    expect(dropped.status, dropped.stderr).toBe(0);
    expect(dropped.stderr).toContain('loops.txt: dropped 1 self-loop(s)');
    const refused = runCli(['maxcut', loops, '--self-loops', 'error']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('loops.txt:3');
    expect(refused.stderr).toContain('self-loop');
  });
});
