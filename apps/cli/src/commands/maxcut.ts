import { resolve } from 'node:path';
import type { Command } from 'commander';
import { choiceOption, integerOption, numberOption } from '../options.js';
import type { CommandContext, CommandSpec } from './spec.js';

type CommandContextIO = CommandContext['io'];

const FORMATS = ['auto', 'rudy', 'edge-list', 'matrix-market', 'json'] as const;
const ROUNDINGS = ['derandomized', 'hyperplane', 'score-function'] as const;
const POLISHES = ['none', 'one-flip', 'breakout'] as const;

/** The exact solution printed with --exact. */
interface ExactReport {
  readonly method: 'enumeration' | 'branch-and-bound';
  readonly cut: number;
  readonly proven: boolean;
  readonly nodes: number;
  readonly seconds: number;
}

export const maxcutCommand: CommandSpec = {
  name: 'maxcut',
  summary: 'Certified deterministic MAXCUT: SDP, the derandomized rounding, GW baselines and local search.',
  examples: [
    'derand maxcut G1.txt',
    'derand maxcut G1.txt --json --polish breakout --polish-seconds 30 --out g1.json --partition g1.cut',
    'derand maxcut graph.csv --format edge-list --base 0 --svg rounding.svg',
    'derand maxcut paper-g15.txt --rounding score-function --exact',
  ],
  configure: (command: Command) =>
    command
      .argument('<graph>', 'graph file: rudy/Gset, edge list (CSV/TSV/whitespace), Matrix Market or JSON')
      .option('--format <format>', `graph format (${FORMATS.join(', ')})`, choiceOption(FORMATS), 'auto')
      .option('--base <base>', 'edge-list index base (auto, 0, 1)', choiceOption(['auto', '0', '1'] as const), 'auto')
      .option('--duplicates <policy>', 'repeated edges: error, sum (parallel edges add) or first', choiceOption(['error', 'sum', 'first'] as const), 'error')
      .option('--self-loops <policy>', 'self-loops: drop (they never cross a cut) or error', choiceOption(['drop', 'error'] as const), 'drop')
      .option('--rounding <method>', `rounding (${ROUNDINGS.join(', ')})`, choiceOption(ROUNDINGS), 'derandomized')
      .option('--polish <method>', `local search after rounding, reported apart (${POLISHES.join(', ')})`, choiceOption(POLISHES), 'one-flip')
      .option('--polish-seconds <s>', 'time budget of the breakout polish', numberOption({ positive: true }), 10)
      .option('--best-known <cut>', 'best known cut: stops the breakout polish there and is drawn in the plot', numberOption())
      .option('--hyperplanes <n>', 'random hyperplanes of the GW baseline', integerOption(1, 1_000_000), 100)
      .option('--tau <t>', 'probit smoothing scale τ of the derandomized rounding', numberOption({ positive: true }), 0.1)
      .option('--lambda <l>', 'λ of λ‖V‖²_F (normalised units)', numberOption({ positive: true }), 2e-4)
      .option('--lr <eta>', 'Adam step size of the derandomized rounding', numberOption({ positive: true }), 0.2)
      .option('--max-steps <n>', 'most rounding steps', integerOption(1, 10_000_000), 3000)
      .option('--collapse <c>', 'stop once ‖V‖_F ≤ c·‖V₀‖_F', numberOption({ positive: true, max: 1 }), 1e-3)
      .option('--expectation <kind>', 'exact (bivariate normal) or monte-carlo (64 antithetic samples)', choiceOption(['exact', 'monte-carlo'] as const), 'exact')
      .option('--certify', 'run the second-order certificate at the final point (gradient norm, λ_min, lemma bound)', false)
      .option('--exact [seconds]', 'also solve exactly: Gray-code enumeration (n ≤ 28) or branch and bound within the time budget (default 60 s)')
      .option('--out <file>', 'write the result JSON here')
      .option('--partition <file>', 'write the cut here (one line of ±1 values)')
      .option('--svg <file>', "write the cut and ‖V‖_F over iterations (the paper's Figs. 4–5)"),
  run: async (args, options, { io, registry, common }) => {
    const { DerandError } = await import('@derand/registry');
    const path = args[0]!;
    const exactOption = options['exact'] as boolean | string | undefined;
    const exactSeconds = exactOption === undefined || exactOption === true ? 60 : Number(exactOption);
    if (exactOption !== undefined && exactOption !== true && !(exactSeconds > 0)) {
      throw new DerandError('BAD_FLAG', `--exact takes a positive time budget in seconds (got '${String(exactOption)}').`);
    }
    const { readGraphFile, writePartitionFile, writeResultFile } = await import('@derand/maxcut/node');
    const base = options['base'] as 'auto' | '0' | '1';
    const graph = readGraphFile(path, {
      format: options['format'] as (typeof FORMATS)[number],
      base: base === 'auto' ? 'auto' : base === '0' ? 0 : 1,
      duplicates: options['duplicates'] as 'error' | 'sum' | 'first',
      selfLoops: options['self-loops'] as 'drop' | 'error',
    });
    if (graph.notes.selfLoopsDropped > 0) io.warn(`${graph.name}: dropped ${graph.notes.selfLoopsDropped} self-loop(s) (they never cross a cut).`);
    if (graph.notes.duplicatesMerged > 0) io.warn(`${graph.name}: merged ${graph.notes.duplicatesMerged} repeated edge(s) (--duplicates ${String(options['duplicates'])}).`);
    const { startEngine } = await import('@derand/core');
    const engine = await startEngine({ backend: common.backend, registry });
    const { solveMaxcut, maxcutByEnumeration, branchAndBound, ENUMERATION_LIMIT } = await import('@derand/maxcut');

    const rounding = options['rounding'] as (typeof ROUNDINGS)[number];
    const bestKnown = options['bestKnown'] as number | undefined;
    const maxSteps = options['maxSteps'] as number;
    const sdpProgress = io.progress('SDP');
    let roundingProgress: ReturnType<CommandContextIO['progress']> | undefined;
    const { result, sides } = solveMaxcut(graph, {
      seed: common.seed,
      backend: engine.backend,
      rounding,
      polish: options['polish'] as (typeof POLISHES)[number],
      polishSeconds: options['polishSeconds'] as number,
      ...(bestKnown === undefined ? {} : { bestKnown, polishTarget: bestKnown }),
      hyperplanes: options['hyperplanes'] as number,
      derandomized: {
        tau: options['tau'] as number,
        lambda: options['lambda'] as number,
        learningRate: options['lr'] as number,
        maxSteps,
        collapse: options['collapse'] as number,
        ...(options['expectation'] === 'monte-carlo' ? { expectation: { kind: 'monte-carlo', samples: 64, mode: 'antithetic' } as const } : {}),
        ...(options['certify'] === true ? { certify: { hvp: 'finite-difference' } as const } : {}),
      },
      onProgress: (p) => {
        if (p.stage === 'sdp') sdpProgress.update(p.sweep, `value ${p.value.toFixed(3)}`);
        else if (p.stage === 'bound') sdpProgress.done('certifying the upper bound');
        else if (p.stage === 'rounding') {
          roundingProgress ??= io.progress(`${rounding} rounding`, p.total);
          roundingProgress.update(p.step, `cut ${p.cut}${p.normV === undefined ? '' : ` ‖V‖ ${p.normV.toExponential(2)}`}`);
        } else if (p.stage === 'polish') roundingProgress?.done();
      },
    });
    roundingProgress?.done();

    let exact: ExactReport | undefined;
    if (exactOption !== undefined) {
      const t0 = performance.now();
      if (graph.n <= ENUMERATION_LIMIT) {
        const e = maxcutByEnumeration(graph);
        exact = { method: 'enumeration', cut: e.cut, proven: true, nodes: e.examined, seconds: (performance.now() - t0) / 1000 };
      } else {
        io.log(`branch and bound (at most ${exactSeconds} s) …`);
        const b = branchAndBound(graph, { incumbent: sides, maxSeconds: exactSeconds });
        exact = { method: 'branch-and-bound', cut: b.cut, proven: b.proven, nodes: b.nodes, seconds: b.seconds };
      }
    }

    const written: Record<string, string> = {};
    if (options['partition'] !== undefined) {
      written['partition'] = resolve(options['partition'] as string);
      writePartitionFile(written['partition'], sides);
    }
    if (options['svg'] !== undefined) {
      const [{ maxcutFigure }, { renderSvg }, { writeFileAtomic }] = await Promise.all([
        import('@derand/plots/figures/maxcut'),
        import('@derand/plots'),
        import('@derand/core/node'),
      ]);
      const references = [
        ...(exact?.proven === true ? [{ label: `OPT = ${exact.cut}`, value: exact.cut }] : []),
        ...(bestKnown === undefined ? [] : [{ label: `best known ${bestKnown}`, value: bestKnown }]),
        { label: `E[GW] ${result.gwExpected.toFixed(1)}`, value: result.gwExpected, color: '#888' },
        { label: `best of ${result.hyperplanes} hyperplanes ${result.gwBest}`, value: result.gwBest, color: '#1f77b4' },
      ];
      written['svg'] = resolve(options['svg'] as string);
      writeFileAtomic(written['svg'], await renderSvg(maxcutFigure({ graph: graph.name, runs: [{ label: rounding, history: result.history }], references })));
    }
    const output = { ...result, ...(exact === undefined ? {} : { exact }), ...(Object.keys(written).length === 0 ? {} : { files: written }) };
    if (options['out'] !== undefined) {
      written['out'] = resolve(options['out'] as string);
      writeResultFile(written['out'], output);
    }
    io.result(output, (r) => {
      const line = (label: string, value: string): string => `${label.padEnd(26)}${value}`;
      const rows = [
        `${r.graph}: n = ${r.n}, m = ${r.m}, total weight ${r.totalWeight} (backend ${r.backend}, seed ${r.seed})`,
        line('SDP value', `${r.sdpValue.toFixed(3)}  (rank ${r.sdpRank}, ${r.sdpSweeps} sweeps)`),
        line('upper bound', `${r.upperBound.toFixed(3)}  (${r.upperBoundVerified ? 'verified: Lanczos + Cholesky' : 'Lanczos estimate, not verified'})`),
        line('E[GW]', r.gwExpected.toFixed(1)),
        line(`GW best of ${r.hyperplanes}`, String(r.gwBest)),
        r.rounding === 'derandomized'
          ? line('derandomized', `${r.roundedCut}  (‖V‖_F ${r.normV0?.toFixed(2)} → ${r.normV?.toExponential(2)}, ${r.collapsed === true ? 'collapsed' : 'NOT collapsed'}, ${r.steps} steps)`)
          : line(r.rounding, String(r.roundedCut)),
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
        ...(exact === undefined ? [] : [line(`exact (${exact.method})`, `${exact.cut}${exact.proven ? ' (optimal)' : ' (not proven)'}, ${exact.seconds.toFixed(1)} s`)]),
        ...(bestKnown === undefined ? [] : [line('best known', `${bestKnown}  (cut / best known ${(r.cut / bestKnown).toFixed(4)})`)]),
        line('certified ratio', `${r.certifiedRatio.toFixed(4)}  (cut / upper bound)`),
        line('time', `${r.seconds.toFixed(1)} s`),
        ...Object.entries(written).map(([k, v]) => line(k, v)),
      ];
      return rows.join('\n');
    });
  },
};
