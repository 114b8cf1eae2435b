import { z } from '@derand/registry';
import type { JlRunResult } from '@derand/jl';
import { defineSolverCommand } from './presenter.js';

const outputs = z
  .object({
    save: z.string().optional().describe('save the matrix P (k × d) as .json or .npy'),
    plot: z.string().optional().describe('SVG of distortion and σ over iterations, baselines drawn as lines'),
  })
  .strict();

const label = (id: string): string => ({ gaussian: 'N(0,1)', achlioptas: 'Achl.', 'very-sparse': 'v. sparse', pca: 'PCA', 'truncated-svd': 'SVD' })[id] ?? id;

/** `derand jl`: fit a JL embedding, compare with the baselines, save the matrix, plot the run. */
export const jlCommand = defineSolverCommand({
  name: 'jl',
  solver: 'jl',
  examples: [
    'derand jl uniform --k 30 --problem pairwise --plot jl.svg',
    'derand jl uniform --k 30 --problem norms --steps 1000 --json',
    'derand jl uniform --k 30 --method direct --json',
    'derand jl mnist --k 50 --method direct --save P.npy',
    'derand jl points.csv --k 20 --optimizer pgd --init zeros --method direct',
  ],
  outputs,
  checkOutputs: (o) => [
    ...(o.save !== undefined && !['.json', '.npy'].some((e) => o.save!.toLowerCase().endsWith(e)) ? [{ where: '--save', message: 'must end in .json or .npy', value: o.save }] : []),
    ...(o.plot !== undefined && !o.plot.toLowerCase().endsWith('.svg') ? [{ where: '--plot', message: 'must end in .svg', value: o.plot }] : []),
  ],
  solverOptions: (o) => (o.save === undefined ? {} : { returnMatrix: true }),
  present: async (solution: JlRunResult, { io, outputs: o }) => {
    const { matrix, ...result } = solution;
    const written: Record<string, string> = {};
    if (o.save !== undefined && matrix !== undefined) {
      const { saveEmbedding } = await import('@derand/jl/node');
      const { embeddingFromJson } = await import('@derand/jl');
      saveEmbedding(o.save, embeddingFromJson(matrix, o.save));
      written['matrix'] = o.save;
    }
    if (o.plot !== undefined) {
      const [{ jlFigure }, { writeSvg }] = await Promise.all([import('@derand/plots/figures/jl'), import('../output.js')]);
      // the paper's lines: mean and best of the Gaussian draws; best draw of the other random maps; PCA and SVD
      const lines = result.baselines.flatMap((b) =>
        b.trials > 1 ? [...(b.id === 'gaussian' ? [{ label: `${label(b.id)} mean`, value: b.meanMax }] : []), { label: `${label(b.id)} best`, value: b.bestMax }] : [{ label: label(b.id), value: b.bestMax }],
      );
      await writeSvg(
        o.plot,
        jlFigure({
          problem: result.problem === 'pairwise' ? 'pairwise' : result.problem === 'norms' ? 'norm' : 'vector-norm',
          k: result.k,
          runs: [{ label: result.method === 'direct' ? 'direct' : `sampler (${result.method})`, curve: result.history.map((h) => ({ step: h.step, max: h.max, ...(h.sigma === undefined ? {} : { sigma: h.sigma }) })) }],
          baselines: lines,
          ...(result.baselines.some((b) => b.trials > 1) ? { trials: Math.max(...result.baselines.map((b) => b.trials)) } : {}),
        }),
      );
      written['plot'] = o.plot;
    }
    const value = { ...result, outputs: written };
    io.result(value, (r) => {
      const f = (x: number | null): string => (x === null ? '—' : x < 1e-3 && x > 0 ? x.toExponential(2) : x.toFixed(4));
      const rows = [
        `JL ${r.problem}, ${r.method}: ${r.data.source} (n = ${r.data.n}, d = ${r.data.d}) → k = ${r.k}, ${r.steps} steps, seed ${r.seed}`,
        `  pairs: max ${f(r.pairsMax)}  mean ${f(r.pairsMean)}  (after best rescaling ${f(r.pairsScaledMax)})${r.pairsExact ? '' : '  [sampled pairs]'}`,
        `  norms: max ${f(r.normsMax)}  mean ${f(r.normsMean)}`,
        ...(r.vectorsMax === undefined ? [] : [`  vectors: max ${f(r.vectorsMax)}`]),
        `  σ: ${f(r.sigma)} at the end, ${f(r.sigmaAtBest)} at the returned step ${r.bestStep}`,
        `  time: fit ${r.seconds.fit.toFixed(1)} s (loop ${r.seconds.train.toFixed(1)} s), baselines ${r.seconds.baselines.toFixed(1)} s`,
        ...(r.baselines.length === 0 ? [] : ['  baselines (max distortion on the problem: mean / best of draws):']),
        ...r.baselines.map((b) => `    ${b.id.padEnd(14)} ${b.trials > 1 ? `${f(b.meanMax)} / ${f(b.bestMax)}` : f(b.bestMax)}`),
        ...(r.certificate === undefined ? [] : [`  certificate: ‖∇f‖ = ${f(r.certificate.gradNorm)}, λ_min = ${r.certificate.lambdaMin.toExponential(2)}, ρ-SOSP: ${r.certificate.isSOSP ? 'yes' : 'no'}`]),
        ...Object.entries(r.outputs).map(([kind, path]) => `  ${kind}: ${path}`),
      ];
      return rows.join('\n');
    });
  },
});
