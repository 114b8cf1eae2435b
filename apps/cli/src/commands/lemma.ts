import type { Command } from 'commander';
import { integerOption, numberListOption, numberOption } from '../options.js';
import type { CommandSpec } from './spec.js';

export const lemmaCommand: CommandSpec = {
  name: 'lemma',
  summary: 'Check the derandomization lemma on a random smooth g: PGD, then the SOSP certificate and the bound on ‖W‖_F.',
  examples: ['derand lemma', 'derand lemma --lambda 0.1,0.01,0.001 --json', 'derand lemma --k 4 --d 8 --hidden 16,16 --svg lemma.svg'],
  configure: (command: Command) =>
    command
      .option('--lambda <list>', 'λ values of λ‖W‖²_F (comma-separated)', numberListOption, [0.1, 0.01, 0.001])
      .option('--k <n>', 'input dimension k of g', integerOption(1, 16), 4)
      .option('--d <n>', 'dimension d of x ~ N(0, I_d)', integerOption(1, 4096), 8)
      .option('--hidden <list>', 'hidden widths of the random MLP g', numberListOption, [16, 16])
      .option('--activations <list>', 'activations of the hidden layers, cycled (softplus, tanh, sigmoid)', (v: string) => v.split(',').map((a) => a.trim()), ['softplus', 'tanh'])
      .option('--quadrature <q>', 'Gauss–Hermite points per dimension of the row space of W (q^min(k, d) nodes; the rule must be accurate for Stein’s identity)', integerOption(2, 40), 14)
      .option('--steps <n>', 'maximum PGD iterations', integerOption(1, 10_000_000), 20_000)
      .option('--lr <eta>', 'PGD step size (default 1/L, L = sampled sup ‖∇²g‖ + 2λ)', numberOption({ positive: true }))
      .option('--gthres <g>', 'PGD perturbs (and aims) at ‖∇f‖ ≤ g', numberOption({ positive: true }), 1e-6)
      .option('--svg <file>', 'write the ‖W‖_F-over-iterations plot here'),
  run: async (_args, options, { io, registry, common }) => {
    const { DerandError } = await import('@derand/registry');
    const lambdas = options['lambda'] as number[];
    const hidden = options['hidden'] as number[];
    const k = options['k'] as number;
    const d = options['d'] as number;
    const q = options['quadrature'] as number;
    const problems: string[] = [];
    if (lambdas.some((l) => !(l > 0))) problems.push(`--lambda values must be > 0 (got ${lambdas.join(', ')})`);
    if (hidden.some((h) => !Number.isInteger(h) || h < 1)) problems.push(`--hidden must be positive integers (got ${hidden.join(', ')})`);
    const activations = options['activations'] as string[];
    const known = ['softplus', 'tanh', 'sigmoid'];
    const unknownActivations = activations.filter((a) => !known.includes(a));
    if (unknownActivations.length > 0) problems.push(`--activations: unknown ${unknownActivations.join(', ')} (use ${known.join(', ')})`);
    if (q ** Math.min(k, d) > 200_000) problems.push(`--quadrature ${q} with --k ${k}, --d ${d} gives ${q ** Math.min(k, d)} nodes; keep q^min(k, d) ≤ 200000`);
    if (problems.length > 0) throw new DerandError('BAD_FLAG', problems.join('; '));
    const { runLemmaCheck, startEngine } = await import('@derand/core');
    const engine = await startEngine({ backend: common.backend, registry });
    const runs = [];
    for (const lambda of lambdas) {
      const progress = io.progress(`λ = ${lambda}`, options['steps'] as number);
      const t0 = performance.now();
      const r = runLemmaCheck({
        lambda,
        k,
        d,
        g: { hidden, activations: activations as ('softplus' | 'tanh' | 'sigmoid')[] },
        quadraturePoints: q,
        steps: options['steps'] as number,
        ...(options['lr'] === undefined ? {} : { learningRate: options['lr'] as number }),
        gThres: options['gthres'] as number,
        seed: common.seed,
        onEvent: (e) => {
          if (e.type === 'progress') progress.update(e.step);
        },
      });
      progress.done(r.reason);
      const c = r.certificate;
      runs.push({
        lambda,
        steps: r.steps,
        stopReason: r.reason,
        normW0: r.normW0,
        normW: r.normW,
        gradNorm: c.gradNorm,
        lambdaMin: c.lambdaMin,
        K: c.K,
        L: r.L,
        learningRate: r.learningRate,
        rho: c.rho,
        isSOSP: c.isSOSP,
        bound: c.lemma?.bound ?? null,
        boundApplicable: c.lemma?.applicable ?? false,
        withinBound: c.lemma?.applicable === true ? c.lemma.holds : null,
        seconds: (performance.now() - t0) / 1000,
        history: r.history.map((h) => ({ step: h.step, value: h.value, gradNorm: h.gradNorm, normW: h.normW })),
      });
    }
    let svg: string | undefined;
    if (options['svg'] !== undefined) {
      const [{ lemmaFigure }, { writeSvg }] = await Promise.all([import('@derand/plots/figures/lemma'), import('../output.js')]);
      svg = await writeSvg(options['svg'] as string, lemmaFigure(runs.map((r) => ({ lambda: r.lambda, history: r.history, ...(r.bound === null ? {} : { bound: r.bound }) }))));
    }
    const first = runs[0]!;
    const result = {
      backend: engine.backend,
      seed: common.seed,
      k,
      d,
      hidden,
      activations,
      quadraturePoints: q,
      normW: first.normW,
      gradNorm: first.gradNorm,
      lambdaMin: first.lambdaMin,
      isSOSP: first.isSOSP,
      bound: first.bound,
      allSOSP: runs.every((r) => r.isSOSP),
      allWithinBound: runs.every((r) => r.withinBound === true),
      runs,
      ...(svg === undefined ? {} : { svg }),
    };
    io.result(result, (res) =>
      [
        `lemma check on ${res.backend}: g = random MLP ${k}→${hidden.join('→')}→1, x ∈ R^${d}, ${q}^${Math.min(k, d)} Gauss–Hermite nodes in the row space of W`,
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
};

