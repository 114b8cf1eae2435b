import { z } from '@derand/registry';
import type { LemmaResult } from '@derand/core';
import { defineSolverCommand } from './presenter.js';

const outputs = z.object({ svg: z.string().optional().describe('write the ‖W‖_F-over-iterations plot here (.svg)') }).strict();

/** `derand lemma`: the lemma check table; exit code 1 when a λ is not certified within the bound. */
export const lemmaCommand = defineSolverCommand({
  name: 'lemma',
  solver: 'lemma',
  examples: [
    'derand lemma',
    'derand lemma --lambda 0.1,0.01,0.001 --json',
    'derand lemma --k 4 --d 8 --hidden 16,16 --svg lemma.svg',
    'derand lemma --g ./examples/plugins/double-well.mjs --lambda 0.1,0.01 --rho 1e-5',
  ],
  outputs,
  checkOutputs: (o) => (o.svg !== undefined && !o.svg.toLowerCase().endsWith('.svg') ? [{ where: '--svg', message: 'must end in .svg', value: o.svg }] : []),
  present: async (result: LemmaResult, { io, outputs: o }) => {
    let svg: string | undefined;
    if (o.svg !== undefined) {
      const [{ lemmaFigure }, { writeSvg }] = await Promise.all([import('@derand/plots/figures/lemma'), import('../output.js')]);
      svg = await writeSvg(o.svg, lemmaFigure(result.runs.map((r) => ({ lambda: r.lambda, history: [...r.history], ...(r.bound === null ? {} : { bound: r.bound }) }))));
    }
    const { options } = result;
    const value = { ...result, ...(svg === undefined ? {} : { svg }) };
    const { hidden } = options.g.options as { readonly hidden?: readonly number[] };
    const gLabel = options.g.id === 'random-mlp' ? `random MLP ${result.k}→${(hidden ?? [16, 16]).join('→')}→1` : `'${options.g.id}' (R^${result.k} → R)`;
    const e = (x: number): string => x.toExponential(2);
    io.result(value, (res) =>
      [
        `lemma check on ${res.backend}: g = ${gLabel}, x ∈ R^${options.d}, ${options.quadrature}^${Math.min(result.k, options.d)} Gauss–Hermite nodes in the row space of W; stated ρ = ${e(options.rho)}`,
        '     λ   steps     ‖W₀‖_F      ‖W‖_F       ‖∇f‖  ‖∇f‖≤ρ  λ_min(∇²f)    −√(Kρ)  λ_min≥−√(Kρ)      K  ρ/(2λ−√(Kρ))  within',
        ...res.runs.map(
          (r) =>
            `${r.lambda.toExponential(0).padStart(6)} ${String(r.steps).padStart(7)} ${e(r.normW0).padStart(10)} ${e(r.normW).padStart(10)} ${e(r.gradNorm).padStart(10)} ${String(r.gradientHolds).padStart(7)} ${e(r.lambdaMin).padStart(11)} ${e(r.curvatureThreshold).padStart(9)} ${String(r.curvatureHolds).padStart(13)} ${r.K.toFixed(3).padStart(6)} ${(r.bound === null ? 'n/a' : e(r.bound)).padStart(13)} ${(r.withinBound === null ? 'n/a' : String(r.withinBound)).padStart(7)}`,
        ),
        ...res.runs.flatMap((r) => [
          ...(r.failure === undefined ? [] : [`  λ = ${r.lambda}: not a ρ-SOSP (${r.stopReason}): ${r.failure}; it is a ρ'-SOSP for ρ' ≥ ${e(r.smallestRho)}`]),
          ...(r.boundReason === undefined ? [] : [`  λ = ${r.lambda}: no bound: ${r.boundReason}`]),
        ]),
        ...(res.svg === undefined ? [] : [`plot: ${res.svg}`]),
      ].join('\n'),
    );
    return result.allSOSP && result.allWithinBound ? 0 : 1;
  },
});
