import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { startEngine } from '@derand/core';
import { deviceKernelNames } from '@derand/backend-cuda';
import { cudaEmulatorBackend } from '@derand/backend-cuda/emulator';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = fileURLToPath(new URL('./fixtures/host-fallback-plugins.mjs', import.meta.url));
const count = (text: string, part: string): number => text.split(part).length - 1;

describe('kernels a device backend runs on the host', () => {
  it('derand backends --json lists, per backend, the cpu kernels the device lacks', async () => {
    await startEngine({ backend: 'cpu' });
    const expected = tf
      .getKernelsForBackend('cpu')
      .map((k) => k.kernelName)
      .filter((name) => !deviceKernelNames.includes(name))
      .sort();
    const run = runCli(['backends', '--json', '--no-measure', '--plugin', fixture]);
    expect(run.status, run.stderr).toBe(0);
    const { backends } = JSON.parse(run.stdout) as { backends: { id: string; hostFallbackKernels?: string[] }[] };
    for (const id of ['cuda', 'cuda-emulator']) {
      const listed = backends.find((b) => b.id === id)?.hostFallbackKernels;
      expect(listed, id).toEqual(expected);
      expect(listed, id).toEqual(expect.arrayContaining(['TopK', 'Einsum']));
    }
    // cpu and wasm run every kernel themselves: no list
    expect(backends.find((b) => b.id === 'wasm')).not.toHaveProperty('hostFallbackKernels');
    expect(backends.find((b) => b.id === 'cpu')).not.toHaveProperty('hostFallbackKernels');
  });

  it('a run warns on stderr once per kernel that falls back, and keeps stdout for the result', async (context) => {
    const availability = await cudaEmulatorBackend.isAvailable();
    if (!availability.ok) return context.skip(availability.reason ?? 'emulator unavailable');
    const run = runCli(['run', 'fallback-probe', '--backend', 'cuda-emulator', '--json', '--plugin', fixture]);
    expect(run.status, run.stderr).toBe(0);
    const { provenance, ...result } = JSON.parse(run.stdout) as { backend: string; sum: number[]; product: number[]; provenance: { backend: { id: string } } };
    expect(result).toEqual({ backend: 'cuda-emulator', sum: [4, 2, 3], product: [7, 10, 15, 22] });
    expect(provenance.backend.id).toBe('cuda-emulator');
    expect(count(run.stderr, "backend 'cuda-emulator' has no device kernel for TopK")).toBe(1);
    expect(count(run.stderr, "backend 'cuda-emulator' has no device kernel for Einsum")).toBe(1);
    expect(count(run.stderr, 'no device kernel for')).toBe(2);
    expect(run.stderr).toMatch(/warning: .*TopK/);
  });
});
