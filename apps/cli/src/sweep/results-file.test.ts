import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openResults, readResults } from './results-file.js';
import type { RunRecord } from './run-record.js';

const record = (runId: string, status: 'ok' | 'failed', value = 1): RunRecord => ({
  format: 'derand-sweep-result/1',
  runId,
  sweepId: 'abcdefabcdef',
  index: 0,
  solver: 'toy',
  seed: 1,
  replicate: 0,
  backend: 'wasm',
  params: {},
  status,
  ...(status === 'ok' ? { metrics: { value } } : { error: { code: 'RUN_FAILED', message: 'boom' } }),
  finishedAt: '2026-01-01T00:00:00.000Z',
});

describe('results.jsonl', () => {
  it('appends one whole line per record, at most one per run id and outcome, and reads them back', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'derand-results-')), 'sub', 'results.jsonl');
    const log = openResults(path);
    expect(log.append(record('a', 'ok'))).toBe(true);
    expect(log.append(record('a', 'ok', 2))).toBe(false);
    expect(log.append(record('b', 'failed'))).toBe(true);
    expect(log.append(record('b', 'ok'))).toBe(true);
    log.close();
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    expect(text.endsWith('\n')).toBe(true);
    const reopened = openResults(path);
    expect(reopened.records.map((r) => [r.runId, r.status])).toEqual([['a', 'ok'], ['b', 'failed'], ['b', 'ok']]);
    expect([...reopened.completed()].sort()).toEqual(['a', 'b']);
    expect(reopened.records[0]!.metrics).toEqual({ value: 1 });
    reopened.close();
  });

  it('cuts off a partial last line left by a killed writer, so the next record starts on its own line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'derand-results-')), 'results.jsonl');
    writeFileSync(path, `${JSON.stringify(record('a', 'ok'))}\n`);
    appendFileSync(path, '{"format":"derand-sweep-res');
    const log = openResults(path);
    expect(log.dropped).toBe('{"format":"derand-sweep-res');
    expect(log.records).toHaveLength(1);
    log.append(record('c', 'ok'));
    log.close();
    expect(readResults(path).records.map((r) => r.runId)).toEqual(['a', 'c']);
  });

  it('refuses a file with lines that are not results, naming each line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'derand-results-')), 'results.jsonl');
    writeFileSync(path, `${JSON.stringify(record('a', 'ok'))}\nnot json\n{"runId": "x"}\n`);
    expect(() => readResults(path)).toThrow(new RegExp(`${path}:2: is not JSON[\\s\\S]*${path}:3: is not a sweep result`));
  });
});
