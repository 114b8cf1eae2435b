import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from './plugin.js';
import {
  createRegistry,
  DuplicatePluginError,
  PluginOptionsError,
  UnknownPluginError,
} from './registry.js';
import { isDerandError } from './errors.js';
import type { AnyRegistry } from './plugin.js';

const sgd = definePlugin({
  kind: 'optimizer',
  id: 'sgd',
  summary: 'Plain gradient descent',
  options: z.object({ learningRate: z.number().positive().default(0.1), steps: z.number().int().min(1).default(10) }),
  create: (o) => ({ lr: o.learningRate, steps: o.steps }),
});
const pgd = definePlugin({
  kind: 'optimizer',
  id: 'perturbed-gd',
  summary: 'Perturbed gradient descent',
  options: z.object({}),
  create: () => 'pgd' as const,
});
const mse = definePlugin({
  kind: 'loss',
  id: 'mse',
  summary: 'Mean squared error',
  options: z.object({}),
  create: () => 'mse' as const,
});

describe('createRegistry', () => {
  const registry = createRegistry([sgd, pgd, mse]);

  it('looks plugins up by kind and id', () => {
    expect(registry.get('optimizer', 'sgd')).toBe(sgd);
    expect(registry.get('loss', 'mse').create({})).toBe('mse');
    expect(registry.ids('optimizer')).toEqual(['sgd', 'perturbed-gd']);
    expect(registry.kinds()).toEqual(['optimizer', 'loss']);
    expect(registry.has('loss', 'mse')).toBe(true);
    expect(registry.has('optimizer', 'mse')).toBe(false);
  });

  it('lists id, kind, summary and the options schema', () => {
    const listed = registry.list('optimizer');
    expect(listed.map((p) => p.id)).toEqual(['sgd', 'perturbed-gd']);
    const first = listed[0];
    expect(first?.summary).toBe('Plain gradient descent');
    expect(first?.options).toMatchObject({
      type: 'object',
      properties: { learningRate: { type: 'number', default: 0.1 }, steps: { type: 'integer' } },
    });
    expect(registry.list().length).toBe(3);
  });

  it('rejects a duplicate id within a kind, but allows the same id in another kind', () => {
    expect(() => createRegistry([sgd, { ...sgd, summary: 'again' }])).toThrow(DuplicatePluginError);
    expect(() => createRegistry([sgd, { ...sgd, summary: 'again' }])).toThrow(/Duplicate optimizer plugin id 'sgd'/);
    expect(() => createRegistry([sgd, { ...mse, id: 'sgd' }])).not.toThrow();
  });

  it('names the closest and the available ids for an unknown id', () => {
    let caught: unknown;
    try {
      registry.resolve('optimizer', 'perturbed-dg');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownPluginError);
    expect(isDerandError(caught)).toBe(true);
    const message = (caught as Error).message;
    expect(message).toContain("Unknown optimizer 'perturbed-dg'");
    expect(message).toContain("Did you mean: 'perturbed-gd'?");
    expect(message).toContain('Available optimizer plugins: sgd, perturbed-gd.');
    expect(() => (registry as AnyRegistry).resolve('solver', 'maxcut')).toThrow(/No solver plugins are registered/);
  });

  it('validates options at the edge and collects every problem', () => {
    expect(registry.parseOptions('optimizer', 'sgd', {})).toEqual({ learningRate: 0.1, steps: 10 });
    let caught: unknown;
    try {
      registry.parseOptions('optimizer', 'sgd', { learningRate: -1, steps: 2.5 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PluginOptionsError);
    const error = caught as PluginOptionsError;
    expect(error.issues.map((i) => i.where)).toEqual(['learningRate', 'steps']);
    expect(error.message).toContain('learningRate');
    expect(error.message).toContain('(got -1)');
    expect(error.message).toContain('(got 2.5)');
  });

  it('extends with more plugins and keeps the duplicate check', () => {
    const user = definePlugin({ kind: 'loss', id: 'huber', summary: 'user', options: z.object({}), create: () => 1 });
    const extended = registry.extend([user]);
    expect(extended.get('loss', 'huber').create({})).toBe(1);
    expect(() => registry.extend([mse])).toThrow(DuplicatePluginError);
  });
});
