import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError, type InputIssue } from './errors.js';
import { mergeOptions } from './merge.js';
import { createPart, partRef, resolvePart } from './parts.js';
import { definePlugin } from './plugin.js';
import { createRegistry, jsonSchemaOf, PluginSchemaError } from './registry.js';
import { deadlineSignal, runSolver } from './solve.js';

const scaled = definePlugin({
  kind: 'optimizer',
  id: 'scaled',
  summary: 'multiplies by a factor',
  options: z.object({ factor: z.number().positive().default(2) }).strict(),
  create: (o) => (x: number) => x * o.factor,
});
const echo = definePlugin({
  kind: 'solver',
  id: 'echo',
  summary: 'returns its options',
  options: z.object({ optimizer: partRef('optimizer', 'scaled', { factor: 3 }), x: z.number().default(1) }).strict(),
  run: async (options) => options,
});
const registry = createRegistry([scaled, echo]);

describe('partRef', () => {
  const schema = z.object({ optimizer: partRef('optimizer', 'scaled', { factor: 3 }) });
  it('defaults to the given id and options, and accepts a bare id', () => {
    expect(schema.parse({})).toEqual({ optimizer: { id: 'scaled', options: { factor: 3 } } });
    expect(schema.parse({ optimizer: 'other' })).toEqual({ optimizer: { id: 'other', options: {} } });
    expect(schema.parse({ optimizer: { id: 'other' } })).toEqual({ optimizer: { id: 'other', options: {} } });
  });
  it('marks the plugin kind in the JSON Schema', () => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>> };
    expect(json.properties['optimizer']?.['pluginKind']).toBe('optimizer');
  });
});

describe('resolvePart and createPart', () => {
  it('build the part from its own schema', () => {
    const issues: InputIssue[] = [];
    const f = createPart<(x: number) => number>(registry, 'optimizer', { id: 'scaled', options: { factor: 5 } }, 'optimizer', issues);
    expect(issues).toEqual([]);
    expect(f?.(2)).toBe(10);
  });
  it('collect problems with the path of the part', () => {
    const issues: InputIssue[] = [];
    expect(resolvePart(registry, 'optimizer', { id: 'scaled', options: { factor: -1 } }, 'rounding.optimizer', issues)).toBeUndefined();
    expect(resolvePart(registry, 'optimizer', { id: 'scaeld', options: {} }, 'optimizer', issues)).toBeUndefined();
    expect(issues.map((i) => i.where)).toEqual(['rounding.optimizer.options.factor', 'optimizer.id']);
    expect(issues[1]?.message).toMatch(/did you mean: 'scaled'/i);
  });
});

describe('mergeOptions', () => {
  it('merges plain objects and replaces arrays and values', () => {
    expect(mergeOptions({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] }, d: 1 });
  });
  it('replaces a part whose id changes, keeps the options when the id stays', () => {
    const base = { optimizer: { id: 'authors-pgd', options: { noiseStd: 0.005 } } };
    expect(mergeOptions(base, { optimizer: { id: 'adam' } })).toEqual({ optimizer: { id: 'adam' } });
    expect(mergeOptions(base, { optimizer: 'adam' })).toEqual({ optimizer: 'adam' });
    expect(mergeOptions(base, { optimizer: { options: { threshold: 1 } } })).toEqual({ optimizer: { id: 'authors-pgd', options: { noiseStd: 0.005, threshold: 1 } } });
    expect(mergeOptions({ optimizer: 'adam' }, { optimizer: { id: 'adam', options: { b1: 0.5 } } })).toEqual({ optimizer: { id: 'adam', options: { b1: 0.5 } } });
  });
  it('leaves its inputs unchanged', () => {
    const base = { a: { b: 1 } };
    mergeOptions(base, { a: { b: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
  });
});

describe('runSolver', () => {
  const context = { registry, backend: 'cpu', seed: 0, emit: () => undefined };
  it('validates against the schema, then runs', async () => {
    await expect(runSolver(registry, { solver: 'echo', options: { x: 4 } }, context)).resolves.toEqual({ optimizer: { id: 'scaled', options: { factor: 3 } }, x: 4 });
    await expect(runSolver(registry, { solver: 'echo', options: { x: 'four' } }, context)).rejects.toBeInstanceOf(InputError);
  });
});

describe('jsonSchemaOf', () => {
  it('refuses a schema that converts to nothing instead of returning {}', () => {
    const opaque = { kind: 'loss', id: 'opaque', options: z.custom<number>(() => true) };
    expect(() => jsonSchemaOf(opaque)).toThrow(PluginSchemaError);
    expect(() => jsonSchemaOf(opaque)).toThrow(/loss 'opaque'/);
  });
});

describe('deadlineSignal', () => {
  it('reads as aborted once the time has passed, without the event loop', () => {
    const signal = deadlineSignal(0.02);
    expect(signal.aborted).toBe(false);
    const start = performance.now();
    while (performance.now() - start < 30) {
      // a synchronous loop, as in a solver
    }
    expect(signal.aborted).toBe(true);
    expect(String(signal.reason)).toMatch(/time limit/);
  });
  it('follows a parent signal', () => {
    const parent = new AbortController();
    const signal = deadlineSignal(1000, parent.signal);
    expect(signal.aborted).toBe(false);
    parent.abort(new Error('stop'));
    expect(signal.aborted).toBe(true);
  });
});
