import type { Command } from 'commander';
import { integerOption, numberListOption, numberOption } from '../options.js';
import type { CommandSpec } from './spec.js';

const defaultGrid = Array.from({ length: 13 }, (_, i) => 10 ** (-6 + i * 0.5));

export const toyCommand: CommandSpec = {
  name: 'toy',
  summary: "The paper's toy (Figs. 1–2): one smooth ReLU³ neuron fitting a constant; w*(λ) with the bias frozen vs trainable.",
  examples: ['derand toy', 'derand toy --json', 'derand toy --lambda 1e-4,1e-2,1 --svg toy.svg'],
  configure: (command: Command) =>
    command
      .option('--lambda <list>', 'λ grid (default 13 values from 1e-6 to 1, log-spaced)', numberListOption)
      .option('--iota <s>', 'sharpness ι of the smooth ReLU', numberOption({ positive: true }), 10)
      .option('--quadrature <q>', 'Gauss–Hermite points for E_x', integerOption(8, 100), 80)
      .option('--svg <file>', 'write the two-panel figure here'),
  run: async (_args, options, { io }) => {
    const { DerandError } = await import('@derand/registry');
    const lambdas = (options['lambda'] as number[] | undefined) ?? defaultGrid;
    if (lambdas.some((l) => !(l >= 0))) throw new DerandError('BAD_FLAG', `--lambda values must be ≥ 0 (got ${lambdas.join(', ')}).`);
    const { toyCurves } = await import('@derand/core');
    const points = toyCurves(lambdas, { iota: options['iota'] as number, quadraturePoints: options['quadrature'] as number });
    let svg: string | undefined;
    if (options['svg'] !== undefined) {
      const [{ toyFigure }, { writeSvg }] = await Promise.all([import('@derand/plots/figures/lemma'), import('../output.js')]);
      svg = await writeSvg(options['svg'] as string, toyFigure(points));
    }
    const pick = (bias: 'frozen' | 'trainable') => points.filter((p) => p.bias === bias).map((p) => ({ lambda: p.lambda, w: p.wStar, b: p.bStar, value: p.value }));
    const result = { iota: options['iota'] as number, wStar: { frozen: pick('frozen'), trainable: pick('trainable') }, ...(svg === undefined ? {} : { svg }) };
    io.result(result, (r) =>
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
};
