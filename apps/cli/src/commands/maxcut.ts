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
    const [{ writePartitionFile, writeResultFile }, { maxcutStages }] = await Promise.all([import('@derand/maxcut/node'), import('@derand/maxcut')]);
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
      const line = (label: string, value: string): string => `${label.padEnd(46)}${value}`;
      const rows = [
        `${r.graph}: n = ${r.n}, m = ${r.m}, total weight ${r.totalWeight} (backend ${r.backend}, seed ${r.seed})`,
        ...maxcutStages(r).map((stage) => line(stage.label, `${Number.isInteger(stage.value) ? stage.value : stage.value.toFixed(3)}  (${stage.note})`)),
        ...(r.certificate === null
          ? []
          : [
              line(
                'certificate',
                `‖∇f‖ ${r.certificate.gradNorm.toExponential(2)}, λ_min ${r.certificate.lambdaMin.toExponential(2)}, ρ-SOSP ${r.certificate.isSOSP}` +
                  (r.certificate.lemma === undefined ? '' : `, lemma bound ρ/(2λ−√(Kρ)) = ${r.certificate.lemma.bound.toExponential(3)} vs ‖V‖_F ${r.certificate.lemma.normW.toExponential(3)}`),
              ),
            ]),
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
