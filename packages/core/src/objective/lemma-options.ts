import { partRef, z } from '@derand/registry';

/** Most Gauss–Hermite nodes q^min(k, d) the lemma check accepts. */
export const LEMMA_MAX_NODES = 200_000;

/**
 * Options of the lemma check (solver `lemma`): the single place their defaults live; the CLI's
 * flags, `runLemmaCheck`'s defaults and the docs all read them from here.
 */
export const lemmaOptionsSchema = z
  .object({
    lambda: z.array(z.number().positive()).min(1).default([0.1, 0.01, 0.001]).describe('λ values of λ‖W‖²_F (one PGD run each)'),
    k: z.number().int().min(1).max(16).default(4).describe('input dimension k of g'),
    d: z.number().int().min(1).max(4096).default(8).describe('dimension d of x ~ N(0, I_d)'),
    g: partRef('smooth-function', 'random-mlp').describe('the smooth g of E[g(Wx + b)]: a smooth-function plugin (random-mlp, or your own: --g ./my-g.mjs)'),
    trainTheta: z.boolean().default(false).meta({ flag: 'train-theta' }).describe('train g’s parameters θ jointly (the lemma allows it; a random MLP is then unbounded below)'),
    quadrature: z
      .number()
      .int()
      .min(2)
      .max(40)
      .default(14)
      .describe("Gauss–Hermite points per dimension of the row space of W (q^min(k, d) nodes; the rule must be accurate for Stein's identity)"),
    steps: z.number().int().min(1).default(20_000).describe('maximum PGD iterations'),
    learningRate: z.number().positive().optional().meta({ flag: 'lr' }).describe('PGD step size (when absent: 1/L, L = sampled sup ‖∇²g‖ + 2λ)'),
    rho: z
      .number()
      .positive()
      .default(1e-6)
      .describe('precision ρ of the certificate, a stated tolerance: ‖∇f‖ ≤ ρ and λ_min ≥ −√(Kρ); the bound ρ/(2λ − √(Kρ)) needs 2λ > √(Kρ)'),
    gThres: z.number().positive().optional().meta({ flag: 'gthres' }).describe('PGD perturbs (and aims) at ‖∇f‖ ≤ this (when absent: ρ)'),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.gThres !== undefined && o.gThres > o.rho) ctx.addIssue({ code: 'custom', path: ['gThres'], message: `PGD aims at ‖∇f‖ ≤ gThres = ${o.gThres}, above ρ = ${o.rho}: its stopping point could not pass the certificate's gradient half; use gThres ≤ rho` });
    const nodes = o.quadrature ** Math.min(o.k, o.d);
    if (nodes > LEMMA_MAX_NODES) {
      ctx.addIssue({ code: 'custom', path: ['quadrature'], message: `${o.quadrature}^min(k = ${o.k}, d = ${o.d}) = ${nodes} nodes; keep q^min(k, d) ≤ ${LEMMA_MAX_NODES}` });
    }
  });
export type LemmaOptions = z.output<typeof lemmaOptionsSchema>;
