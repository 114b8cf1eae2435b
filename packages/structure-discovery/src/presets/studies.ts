import { closestMatches, DerandError, mergeOptions } from '@derand/registry';
import type { StructureConfig } from '../config/config.js';
import type { StructureResult } from '../solver/result.js';
import { runStructureDiscovery, type StructureRunContext } from '../solver/run-structure-discovery.js';
import { deepPreset, meanFieldStepSizes } from './presets.js';

/** One labelled configuration of a study. */
export interface StudyRun {
  readonly label: string;
  readonly config: StructureConfig;
}

/** Several runs that make one generality claim visible in one figure. */
export interface StructureStudy {
  readonly name: string;
  readonly title: string;
  /** `lambda-sweep`: ‖W⊥‖ against λ with the bounds; `comparison`: orth fraction over steps per run. */
  readonly kind: 'lambda-sweep' | 'comparison';
  readonly runs: readonly StudyRun[];
}

/** A finished study. */
export interface StudyResult {
  readonly solver: 'structure-study';
  readonly name: string;
  readonly title: string;
  readonly kind: 'lambda-sweep' | 'comparison';
  readonly runs: readonly { readonly label: string; readonly result: StructureResult }[];
  /** Set when a time limit or abort stopped the study before its last run. */
  readonly stoppedEarly?: boolean;
}

/** The paper's setting at h = 256 and 5000 steps, the base of the bias and loss studies. */
function smallPaper(): StructureConfig {
  const h = 256;
  return {
    student: { widths: [h] },
    optimizer: { id: 'authors-pgd', options: { groups: meanFieldStepSizes(h) } },
    steps: 5000,
    test: { every: 0 },
    certificate: { enabled: false },
  };
}

/**
 * λ from 1e-2 to 1e-6 on the population risk (d = 2, Gauss–Hermite with 32² nodes, h = 100,
 * full-batch gradient descent, 4000 steps): ‖W⊥‖_F at the end against Stein's bound and
 * Theorem 4.1's bound, each from the certificate at the returned point.
 *
 * @example const study = lambdaSweepStudy([1e-2, 1e-4, 1e-6]);
 */
export function lambdaSweepStudy(lambdas: readonly number[] = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6]): StructureStudy {
  const h = 100;
  const steps = meanFieldStepSizes(h);
  const base: StructureConfig = {
    student: { widths: [h] },
    data: { kind: 'quadrature', points: 32 },
    optimizer: { id: 'gd', options: { learningRate: steps.W.learningRate, groups: { b: steps.b } } },
    steps: 4000,
    test: { every: 0 },
    snapshots: { count: 20, neurons: 50 },
    certificate: { lanczosSteps: 30 },
  };
  return {
    name: 'lambda-sweep',
    title: '‖W⊥‖_F against λ (population risk, d = 2)',
    kind: 'lambda-sweep',
    runs: lambdas.map((lambda) => ({ label: `λ = ${lambda}`, config: { ...base, lambda } })),
  };
}

/**
 * Trainable against frozen first-layer bias in the paper's setting (h = 256, 5000 steps).
 *
 * @example runStudy(biasStudy());
 */
export function biasStudy(): StructureStudy {
  const base = smallPaper();
  const h = 256;
  return {
    name: 'bias',
    title: 'First-layer bias trainable or frozen',
    kind: 'comparison',
    runs: [
      { label: 'bias trainable', config: base },
      {
        label: 'bias frozen',
        config: {
          ...base,
          student: { widths: [h], bias: 'frozen' },
          optimizer: { id: 'authors-pgd', options: { groups: { W: meanFieldStepSizes(h).W }, perturb: { groups: ['W'] } } },
        },
      },
    ],
  };
}

/**
 * Two (or more) smooth losses in the paper's setting (h = 256, 5000 steps): squared error,
 * log-cosh and pseudo-Huber.
 *
 * @example runStudy(lossStudy());
 */
export function lossStudy(losses: readonly string[] = ['mse', 'log-cosh', 'huber']): StructureStudy {
  const base = smallPaper();
  return {
    name: 'losses',
    title: 'Different smooth losses',
    kind: 'comparison',
    runs: losses.map((id) => ({ label: id, config: { ...base, loss: { id, options: {} } } })),
  };
}

/**
 * Students of depth 2, 3 and 4 with every parameter trainable (see {@link deepPreset}).
 *
 * @example runStudy(depthStudy([3, 4]));
 */
export function depthStudy(depths: readonly number[] = [2, 3, 4]): StructureStudy {
  return {
    name: 'depth',
    title: 'Depth 2–4, all parameters trainable',
    kind: 'comparison',
    runs: depths.map((depth) => ({ label: `depth ${depth}`, config: { ...deepPreset(depth), certificate: { enabled: false } } })),
  };
}

/** Studies by name. */
export const STRUCTURE_STUDIES = {
  'lambda-sweep': () => lambdaSweepStudy(),
  bias: biasStudy,
  losses: () => lossStudy(),
  depth: () => depthStudy(),
} as const;
export type StructureStudyName = keyof typeof STRUCTURE_STUDIES;

/**
 * The study of a name, or undefined when `name` is not a study.
 *
 * @example structureStudy('bias')?.runs.length; // 2
 */
export function structureStudy(name: string): StructureStudy | undefined {
  return (STRUCTURE_STUDIES as Record<string, (() => StructureStudy) | undefined>)[name]?.();
}

/**
 * The study of a name; throws (UNKNOWN_PRESET) listing the studies and the closest name otherwise.
 *
 * @example requireStudy('lambda-sweep').runs.length; // 5
 */
export function requireStudy(name: string): StructureStudy {
  const study = structureStudy(name);
  if (study !== undefined) return study;
  const names = Object.keys(STRUCTURE_STUDIES);
  const closest = closestMatches(name, names);
  throw new DerandError('UNKNOWN_PRESET', `Unknown study '${name}'.${closest.length > 0 ? ` Did you mean ${closest.map((c) => `'${c}'`).join(', ')}?` : ''} Studies: ${names.join(', ')}.`);
}

/** A study's runs with `overrides` layered over each run's configuration. */
export function withOverrides(study: StructureStudy, overrides: StructureConfig): StructureStudy {
  return { ...study, runs: study.runs.map((run) => ({ label: run.label, config: mergeOptions(run.config, overrides) as StructureConfig })) };
}

/**
 * Runs every configuration of a study with the same seed, one after another; stops between runs
 * when the context's signal aborts.
 *
 * @param onRun called before each run with its index and label (for progress).
 * @example const result = runStudy(lambdaSweepStudy(), { seed: 0 });
 */
export function runStudy(study: StructureStudy, context: StructureRunContext = {}, onRun?: (index: number, label: string) => void): StudyResult {
  const runs: { label: string; result: StructureResult }[] = [];
  for (const [i, run] of study.runs.entries()) {
    if (i > 0 && context.signal?.aborted === true) break;
    onRun?.(i, run.label);
    runs.push({ label: run.label, result: runStructureDiscovery(run.config, context) });
  }
  return { solver: 'structure-study', name: study.name, title: study.title, kind: study.kind, runs, ...(runs.length < study.runs.length ? { stoppedEarly: true } : {}) };
}
