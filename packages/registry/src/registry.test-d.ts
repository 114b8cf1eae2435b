import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from './plugin.js';
import { createRegistry } from './registry.js';

const sgd = definePlugin({
  kind: 'optimizer',
  id: 'sgd',
  summary: 'GD',
  options: z.object({ learningRate: z.number().default(0.1) }),
  create: (o) => {
    expectTypeOf(o).toEqualTypeOf<{ learningRate: number }>();
    return { step: o.learningRate };
  },
});
const mse = definePlugin({ kind: 'loss', id: 'mse', summary: 'MSE', options: z.object({}), create: () => 42 });
const cpu = definePlugin({
  kind: 'backend',
  id: 'cpu',
  summary: 'reference',
  priority: 1,
  options: z.object({}),
  isAvailable: async () => ({ ok: true }),
  install: async () => ({ ok: true }),
});

describe('registry types', () => {
  const registry = createRegistry([sgd, mse, cpu]);

  it('types lookups from the list it was given', () => {
    expectTypeOf(registry.get('optimizer', 'sgd')).toEqualTypeOf<typeof sgd>();
    expectTypeOf(registry.get('loss', 'mse').create({})).toEqualTypeOf<number>();
    expectTypeOf(registry.ids('optimizer')).toEqualTypeOf<'sgd'[]>();
    expectTypeOf(registry.parseOptions('optimizer', 'sgd', {})).toEqualTypeOf<{ learningRate: number }>();
    expectTypeOf(registry.resolve('backend', 'anything')).toEqualTypeOf<typeof cpu>();
  });

  it('rejects unknown kinds and ids at compile time', () => {
    // @ts-expect-error 'adam' is not a registered optimizer
    registry.get('optimizer', 'adam');
    // @ts-expect-error 'mse' is a loss, not an optimizer
    registry.get('optimizer', 'mse');
    // @ts-expect-error no plugin of kind 'solver' was given
    registry.get('solver', 'maxcut');
  });

  it('checks the contract of each built-in kind', () => {
    // @ts-expect-error a backend must have priority, isAvailable and install
    definePlugin({ kind: 'backend', id: 'x', summary: 's', options: z.object({}) });
    // @ts-expect-error an optimizer must have create
    definePlugin({ kind: 'optimizer', id: 'x', summary: 's', options: z.object({}) });
    // other kinds are open
    const custom = definePlugin({ kind: 'reporter', id: 'html', summary: 's', options: z.object({}) });
    expectTypeOf(custom.kind).toEqualTypeOf<'reporter'>();
  });
});
