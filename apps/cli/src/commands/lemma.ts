import { z } from '@derand/registry';
import type { LemmaResult } from '@derand/core';
import { defineSolverCommand } from './presenter.js';

const outputs = z.object({ svg: z.string().optional().describe('write the ‖W‖_F-over-iterations plot here (.svg)') }).strict();

/** `derand lemma`: the lemma check table; exit code 1 when a λ is not certified within the bound. */
export const lemmaCommand = defineSolverCommand({
  name: 'lemma',
  solver: 'lemma',
  examples: ['derand lemma', 'derand lemma --lambda 0.1,0.01,0.001 --json', 'derand lemma --k 4 --d 8 --hidden 16,16 --svg lemma.svg'],
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
    io.result(value, (res) =>
      [
        `lemma check on ${res.backend}: g = random MLP ${options.k}→${options.hidden.join('→')}→1, x ∈ R^${options.d}, ${options.quadrature}^${Math.min(options.k, options.d)} Gauss–Hermite nodes in the row space of W`,
        '     λ   steps       ‖W₀‖_F        ‖W‖_F       ‖∇f‖=ρ    λ_min(∇²f)        K    ρ/(2λ−√(Kρ))  ρ-SOSP  within',
        ...res.runs.map(
          (r) =>
            `${r.lambda.toExponential(0).padStart(6)} ${String(r.steps).padStart(7)} ${r.normW0.toExponential(3).padStart(12)} ${r.normW.toExponential(3).padStart(12)} ${r.gradNorm.toExponential(3).padStart(12)} ${r.lambdaMin.toExponential(3).padStart(13)} ${r.K.toFixed(3).padStart(8)} ${(r.bound === null ? 'n/a' : r.bound.toExponential(3)).padStart(15)}  ${String(r.isSOSP).padStart(6)}  ${(r.withinBound === null ? 'n/a' : String(r.withinBound)).padStart(6)}`,
        ),
        ...(res.svg === undefined ? [] : [`plot: ${res.svg}`]),
      ].join('\n'),
    );
    return result.allSOSP && result.allWithinBound ? 0 : 1;
  },
});
