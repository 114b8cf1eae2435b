import * as tf from '@tensorflow/tfjs-core';
import { gaussLegendre, sameSideProbabilities } from './normal-distribution.js';

const RHO_LIMIT = 0.9999;

const normalCdf = (x: tf.Tensor): tf.Tensor => tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
const normalPdf = (x: tf.Tensor): tf.Tensor => tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(x))));

/**
 * The value on the host: the quadrature needs a per-edge node count, and the wasm `Sin`/`Exp`
 * kernels on an [m, 16] grid cost ≈ 25 ms a step on G1 against ≈ 3 ms here (decision record 0202).
 */
function hostForward(a: tf.Tensor1D, b: tf.Tensor1D, rho: tf.Tensor1D): tf.Tensor1D {
  const out = new Float32Array(a.size);
  const r = Float32Array.from(rho.dataSync(), (x) => Math.max(-RHO_LIMIT, Math.min(RHO_LIMIT, x)));
  sameSideProbabilities(a.dataSync(), b.dataSync(), r, out);
  return tf.tensor1d(out);
}

/** Nodes of the tensor quadrature: the host's largest per-edge rule (used there for |ρ| ≥ 0.995). */
export const SAME_SIDE_TENSOR_NODES = 32;

/**
 * The Gauss–Legendre rule on [0, 1] of the tensor forward pass, as tensors the caller owns
 * (created once, so that a training step uploads nothing): nodes [1, K] and weights [K, 1].
 */
export interface SameSideRule {
  readonly nodes: tf.Tensor2D;
  readonly weights: tf.Tensor2D;
  dispose(): void;
}

/** Builds the {@link SameSideRule} ({@link SAME_SIDE_TENSOR_NODES} nodes) on the active backend; the caller disposes it. */
export function sameSideRule(): SameSideRule {
  const { nodes, weights } = gaussLegendre(SAME_SIDE_TENSOR_NODES);
  const k = nodes.length;
  const nodeTensor = tf.keep(tf.tensor2d(Float32Array.from(nodes, (x) => (1 + x) / 2), [1, k]));
  const weightTensor = tf.keep(tf.tensor2d(Float32Array.from(weights, (w) => w / 2), [k, 1]));
  return { nodes: nodeTensor, weights: weightTensor, dispose: () => tf.dispose([nodeTensor, weightTensor]) };
}

/**
 * The value as tensor ops on the active backend (nothing is read back): the arcsin form on an
 * [m, K] grid, (asin ρ/π)·Σ_k w_k exp(−(a² − 2ab s_k + b²)/(2(1 − s_k²))), s_k = sin(x_k·asin ρ).
 */
function tensorForward(a: tf.Tensor1D, b: tf.Tensor1D, rho: tf.Tensor1D, rule: SameSideRule): tf.Tensor1D {
  const top = tf.asin(tf.clipByValue(rho, -RHO_LIMIT, RHO_LIMIT));
  const s = tf.sin(tf.matMul(tf.reshape(top, [-1, 1]), rule.nodes)); // [m, K]
  const sum2 = tf.reshape(tf.add(tf.square(a), tf.square(b)), [-1, 1]);
  const cross = tf.reshape(tf.mul(2, tf.mul(a, b)), [-1, 1]);
  const exponent = tf.div(tf.sub(tf.mul(cross, s), sum2), tf.mul(2, tf.sub(1, tf.square(s))));
  const integral = tf.reshape(tf.matMul(tf.exp(exponent), rule.weights), [-1]);
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  const base = tf.add(tf.mul(pa, pb), tf.mul(tf.sub(1, pa), tf.sub(1, pb)));
  return tf.add<tf.Tensor1D>(base, tf.mul(integral, tf.mul(top, 1 / Math.PI)));
}

/** ∂P/∂a, ∂P/∂b, ∂P/∂ρ in closed form (differentiable again: built from the saved inputs). */
function partials(a: tf.Tensor, b: tf.Tensor, rho: tf.Tensor): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const oneMinus = tf.sub(1, tf.square(rho));
  const root = tf.sqrt(oneMinus);
  const da = tf.mul(normalPdf(a), tf.sub(tf.mul(2, normalCdf(tf.div(tf.sub(b, tf.mul(rho, a)), root))), 1));
  const db = tf.mul(normalPdf(b), tf.sub(tf.mul(2, normalCdf(tf.div(tf.sub(a, tf.mul(rho, b)), root))), 1));
  const quadratic = tf.sub(tf.add(tf.square(a), tf.square(b)), tf.mul(2, tf.mul(rho, tf.mul(a, b))));
  const drho = tf.div(tf.exp(tf.div(tf.neg(quadratic), tf.mul(2, oneMinus))), tf.mul(Math.PI, root));
  return [da, db, drho];
}

/** P as a custom op with the given forward pass; its gradient is the closed-form partials. */
function sameSideOp(forward: (a: tf.Tensor1D, b: tf.Tensor1D, rho: tf.Tensor1D) => tf.Tensor1D): (a: tf.Tensor1D, b: tf.Tensor1D, rho: tf.Tensor1D) => tf.Tensor1D {
  return tf.customGrad<tf.Tensor1D>(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b, rho, save] = args as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    save([a, b, rho]);
    return {
      value: forward(a, b, rho),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb, sr] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const [da, db, drho] = partials(sa, sb, sr);
        return [tf.mul(dy, da), tf.mul(dy, db), tf.mul(dy, drho)];
      },
    };
  }));
}

const hostSameSide = sameSideOp(hostForward);

/**
 * The probability that sign(X + a) = sign(Y + b) for standard normals X, Y with correlation ρ:
 * P(a, b; ρ) = Φ₂(a, b; ρ) + Φ₂(−a, −b; ρ) = Φ(a)Φ(b) + Φ(−a)Φ(−b) + 2∫₀^ρ φ₂(a, b; r) dr,
 * elementwise over edges, as a differentiable tensor op.
 *
 * Value: the integral in the arcsin form (1/π)∫₀^{asin ρ} exp(−(a² − 2ab sin θ + b²)/(2cos²θ)) dθ
 * by Gauss–Legendre (≈ 1e-7 absolute; ρ is clipped to ±0.9999 for the value): without `rule` on
 * the host, with 4–32 nodes chosen per edge by |ρ| ({@link sameSideProbabilities}; a, b and ρ are
 * read back); with a {@link sameSideRule}, as tensor ops with 32 nodes on the active backend
 * (nothing leaves the device). Gradient, exactly: ∂P/∂a = φ(a)(2Φ((b − ρa)/√(1−ρ²)) − 1), symmetrically for b, and
 * ∂P/∂ρ = 2φ₂(a, b; ρ); the gradient is built from the inputs, so it can be differentiated again
 * (Hessian–vector products for the certificate).
 *
 * @param a - [m] standardised means μ_i/s_i
 * @param b - [m] standardised means μ_j/s_j
 * @param rho - [m] correlations v_i·v_j/(s_i s_j)
 * @param rule - the tensor forward pass's quadrature (omit for the host forward pass)
 * @example sameSideProbability(tf.tensor1d([0]), tf.tensor1d([0]), tf.tensor1d([0.5])); // [2/3]
 * @see Drezner & Wesolowsky (1990); Genz (2004), "Numerical computation of rectangular bivariate
 *   and trivariate normal and t probabilities", Stat. Comput. 14.
 */
export function sameSideProbability(a: tf.Tensor1D, b: tf.Tensor1D, rho: tf.Tensor1D, rule?: SameSideRule): tf.Tensor1D {
  // No clipping op here: its gradient (LogicalAnd/Select on bool tensors) cannot be
  // differentiated again. Callers keep |ρ| < 1 by construction (ρ = v_i·v_j/(s_i s_j) with
  // s² = ‖v‖² + τ²); the host value clips for safety only.
  return rule === undefined ? hostSameSide(a, b, rho) : sameSideOp((x, y, r) => tensorForward(x, y, r, rule))(a, b, rho);
}
