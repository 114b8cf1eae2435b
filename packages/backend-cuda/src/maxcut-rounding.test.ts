import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { keyFromSeed, startEngine } from '@derand/core';
import { dataDir } from '@derand/core/node';
import { wasmBackend } from '@derand/backend-wasm';
import { derandomizedRounding, solveSdp, type Graph } from '@derand/maxcut';
import { readGraphFile } from '@derand/maxcut/node';
import { expect } from 'vitest';
import { describeOnDevices } from '../test/targets.js';
import { activeCudaBackend } from './plugin.js';

// Real instances with proven optima (Biq Mac, the paper's graph): small enough for the emulator.
const INSTANCES = ['paper-g15.txt', 'biqmac-rudy/g05_60.0.txt'];
const folder = join(dataDir() ?? '', 'maxcut-small');
const seed = 3;

/** The rounding's cut for one graph on wasm (its auto choice there: the fused host pass). */
async function wasmCut(graph: Graph): Promise<{ cut: number; implementation: string }> {
  const active = tf.getBackend();
  await startEngine({ backend: wasmBackend });
  const r = derandomizedRounding(graph, solveSdp(graph, { key: keyFromSeed(1) }), { key: keyFromSeed(seed) });
  await tf.setBackend(active);
  return { cut: r.cut, implementation: r.implementation };
}

describeOnDevices('the MAXCUT derandomized rounding on the device', (test) => {
  for (const name of INSTANCES) {
    test(`${name}: runs on device kernels only (no host fallback) and cuts as on wasm for the same seed`, async () => {
      const file = join(folder, name);
      if (!existsSync(file)) throw new Error(`${file} is missing: set DERAND_DATA_DIR to the benchmark data (it holds maxcut-small/)`);
      const graph = readGraphFile(file);
      const reference = await wasmCut(graph);
      expect(reference.implementation).toBe('host');
      const cuda = activeCudaBackend()!;
      const before = new Map(cuda.hostFallbackCalls);
      const r = derandomizedRounding(graph, solveSdp(graph, { key: keyFromSeed(1) }), { key: keyFromSeed(seed) });
      expect(r.implementation).toBe('tensor');
      expect(Object.fromEntries([...cuda.hostFallbackCalls].filter(([kernel, calls]) => calls !== (before.get(kernel) ?? 0)))).toEqual({});
      expect(r.collapsed).toBe(true);
      expect(r.cut).toBe(reference.cut);
    });
  }
});
