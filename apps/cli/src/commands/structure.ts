import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { InputIssue } from '@derand/registry';
import { integerOption, numberListOption, numberOption } from '../options.js';
import type { CommandSpec } from './spec.js';

const PRESETS = ['paper-fig3', 'multi-index', 'deep', 'deep-3', 'lambda-sweep', 'bias', 'losses', 'depth'] as const;
const STUDIES: readonly string[] = ['lambda-sweep', 'bias', 'losses', 'depth'];

type Config = Record<string, unknown> & { optimizer?: { id: string; options: Record<string, unknown> } };
type Result = import('@derand/structure-discovery').StructureResult;
type Study = import('@derand/structure-discovery').StudyResult;

/** `64,64,64` → [64, 64, 64]. */
function widthsOption(raw: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) throw new InvalidArgumentError(`'${raw}' is not a comma-separated list of positive integers (for example 1000 or 64,64,64).`);
  return parts.map(Number);
}

/** `25.3` (every group), `W=25.3,b=250`, or `0.05,W=0.1` (default plus overrides). */
function stepSizesOption(raw: string): { all?: number; groups: Record<string, number> } {
  const out: { all?: number; groups: Record<string, number> } = { groups: {} };
  for (const part of raw.split(',').map((p) => p.trim())) {
    const [name, value] = part.includes('=') ? (part.split('=') as [string, string]) : [undefined, part];
    const number = Number(value);
    if (value === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError(`'${part}' in '${raw}' is not a positive step size (use 25.3 or W=25.3,b=250).`);
    if (name === undefined) out.all = number;
    else if (name.trim() === '') throw new InvalidArgumentError(`'${part}' has no group name before '='.`);
    else out.groups[name.trim()] = number;
  }
  return out;
}

/** `online[:<batch>]`, `fixed:<size>[:<batch>]`, `quadrature[:<points>]`. */
function dataOption(raw: string): Record<string, unknown> {
  const [kind, a, b] = raw.split(':');
  const int = (s: string | undefined, what: string): number | undefined => {
    if (s === undefined) return undefined;
    if (!/^\d+$/.test(s) || Number(s) < 1) throw new InvalidArgumentError(`${what} '${s}' in '${raw}' is not a positive integer.`);
    return Number(s);
  };
  if (kind === 'online') return { kind, batch: int(a, 'batch') ?? 50 };
  if (kind === 'fixed') {
    const size = int(a, 'size');
    if (size === undefined) throw new InvalidArgumentError(`'${raw}': fixed data needs a size, as in fixed:2000 or fixed:2000:50.`);
    const batch = int(b, 'batch');
    return batch === undefined ? { kind, size } : { kind, size, batch };
  }
  if (kind === 'quadrature') return { kind, points: int(a, 'points') ?? 40 };
  throw new InvalidArgumentError(`'${raw}' is not one of online[:<batch>], fixed:<size>[:<batch>], quadrature[:<points>].`);
}

/** A JSON object given on the command line. */
function jsonObjectOption(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new InvalidArgumentError(`'${raw}' is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(`'${raw}' must be a JSON object, as in '{"delta":0.5}'.`);
  return value as Record<string, unknown>;
}

const listOption = (raw: string): string[] => raw.split(',').map((p) => p.trim()).filter((p) => p !== '');

/** Reads a JSON or YAML run configuration. */
async function readConfig(path: string, issues: InputIssue[]): Promise<Config> {
  try {
    const text = readFileSync(path, 'utf8');
    const ext = extname(path).toLowerCase();
    const value: unknown = ext === '.yaml' || ext === '.yml' ? (await import('yaml')).parse(text) : JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the file must hold an object');
    return value as Config;
  } catch (error) {
    issues.push({ where: '--solver-config', message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, value: path });
    return {};
  }
}

const alias = (name: string, widths: readonly number[]): string => (name === 'a' ? `layers.${widths.length}.weight` : name);

/** Applies the flags that were given (undefined = keep the preset's value) to one configuration. */
function applyFlags(base: Config, o: Record<string, unknown>, groupsOf: (config: Config) => string[], issues: InputIssue[], study: boolean): Config {
  const config: Config = structuredClone(base);
  const set = (path: string[], value: unknown): void => {
    if (value === undefined) return;
    let node = config as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = value;
  };
  set(['inputDim'], o['d']);
  set(['teacher', 'k'], o['k']);
  set(['teacher', 'directions'], o['directions']);
  set(['teacher', 'link'], o['link']);
  set(['teacher', 'reduce'], o['reduce']);
  set(['teacher', 'noise'], o['noise']);
  set(['teacher', 'labels'], o['labels']);
  set(['student', 'widths'], o['width']);
  set(['student', 'activation'], o['activation']);
  set(['student', 'bias'], o['bias']);
  set(['student', 'trainOutput'], o['trainOutput']);
  set(['student', 'outputBias'], o['outputBias']);
  set(['student', 'init'], o['init']);
  set(['student', 'outputScale'], o['outputScale']);
  if (o['loss'] !== undefined || o['lossOptions'] !== undefined) {
    const current = (config['loss'] ?? { id: 'mse', options: {} }) as { id: string; options: Record<string, unknown> };
    const id = (o['loss'] as string | undefined) ?? current.id;
    config['loss'] = { id, options: (o['lossOptions'] as Record<string, unknown> | undefined) ?? (id === current.id ? current.options : {}) };
  }
  const widths = ((config['student'] as { widths?: number[] } | undefined)?.widths ?? [1000]);
  set(['lambda'], o['lambda']);
  if (o['lambdaGroups'] !== undefined) set(['lambdaGroups'], (o['lambdaGroups'] as string[]).map((g) => alias(g, widths)));
  set(['data'], o['data']);
  set(['steps'], o['steps']);
  set(['metricsEvery'], o['every']);
  set(['test', 'size'], o['testSize']);
  set(['test', 'every'], o['testEvery']);
  set(['snapshots', 'count'], o['snapshots']);
  set(['snapshots', 'neurons'], o['neurons']);
  if (o['fused'] === false) config['fused'] = false;
  if (o['certificate'] === false) config['certificate'] = false;
  else if (o['certSamples'] !== undefined || o['lanczos'] !== undefined || o['hvp'] !== undefined) {
    const current = (config['certificate'] === false || config['certificate'] === undefined ? {} : config['certificate']) as Record<string, unknown>;
    config['certificate'] = {
      ...current,
      ...(o['certSamples'] === undefined ? {} : { samples: o['certSamples'] }),
      ...(o['lanczos'] === undefined ? {} : { lanczosSteps: o['lanczos'] }),
      ...(o['hvp'] === undefined ? {} : { hvp: o['hvp'] }),
    };
  }
  // optimizer: a new id starts from empty options; --optimizer-options replaces them; --lr fills step sizes
  const before = config.optimizer ?? { id: 'authors-pgd', options: {} };
  const id = (o['optimizer'] as string | undefined) ?? before.id;
  let options = (o['optimizerOptions'] as Record<string, unknown> | undefined) ?? (id === before.id ? { ...before.options } : {});
  const lr = o['lr'] as { all?: number; groups: Record<string, number> } | undefined;
  if (lr !== undefined) {
    // in a study, per-group step sizes apply to the runs that train the group (bias frozen in one)
    const trainable = study ? groupsOf(config) : undefined;
    const groups = Object.fromEntries(
      Object.entries(lr.groups)
        .map(([g, v]) => [alias(g, widths), v] as const)
        .filter(([g]) => trainable === undefined || trainable.includes(g)),
    );
    if (id === 'authors-pgd') {
      const all = lr.all === undefined ? {} : Object.fromEntries(groupsOf(config).map((g) => [g, lr.all]));
      const previous: Record<string, unknown> = lr.all === undefined ? ((options['learningRates'] ?? {}) as Record<string, unknown>) : {};
      options = { ...options, learningRates: { ...previous, ...all, ...groups } };
    } else if (['gd', 'sgd-momentum', 'adam'].includes(id)) {
      const existing = (options['groups'] ?? {}) as Record<string, Record<string, unknown>>;
      options = {
        ...options,
        ...(lr.all === undefined ? {} : { learningRate: lr.all }),
        ...(Object.keys(groups).length === 0 ? {} : { groups: { ...existing, ...Object.fromEntries(Object.entries(groups).map(([g, v]) => [g, { ...existing[g], learningRate: v }])) } }),
      };
    } else if (Object.keys(groups).length > 0) {
      issues.push({ where: '--lr', message: `optimizer '${id}' takes one step size, not per-group ones`, value: lr.groups });
    } else {
      options = { ...options, learningRate: lr.all };
    }
  }
  config.optimizer = { id, options };
  return config;
}

function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(digits) : x.toExponential(digits - 1);
}

function describeRun(r: Result): string {
  const c = r.config;
  const cert = r.certificate;
  const lines = [
    `structure discovery: ${r.model}`,
    `  teacher ${typeof c.teacher.link === 'string' ? c.teacher.link : JSON.stringify(c.teacher.link)} on k=${c.teacher.k} of d=${c.inputDim}; loss ${r.loss}; optimizer ${r.optimizer}; λ=${c.lambda} on ${c.lambdaGroups.join(', ')}; ${r.steps} steps, ${c.data.kind} data`,
    `  orth fraction   ${fmt(r.start.orthFraction)} → ${fmt(r.orthFraction)}   (1 − ‖WUᵀ‖²/‖W‖²)`,
    `  ‖W⊥‖_F          ${fmt(r.start.normWperp)} → ${fmt(r.normWperp)}   (‖W⊥‖/‖W‖ = ${fmt(r.relWperp)})`,
    `  principal angle ${r.principalAnglesDeg.map((a) => `${fmt(a)}°`).join(', ')}; singular values ${r.singularValues.slice(0, 4).map((s) => fmt(s)).join(', ')}; effective rank ${fmt(r.effectiveRank)}`,
    `  test loss       ${fmt(r.start.testLoss)} → ${fmt(r.testLoss)}   (train objective ${fmt(r.trainLoss)})`,
    `  time            ${fmt(r.msPerStep)} ms/step on ${r.backend}; ${fmt(r.wallSeconds)} s in all${cert === undefined ? '' : ` (certificate ${fmt(r.timings.certificateSeconds)} s)`}`,
  ];
  if (cert !== undefined) {
    lines.push(
      `  certificate     ‖∇f‖ = ${fmt(cert.gradNorm)}, λmin = ${fmt(cert.lambdaMin)} vs −√(Kρ) = ${fmt(cert.curvatureThreshold)} (K ≈ ${fmt(cert.K)}): ${cert.isSOSP ? 'ρ-SOSP' : 'not a ρ-SOSP'} (${cert.samples === 'quadrature' ? 'population risk' : `${cert.samples} fixed samples`})`,
      `  bounds on ‖W⊥‖  Theorem 4.1: ${cert.theoremBound.applicable ? `${fmt(cert.theoremBound.bound)} (${cert.theoremBound.holds ? 'holds' : 'violated'})` : 'not applicable (2λ ≤ √(Kρ))'}; ` +
        (cert.steinBound === undefined
          ? 'Stein: needs a trainable bias'
          : `Stein: ${cert.steinBound.applicable ? `${fmt(cert.steinBound.bound)} (${cert.steinBound.holds ? 'holds' : 'violated'}${cert.steinBound.exact ? '' : ', Monte-Carlo'})` : 'not applicable (2λ + λmin(∇²_b f) ≤ 0)'}`),
    );
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

function describeStudy(s: Study): string {
  const rows = s.runs.map(({ label, result: r }) => {
    const cert = r.certificate;
    const bounds = cert === undefined ? '' : `  Stein bound ${fmt(cert.steinBound?.bound)}  theorem bound ${fmt(cert.theoremBound.bound)}`;
    return `  ${label.padEnd(16)} orth ${fmt(r.start.orthFraction)} → ${fmt(r.orthFraction).padEnd(9)} ‖W⊥‖ ${fmt(r.normWperp).padEnd(9)} test ${fmt(r.testLoss).padEnd(9)} ${fmt(r.msPerStep)} ms/step${bounds}`;
  });
  return [`${s.title}`, ...rows].join('\n');
}

/** The summary printed with --json: the study's per-run headline figures (full results go to --out). */
function studySummary(s: Study) {
  return {
    study: s.name,
    title: s.title,
    runs: s.runs.map(({ label, result: r }) => ({
      label,
      lambda: r.config.lambda,
      orthFraction: r.orthFraction,
      normWperp: r.normWperp,
      testLoss: r.testLoss,
      msPerStep: r.msPerStep,
      startOrthFraction: r.start.orthFraction,
      ...(r.certificate === undefined ? {} : { certificate: r.certificate }),
    })),
  };
}

/** `derand structure`: train a student on a teacher and watch W collapse onto span(U). */
export const structureCommand: CommandSpec = {
  name: 'structure',
  summary: 'Train a student network on a teacher and watch the first layer collapse onto the teacher subspace.',
  examples: [
    'derand structure --preset paper-fig3 --svg fig3.svg',
    'derand structure --preset paper-fig3 --json --out fig3.json',
    'derand structure --preset multi-index --json',
    'derand structure --preset deep --svg deep.svg',
    'derand structure --preset lambda-sweep --svg lambda.svg',
    'derand structure --preset bias --steps 2000',
    'derand structure --d 10 --k 2 --directions random --link hermite:2:normalized --width 256 --loss log-cosh --lr W=18,b=64 --steps 3000',
    'derand structure --plugin my-loss.js --loss cauchy --preset paper-fig3',
  ],
  configure: (command: Command) =>
    command
      .addOption(new Option('--preset <name>', `a run (paper-fig3, multi-index, deep, deep-3) or a study (${STUDIES.join(', ')}); flags override it`).choices([...PRESETS]).default('paper-fig3'))
      .option('--solver-config <file>', 'a JSON or YAML run configuration (the structure-discovery solver’s nested options), applied over the preset; flags override it')
      .option('--d <n>', 'input dimension d', integerOption(1, 100_000))
      .option('--k <n>', 'number of teacher indices k ≤ d', integerOption(1, 100_000))
      .addOption(new Option('--directions <kind>', 'teacher directions U: u₁ = 1/√d, Haar-random, or axes').choices(['ones', 'random', 'axes']))
      .option('--link <activation>', 'teacher link: tanh, relu, hermite:<k>[:normalized], softplus:<ι>, …')
      .addOption(new Option('--reduce <how>', 'combine the k link values').choices(['mean', 'sum']))
      .option('--noise <σ>', 'label noise standard deviation', numberOption({ min: 0 }))
      .addOption(new Option('--labels <kind>', 'real values, ±1 signs (logistic, smooth hinge), or argmax classes (softmax cross-entropy)').choices(['real', 'sign', 'argmax']))
      .option('--width <list>', 'hidden widths, first layer first: 1000 (two-layer) or 64,64,64 (depth 4)', widthsOption)
      .option('--activation <spec>', 'student activation: softplus:<ι>, tanh, sigmoid, gelu, silu, quadratic, cubic, hermite:<k>, linear')
      .addOption(new Option('--bias <mode>', 'first-layer bias').choices(['trainable', 'frozen', 'none']))
      .option('--train-output', 'train the output layer (frozen by default in the paper setting)')
      .option('--freeze-output', 'freeze the output layer')
      .option('--output-bias', 'give the output layer a trained bias')
      .addOption(new Option('--init <scheme>', 'initialiser').choices(['paper', 'glorot-normal', 'glorot-uniform', 'he-normal', 'he-uniform', 'lecun-normal', 'zeros']))
      .option('--output-scale <c>', 'mean-field output scale c (ŷ = c·N(x))', numberOption({ positive: true }))
      .option('--loss <id>', 'loss plugin id (mse, huber, log-cosh, logistic, softmax-cross-entropy, smooth-hinge, or one loaded with --plugin)')
      .option('--loss-options <json>', 'options of the loss plugin, as JSON', jsonObjectOption)
      .option('--optimizer <id>', 'optimizer plugin id (authors-pgd, gd, pgd, perturbed-sgd, sgd-momentum, adam, hessian-descent)')
      .option('--optimizer-options <json>', 'options of the optimizer plugin, as JSON (replace the preset’s)', jsonObjectOption)
      .option('--lr <list>', "step sizes: 0.05 (all groups), W=25.3,b=250 (per group; 'a' = output weights), or 0.05,W=0.1", stepSizesOption)
      .option('--lambda <λ>', 'λ of λ‖W‖²_F', numberOption({ min: 0 }))
      .option('--lambda-groups <list>', 'groups λ applies to (default W)', listOption)
      .option('--lambdas <list>', 'λ values of --preset lambda-sweep', numberListOption)
      .option('--data <spec>', 'online[:<batch>] (fresh samples every step), fixed:<size>[:<batch>], quadrature[:<points>] (population risk, d ≤ 3)', dataOption)
      .option('--steps <n>', 'training steps', integerOption(0, 100_000_000))
      .option('--every <n>', 'metrics cadence in steps (default steps/100)', integerOption(1, 100_000_000))
      .option('--test-size <n>', 'test samples (clean labels)', integerOption(1, 10_000_000))
      .option('--test-every <n>', 'test-loss cadence in steps (0: start and end only)', integerOption(0, 100_000_000))
      .option('--snapshots <n>', 'log-spaced snapshots of the first layer', integerOption(0, 100_000))
      .option('--neurons <n>', 'neurons kept in each snapshot', integerOption(1, 1_000_000))
      .option('--no-certificate', 'skip the second-order certificate at the end')
      .option('--cert-samples <n>', 'fixed Monte-Carlo samples of the certificate', integerOption(1, 10_000_000))
      .option('--lanczos <n>', 'Lanczos iterations of the certificate', integerOption(2, 10_000))
      .addOption(new Option('--hvp <how>', 'Hessian–vector products of the certificate').choices(['autodiff', 'finite-difference']))
      .option('--no-fused', 'differentiate with the tfjs tape instead of the fused forward/backward pass')
      .option('--out <file>', 'write the full result (history, trajectory, certificate) as JSON')
      .option('--svg <file>', 'write the figure: neuron trajectories (Fig. 3) and metric curves, or the study figure')
      .option('--save-params <file>', 'write the trained (or last finite) parameters as JSON'),
  run: async (_args, options, { io, registry, common }) => {
    const issues: InputIssue[] = [];
    const preset = options['preset'] as string;
    const isStudy = STUDIES.includes(preset);
    const out = options['out'] as string | undefined;
    const svg = options['svg'] as string | undefined;
    const saveParams = options['saveParams'] as string | undefined;
    if (out !== undefined && extname(out).toLowerCase() !== '.json') issues.push({ where: '--out', message: 'must end in .json', value: out });
    if (saveParams !== undefined && extname(saveParams).toLowerCase() !== '.json') issues.push({ where: '--save-params', message: 'must end in .json', value: saveParams });
    if (svg !== undefined && extname(svg).toLowerCase() !== '.svg') issues.push({ where: '--svg', message: 'must end in .svg', value: svg });
    if (options['trainOutput'] === true && options['freezeOutput'] === true) issues.push({ where: '--train-output', message: 'contradicts --freeze-output' });
    if (options['lambdas'] !== undefined && preset !== 'lambda-sweep') issues.push({ where: '--lambdas', message: 'is only used with --preset lambda-sweep', value: options['lambdas'] });
    if (options['lambdas'] !== undefined && (options['lambdas'] as number[]).some((l) => !(l > 0))) issues.push({ where: '--lambdas', message: 'must all be > 0', value: options['lambdas'] });
    if (isStudy && saveParams !== undefined) issues.push({ where: '--save-params', message: `a study runs several models; use a single-run preset`, value: saveParams });
    const flags = { ...options, ...(options['freezeOutput'] === true ? { trainOutput: false } : {}) };
    const file = options['solverConfig'] === undefined ? {} : await readConfig(options['solverConfig'] as string, issues);
    const { InputError, DerandError } = await import('@derand/registry');
    if (issues.length > 0) throw new InputError('BAD_FLAG', 'Invalid flags for derand structure:', issues);

    const sd = await import('@derand/structure-discovery');
    const groupsOf = (config: Config): string[] => sd.studentGroups(sd.parseStructureConfig(config));
    const configure = (base: Config): Config => applyFlags({ ...base, ...file }, flags, groupsOf, issues, isStudy);
    const study = isStudy ? sd.requireStudy(preset) : undefined;
    const studyRuns = study === undefined ? [] : preset === 'lambda-sweep' && options['lambdas'] !== undefined ? sd.lambdaSweepStudy(options['lambdas'] as number[]).runs : study.runs;
    const configs = study === undefined ? [configure(sd.structurePreset(preset) as Config)] : studyRuns.map((r) => configure(r.config as Config));
    // validate every configuration up front (schema and cross-field problems), before any compute
    for (const config of configs) {
      try {
        sd.parseStructureConfig(config);
      } catch (error) {
        if (error instanceof InputError) issues.push(...error.issues);
        else throw error;
      }
    }
    if (issues.length > 0) throw new InputError('BAD_FLAG', 'Invalid configuration for derand structure:', issues);

    const { startEngine } = await import('@derand/core');
    await startEngine({ backend: common.backend, registry });
    const { writeJson, writeSvg } = await import('../output.js');
    const context = (label: string, steps: number) => {
      const progress = io.progress(label, steps);
      return {
        progress,
        run: {
          registry,
          seed: common.seed,
          returnParams: saveParams !== undefined,
          emit: (event: { type: string; step?: number }) => {
            if (event.type === 'progress' && event.step !== undefined) progress.update(event.step + 1);
          },
        },
      };
    };

    if (study === undefined) {
      const config = configs[0]!;
      const { progress, run } = context(`structure ${preset}`, (config['steps'] as number | undefined) ?? sd.parseStructureConfig(config).steps);
      const result = sd.runStructureDiscovery(config, run);
      progress.done();
      const { params, ...rest } = result;
      if (out !== undefined) await writeJson(out, rest);
      if (saveParams !== undefined && params !== undefined) await writeJson(saveParams, { step: result.nonFinite?.returnedStep ?? result.steps, seed: result.seed, params });
      if (svg !== undefined) {
        const { structureRunFigure } = await import('@derand/plots/figures/structure');
        await writeSvg(svg, structureRunFigure(result, preset === 'paper-fig3' ? { orthFraction: 0.0012 } : undefined));
      }
      if (result.nonFinite !== undefined) {
        const saved = saveParams === undefined ? ' Use --save-params FILE to keep the last finite parameters.' : ` The last finite parameters (step ${result.nonFinite.returnedStep}) were saved to ${saveParams}.`;
        throw new DerandError('NON_FINITE', `Training diverged: the objective became non-finite at step ${result.nonFinite.step}.${saved} Lower the step sizes (--lr).`, {
          details: { step: result.nonFinite.step, returnedStep: result.nonFinite.returnedStep, ...(out === undefined ? {} : { result: out }), ...(saveParams === undefined ? {} : { params: saveParams }) },
        });
      }
      io.result(rest, () => describeRun(result) + (svg === undefined ? '' : `\n  figure          ${svg}`) + (out === undefined ? '' : `\n  result          ${out}`));
      return 0;
    }

    const runs = configs.map((config, i) => {
      const label = studyRuns[i]!.label;
      const { progress, run } = context(`${preset}: ${label}`, sd.parseStructureConfig(config).steps);
      const result = sd.runStructureDiscovery(config, run);
      progress.done();
      return { label, result };
    });
    const finished: Study = { name: study.name, title: study.title, kind: study.kind, runs };
    if (out !== undefined) await writeJson(out, finished);
    if (svg !== undefined) {
      const figures = await import('@derand/plots/figures/structure');
      const spec =
        finished.kind === 'lambda-sweep'
          ? figures.lambdaSweepFigure(
              runs.map(({ result: r }) => ({
                lambda: r.config.lambda,
                normWperp: r.normWperp,
                steinBound: r.certificate?.steinBound?.bound ?? null,
                theoremBound: r.certificate?.theoremBound.bound ?? null,
              })),
            )
          : figures.comparisonFigure(finished.title, runs.map(({ label, result }) => ({ label, history: result.history })));
      await writeSvg(svg, spec);
    }
    const diverged = runs.filter((r) => r.result.nonFinite !== undefined).map((r) => r.label);
    if (diverged.length > 0) throw new DerandError('NON_FINITE', `Training diverged in: ${diverged.join(', ')}. Lower the step sizes (--lr).`, { details: { runs: diverged } });
    io.result(studySummary(finished), () => describeStudy(finished) + (svg === undefined ? '' : `\n  figure ${svg}`) + (out === undefined ? '' : `\n  result ${out}`));
    return 0;
  },
};
