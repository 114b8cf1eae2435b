import * as tf from '@tensorflow/tfjs-core';
import { DerandError, z } from '@derand/registry';
import { sampleNormal, sampleUniform, type RandomKey } from '@derand/core';

/**
 * How a parameter tensor is initialised. Named schemes read the layer's fan-in/fan-out;
 * the objects give the distribution directly.
 *
 * | scheme | weights | biases |
 * |---|---|---|
 * | `paper` | hidden: N(0, 1/fan_in); output layer: N(0, 1/fan_in²) | hidden: N(0, 1/fan_out²); output: N(0, 1/fan_in²) |
 * | `glorot-normal` | N(0, 2/(fan_in + fan_out)) | 0 |
 * | `glorot-uniform` | U(±√(6/(fan_in + fan_out))) | 0 |
 * | `he-normal` | N(0, 2/fan_in) | 0 |
 * | `he-uniform` | U(±√(6/fan_in)) | 0 |
 * | `lecun-normal` | N(0, 1/fan_in) | 0 |
 * | `zeros` | 0 | 0 |
 *
 * `paper` is the authors' two-layer scheme (W ~ N(0, 1/d), a ~ N(0, 1/h²), b ~ N(0, 1/h²)) and
 * extends to any depth as in the table.
 */
export const INITIALIZER_SCHEMES = ['paper', 'glorot-normal', 'glorot-uniform', 'he-normal', 'he-uniform', 'lecun-normal', 'zeros'] as const;
export type InitializerScheme = (typeof INITIALIZER_SCHEMES)[number];

export const initializerSpecSchema = z.union([
  z.enum(INITIALIZER_SCHEMES),
  z.object({ kind: z.literal('normal'), std: z.number().nonnegative(), mean: z.number().optional() }).strict(),
  z.object({ kind: z.literal('uniform'), low: z.number(), high: z.number() }).strict(),
  z.object({ kind: z.literal('constant'), value: z.number() }).strict(),
]);
export type InitializerSpec = z.input<typeof initializerSpecSchema>;

/** Where in the network a tensor sits, which the named schemes need. */
export interface InitContext {
  readonly role: 'weight' | 'bias';
  /** Inputs of the layer. */
  readonly fanIn: number;
  /** Units of the layer. */
  readonly fanOut: number;
  /** True for the last (output) layer. */
  readonly isOutput: boolean;
}

type Distribution = { kind: 'normal'; mean: number; std: number } | { kind: 'uniform'; low: number; high: number } | { kind: 'constant'; value: number };

/**
 * The distribution a spec gives in a context (see {@link INITIALIZER_SCHEMES} for the table).
 *
 * @example initializerDistribution('paper', { role: 'weight', fanIn: 2, fanOut: 1000, isOutput: false }); // N(0, 1/2)
 */
export function initializerDistribution(spec: InitializerSpec, context: InitContext): Distribution {
  if (typeof spec === 'object') {
    if (spec.kind === 'normal') return { kind: 'normal', mean: spec.mean ?? 0, std: spec.std };
    if (spec.kind === 'uniform') {
      if (!(spec.high >= spec.low)) throw new DerandError('BAD_INIT', `Uniform initialiser needs low ≤ high (got [${spec.low}, ${spec.high}]).`);
      return spec;
    }
    return spec;
  }
  const { role, fanIn, fanOut, isOutput } = context;
  if (spec === 'zeros') return { kind: 'constant', value: 0 };
  if (spec === 'paper') {
    if (role === 'weight') return { kind: 'normal', mean: 0, std: isOutput ? 1 / fanIn : Math.sqrt(1 / fanIn) };
    return { kind: 'normal', mean: 0, std: isOutput ? 1 / fanIn : 1 / fanOut };
  }
  if (role === 'bias') return { kind: 'constant', value: 0 };
  switch (spec) {
    case 'glorot-normal':
      return { kind: 'normal', mean: 0, std: Math.sqrt(2 / (fanIn + fanOut)) };
    case 'glorot-uniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return { kind: 'uniform', low: -limit, high: limit };
    }
    case 'he-normal':
      return { kind: 'normal', mean: 0, std: Math.sqrt(2 / fanIn) };
    case 'he-uniform': {
      const limit = Math.sqrt(6 / fanIn);
      return { kind: 'uniform', low: -limit, high: limit };
    }
    case 'lecun-normal':
      return { kind: 'normal', mean: 0, std: Math.sqrt(1 / fanIn) };
  }
}

/**
 * Host float64 values of an initialiser, a pure function of `key` (Philox; the same on every
 * backend).
 *
 * @param count number of values.
 * @example const w = initializerValues('he-normal', ctx, foldIn(key, 'layers.0.weight'), 2000);
 */
export function initializerValues(spec: InitializerSpec, context: InitContext, key: RandomKey, count: number): Float64Array {
  const dist = initializerDistribution(spec, context);
  if (dist.kind === 'normal') return sampleNormal(key, count, dist.mean, dist.std);
  if (dist.kind === 'uniform') return sampleUniform(key, count, dist.low, dist.high);
  return new Float64Array(count).fill(dist.value);
}

/**
 * A float32 tensor of the given shape drawn from the initialiser (see {@link initializerValues}).
 *
 * @example const W = initializeTensor('paper', ctx, key, [1000, 2]);
 */
export function initializeTensor(spec: InitializerSpec, context: InitContext, key: RandomKey, shape: readonly number[]): tf.Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from(initializerValues(spec, context, key, count)), [...shape]);
}
