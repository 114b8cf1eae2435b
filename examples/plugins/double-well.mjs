// A smooth g for the derandomization lemma (plugin kind 'smooth-function'): the tilted double
// well g(y) = Σ_i (y_i² − 1)²/4 + t·y_i on R², written with tfjs ops. Run the lemma's pipeline
// (PGD on E[g(Wx + b)] + λ‖W‖²_F, the second-order certificate, the bound on ‖W‖_F) with
//
//   derand lemma --g ./examples/plugins/double-well.mjs --lambda 0.1,0.01 --rho 1e-5
//
// g may carry parameters θ: return them from build(k, key) as tensors and read them in g
// (train them jointly with --train-theta). Here θ = { tilt } is one scalar, held fixed.
export default ({ definePlugin, z, tf }) =>
  definePlugin({
    kind: 'smooth-function',
    id: 'double-well',
    summary: 'tilted double well Σ (y_i² − 1)²/4 + t·y_i on R² (minima near ±1)',
    options: z.object({ tilt: z.number().default(0.3).describe('the tilt t (breaks the symmetry of the two wells)') }).strict(),
    create: (options) => ({
      inputDim: 2,
      build: () => ({
        theta: { tilt: tf.scalar(options.tilt) },
        g: (y, theta) => tf.tidy(() => tf.sum(tf.add(tf.div(tf.square(tf.sub(tf.square(y), 1)), 4), tf.mul(y, theta.tilt)), 1)),
      }),
    }),
  });
