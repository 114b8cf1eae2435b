import { resolve } from 'node:path';
import { z } from '@derand/registry';
import type { MaxcutSolverResult } from '@derand/maxcut';
import { defineSolverCommand } from './presenter.js';

const outputs = z
  .object({
    out: z.string().optional().describe('write the result JSON here'),
    partition: z.string().optional().describe('write the cut here (one line of ±1 values)'),
    svg: z.string().optional().describe("write the cut and ‖V‖_F over iterations (the paper's Figs. 4–5)"),
  })
  .strict();

/** `derand maxcut`: the certified pipeline on a graph file, its figures and files. */
export const maxcutCommand = defineSolverCommand({
  name: 'maxcut',
  solver: 'maxcut',
  examples: [
    'derand maxcut G1.txt',
    'derand maxcut G1.txt --json --polish breakout --polish-seconds 30 --out g1.json --partition g1.cut',
    'derand maxcut graph.csv --format edge-list --base 0 --svg rounding.svg',
    'derand maxcut paper-g15.txt --rounding score-function --exact',
    'derand maxcut G1.txt --rounding hyperplane --dry-run',
  ],
  outputs,
  checkOutputs: (o) => (o.svg !== undefined && !o.svg.toLowerCase().endsWith('.svg') ? [{ where: '--svg', message: 'must end in .svg', value: o.svg }] : []),
  present: async (solution: MaxcutSolverResult, { io, outputs: o }) => {
    const { sides, ...result } = solution;
    const written: Record<string, string> = {};
    const { writePartitionFile, writeResultFile } = await import('@derand/maxcut/node');
    if (o.partition !== undefined) {
      written['partition'] = resolve(o.partition);
      writePartitionFile(written['partition'], Int8Array.from(sides));
    }
    if (o.svg !== undefined) {
      const [{ maxcutFigure }, { writeSvg }] = await Promise.all([import('@derand/plots/figures/maxcut'), import('../output.js')]);
      const exact = result.exact;
      const references = [
        ...(exact?.proven === true ? [{ label: `OPT = ${exact.cut}`, value: exact.cut }] : []),
        ...(result.bestKnown === null ? [] : [{ label: `best known ${result.bestKnown}`, value: result.bestKnown }]),
        { label: `E[GW] ${result.gwExpected.toFixed(1)}`, value: result.gwExpected, color: '#888' },
        { label: `best of ${result.hyperplanes} hyperplanes ${result.gwBest}`, value: result.gwBest, color: '#1f77b4' },
      ];
      written['svg'] = await writeSvg(o.svg, maxcutFigure({ graph: result.graph, runs: [{ label: result.rounding, history: [...result.history] }], references }));
    }
    const output = { ...result, ...(Object.keys(written).length === 0 ? {} : { files: { ...written } }) };
    if (o.out !== undefined) {
      written['out'] = resolve(o.out);
      writeResultFile(written['out'], output);
    }
    io.result(output, (r) => {
      const line = (label: string, value: string): string => `${label.padEnd(26)}${value}`;
      const d = r.roundingDetails;
      const rows = [
        `${r.graph}: n = ${r.n}, m = ${r.m}, total weight ${r.totalWeight} (backend ${r.backend}, seed ${r.seed})`,
        line('SDP value', `${r.sdpValue.toFixed(3)}  (rank ${r.sdpRank}, ${r.sdpSweeps} sweeps)`),
        line('upper bound', `${r.upperBound.toFixed(3)}  (${r.upperBoundVerified ? 'verified: Lanczos + Cholesky' : 'Lanczos estimate, not verified'})`),
        line('E[GW]', r.gwExpected.toFixed(1)),
        line(`GW best of ${r.hyperplanes}`, String(r.gwBest)),
        line(
          r.rounding,
          `${r.roundedCut}${r.normV === null ? '' : `  (‖V‖_F ${r.normV0?.toFixed(2)} → ${r.normV.toExponential(2)}, ${r.collapsed === true ? 'collapsed' : 'NOT collapsed'}, ${r.steps} steps${typeof d['signCut'] === 'number' ? `; sign(μ) ${d['signCut']}, ${d['redecided']} re-decided` : ''}${typeof d['implementation'] === 'string' ? `; ${d['implementation']} objective` : ''})`}`,
        ),
        ...(r.polishedCut === null ? [] : [line(r.polish, String(r.polishedCut))]),
        ...(r.certificate === null
          ? []
          : [
              line(
                'certificate',
                `‖∇f‖ ${r.certificate.gradNorm.toExponential(2)}, λ_min ${r.certificate.lambdaMin.toExponential(2)}, ρ-SOSP ${r.certificate.isSOSP}` +
                  (r.certificate.lemma === undefined ? '' : `, lemma bound ρ/(2λ−√(Kρ)) = ${r.certificate.lemma.bound.toExponential(3)} vs ‖V‖_F ${r.certificate.lemma.normW.toExponential(3)}`),
              ),
            ]),
        ...(r.exact === undefined ? [] : [line(`exact (${r.exact.method})`, `${r.exact.cut}${r.exact.proven ? ' (optimal)' : ' (not proven)'}, ${r.exact.seconds.toFixed(1)} s`)]),
        ...(r.bestKnown === null ? [] : [line('best known', `${r.bestKnown}  (cut / best known ${(r.cut / r.bestKnown).toFixed(4)})`)]),
        line('certified ratio', `${r.certifiedRatio.toFixed(4)}  (cut / upper bound)`),
        line('time', `${r.seconds.toFixed(1)} s`),
        ...(r.stoppedEarly === undefined ? [] : [line('stopped early', 'yes (time limit): the best result so far')]),
        ...Object.entries(written).map(([k, v]) => line(k, v)),
      ];
      return rows.join('\n');
    });
  },
});
