import { BackendUnavailableError, startEngine } from '@derand/core';
import { createRegistry } from '@derand/registry';
import { describe, expect, it } from 'vitest';
import { cudaEmulatorBackend } from './emulator.js';
import { cudaBackend } from './plugin.js';

describe('cudaBackend plugin', () => {
  it('is a backend named cuda, preferred over wasm (priority 10) when available', () => {
    expect(cudaBackend.kind).toBe('backend');
    expect(cudaBackend.id).toBe('cuda');
    expect(cudaBackend.priority).toBeGreaterThan(10);
    expect(createRegistry([cudaBackend]).list('backend').map((p) => p.id)).toEqual(['cuda']);
  });

  it('has TF32 off unless asked, and rejects unknown options', () => {
    expect(cudaBackend.options.parse({})).toEqual({ tf32: false, tiledGemm: false });
    expect(cudaBackend.options.parse({ tf32: true }).tf32).toBe(true);
    expect(cudaBackend.options.safeParse({ tf33: true }).success).toBe(false);
  });

  it('where available, names its device', async (context) => {
    const availability = await cudaBackend.isAvailable();
    if (!availability.ok) return context.skip(`cuda is unavailable here: ${availability.reason ?? 'no reason given'}`);
    expect(availability.details?.['device']).toBeDefined();
  });

  it('says why it is unavailable, and startEngine refuses it with that reason', async (context) => {
    const availability = await cudaBackend.isAvailable();
    if (availability.ok) return context.skip('cuda is available here, so there is no unavailability to report');
    expect(availability.reason).toMatch(/nvcc not found at build time|addon failed to load|CUDA error \d+|no device|not built/);
    await expect(startEngine({ backend: cudaBackend })).rejects.toThrow(BackendUnavailableError);
    await expect(startEngine({ backend: cudaBackend })).rejects.toThrow(availability.reason ?? '');
  });

  it('reports the GEMM path chosen at build time', async (context) => {
    const availability = await cudaBackend.isAvailable();
    if (availability.details === undefined) return context.skip(`the cuda addon is not built here: ${availability.reason ?? 'no reason given'}`);
    expect(['cuBLASLt', 'cuBLAS', 'tiled']).toContain(availability.details['gemm']);
  });

  it('the emulator flavour is available wherever a C++ compiler built it, with the tiled GEMM', async () => {
    const availability = await cudaEmulatorBackend.isAvailable();
    expect(availability.ok, availability.reason).toBe(true);
    expect(availability.details?.['gemm']).toBe('tiled');
  });
});
