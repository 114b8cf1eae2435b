import type { StructureResult } from '@derand/structure-discovery';
import { check, type Claim } from '../claim.js';
import type { Experiment, ExperimentOutput } from '../experiment.js';

interface StructureCase {
  readonly id: string;
  readonly title: string;
  readonly preset: 'paper-fig3' | 'multi-index' | 'deep';
  readonly steps: readonly [number, number];
  readonly expectedSeconds: readonly [number, number];
  readonly reference?: { readonly orthFraction: number; readonly testLoss?: number; readonly source: string };
  readonly summary: string;
}

async function summarizeCase(c: StructureCase, r: StructureResult): Promise<Omit<ExperimentOutput, 'config'>> {
  const { structureRunFigure } = await import('@derand/plots/figures/structure');
  const cert = r.certificate;
  return {
    summary: c.summary,
    metrics: {
      steps: r.steps,
      stopReason: r.reason,
      orthFractionStart: r.start.orthFraction,
      orthFraction: r.orthFraction,
      normWperp: r.normWperp,
      relWperp: r.relWperp,
      effectiveRank: r.effectiveRank,
      testLoss: r.testLoss,
      trainLoss: r.trainLoss,
      isSOSP: cert?.isSOSP ?? null,
      gradNorm: cert?.gradNorm ?? null,
      lambdaMin: cert?.lambdaMin ?? null,
    },
    timings: { msPerStep: r.msPerStep, wallSeconds: r.wallSeconds },
    tables: [
      {
        title: 'First layer at the end',
        columns: ['orth fraction (start → end)', '‖W⊥‖_F', '‖W⊥‖_F/‖W‖_F', 'principal angles (°)', 'singular values (top 4)', 'test loss'],
        rows: [[`${r.start.orthFraction.toPrecision(3)} → ${r.orthFraction.toPrecision(3)}`, r.normWperp, r.relWperp, r.principalAnglesDeg.map((a) => a.toFixed(3)).join(', '), r.singularValues.slice(0, 4).map((s) => s.toPrecision(3)).join(', '), r.testLoss]],
      },
      ...(cert === undefined
        ? []
        : [
            {
              title: `Second-order certificate (${cert.samples === 'quadrature' ? 'quadrature' : `${cert.samples} fixed samples`})`,
              columns: ['‖∇f‖', 'λ_min', '−√(Kρ)', 'ρ-SOSP', 'Thm 4.1 bound on ‖W⊥‖_F'],
              rows: [[cert.gradNorm, cert.lambdaMin, cert.curvatureThreshold, cert.isSOSP, cert.theoremBound.applicable ? cert.theoremBound.bound : 'n/a (2λ ≤ √(Kρ))']],
            },
          ]),
    ],
    claims: structureClaims(c, r),
    figures: [{ title: `${c.title}: neuron trajectories (initial red, trained blue, dashed span(U)) and metrics`, spec: structureRunFigure({ trajectory: r.trajectory, history: r.history }, c.reference === undefined ? undefined : { orthFraction: c.reference.orthFraction }) }],
  };
}

/** What a structure run is checked on: the energy outside span(U) falls, against the paper code where it ran the same setting, and the certificate's two halves. */
export function structureClaims(c: Pick<StructureCase, 'reference'>, r: StructureResult): Claim[] {
  const orth = 'orth fraction 1 − ‖WUᵀ‖²_F/‖W‖²_F at the end of training';
  const claims: Claim[] = [
    check({ claim: 'the weight energy outside span(U) falls at least 10×', measured: r.orthFraction, measuredBy: orth, relation: '<=', reference: r.start.orthFraction / 10, source: `a tenth of its value at initialisation, ${r.start.orthFraction.toPrecision(3)} (this run)` }),
  ];
  if (c.reference !== undefined) {
    claims.push(check({ claim: 'orth fraction at most the paper code’s on the same setting', measured: r.orthFraction, measuredBy: orth, relation: '<=', reference: c.reference.orthFraction, source: c.reference.source }));
    if (c.reference.testLoss !== undefined) {
      claims.push(check({ claim: 'test loss at most the paper code’s loss', measured: r.testLoss, measuredBy: 'test loss on fresh samples at the end of training', relation: '<=', reference: c.reference.testLoss, source: `${c.reference.source}, the mean of its last 100 training batches` }));
    }
  }
  const cert = r.certificate;
  if (cert !== undefined) {
    claims.push(
      check({ claim: 'the end point has ‖∇f‖ ≤ ρ', measured: cert.gradNorm, measuredBy: `second-order certificate (${cert.samples === 'quadrature' ? 'quadrature' : `${cert.samples} fixed samples`})`, relation: '<=', reference: cert.rho, source: 'stated tolerance ρ' }),
      check({ claim: 'the end point has λ_min(∇²f) ≥ −√(Kρ)', measured: cert.lambdaMin, measuredBy: 'second-order certificate (Lanczos)', relation: '>=', reference: cert.curvatureThreshold, source: `−√(Kρ), K = ${cert.K.toPrecision(3)}` }),
    );
  }
  return claims;
}

const cases: StructureCase[] = [
  {
    id: 'structure-fig3',
    title: 'Fig. 3: a two-layer student on a tanh single-index teacher (d = 2, h = 1000)',
    preset: 'paper-fig3',
    steps: [10_000, 10_000],
    expectedSeconds: [20, 20],
    reference: { orthFraction: 0.00123, testLoss: 0.0047, source: "the paper's code, 10 000 steps (anchors)" },
    summary:
      "n = 50 fresh Gaussian samples per step, softplus₂ student with a trainable bias and a frozen output layer, λ = 1e-5 on W, the paper code's perturbed gradient descent; " +
      'the first-layer rows are compared with span(u), u = (1, 1)/√2.',
  },
  {
    id: 'structure-multi-index',
    title: 'Multi-index teacher (d = 20, k = 2, h = 512)',
    preset: 'multi-index',
    steps: [5000, 5000],
    expectedSeconds: [10, 10],
    reference: { orthFraction: 0.095, source: "the paper's code on the same setting, 5000 steps, still falling there (anchors)" },
    summary: 'The same recipe with a 2-index tanh teacher in R²⁰; the report gives the weight energy outside span(U) and the principal angles to span(U).',
  },
  {
    id: 'structure-deep',
    title: 'A depth-4 student with every parameter trainable',
    preset: 'deep',
    steps: [10_000, 10_000],
    expectedSeconds: [12, 12],
    summary: 'Three hidden layers of 64 softplus₂ units, all weights and biases trained (He init, gradient descent, λ = 1e-2 on the first layer); the first layer is compared with the teacher subspace as for depth 2.',
  },
];

export const structureExperiments: Experiment[] = cases.map((c) => ({
  id: c.id,
  section: 'Structure discovery',
  title: c.title,
  expectedSeconds: c.expectedSeconds,
  runs: ({ quick }) => ({ [c.preset]: { solver: 'structure-discovery', options: { preset: c.preset, steps: quick ? c.steps[0] : c.steps[1] } } }),
  summarize: (results) => summarizeCase(c, results[c.preset] as StructureResult),
}));
