import { describe, expect, it } from 'vitest';
import type { SweepRun } from './plan-sweep.js';
import type { RunRecord } from './run-record.js';
import { summarizeSweep, summaryMarkdown } from './sweep-summary.js';

const run = (runId: string, index: number, params: Record<string, unknown>, replicate: number): SweepRun => ({ runId, index, solver: 'toy', seed: replicate, replicate, params, options: {}, data: [] });
const ok = (runId: string, value: number): RunRecord => ({ format: 'derand-sweep-result/1', runId, sweepId: 's', index: 0, solver: 'toy', seed: 0, replicate: 0, backend: 'wasm', params: {}, status: 'ok', metrics: { value }, finishedAt: '' });

describe('summarizeSweep', () => {
  const runs = [run('a', 0, { lambda: 1 }, 0), run('b', 1, { lambda: 1 }, 1), run('c', 2, { lambda: 1 }, 2), run('d', 3, { lambda: 2 }, 0), run('e', 4, { lambda: 2 }, 1)];
  const records: RunRecord[] = [ok('a', 1), ok('b', 2), ok('c', 6), ok('d', 5), { ...ok('e', 0), status: 'failed', metrics: undefined as never, error: { code: 'RUN_FAILED', message: 'boom' }, attempts: 3 }];

  it('groups replicates by configuration with mean, sample std, min and max; lists failures', () => {
    const s = summarizeSweep({ sweepId: 's', name: 'n', parameters: ['lambda'], runs }, records, 'value');
    expect(s).toMatchObject({ runs: 5, ok: 4, failed: 1, pending: 0, available: ['value'] });
    expect(s.rows.map((r) => [r.params, r.ok, r.failed])).toEqual([[{ lambda: 1 }, 3, 0], [{ lambda: 2 }, 1, 1]]);
    // values 1, 2, 6: mean 3, sample variance ((−2)² + (−1)² + 3²)/2 = 7
    expect(s.rows[0]!.metrics['value']!.mean).toBe(3);
    expect(s.rows[0]!.metrics['value']!.std).toBeCloseTo(Math.sqrt(7), 12);
    expect(s.rows[0]!.metrics['value']).toMatchObject({ min: 1, max: 6 });
    expect(s.rows[1]!.metrics['value']).toEqual({ mean: 5, std: 0, min: 5, max: 5 });
    expect(s.failures).toEqual([{ runId: 'e', index: 4, params: { lambda: 2 }, replicate: 1, error: 'RUN_FAILED: boom', attempts: 3 }]);
    const markdown = summaryMarkdown(s);
    expect(markdown).toContain('| lambda | ok | failed | value mean | std | min | max |');
    expect(markdown).toContain('| 1 | 3/3 | 0 | 3 | 2.64575 | 1 | 6 |');
    expect(markdown).toContain('| e | 5 | {"lambda":2} | 3 | RUN_FAILED: boom |');
  });

  it('counts runs with no record as pending', () => {
    const s = summarizeSweep({ sweepId: 's', name: 'n', parameters: ['lambda'], runs }, records.slice(0, 2));
    expect(s).toMatchObject({ ok: 2, failed: 0, pending: 3 });
    expect(summaryMarkdown(s)).toContain('Choose a metric with --metric (value)');
  });
});
