import * as tf from '@tensorflow/tfjs-core';
import { startEngine } from '@derand/core';
import type { BackendPlugin } from '@derand/registry';
import { beforeAll, describe, it, type TestContext } from 'vitest';
import { cudaEmulatorBackend } from '../src/emulator.js';
import { cudaBackend } from '../src/plugin.js';

/** The implementations of the cuda backend under test: the GPU, and its kernels on the host emulator. */
export const deviceTargets: readonly BackendPlugin[] = [cudaEmulatorBackend, cudaBackend];

/**
 * Declares `body`'s tests once per target. A target that cannot run here skips each test with
 * its reason (for the GPU here: CUDA error 35). The cpu backend is started first so its
 * kernels exist as the reference and for host fallbacks.
 */
export function describeOnDevices(title: string, body: (test: (name: string, fn: () => void | Promise<void>) => void, target: BackendPlugin) => void): void {
  for (const target of deviceTargets) {
    describe(`${title} [${target.id}]`, () => {
      let skip: string | undefined;
      beforeAll(async () => {
        const availability = await target.isAvailable();
        if (!availability.ok) {
          skip = availability.reason ?? 'unavailable';
          return;
        }
        await startEngine({ backend: 'cpu' });
        await startEngine({ backend: target });
      });
      const test = (name: string, fn: () => void | Promise<void>): void => {
        it(name, async (context: TestContext) => {
          if (skip !== undefined) return context.skip(skip);
          await tf.setBackend(target.id);
          await fn();
        });
      };
      body(test, target);
    });
  }
}

/** Values, shape and dtype of a tensor, read back. */
export interface Readback {
  readonly shape: number[];
  readonly dtype: string;
  readonly values: number[];
}

function readAll(result: tf.Tensor | tf.Tensor[]): Readback[] {
  const list = Array.isArray(result) ? result : [result];
  return list.map((t) => ({ shape: [...t.shape], dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<number>) }));
}

/** Runs `f` on the cpu backend and on the active backend; returns both readbacks. */
export async function onCpuAndDevice(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Readback[]; device: Readback[] }> {
  const device = tf.getBackend();
  await tf.setBackend('cpu');
  let cpu: Readback[] = [];
  tf.tidy(() => void (cpu = readAll(f())));
  await tf.setBackend(device);
  let got: Readback[] = [];
  tf.tidy(() => void (got = readAll(f())));
  return { cpu, device: got };
}

/** Largest |a − b| / (1 + |b|) over two readbacks (NaN matches NaN; infinities must be equal). */
export function worstError(got: readonly number[], want: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const a = got[i] ?? NaN;
    const b = want[i] ?? NaN;
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (a === b) continue;
    const e = Math.abs(a - b) / (1 + Math.abs(b));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}
