import { definePlugin, z } from '@derand/registry';
import { toyCurves, type ToyMinimum } from '../objective/toy.js';

/** The λ grid of Figs. 1–2: 13 values from 1e-6 to 1, log-spaced. */
export const TOY_LAMBDAS: readonly number[] = Array.from({ length: 13 }, (_, i) => 10 ** (-6 + i * 0.5));

export const toyOptionsSchema = z
  .object({
    lambda: z.array(z.number().min(0)).min(1).default([...TOY_LAMBDAS]).describe('λ grid (when absent: 13 values from 1e-6 to 1, log-spaced)'),
    iota: z.number().positive().default(10).describe('sharpness ι of the smooth ReLU'),
    quadrature: z.number().int().min(8).max(100).default(80).describe('Gauss–Hermite points for E_x'),
  })
  .strict();

/** The result of the toy solver. */
export interface ToyResult {
  readonly solver: 'toy';
  readonly options: z.output<typeof toyOptionsSchema>;
  readonly iota: number;
  readonly wStar: { readonly frozen: ToyRow[]; readonly trainable: ToyRow[] };
  readonly points: readonly ToyMinimum[];
}
export interface ToyRow {
  readonly lambda: number;
  readonly w: number;
  readonly b: number;
  readonly value: number;
}

/**
 * The paper's toy (Figs. 1–2, solver `toy`): global minimisers w*(λ) of one smooth ReLU³ neuron
 * fitting a constant, with the bias frozen and trainable. Host float64; needs no engine.
 *
 * @example await runSolver(registry, { solver: 'toy', options: { lambda: [1e-4, 1] } }, context);
 */
export const toySolver = definePlugin({
  kind: 'solver',
  id: 'toy',
  summary: "The paper's toy (Figs. 1–2): one smooth ReLU³ neuron fitting a constant; w*(λ) with the bias frozen vs trainable.",
  options: toyOptionsSchema,
  source: '@derand/core',
  run: async (options): Promise<ToyResult> => {
    const points = toyCurves(options.lambda, { iota: options.iota, quadraturePoints: options.quadrature });
    const pick = (bias: 'frozen' | 'trainable'): ToyRow[] => points.filter((p) => p.bias === bias).map((p) => ({ lambda: p.lambda, w: p.wStar, b: p.bStar, value: p.value }));
    return { solver: 'toy', options, iota: options.iota, wStar: { frozen: pick('frozen'), trainable: pick('trainable') }, points };
  },
});
