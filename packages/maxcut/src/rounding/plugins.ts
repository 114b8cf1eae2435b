import { createPart, definePlugin, InputError, partRef, z, type InputIssue, type PartRef } from '@derand/registry';
import type { GradientTransformation } from '@derand/core';
import { bestOfHyperplanes } from './hyperplane.js';
import { derandomizedRounding } from './derandomized-rounding.js';
import { scoreFunctionRounding } from './score-function-rounding.js';
import type { Rounding } from './contract.js';

const hyperplaneOptions = z.object({ count: z.number().int().min(1).max(100_000).default(100).describe('hyperplanes drawn; the best cut is kept') }).strict();

/** Goemans–Williamson random-hyperplane rounding (best of `count`). */
export const hyperplaneRounding = definePlugin({
  kind: 'rounding',
  id: 'hyperplane',
  summary: 'Goemans–Williamson random hyperplanes: the best of N cuts sign(Vz).',
  options: hyperplaneOptions,
  source: '@derand/maxcut',
  create: (options): Rounding => ({
    round: (input) => {
      const r = bestOfHyperplanes(input.graph, input.sdp, options.count, input.key);
      return { sides: r.sides, cut: r.best, details: { mean: r.mean, count: r.count } };
    },
  }),
});

const derandomizedOptions = z
  .object({
    tau: z.number().positive().default(0.1).meta({ flag: 'tau' }).describe('probit smoothing scale τ'),
    lambda: z.number().positive().default(2e-4).meta({ flag: 'lambda' }).describe('λ of λ‖V‖²_F (normalised units)'),
    optimizer: partRef('optimizer', 'adam', { learningRate: 0.2 }).meta({ flag: 'optimizer' }).describe('optimizer of V and μ (any optimizer plugin)'),
    learningRate: z.number().positive().optional().meta({ flag: 'lr' }).describe("step size, overriding the optimizer's own (Adam 0.2 by default)"),
    collapse: z.number().positive().max(1).default(1e-3).meta({ flag: 'collapse' }).describe('stop once ‖V‖_F ≤ c·‖V₀‖_F'),
    maxSteps: z.number().int().min(1).default(3000).meta({ flag: 'max-steps' }).describe('most rounding steps'),
    maxRank: z
      .number()
      .int()
      .min(1)
      .default(32)
      .meta({ flag: 'rounding-max-rank' })
      .describe("keep at most this many principal axes of the SDP vectors V₀ (the dropped fraction of ‖V₀‖² is reported); a step costs O(m·rank)"),
    expectation: z.enum(['exact', 'monte-carlo']).default('exact').meta({ flag: 'expectation' }).describe('exact (bivariate normal) or monte-carlo (antithetic samples)'),
    samples: z.number().int().min(2).default(64).meta({ flag: 'mc-samples' }).describe('samples of the monte-carlo expectation'),
    applyConditionalStep: z
      .boolean()
      .default(false)
      .meta({ flag: 'apply-conditional-step' })
      .describe('return the cut after the conditional-expectation step (vertices with |μ_i|/s_i < 2 re-decided greedily) instead of sign(μ); both are reported either way'),
    implementation: z
      .enum(['auto', 'host', 'tensor'])
      .default('auto')
      .meta({ flag: 'rounding-implementation' })
      .describe('exact expectation: host (fused float64 pass), tensor (tensor ops, stays on a GPU), or auto (host on cpu/wasm, tensor elsewhere); the result reports the one that ran'),
    certify: z.boolean().default(false).meta({ flag: 'certify' }).describe('run the second-order certificate at the final point (gradient norm, λ_min, lemma bound)'),
    certifyRho: z
      .number()
      .positive()
      .default(1e-3)
      .meta({ flag: 'certify-rho' })
      .describe('precision ρ of the certificate, a stated tolerance (‖∇f‖ ≤ ρ, λ_min ≥ −√(Kρ)); the rounding stops on collapse, so the result says which half holds'),
    certifyHvp: z.enum(['autodiff', 'finite-difference']).default('finite-difference').meta({ flag: 'certify-hvp' }).describe('Hessian–vector products of the certificate'),
  })
  .strict();

/** The optimizer part with the rounding's `learningRate` override applied (shared optimizer contract). */
function optimizerRef(options: z.output<typeof derandomizedOptions>): PartRef {
  return options.learningRate === undefined ? options.optimizer : { id: options.optimizer.id, options: { ...options.optimizer.options, learningRate: options.learningRate } };
}

/** The paper's derandomized rounding. */
export const derandomizedRoundingPlugin = definePlugin({
  kind: 'rounding',
  id: 'derandomized',
  summary: "The paper's derandomized rounding: train V (from the SDP vectors) and μ until V collapses; cut = sign(μ).",
  options: derandomizedOptions,
  source: '@derand/maxcut',
  create: (options, context): Rounding => {
    const issues: InputIssue[] = [];
    const registry = context?.registry;
    const optimizer =
      registry === undefined
        ? undefined
        : createPart<GradientTransformation<unknown>>(registry, 'optimizer', optimizerRef(options), 'optimizer', issues, { totalSteps: options.maxSteps, registry });
    if (issues.length > 0) throw new InputError('BAD_OPTION', "Invalid options for the 'derandomized' rounding:", issues);
    return {
      round: (input) => {
        const r = derandomizedRounding(input.graph, input.sdp, {
          key: input.key,
          tau: options.tau,
          lambda: options.lambda,
          ...(optimizer === undefined ? { learningRate: options.learningRate ?? 0.2 } : { optimizer }),
          collapse: options.collapse,
          maxSteps: options.maxSteps,
          maxRank: options.maxRank,
          applyConditionalStep: options.applyConditionalStep,
          expectation: options.expectation === 'exact' ? { kind: 'exact' } : { kind: 'monte-carlo', samples: options.samples, mode: 'antithetic' },
          implementation: options.implementation,
          ...(options.certify ? { certify: { hvp: options.certifyHvp, rho: options.certifyRho } } : {}),
          ...(input.signal === undefined ? {} : { signal: input.signal }),
          ...(input.onProgress === undefined ? {} : { onMetrics: (m) => input.onProgress!({ step: m.step, total: options.maxSteps, cut: m.cut, normV: m.normV }) }),
        });
        return {
          sides: r.sides,
          cut: r.cut,
          details: {
            signCut: r.signCut,
            conditionalCut: r.conditionalCut,
            redecided: r.redecided,
            conditionalApplied: r.conditionalApplied,
            gradNorm: r.gradNorm,
            normV: r.normV,
            normV0: r.normV0,
            collapsed: r.collapsed,
            steps: r.steps,
            roundingRank: r.rank,
            inactiveVertices: r.inactiveVertices,
            droppedEnergy: r.droppedEnergy,
            implementation: r.implementation,
            // the training loop's threads (the iterates do not depend on them)
            threads: r.threads,
            // a non-finite objective (a faulty optimizer plugin, too large a step): where, and the finite step kept
            ...(r.nonFinite === undefined ? {} : { nonFiniteStep: r.nonFinite.step, nonFiniteReturnedStep: r.nonFinite.returnedStep }),
          },
          history: r.history.map((h) => ({ step: h.step, cut: h.cut, normV: h.normV, value: h.value })),
          ...(r.certificate === undefined ? {} : { certificate: r.certificate }),
        };
      },
    };
  },
});

const scoreFunctionOptions = z
  .object({
    steps: z.number().int().min(1).default(5000).meta({ flag: 'sf-steps' }).describe("steps of the authors' score-function variant"),
    samples: z.number().int().min(2).default(100).meta({ flag: 'sf-samples' }).describe('samples per gradient estimate'),
    vectors: z.enum(['sdp', 'spectral']).default('sdp').meta({ flag: 'sf-vectors' }).describe("fixed vectors: the SDP's, or all adjacency eigenvectors as the authors' code (n ≤ 300)"),
  })
  .strict();

/** The authors' score-function variant (reproduction mode). */
export const scoreFunctionRoundingPlugin = definePlugin({
  kind: 'rounding',
  id: 'score-function',
  summary: "The authors' code variant: REINFORCE over a Gaussian hyperplane normal with fixed vectors (reproduction mode).",
  options: scoreFunctionOptions,
  source: '@derand/maxcut',
  create: (options): Rounding => ({
    round: (input) => {
      const r = scoreFunctionRounding(input.graph, input.sdp, {
        key: input.key,
        ...options,
        ...(input.signal === undefined ? {} : { signal: input.signal }),
        ...(input.onProgress === undefined ? {} : { onMetrics: (m) => input.onProgress!({ step: m.step, total: options.steps, cut: m.cut }) }),
      });
      return { sides: r.sides, cut: r.cut, details: { maxSigma: r.maxSigma, steps: r.steps }, history: r.history.map((h) => ({ step: h.step, cut: h.cut, maxSigma: h.maxSigma })) };
    },
  }),
});

/** Every rounding plugin of this package. */
export const roundingPlugins = [hyperplaneRounding, derandomizedRoundingPlugin, scoreFunctionRoundingPlugin] as const;
