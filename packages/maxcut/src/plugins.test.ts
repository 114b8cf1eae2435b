import { beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, definePlugin, PluginOptionsError, runSolver, z, type SolverEvent } from '@derand/registry';
import { keyFromSeed, optimizerPlugins } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { fixture } from '../test/fixtures.js';
import { cutValue } from './cut/cut-value.js';
import { graphToJson } from './graph/read-json-graph.js';
import { solveSdp } from './sdp/mixing-method.js';
import { maxcutPlugins } from './plugins.js';
import type { Polish, Rounding } from './rounding/contract.js';
import type { MaxcutSolverResult } from './solver.js';

describe('maxcut plugins', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });
  const registry = createRegistry([...maxcutPlugins, ...optimizerPlugins]);

  it('registers the solver, three roundings and three polishes with JSON schemas', () => {
    expect(registry.ids('rounding')).toEqual(['hyperplane', 'derandomized', 'score-function']);
    expect(registry.ids('polish')).toEqual(['none', 'one-flip', 'breakout']);
    for (const summary of registry.list()) expect(Object.keys(summary.options).length, `${summary.kind} ${summary.id}`).toBeGreaterThan(1);
    expect(() => registry.parseOptions('rounding', 'derandomized', { tau: -1, steps: 3 })).toThrow(PluginOptionsError);
  });

  it('rounding and polish plugins build from validated options and run', () => {
    const g = fixture('paper-g15');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const rounding = registry.get('rounding', 'hyperplane').create(registry.parseOptions('rounding', 'hyperplane', { count: 10 })) as Rounding;
    const rounded = rounding.round({ graph: g, sdp, key: keyFromSeed(2) });
    expect(rounded.cut).toBe(cutValue(g, rounded.sides));
    const polish = registry.get('polish', 'one-flip').create({}) as Polish;
    const polished = polish.polish({ graph: g, sdp, key: keyFromSeed(3), sides: rounded.sides, cut: rounded.cut });
    expect(polished.cut).toBeGreaterThanOrEqual(rounded.cut);
  });

  it('the solver runs on an inline JSON graph, streams events and returns the cut', async () => {
    const events: SolverEvent[] = [];
    const result = (await runSolver(
      registry,
      { solver: 'maxcut', options: { graph: graphToJson(fixture('paper-g15')), rounding: { id: 'derandomized', options: { maxSteps: 2000 } } } },
      { registry, backend: 'wasm', seed: 4, emit: (e) => events.push(e) },
    )) as MaxcutSolverResult;
    expect(result.n).toBe(15);
    expect(result.cut).toBe(41);
    expect(result.sides).toHaveLength(15);
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(events[events.length - 1]!.type).toBe('done');
    // the rounding streams its cut and ‖V‖_F: the same records as the result's history
    const metrics = events.flatMap((e) => (e.type === 'metrics' ? [{ step: e.step, cut: e.values['cut'], normV: e.values['normV'] }] : []));
    expect(metrics.length).toBeGreaterThan(5);
    expect(metrics).toEqual(result.history.map((h) => ({ step: h.step, cut: h.cut, normV: h.normV })));
    expect(metrics[metrics.length - 1]!.normV).toBeLessThan(metrics[0]!.normV! * 0.01);
  });

  it('the derandomized rounding takes its optimizer from the registry, checked before the SDP runs', async () => {
    const events: SolverEvent[] = [];
    const context = { registry, backend: 'wasm', seed: 1, emit: (e: SolverEvent) => events.push(e) };
    const graph = graphToJson(fixture('paper-g15'));
    const run = async (optimizer: unknown) =>
      (await runSolver(registry, { solver: 'maxcut', options: { graph, polish: 'none', rounding: { id: 'derandomized', options: { optimizer } } } }, context)) as MaxcutSolverResult;
    const adam = await run({ id: 'adam', options: { learningRate: 0.2 } });
    const slowAdam = await run({ id: 'adam', options: { learningRate: 0.2, b1: 0.5 } });
    expect(adam.collapsed).toBe(true);
    expect(slowAdam.steps).not.toBe(adam.steps);
    // plain gradient descent is accepted too (V does not collapse with it in 3000 steps: the recommended optimizer is Adam)
    const gd = await run({ id: 'gd', options: { learningRate: 2 } });
    expect(gd.steps).toBe(3000);
    events.length = 0;
    await expect(run('adamm')).rejects.toThrow(/rounding\.options\.optimizer\.id: Unknown optimizer 'adamm'/);
    expect(events.filter((e) => e.type === 'progress')).toEqual([]);
  });

  it("a user's rounding plugin replaces the built-in one", async () => {
    const allLeft = definePlugin({
      kind: 'rounding',
      id: 'all-left',
      summary: 'puts vertex 0 alone on one side',
      options: z.object({}).strict(),
      create: (): Rounding => ({
        round: ({ graph }) => {
          const sides = new Int8Array(graph.n).fill(1);
          sides[0] = -1;
          return { sides, cut: cutValue(graph, sides), details: {} };
        },
      }),
    });
    const extended = registry.extend([allLeft]);
    const result = (await runSolver(extended, { solver: 'maxcut', options: { graph: graphToJson(fixture('paper-g15')), rounding: 'all-left', polish: 'none' } }, { registry: extended, backend: 'wasm', seed: 0, emit: () => undefined })) as MaxcutSolverResult;
    expect(result.rounding).toBe('all-left');
    expect(result.sides.filter((s) => s === -1)).toEqual([-1]);
    expect(result.polishedCut).toBeNull();
  });
});
