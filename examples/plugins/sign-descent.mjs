// A user's own optimizer in the shared optimizer contract (a step size or schedule for every
// parameter group, per-group settings), loaded with `--plugin examples/plugins/sign-descent.mjs`:
//   derand structure --optimizer sign-descent --lr 0.002          (structure discovery)
//   derand jl uniform --k 30 --optimizer sign-descent --lr 0.01    (a JL fit: --lr becomes the decay schedule)
//   derand maxcut G1.txt --optimizer sign-descent --lr 0.05        (the derandomized rounding's optimizer)
// The default export receives the plugin API, so the file needs no imports.
export default ({ definePlugin, z, tf, core }) =>
  definePlugin({
    kind: 'optimizer',
    id: 'sign-descent',
    summary: 'Sign gradient descent p ← p − η_g·sign(∇_g f), per-group step sizes (user plugin)',
    options: z.object({ ...core.optimizerBaseShape }).strict(),
    create: (options, context) => {
      // schedules given without a length run over the training run
      const { learningRate, groups } = core.resolveStepSizes(options, context?.totalSteps);
      const stepOf = (name, step) => {
        const group = groups[name];
        const eta = group?.learningRate ?? learningRate;
        return group?.frozen === true || eta === undefined ? 0 : core.stepSizeAt(eta, step);
      };
      return {
        init: (params) => {
          core.assertGroupNames(options, params);
          return null;
        },
        update: (grads, state, { step }) => ({
          updates: core.mapParams(grads, (g, name) => tf.mul(tf.sign(g), -stepOf(name, step))),
          state,
        }),
      };
    },
  });
