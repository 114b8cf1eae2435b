import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { startEngine } from '@derand/core';
import { describe, expect, it } from 'vitest';
import { cudaEmulatorBackend } from './emulator.js';
import { isHostFallback } from './host-fallback.js';
import { deviceKernelNames } from './register.js';
import { OPTIONAL_KERNELS } from './optional-kernels.js';
import { kernelSourcesHash, REFRESH_COMMAND } from '../scripts/kernel-sources-hash.mjs';

// kernels-used.json is recorded from the project's test suites (scripts/record-kernels.mjs):
// every kernel they run must have a device implementation, not the host fallback.
const recorded = JSON.parse(readFileSync(new URL('../kernels-used.json', import.meta.url), 'utf8')) as {
  sources?: { folders: string[]; sha256: string; files: number };
  kernels: string[];
  onDevice: string[];
  optional?: string[];
  hostFallback: string[];
};

describe('kernel coverage', () => {
  it('was recorded from the kernel sources and suites as they are now (content hash)', () => {
    const stale = `kernels-used.json is stale: the device kernel sources or the recorded test suites changed since it was recorded. Refresh it from the repository root: ${REFRESH_COMMAND}`;
    expect(recorded.sources, stale).toBeDefined();
    const now = kernelSourcesHash(recorded.sources!.folders);
    expect(now.files, stale).toBeGreaterThan(0);
    expect({ sha256: now.sha256, files: now.files }, stale).toEqual({ sha256: recorded.sources!.sha256, files: recorded.sources!.files });
  });

  it('implements on the device every kernel the packages were recorded running', () => {
    expect(recorded.kernels.length).toBeGreaterThan(0);
    // optional kernels (run only where a backend registers them) are the one exception
    expect(recorded.kernels.filter((name) => !deviceKernelNames.includes(name) && !OPTIONAL_KERNELS.includes(name))).toEqual([]);
    expect(recorded.hostFallback).toEqual([]);
  });

  it('lists as optional only kernels the cuda backend does not register', () => {
    expect(OPTIONAL_KERNELS.length).toBeGreaterThan(0);
    expect(OPTIONAL_KERNELS.filter((name) => deviceKernelNames.includes(name))).toEqual([]);
  });

  it('registers every device kernel natively and only the others as host fallbacks', async (context) => {
    const availability = await cudaEmulatorBackend.isAvailable();
    if (!availability.ok) return context.skip(availability.reason ?? 'emulator unavailable');
    await startEngine({ backend: 'cpu' });
    await startEngine({ backend: cudaEmulatorBackend });
    const missing = deviceKernelNames.filter((name) => tf.getKernel(name, 'cuda-emulator') === undefined);
    expect(missing).toEqual([]);
    expect(deviceKernelNames.filter((name) => isHostFallback('cuda-emulator', name))).toEqual([]);
    // Every other cpu kernel is served on the host (for example TopK and Einsum).
    expect(isHostFallback('cuda-emulator', 'TopK')).toBe(true);
    expect(isHostFallback('cuda-emulator', 'Einsum')).toBe(true);
  });
});
