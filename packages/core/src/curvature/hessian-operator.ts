import * as tf from '@tensorflow/tfjs-core';
import { norm2 } from '../linalg/dense.js';
import { foldIn, type RandomKey } from '../random/key.js';
import { sampleNormal } from '../random/sample.js';
import { disposeParams, type Params } from '../params/params.js';
import type { Objective } from '../params/types.js';
import { finiteDifferenceHvp, hessianVectorProduct } from './hessian-vector-product.js';

/** Where each parameter group sits in the flat vector the operator acts on. */
export interface Layout {
  readonly names: string[];
  readonly shapes: number[][];
  readonly sizes: number[];
  readonly total: number;
}

function layoutOf(params: Params, groups?: readonly string[]): Layout {
  const names = Object.keys(params).filter((n) => groups === undefined || groups.includes(n));
  const shapes = names.map((n) => [...params[n]!.shape]);
  const sizes = names.map((n) => params[n]!.size);
  return { names, shapes, sizes, total: sizes.reduce((a, b) => a + b, 0) };
}

function toParams(flat: Float64Array, layout: Layout): Params {
  const out: Record<string, tf.Tensor> = {};
  let offset = 0;
  layout.names.forEach((n, i) => {
    out[n] = tf.tensor(Float32Array.from(flat.subarray(offset, offset + layout.sizes[i]!)), layout.shapes[i]);
    offset += layout.sizes[i]!;
  });
  return out;
}

function toFlat(params: Params, layout: Layout): Float64Array {
  const flat = new Float64Array(layout.total);
  let offset = 0;
  for (const n of layout.names) {
    flat.set(params[n]!.dataSync(), offset);
    offset += params[n]!.size;
  }
  return flat;
}

/** H·v as a host operator over the chosen groups, counting products. */
export function hessianOperator(
  objective: Objective,
  params: Params,
  options: { key: RandomKey; hvp?: 'autodiff' | 'finite-difference'; groups?: readonly string[] },
): { apply: (v: Float64Array) => Float64Array; layout: Layout; count: () => number } {
  const layout = layoutOf(params, options.groups);
  let count = 0;
  const fixed = Object.fromEntries(Object.entries(params).filter(([n]) => !layout.names.includes(n)));
  const restricted: Objective = {
    init: params,
    value: (p, key) => objective.value({ ...fixed, ...p }, key),
  };
  const free = Object.fromEntries(layout.names.map((n) => [n, params[n]!]));
  const apply = (v: Float64Array): Float64Array => {
    count++;
    const vp = toParams(v, layout);
    const hv =
      options.hvp === 'finite-difference'
        ? finiteDifferenceHvp(restricted, free, vp, options.key)
        : hessianVectorProduct(restricted, free, vp, options.key);
    const out = toFlat(hv, layout);
    disposeParams(vp, hv);
    return out;
  };
  return { apply, layout, count: () => count };
}

/**
 * A local estimate of the Hessian-Lipschitz constant K ≈ max_u ‖∇²f(p + r u) − ∇²f(p)‖₂ / r
 * over random unit directions u, the operator norm by power iteration on the difference.
 * A lower bound on the global K, adequate for certifying near `params`.
 */
export function estimateHessianLipschitz(
  objective: Objective,
  params: Params,
  options: { key: RandomKey; hvp?: 'autodiff' | 'finite-difference'; radius?: number; samples?: number; powerSteps?: number; groups?: readonly string[] },
): number {
  const here = hessianOperator(objective, params, options);
  const { layout } = here;
  const radius = options.radius ?? 1e-2;
  let best = 0;
  for (let s = 0; s < (options.samples ?? 3); s++) {
    const u = sampleNormal(foldIn(options.key, `K-direction-${s}`), layout.total);
    const uNorm = norm2(u);
    const shifted: Record<string, tf.Tensor> = { ...params };
    const created: tf.Tensor[] = [];
    let offset = 0;
    layout.names.forEach((n, i) => {
      const size = layout.sizes[i]!;
      const delta = tf.tensor(Float32Array.from(u.subarray(offset, offset + size), (x) => (radius * x) / uNorm), layout.shapes[i]);
      const moved = tf.add(params[n]!, delta);
      delta.dispose();
      created.push(moved);
      shifted[n] = moved;
      offset += size;
    });
    const there = hessianOperator(objective, shifted, options);
    let w = sampleNormal(foldIn(options.key, `K-power-${s}`), layout.total);
    let norm = 0;
    for (let k = 0; k < (options.powerSteps ?? 6); k++) {
      const wNorm = norm2(w);
      const unit = w.map((x) => x / wNorm);
      const a = there.apply(unit);
      const b = here.apply(unit);
      const diff = a.map((x, i) => x - b[i]!);
      norm = norm2(diff);
      if (norm === 0) break;
      w = diff;
    }
    tf.dispose(created);
    best = Math.max(best, norm / radius);
  }
  return best;
}

