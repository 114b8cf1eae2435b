import { extname } from 'node:path';
import { type Command, Option } from 'commander';
import type { InputIssue } from '@derand/registry';
import { integerOption, numberOption } from '../options.js';
import type { CommandSpec } from './spec.js';

const BASELINES = ['gaussian', 'achlioptas', 'very-sparse', 'pca', 'truncated-svd'] as const;
type BaselineId = (typeof BASELINES)[number];

/** Parses `--baselines gaussian,pca` (or `all`, `none`). */
function baselineList(raw: string): BaselineId[] {
  if (raw === 'all') return [...BASELINES];
  if (raw === 'none') return [];
  const parts = raw.split(',').map((p) => p.trim());
  const bad = parts.filter((p) => !(BASELINES as readonly string[]).includes(p));
  if (bad.length > 0) throw new Error(`'${bad.join(', ')}' not among: ${BASELINES.join(', ')}, all, none.`);
  return parts as BaselineId[];
}

function optional<T>(options: Record<string, unknown>, name: string): T | undefined {
  return options[name] as T | undefined;
}

/** `derand jl`: fit a JL embedding, compare with the baselines, save the matrix, plot the run. */
export const jlCommand: CommandSpec = {
  name: 'jl',
  summary: 'Johnson-Lindenstrauss embeddings by derandomized optimization, judged on pairwise distortion.',
  examples: [
    'derand jl uniform --k 30 --problem pairwise --plot jl.svg',
    'derand jl uniform --k 30 --problem norms --steps 1000 --json',
    'derand jl uniform --k 30 --direct --json',
    'derand jl mnist --k 50 --method direct --save P.npy',
    'derand jl points.csv --k 20 --optimizer pgd --init zeros --method direct',
  ],
  configure: (command: Command) =>
    command
      .argument('<data>', "data: a .csv/.tsv/.txt/.json/.npy file, 'mnist[:<per class>]', or 'uniform[:<n>x<d>]' (the paper's 100 unit rows of R^500)")
      .option('--k <n>', 'target dimension (1 ≤ k ≤ d)', integerOption(1, 1_000_000), 30)
      .addOption(new Option('--problem <kind>', 'what to preserve').choices(['pairwise', 'norms', 'vectors']).default('pairwise'))
      .option('--vectors <file>', 'the vectors whose norms --problem vectors preserves')
      .addOption(new Option('--method <m>', 'isotropic sampler A = M + σE, diagonal sampler, general sampler vec(A) = vec(M) + Wz (full or lowrank W), or direct optimisation of A').choices(['isotropic', 'diagonal', 'full', 'lowrank', 'direct']).default('isotropic'))
      .option('--rank <q>', 'columns of W for --method lowrank (default k)', integerOption(1, 1_000_000))
      .option('--direct', 'optimise A directly, without a sampler (the ablation; same as --method direct)')
      .addOption(new Option('--loss <l>', 'smooth max (log-sum-exp, annealed), violation (the paper), batch max (the authors’ code)').choices(['smooth-max', 'violation', 'batch-max']).default('smooth-max'))
      .option('--steps <n>', 'optimisation steps', integerOption(1, 10_000_000), 1000)
      .addOption(new Option('--optimizer <o>', 'optimizer from @derand/core').choices(['adam', 'gd', 'momentum', 'pgd']).default('adam'))
      .option('--lr <x>', 'initial step size (default: Adam 0.1, GD 30, momentum 3, PGD 30)', numberOption({ positive: true }))
      .option('--lr-end <x>', 'final step size (default lr/30; PGD keeps lr)', numberOption({ positive: true }))
      .option('--temperature <x>', 'initial smooth-max temperature τ₀', numberOption({ positive: true }), 0.1)
      .option('--temperature-end <x>', 'final temperature τ₁', numberOption({ positive: true }), 0.005)
      .option('--stages <n>', 'annealing stages', integerOption(1, 100_000), 20)
      .option('--samples <n>', 'sampled matrices per step S', integerOption(1, 100_000), 4)
      .option('--antithetic', 'sample antithetic pairs ±E (keeps M = 0 stationary)')
      .addOption(new Option('--sampling <mode>', 'a fresh Monte-Carlo sample every step, or a fixed one').choices(['fresh', 'fixed']).default('fresh'))
      .option('--lambda <x>', 'λ of λ‖W‖²_F on the sampler’s random part', numberOption({ min: 0 }), 1e-4)
      .option('--sigma0 <x>', 'initial σ of the sampler', numberOption({ positive: true }), 1)
      .addOption(new Option('--init <m0>', 'initial mean M₀ (default: zeros for samplers, gaussian for direct)').choices(['zeros', 'gaussian']))
      .option('--epsilon <x>', 'threshold ε of the violation loss', numberOption({ positive: true }), 0.2)
      .addOption(new Option('--pairs <mode>', 'pairs per step: all, an unbiased uniform batch, or auto (all up to 2·10⁶)').choices(['auto', 'exact', 'sampled']).default('auto'))
      .option('--pair-batch <n>', 'pairs per step when sampled', integerOption(1, 10_000_000), 4096)
      .option('--baselines <list>', `baselines to compare: comma list of ${BASELINES.join(', ')}, or all, none`, baselineList, [...BASELINES])
      .option('--trials <n>', 'draws of each random baseline', integerOption(1, 100_000), 100)
      .option('--save <file>', 'save the matrix P (k × d) as .json or .npy')
      .option('--plot <file>', 'SVG of distortion and σ over iterations, baselines drawn as lines')
      .option('--every <n>', 'metrics cadence in steps (default steps/200)', integerOption(1, 10_000_000))
      .option('--certify', 'run the second-order certificate on the final iterate'),
  run: async (args, options, { io, registry, common }) => {
    const data = args[0]!;
    const issues: InputIssue[] = [];
    const save = optional<string>(options, 'save');
    const plot = optional<string>(options, 'plot');
    if (save !== undefined && !['.json', '.npy'].includes(extname(save).toLowerCase())) issues.push({ where: '--save', message: 'must end in .json or .npy', value: save });
    if (plot !== undefined && extname(plot).toLowerCase() !== '.svg') issues.push({ where: '--plot', message: 'must end in .svg', value: plot });
    const problem = options['problem'] as 'pairwise' | 'norms' | 'vectors';
    const vectorsFile = optional<string>(options, 'vectors');
    if (problem === 'vectors' && vectorsFile === undefined) issues.push({ where: '--vectors', message: 'is required with --problem vectors' });
    if (problem !== 'vectors' && vectorsFile !== undefined) issues.push({ where: '--vectors', message: 'is only used with --problem vectors' });
    const method = options['direct'] === true ? 'direct' : (options['method'] as 'isotropic' | 'diagonal' | 'full' | 'lowrank' | 'direct');
    if (options['direct'] === true && options['method'] !== 'isotropic' && options['method'] !== 'direct') {
      issues.push({ where: '--direct', message: `contradicts --method ${String(options['method'])}` });
    }
    if ((options['temperatureEnd'] as number) > (options['temperature'] as number)) {
      issues.push({ where: '--temperature-end', message: `must not exceed --temperature ${String(options['temperature'])} (the temperature is annealed downwards)`, value: options['temperatureEnd'] });
    }
    if (issues.length > 0) {
      const { InputError } = await import('@derand/registry');
      throw new InputError('BAD_FLAG', 'Invalid flags for derand jl:', issues);
    }

    // data and options are checked on the host, before the engine starts
    const jl = await import('@derand/jl');
    const X = jl.loadDataSource(data, common.seed);
    const vectors = vectorsFile === undefined ? undefined : jl.loadDataSource(vectorsFile, common.seed);
    const steps = options['steps'] as number;
    const fitOptions = {
      k: options['k'] as number,
      problem,
      ...(vectors === undefined ? {} : { vectors }),
      method,
      ...(options['rank'] === undefined ? {} : { rank: options['rank'] as number }),
      loss: options['loss'] as 'smooth-max' | 'violation' | 'batch-max',
      steps,
      optimizer: options['optimizer'] as 'adam' | 'gd' | 'momentum' | 'pgd',
      ...(options['lr'] === undefined ? {} : { learningRate: options['lr'] as number }),
      ...(options['lrEnd'] === undefined ? {} : { learningRateEnd: options['lrEnd'] as number }),
      temperature: options['temperature'] as number,
      temperatureEnd: options['temperatureEnd'] as number,
      stages: options['stages'] as number,
      samples: options['samples'] as number,
      antithetic: options['antithetic'] === true,
      sampling: options['sampling'] as 'fresh' | 'fixed',
      lambda: options['lambda'] as number,
      sigma0: options['sigma0'] as number,
      ...(options['init'] === undefined ? {} : { init: options['init'] as 'zeros' | 'gaussian' }),
      epsilon: options['epsilon'] as number,
      pairs: options['pairs'] as 'auto' | 'exact' | 'sampled',
      pairBatch: options['pairBatch'] as number,
      ...(options['every'] === undefined ? {} : { every: options['every'] as number }),
      certify: options['certify'] === true,
      seed: common.seed,
    };
    jl.validateFitInput(X, fitOptions);

    const { startEngine } = await import('@derand/core');
    const engine = await startEngine({ backend: common.backend, registry });
    const progress = io.progress(`jl ${method} k=${String(options['k'])}`, steps);
    let baselineProgress: ReturnType<typeof io.progress> | undefined;
    const { result, fit } = jl.runJl(X, {
      ...fitOptions,
      baselines: options['baselines'] as BaselineId[],
      trials: options['trials'] as number,
      onEvent: (event) => {
        if (event.type === 'progress') progress.update(event.step);
      },
      onPhase: (phase) => {
        if (phase === 'baselines') {
          progress.done();
          baselineProgress = io.progress('baselines');
        }
      },
    });
    baselineProgress?.done();

    const outputs: Record<string, string> = {};
    if (save !== undefined) {
      jl.saveEmbedding(save, fit.embedding);
      outputs['matrix'] = save;
    }
    if (plot !== undefined) {
      const { renderSvg } = await import('@derand/plots');
      const { jlFigure } = await import('@derand/plots/figures/jl');
      const { writeFileAtomic } = await import('@derand/core/node');
      const label = (id: string): string => ({ gaussian: 'N(0,1)', achlioptas: 'Achl.', 'very-sparse': 'v. sparse', pca: 'PCA', 'truncated-svd': 'SVD' })[id] ?? id;
      // the paper's lines: mean and best of the Gaussian draws; best draw of the other random maps; PCA and SVD
      const lines = result.baselines.flatMap((b) =>
        b.trials > 1
          ? [
              ...(b.id === 'gaussian' ? [{ label: `${label(b.id)} mean`, value: b.meanMax }] : []),
              { label: `${label(b.id)} best`, value: b.bestMax },
            ]
          : [{ label: label(b.id), value: b.bestMax }],
      );
      const svg = await renderSvg(
        jlFigure({
          problem: problem === 'pairwise' ? 'pairwise' : problem === 'norms' ? 'norm' : 'vector-norm',
          k: result.k,
          runs: [{ label: method === 'direct' ? 'direct' : `sampler (${method})`, curve: result.history.map((h) => ({ step: h.step, max: h.max, ...(h.sigma === undefined ? {} : { sigma: h.sigma }) })) }],
          baselines: lines,
          ...(result.baselines.some((b) => b.trials > 1) ? { trials: options['trials'] as number } : {}),
        }),
      );
      writeFileAtomic(plot, svg);
      outputs['plot'] = plot;
    }
    const value = { ...result, backend: engine.backend, outputs };
    io.result(value, (r) => {
      const f = (x: number | null): string => (x === null ? '—' : x < 1e-3 && x > 0 ? x.toExponential(2) : x.toFixed(4));
      const rows = [
        `JL ${r.problem}, ${r.method}: ${r.data.source} (n = ${r.data.n}, d = ${r.data.d}) → k = ${r.k}, ${r.steps} steps, seed ${r.seed}, ${r.backend}`,
        `  pairs: max ${f(r.pairsMax)}  mean ${f(r.pairsMean)}  (after best rescaling ${f(r.pairsScaledMax)})${r.pairsExact ? '' : '  [sampled pairs]'}`,
        `  norms: max ${f(r.normsMax)}  mean ${f(r.normsMean)}`,
        ...(r.vectorsMax === undefined ? [] : [`  vectors: max ${f(r.vectorsMax)}`]),
        `  σ: ${f(r.sigma)} at the end, ${f(r.sigmaAtBest)} at the returned step ${r.bestStep}`,
        `  time: fit ${r.seconds.fit.toFixed(1)} s (loop ${r.seconds.train.toFixed(1)} s), baselines ${r.seconds.baselines.toFixed(1)} s`,
        ...(r.baselines.length === 0 ? [] : ['  baselines (max distortion on the problem: mean / best of draws):']),
        ...r.baselines.map((b) => `    ${b.id.padEnd(14)} ${b.trials > 1 ? `${f(b.meanMax)} / ${f(b.bestMax)}` : f(b.bestMax)}`),
        ...(r.certificate === undefined
          ? []
          : [`  certificate: ‖∇f‖ = ${f(r.certificate.gradNorm)}, λ_min = ${r.certificate.lambdaMin.toExponential(2)}, ρ-SOSP: ${r.certificate.isSOSP ? 'yes' : 'no'}`]),
        ...Object.entries(r.outputs).map(([kind, path]) => `  ${kind}: ${path}`),
      ];
      return rows.join('\n');
    });
  },
};
