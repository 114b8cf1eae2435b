import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { graphFromEdges } from '../graph/graph.js';
import { randomGraph } from '../graph/generate.js';
import { solveSdp } from '../sdp/mixing-method.js';
import { probitCutObjective } from './probit-cut-objective.js';
import { derandomizedRounding } from './derandomized-rounding.js';
import { withoutInactiveVertices } from './inactive-vertices.js';

describe('vertices no edge weight touches', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });

  // a 4-cycle (0–3), an isolated vertex 4, and vertex 5 joined to 0 by a zero-weight edge
  const g = graphFromEdges(6, Int32Array.from([0, 1, 2, 3, 0]), Int32Array.from([1, 2, 3, 0, 5]), Float64Array.from([1, 1, 1, 1, 0]), 'c4+2');
  const rank = 3;
  const vectors = Float64Array.from({ length: 6 * rank }, (_, k) => Math.sin(k + 1));

  it('get a zero row; every other row is unchanged, and the input is not modified', () => {
    const copy = Float64Array.from(vectors);
    const { vectors: out, inactive } = withoutInactiveVertices(g, vectors, rank);
    expect(inactive).toBe(2);
    expect(Array.from(out.subarray(4 * rank, 6 * rank))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(out.subarray(0, 4 * rank))).toEqual(Array.from(vectors.subarray(0, 4 * rank)));
    expect(Array.from(vectors)).toEqual(Array.from(copy));
  });

  it('enter the objective only through λ‖vᵢ‖²: the gradient of such a row is 2λvᵢ exactly', () => {
    const lambda = 0.05;
    const mu = Float32Array.from([0.3, -0.2, 0.1, -0.4, 0.05, -0.07]);
    const objective = probitCutObjective({ graph: g, vectors, rank, mu, tau: 0.1, lambda });
    const W = objective.init['W']!;
    const { grads } = tf.tidy(() => {
      const r = objective.valueAndGrad!(objective.init, keyFromSeed(0));
      return { grads: { W: r.grads['W']!.arraySync() as number[][] } };
    });
    const w = W.arraySync() as number[][];
    // the objective's λ is in normalised units: its gradient on an inactive row is proportional to the row, the same factor for both rows
    const factor = grads.W[4]![0]! / w[4]![0]!;
    expect(factor).toBeGreaterThan(0);
    for (const i of [4, 5]) for (let k = 0; k < rank; k++) expect(grads.W[i]![k]!).toBeCloseTo(factor * w[i]![k]!, 6);
    objective.dispose?.();
  });

  it('on a sparse random graph with isolated vertices, the rounding reports them and V collapses', () => {
    const sparse = randomGraph({ n: 1000, m: 1000, key: keyFromSeed(2026) });
    const sdp = solveSdp(sparse, { key: keyFromSeed(1) });
    const r = derandomizedRounding(sparse, sdp, { key: keyFromSeed(0) });
    let isolated = 0;
    for (let i = 0; i < sparse.n; i++) if (sparse.offsets[i + 1] === sparse.offsets[i]) isolated += 1;
    expect(r.inactiveVertices).toBe(isolated);
    expect(isolated).toBeGreaterThan(100);
    expect(r.collapsed).toBe(true);
  });
});
