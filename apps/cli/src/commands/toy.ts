import { z } from '@derand/registry';
import type { ToyResult } from '@derand/core';
import { defineSolverCommand } from './presenter.js';

const outputs = z.object({ svg: z.string().optional().describe('write the two-panel figure here (.svg)') }).strict();

/** `derand toy`: w*(λ) with the bias frozen and trainable (Figs. 1–2). */
export const toyCommand = defineSolverCommand({
  name: 'toy',
  solver: 'toy',
  examples: ['derand toy', 'derand toy --json', 'derand toy --lambda 1e-4,1e-2,1 --svg toy.svg'],
  outputs,
  checkOutputs: (o) => (o.svg !== undefined && !o.svg.toLowerCase().endsWith('.svg') ? [{ where: '--svg', message: 'must end in .svg', value: o.svg }] : []),
  present: async (result: ToyResult, { io, outputs: o }) => {
    let svg: string | undefined;
    if (o.svg !== undefined) {
      const [{ toyFigure }, { writeSvg }] = await Promise.all([import('@derand/plots/figures/lemma'), import('../output.js')]);
      svg = await writeSvg(o.svg, toyFigure([...result.points]));
    }
    const { points: _points, ...rest } = result;
    io.result({ ...rest, ...(svg === undefined ? {} : { svg }) }, (r) =>
      [
        '        λ    w* (b = 0)    w* (b trainable)    b*',
        ...r.wStar.frozen.map((f, i) => {
          const t = r.wStar.trainable[i]!;
          return `${f.lambda.toExponential(1).padStart(9)} ${f.w.toFixed(5).padStart(12)} ${t.w.toFixed(5).padStart(19)} ${t.b.toFixed(4).padStart(8)}`;
        }),
        ...(r.svg === undefined ? [] : [`plot: ${r.svg}`]),
      ].join('\n'),
    );
  },
});
