import * as tf from '@tensorflow/tfjs-core';
import { sameSideProbabilities } from './normal-distribution.js';

const RHO_LIMIT = 0.9999;

const normalCdf = (x: tf.Tensor): tf.Tensor => tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
const normalPdf = (x: tf.Tensor): tf.Tensor => tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(x))));

/**
 * The value on the host: the quadrature needs a per-edge node count, and the wasm `Sin`/`Exp`
 * kernels on an [m, 16] grid cost ≈ 25 ms a step on G1 against ≈ 3 ms here (decision record 0202).
 */
function forward(a: tf.Tensor1D, b: tf.Tensor1D, rho: tf.Tensor1D): tf.Tensor1D {
  const out = new Float32Array(a.size);
  const r = Float32Array.from(rho.dataSync(), (x) => Math.max(-RHO_LIMIT, Math.min(RHO_LIMIT, x)));
  sameSideProbabilities(a.dataSync(), b.dataSync(), r, out);
  return tf.tensor1d(out);
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

const sameSide = tf.customGrad<tf.Tensor1D>(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
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

/**
 * The probability that sign(X + a) = sign(Y + b) for standard normals X, Y with correlation ρ:
 * P(a, b; ρ) = Φ₂(a, b; ρ) + Φ₂(−a, −b; ρ) = Φ(a)Φ(b) + Φ(−a)Φ(−b) + 2∫₀^ρ φ₂(a, b; r) dr,
 * elementwise over edges, as a differentiable tensor op.
 *
 * Value: the integral in the arcsin form (1/π)∫₀^{asin ρ} exp(−(a² − 2ab sin θ + b²)/(2cos²θ)) dθ
 * by Gauss–Legendre with 4–24 nodes chosen per edge by |ρ| (≈ 1e-7 absolute; ρ is clipped to
 * ±0.9999 for the value), computed on the host ({@link sameSideProbabilities}). Gradient, exactly: ∂P/∂a = φ(a)(2Φ((b − ρa)/√(1−ρ²)) − 1), symmetrically for b, and
 * ∂P/∂ρ = 2φ₂(a, b; ρ); the gradient is built from the inputs, so it can be differentiated again
 * (Hessian–vector products for the certificate).
 *
 * @param a - [m] standardised means μ_i/s_i
 * @param b - [m] standardised means μ_j/s_j
 * @param rho - [m] correlations v_i·v_j/(s_i s_j)
 * @example sameSideProbability(tf.tensor1d([0]), tf.tensor1d([0]), tf.tensor1d([0.5])); // [2/3]
 * @see Drezner & Wesolowsky (1990); Genz (2004), "Numerical computation of rectangular bivariate
 *   and trivariate normal and t probabilities", Stat. Comput. 14.
 */
export function sameSideProbability(a: tf.Tensor1D, b: tf.Tensor1D, rho: tf.Tensor1D): tf.Tensor1D {
  // No clipping op here: its gradient (LogicalAnd/Select on bool tensors) cannot be
  // differentiated again. Callers keep |ρ| < 1 by construction (ρ = v_i·v_j/(s_i s_j) with
  // s² = ‖v‖² + τ²); the host value clips for safety only.
  return sameSide(a, b, rho);
}
