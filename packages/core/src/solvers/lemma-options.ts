import { z } from '@derand/registry';

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
    hidden: z.array(z.number().int().positive()).min(1).default([16, 16]).describe('hidden widths of the random MLP g'),
    activations: z.array(z.enum(['softplus', 'tanh', 'sigmoid'])).min(1).default(['softplus', 'tanh']).describe('activations of the hidden layers of g, cycled'),
    quadrature: z
      .number()
      .int()
      .min(2)
      .max(40)
      .default(14)
      .describe("Gauss–Hermite points per dimension of the row space of W (q^min(k, d) nodes; the rule must be accurate for Stein's identity)"),
    steps: z.number().int().min(1).default(20_000).describe('maximum PGD iterations'),
    learningRate: z.number().positive().optional().meta({ flag: 'lr' }).describe('PGD step size (when absent: 1/L, L = sampled sup ‖∇²g‖ + 2λ)'),
    gThres: z.number().positive().default(1e-6).meta({ flag: 'gthres' }).describe('PGD perturbs (and aims) at ‖∇f‖ ≤ this'),
  })
  .strict()
  .superRefine((o, ctx) => {
    const nodes = o.quadrature ** Math.min(o.k, o.d);
    if (nodes > LEMMA_MAX_NODES) {
      ctx.addIssue({ code: 'custom', path: ['quadrature'], message: `${o.quadrature}^min(k = ${o.k}, d = ${o.d}) = ${nodes} nodes; keep q^min(k, d) ≤ ${LEMMA_MAX_NODES}` });
    }
  });
export type LemmaOptions = z.output<typeof lemmaOptionsSchema>;
