import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, type SolverEvent } from './plugin.js';
import { createRegistry } from './registry.js';
import { runSolver } from './solve.js';
import { forwardHostFallbacks, hostFallbackMessage } from './host-fallback-events.js';

/** A backend whose "device" lacks TopK and Einsum and reports every host call (no deduplication of its own). */
function fakeDevice() {
  const listeners = new Set<(kernelName: string) => void>();
  const lacks = new Set(['TopK', 'Einsum']);
  const plugin = definePlugin({
    kind: 'backend',
    id: 'fake-gpu',
    summary: 'a device that lacks two kernels',
    priority: 0,
    options: z.object({}),
    isAvailable: async () => ({ ok: true }),
    install: async () => ({ ok: true }),
    hostFallbackKernels: async () => [...lacks].sort(),
    watchHostFallbacks: (listener: (kernelName: string) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  const runKernel = (name: string): void => {
    if (lacks.has(name)) for (const listener of listeners) listener(name);
  };
  return { plugin, runKernel, listeners };
}

describe('host fallbacks on the event stream', () => {
  it('runSolver warns once per kernel name that falls back, and stops listening when the run ends', async () => {
    const device = fakeDevice();
    const solver = definePlugin({
      kind: 'solver',
      id: 'kernels',
      summary: 'runs a fixed kernel sequence',
      options: z.object({ kernels: z.array(z.string()) }).strict(),
      run: async (options: { kernels: string[] }) => {
        for (const name of options.kernels) device.runKernel(name);
        return { ran: options.kernels.length };
      },
    });
    const registry = createRegistry([device.plugin, solver]);
    const events: SolverEvent[] = [];
    const result = await runSolver(registry, { solver: 'kernels', options: { kernels: ['Add', 'TopK', 'TopK', 'Einsum', 'TopK', 'MatMul', 'Einsum'] } }, { registry, backend: 'fake-gpu', seed: 0, emit: (e) => events.push(e) });
    expect(result).toEqual({ ran: 7 });
    expect(events).toEqual([
      { type: 'log', level: 'warn', message: hostFallbackMessage('fake-gpu', 'TopK') },
      { type: 'log', level: 'warn', message: hostFallbackMessage('fake-gpu', 'Einsum') },
    ]);
    expect(device.listeners.size).toBe(0);
    // a second run warns again: once per kernel name per run
    await runSolver(registry, { solver: 'kernels', options: { kernels: ['Einsum'] } }, { registry, backend: 'fake-gpu', seed: 0, emit: (e) => events.push(e) });
    expect(events).toHaveLength(3);
    expect(hostFallbackMessage('fake-gpu', 'TopK')).toMatch(/fake-gpu.*TopK.*host/);
  });

  it('forwards nothing for a backend that is not a registered plugin or cannot fall back', () => {
    const registry = createRegistry([fakeDevice().plugin]);
    const events: SolverEvent[] = [];
    forwardHostFallbacks(registry, 'cpu', (e) => events.push(e))();
    expect(events).toEqual([]);
  });
});
