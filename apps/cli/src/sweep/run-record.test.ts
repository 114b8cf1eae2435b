import { describe, expect, it } from 'vitest';
import { metricsOf } from './run-record.js';

describe('metricsOf', () => {
  it('takes scalar numbers by path, keeps durations apart, and leaves out arrays and the echo of the input', () => {
    const result = {
      solver: 'structure-discovery',
      seed: 3,
      version: 1,
      config: { lambda: 0.1 },
      orthFraction: 0.25,
      converged: true,
      start: { testLoss: 0.5, nested: { deeper: { deepest: 1 } } },
      msPerStep: 1.5,
      wallSeconds: 2,
      timings: { trainingSeconds: 1, sdp: 3 },
      bestMsPerStep: 0.5,
      secondsToBest: 4,
      items: 7,
      history: [{ step: 0, value: 1 }],
      nan: Number.NaN,
    };
    expect(metricsOf(result)).toEqual({
      metrics: { orthFraction: 0.25, converged: 1, 'start.testLoss': 0.5, items: 7 },
      timings: { msPerStep: 1.5, wallSeconds: 2, 'timings.trainingSeconds': 1, 'timings.sdp': 3, bestMsPerStep: 0.5, secondsToBest: 4 },
    });
    expect(metricsOf([1, 2])).toEqual({ metrics: {}, timings: {} });
  });
});
