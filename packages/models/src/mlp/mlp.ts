import * as tf from '@tensorflow/tfjs-core';
import { InputError, type AnyRegistry, type InputIssue } from '@derand/registry';
import { foldIn, type Params, type RandomKey } from '@derand/core';
import type { Activation } from '../activations/activation.js';
import { resolveActivation } from '../activations/resolve-activation.js';
import { initializeTensor } from '../init/initializers.js';
import { parseMlpSpec, type MlpSpec, type NormalizedMlpSpec } from './mlp-spec.js';

/** A dense layer of a built {@link Mlp}. */
export interface MlpLayer {
  readonly index: number;
  readonly fanIn: number;
  readonly units: number;
  readonly activation: Activation;
  /** Parameter name of the weights W ∈ R^{units × fan_in} (rows are neurons): see {@link weightName}. */
  readonly weight: string;
  /** Parameter name of the bias, absent when the layer has none: see {@link biasName}. */
  readonly bias?: string;
  readonly weightTrainable: boolean;
  readonly biasTrainable: boolean;
}

/**
 * A built MLP. Weights are stored as in the paper and PyTorch, W ∈ R^{units × fan_in} with one
 * neuron per row, so a layer maps a batch h ∈ R^{n × fan_in} to h Wᵀ + b.
 */
export interface Mlp {
  readonly spec: NormalizedMlpSpec;
  readonly layers: readonly MlpLayer[];
  readonly inputDim: number;
  readonly outputDim: number;
  /** Initial values of the trainable groups (owned by the model; copy before changing). */
  readonly init: Params;
  /** The groups that are not trained (owned by the model). */
  readonly frozen: Params;
  /** Names of the trainable groups, first layer first. */
  readonly trainable: readonly string[];
  /**
   * c·N(x) ∈ R^{n × outputDim} for x ∈ R^{n × d}, from tfjs ops that differentiate correctly to
   * any order. Reads trainable groups from `params` and the rest from `frozen`.
   */
  forward(params: Params, x: tf.Tensor2D): tf.Tensor2D;
  /** Frees `init` and `frozen`. */
  dispose(): void;
}

/**
 * Parameter name of layer i's weights: `W` for the first layer (the paper's W, the random part
 * of the derandomization lemma), `layers.<i>.weight` after it.
 *
 * @example weightName(0); // 'W'
 */
export const weightName = (i: number): string => (i === 0 ? 'W' : `layers.${i}.weight`);
/**
 * Parameter name of layer i's bias: `b` for the first layer, `layers.<i>.bias` after it.
 *
 * @example biasName(2); // 'layers.2.bias'
 */
export const biasName = (i: number): string => (i === 0 ? 'b' : `layers.${i}.bias`);

/**
 * The tensor of group `name` from params, else frozen; throws naming what is available.
 *
 * @example const W = lookupParam(params, mlp.frozen, 'W');
 */
export function lookupParam(params: Params, frozen: Params, name: string): tf.Tensor {
  const t = params[name] ?? frozen[name];
  if (t === undefined) {
    throw new InputError('BAD_PARAMS', 'A model parameter is missing:', [
      { where: name, message: `not in the parameters (have: ${Object.keys(params).join(', ') || 'none'}) nor frozen (${Object.keys(frozen).join(', ') || 'none'})` },
    ]);
  }
  return t;
}

/**
 * Checks that x is [n, d]; throws InputError (BAD_SHAPE) naming the shape otherwise.
 *
 * @example checkInput(x, mlp.inputDim);
 */
export function checkInput(x: tf.Tensor, inputDim: number, where = 'x'): void {
  const issues: InputIssue[] = [];
  if (x.rank !== 2) issues.push({ where, message: `must be a matrix [n, ${inputDim}]`, value: x.shape });
  else if (x.shape[1] !== inputDim) issues.push({ where, message: `has ${x.shape[1]} columns but the model's input dimension is ${inputDim}`, value: x.shape });
  if (issues.length > 0) throw new InputError('BAD_SHAPE', 'Model input has the wrong shape:', issues);
}

/**
 * Builds an MLP from a spec, drawing every tensor from `key` (tensor `name` from foldIn(key, name)).
 *
 * @throws InputError (BAD_MODEL) for an invalid spec, listing every problem.
 * @example
 * const mlp = createMlp(twoLayerSpec({ inputDim: 2, width: 1000, activation: 'softplus:2' }), keyFromSeed(0));
 * const yhat = mlp.forward(mlp.init, x); // [n, 1]
 */
export function createMlp(rawSpec: MlpSpec | NormalizedMlpSpec, key: RandomKey, registry?: AnyRegistry): Mlp {
  const spec = parseMlpSpec(rawSpec, registry);
  const init: Record<string, tf.Tensor> = {};
  const frozen: Record<string, tf.Tensor> = {};
  const layers: MlpLayer[] = [];
  let fanIn = spec.inputDim;
  spec.layers.forEach((layer, i) => {
    const isOutput = i === spec.layers.length - 1;
    const weightTrainable = layer.trainable;
    const biasTrainable = layer.bias && (layer.biasTrainable ?? layer.trainable);
    const weight = initializeTensor(layer.weightInit ?? spec.init, { role: 'weight', fanIn, fanOut: layer.units, isOutput }, foldIn(key, weightName(i)), [layer.units, fanIn]);
    (weightTrainable ? init : frozen)[weightName(i)] = weight;
    if (layer.bias) {
      const bias = initializeTensor(layer.biasInit ?? spec.init, { role: 'bias', fanIn, fanOut: layer.units, isOutput }, foldIn(key, biasName(i)), [layer.units]);
      (biasTrainable ? init : frozen)[biasName(i)] = bias;
    }
    layers.push({
      index: i,
      fanIn,
      units: layer.units,
      activation: resolveActivation(layer.activation, registry),
      weight: weightName(i),
      ...(layer.bias ? { bias: biasName(i) } : {}),
      weightTrainable,
      biasTrainable,
    });
    fanIn = layer.units;
  });
  const trainable = Object.keys(init);
  return {
    spec,
    layers,
    inputDim: spec.inputDim,
    outputDim: fanIn,
    init,
    frozen,
    trainable,
    forward: (params, x) =>
      tf.tidy(() => {
        checkInput(x, spec.inputDim);
        let h: tf.Tensor = x;
        for (const layer of layers) {
          let z: tf.Tensor = tf.matMul(h, lookupParam(params, frozen, layer.weight), false, true);
          if (layer.bias !== undefined) z = tf.add(z, lookupParam(params, frozen, layer.bias));
          h = layer.activation.id === 'linear' ? z : layer.activation.apply(z);
        }
        return (spec.outputScale === 1 ? h : tf.mul(h, spec.outputScale)) as tf.Tensor2D;
      }),
    dispose: () => {
      tf.dispose(Object.values(init));
      tf.dispose(Object.values(frozen));
    },
  };
}

/**
 * A one-line description: `2 → 1000 softplus_2 (bias) → 1 linear (no bias, frozen weights)`.
 *
 * @example describeMlp(mlp);
 */
export function describeMlp(mlp: Mlp): string {
  const parts = [String(mlp.inputDim)];
  for (const layer of mlp.layers) {
    const flags = [
      layer.bias === undefined ? 'no bias' : layer.biasTrainable ? 'bias' : 'frozen bias',
      ...(layer.weightTrainable ? [] : ['frozen weights']),
    ];
    parts.push(`${layer.units} ${layer.activation.label} (${flags.join(', ')})`);
  }
  return parts.join(' → ') + (mlp.spec.outputScale === 1 ? '' : ` × ${mlp.spec.outputScale}`);
}
