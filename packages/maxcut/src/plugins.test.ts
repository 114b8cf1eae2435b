import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, PluginOptionsError, type SolverEvent } from '@derand/registry';
import { keyFromSeed } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { fixture } from '../test/fixtures.js';
import { graphToJson } from './graph/read-json-graph.js';
import { solveSdp } from './sdp/mixing-method.js';
import { maxcutPlugins } from './plugins.js';
import type { MaxcutResult } from './solve-maxcut.js';

describe('maxcut plugins', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });
  const registry = createRegistry(maxcutPlugins);

  it('registers the solver, three roundings and two polishes with JSON schemas', () => {
    expect(registry.ids('rounding')).toEqual(['hyperplane', 'derandomized', 'score-function']);
    expect(registry.ids('polish')).toEqual(['one-flip', 'breakout']);
    for (const summary of registry.list()) expect(summary.options).toHaveProperty('type', 'object');
    expect(() => registry.parseOptions('rounding', 'derandomized', { tau: -1, steps: 3 })).toThrow(PluginOptionsError);
  });

  it('rounding and polish plugins run from validated options', () => {
    const g = fixture('paper-g15');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const rounding = registry.get('rounding', 'hyperplane');
    const rounded = rounding.round({ graph: g, sdp, key: keyFromSeed(2) }, registry.parseOptions('rounding', 'hyperplane', { count: 10 }));
    const polish = registry.get('polish', 'one-flip');
    const polished = polish.polish({ graph: g, sdp, key: keyFromSeed(3), sides: rounded.sides });
    expect(polished.cut).toBeGreaterThanOrEqual(rounded.cut);
  });

  it('the solver runs on an inline JSON graph and streams events', async () => {
    const solver = registry.get('solver', 'maxcut');
    const events: SolverEvent[] = [];
    const options = registry.parseOptions('solver', 'maxcut', { graph: graphToJson(fixture('paper-g15')), derandomized: { maxSteps: 2000 } });
    const result = (await solver.run(options, { registry, backend: 'wasm', seed: 4, emit: (e) => events.push(e) })) as MaxcutResult;
    expect(result.n).toBe(15);
    expect(result.cut).toBe(41);
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(events[events.length - 1]!.type).toBe('done');
  });
});
