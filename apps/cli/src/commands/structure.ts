import { DerandError, z } from '@derand/registry';
import type { StructureResult, StudyResult } from '@derand/structure-discovery';
import { defineSolverCommand } from './presenter.js';

type Result = StructureResult;
type Study = StudyResult;

const endsWith = (path: string | undefined, extensions: readonly string[], where: string) =>
  path !== undefined && !extensions.some((e) => path.toLowerCase().endsWith(e)) ? [{ where, message: `must end in ${extensions.join(' or ')}`, value: path }] : [];

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

const runOutputs = z
  .object({
    out: z.string().optional().describe('write the full result (history, trajectory, certificate) as JSON (.json)'),
    svg: z.string().optional().describe('write the figure: neuron trajectories (Fig. 3) and metric curves (.svg)'),
    saveParams: z.string().optional().describe('write the trained (or last finite) parameters as JSON (.json)'),
  })
  .strict();

/** `derand structure`: train a student on a teacher and watch W collapse onto span(U). */
export const structureCommand = defineSolverCommand({
  name: 'structure',
  solver: 'structure-discovery',
  examples: [
    'derand structure --preset paper-fig3 --svg fig3.svg',
    'derand structure --preset paper-fig3 --json --out fig3.json',
    'derand structure --preset multi-index --json',
    'derand structure --preset deep --svg deep.svg',
    'derand structure --d 10 --k 2 --directions random --link hermite:2:normalized --width 256 --loss log-cosh --lr W=18,b=64 --steps 3000',
    'derand structure --plugin my-loss.mjs --loss cauchy --preset paper-fig3',
  ],
  outputs: runOutputs,
  checkOutputs: (o) => [...endsWith(o.out, ['.json'], '--out'), ...endsWith(o.svg, ['.svg'], '--svg'), ...endsWith(o.saveParams, ['.json'], '--save-params')],
  solverOptions: (o) => (o.saveParams === undefined ? {} : { returnParams: true }),
  present: async (result: Result, { io, outputs: o }) => {
    const { writeJson, writeSvg } = await import('../output.js');
    const { params, ...rest } = result;
    if (o.out !== undefined) await writeJson(o.out, rest);
    if (o.saveParams !== undefined && params !== undefined) await writeJson(o.saveParams, { step: result.nonFinite?.returnedStep ?? result.steps, seed: result.seed, params });
    if (o.svg !== undefined) {
      const { structureRunFigure } = await import('@derand/plots/figures/structure');
      await writeSvg(o.svg, structureRunFigure(result, result.config.preset === 'paper-fig3' ? { orthFraction: 0.0012 } : undefined));
    }
    if (result.nonFinite !== undefined) {
      const saved = o.saveParams === undefined ? ' Use --save-params FILE to keep the last finite parameters.' : ` The last finite parameters (step ${result.nonFinite.returnedStep}) were saved to ${o.saveParams}.`;
      throw new DerandError('NON_FINITE', `Training diverged: the objective became non-finite at step ${result.nonFinite.step}.${saved} Lower the step sizes (--lr).`, {
        details: { step: result.nonFinite.step, returnedStep: result.nonFinite.returnedStep, ...(o.out === undefined ? {} : { result: o.out }), ...(o.saveParams === undefined ? {} : { params: o.saveParams }) },
      });
    }
    io.result(rest, () => describeRun(result) + (o.svg === undefined ? '' : `\n  figure          ${o.svg}`) + (o.out === undefined ? '' : `\n  result          ${o.out}`));
    return 0;
  },
});

const studyOutputs = z
  .object({
    out: z.string().optional().describe('write every run’s full result as JSON (.json)'),
    svg: z.string().optional().describe('write the study figure (.svg)'),
  })
  .strict();

/** `derand structure-study`: several runs that show one generality claim in one figure. */
export const structureStudyCommand = defineSolverCommand({
  name: 'structure-study',
  solver: 'structure-study',
  examples: [
    'derand structure-study lambda-sweep --svg lambda.svg',
    'derand structure-study bias --overrides \'{"steps": 2000}\'',
    'derand structure-study losses --json',
  ],
  outputs: studyOutputs,
  checkOutputs: (o) => [...endsWith(o.out, ['.json'], '--out'), ...endsWith(o.svg, ['.svg'], '--svg')],
  present: async (finished: Study, { io, outputs: o }) => {
    const { writeJson, writeSvg } = await import('../output.js');
    if (o.out !== undefined) await writeJson(o.out, finished);
    if (o.svg !== undefined) {
      const figures = await import('@derand/plots/figures/structure');
      const spec =
        finished.kind === 'lambda-sweep'
          ? figures.lambdaSweepFigure(
              finished.runs.map(({ result: r }) => ({
                lambda: r.config.lambda,
                normWperp: r.normWperp,
                steinBound: r.certificate?.steinBound?.bound ?? null,
                theoremBound: r.certificate?.theoremBound.bound ?? null,
              })),
            )
          : figures.comparisonFigure(finished.title, finished.runs.map(({ label, result }) => ({ label, history: result.history })));
      await writeSvg(o.svg, spec);
    }
    const diverged = finished.runs.filter((r) => r.result.nonFinite !== undefined).map((r) => r.label);
    if (diverged.length > 0) throw new DerandError('NON_FINITE', `Training diverged in: ${diverged.join(', ')}. Lower the step sizes (--lr in --overrides).`, { details: { runs: diverged } });
    io.result(studySummary(finished), () => describeStudy(finished) + (o.svg === undefined ? '' : `\n  figure ${o.svg}`) + (o.out === undefined ? '' : `\n  result ${o.out}`));
    return 0;
  },
});
