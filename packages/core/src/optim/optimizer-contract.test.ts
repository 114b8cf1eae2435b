import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, InputError } from '@derand/registry';
import { startTestEngine } from '../testing/test-engine.js';
import { keyFromSeed } from '../random/key.js';
import { minimize } from './minimize.js';
import { checkGroupNames, groupReferences } from './optimizer-options.js';
import { disposeParams, paramsToHost } from '../params/params.js';
import { optimizerPlugins } from './plugins.js';
import { geometricSchedule, scaleStepSize, toStepSize } from './schedules.js';
import { disposeState } from './state.js';
import type { GradientTransformation, Objective } from '../params/types.js';

beforeAll(async () => {
  await startTestEngine();
});

const registry = createRegistry(optimizerPlugins);

/** f(a, b) = a² + b², both starting at 1: one gradient step moves p to p(1 − 2η). */
function bowl(): Objective {
  const init = { a: tf.keep(tf.tensor1d([1])), b: tf.keep(tf.tensor1d([1])) };
  return { init, value: (p) => tf.tidy(() => tf.add(tf.sum(tf.square(p['a']!)), tf.sum(tf.square(p['b']!)))), dispose: () => disposeParams(init) };
}

function afterSteps(id: string, options: Record<string, unknown>, steps: number): Record<string, number> {
  const plugin = registry.resolve('optimizer', id) as unknown as { create(o: unknown, c?: { totalSteps?: number }): GradientTransformation<unknown> };
  const f = bowl();
  const r = minimize(f, plugin.create(registry.parseOptions('optimizer', id, options), { totalSteps: steps }), { steps, key: keyFromSeed(0) });
  const host = paramsToHost(r.params);
  disposeParams(r.params);
  disposeState(r.state);
  f.dispose?.();
  return { a: host['a']!.values[0]!, b: host['b']!.values[0]! };
}

describe('schedules', () => {
  it('match their closed forms', () => {
    const g = toStepSize({ kind: 'geometric', from: 1, to: 0.01 }, 3) as (t: number) => number;
    expect([g(0), g(1), g(2), g(5)].map((v) => Number(v.toFixed(12)))).toEqual([1, 0.1, 0.01, 0.01]);
    const c = toStepSize({ kind: 'cosine', from: 2, to: 0, steps: 5 }) as (t: number) => number;
    expect(c(0)).toBeCloseTo(2, 12);
    expect(c(2)).toBeCloseTo(1, 12);
    expect(c(4)).toBeCloseTo(0, 12);
    const l = toStepSize({ kind: 'linear', from: 1, to: 0.5, steps: 3 }) as (t: number) => number;
    expect(l(1)).toBeCloseTo(0.75, 12);
    expect(toStepSize(0.3)).toBe(0.3);
    expect(geometricSchedule(0.1, 0.1 / 30, 1000)(999)).toBeCloseTo(0.1 / 30, 12);
    expect(scaleStepSize({ kind: 'geometric', from: 0.1, to: 0.01 }, 2)).toEqual({ kind: 'geometric', from: 0.2, to: 0.02 });
  });
  it('need a length from the schedule or the run', () => {
    expect(() => toStepSize({ kind: 'geometric', from: 1, to: 0.1 })).toThrow(/no length/);
  });
});

describe('one optimizer contract', () => {
  it('every optimizer schema has learningRate (or the derived mode) and groups', () => {
    for (const summary of registry.list('optimizer')) {
      const text = JSON.stringify(summary.options);
      expect(text, summary.id).toContain('"groups"');
      expect(text, summary.id).toContain('"learningRate"');
    }
  });

  it('per-group step sizes and frozen groups mean the same for every optimizer', () => {
    // a single step of gd, pgd (thresholds) and hessian-descent far from stationarity: p ← p − η_g·2p
    const groups = { a: { learningRate: 0.25 }, b: { frozen: true } };
    const pgd = { mode: 'thresholds', learningRate: 0.1, groups, radius: 1e-3, gThres: 1e-9, fThres: 1e-9, tThres: 10 };
    for (const [id, options] of [
      ['gd', { learningRate: 0.1, groups }],
      ['authors-pgd', { learningRate: 0.1, groups, perturb: { groups: ['a'], of: ['a'], threshold: 1e-12 } }],
      ['pgd', pgd],
      ['hessian-descent', { learningRate: 0.1, groups, K: 1, rho: 1e-9 }],
    ] as const) {
      const p = afterSteps(id, options, 1);
      expect(p.a, id).toBeCloseTo(1 - 0.25 * 2, 6);
      expect(p.b, id).toBe(1);
    }
  });

  it('a schedule without a length runs over the training run', () => {
    // η_t geometric 0.1 → 0.001 over 3 steps: (1 − 0.2)(1 − 0.02)(1 − 0.002)
    const p = afterSteps('gd', { learningRate: { kind: 'geometric', from: 0.1, to: 0.001 } }, 3);
    expect(p.a).toBeCloseTo(0.8 * 0.98 * 0.998, 5);
  });

  it('rejects unknown group names and an optimizer that would train nothing', () => {
    expect(() => afterSteps('adam', { learningRate: 0.1, groups: { bias: { learningRate: 1 } } }, 1)).toThrow(/'bias' is not a parameter group here \(groups: a, b\)/);
    expect(() => afterSteps('gd', {}, 1)).toThrow(InputError);
    expect(() => afterSteps('gd', {}, 1)).toThrow(/train nothing/);
  });

  it('lists the group names options refer to, from the shared fields only', () => {
    const refs = groupReferences({ groups: { W: {} }, perturb: { std: 1, groups: ['W', 'b'], of: ['W'] }, momentum: 0.9 });
    expect(refs.map((r) => r.where)).toEqual(['groups.W', 'perturb.groups[0]', 'perturb.groups[1]', 'perturb.of[0]']);
    expect(checkGroupNames({ perturb: { std: 1, of: ['V'] } }, ['W'], 'optimizer.options')).toEqual([
      { where: 'optimizer.options.perturb.of[0]', message: "'V' is not a parameter group here (groups: W)", value: 'V' },
    ]);
  });
});
