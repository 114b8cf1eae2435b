import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// Runs the *built* packages in plain `node` (no vitest, no bundler): the gradient registry
// must load through the engine's own mechanism.
const script = `
import * as tf from '@tensorflow/tfjs-core';
import { startEngine } from '@derand/core';
import { wasmBackend } from '@derand/backend-wasm';
const out = {};
for (const backend of ['cpu', wasmBackend]) {
  const info = await startEngine({ backend });
  const g = tf.grad((x) => tf.sum(tf.mul(tf.tanh(x), tf.sigmoid(x))))(tf.tensor1d([0.5, -1.0, 2.0]));
  const h = tf.grad((x) => tf.grad((y) => tf.sum(tf.tanh(y)))(x).sum())(tf.tensor1d([0.5]));
  out[info.backend] = { grad: Array.from(g.dataSync()), second: h.dataSync()[0] };
}
console.log(JSON.stringify(out));
`;

describe('built packages in plain node', () => {
  it('compute first and second derivatives on cpu and wasm', () => {
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageRoot,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, { grad: number[]; second: number }>;
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    const expected = [0.5, -1.0, 2.0].map((v) => (1 - Math.tanh(v) ** 2) * sig(v) + Math.tanh(v) * sig(v) * (1 - sig(v)));
    const t = Math.tanh(0.5);
    for (const backend of ['cpu', 'wasm']) {
      const r = result[backend];
      expect(r, backend).toBeDefined();
      r?.grad.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 5));
      expect(r?.second).toBeCloseTo(-2 * t * (1 - t * t), 5);
    }
  });
});
