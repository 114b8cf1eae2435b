import * as tf from '@tensorflow/tfjs-core';
import { createPart, InputError, isDerandError, mergeOptions, resolvePart, type AnyRegistry, type InputIssue, type PartRef, type SolverEvent } from '@derand/registry';
import { checkGroupNames, countParams, disposeParams, disposeState, foldIn, keyFromSeed, minimize, randomNormal, type GradientTransformation, type Params } from '@derand/core';
import { describeMlp, type Mlp, type ModelFactory, type Teacher } from '@derand/models';
import type { Loss } from '@derand/losses';
import { ALL_GROUPS } from '../config/step-sizes.js';
import { lambdaGroupsOf, parseStructureConfig, resolveGroupAlias, studentGroups, studentSpec, teacherSpec, type NormalizedStructureConfig, type StructureConfig } from '../config/config.js';
import { subspaceMetrics } from '../metrics/subspace-metrics.js';
import { createDataSource } from '../objective/data.js';
import { structureObjective } from '../objective/structure-objective.js';
import { certifyStructure } from './certify-structure.js';
import { logSpacedSteps } from './log-spaced.js';
import { structureRegistry } from './registry.js';
import { coordinatesOf, hostParams, pickNeurons } from './trajectory.js';
import type { StructureCertificate, StructureHistoryRow, StructureResult, StructureTrajectory } from './result.js';

/** What a run needs besides its configuration. */
export interface StructureRunContext {
  /** Registry to resolve the loss, optimizer, student model and teacher (completed with the built-ins). */
  readonly registry?: AnyRegistry;
  /** Root seed (default 0): every random stream of the run is derived from it. */
  readonly seed?: number;
  readonly emit?: (event: SolverEvent) => void;
  readonly signal?: AbortSignal;
  /** Also return the trained parameters as host arrays (`result.params`), e.g. to save them. */
  readonly returnParams?: boolean;
}

interface Resolved {
  readonly loss: Loss;
  readonly optimizer: GradientTransformation<unknown>;
  readonly student: ModelFactory<unknown, Mlp>;
  readonly teacher: ModelFactory<unknown, Teacher>;
}

/**
 * The optimizer's options with the solver's `learningRate` merged in through the shared
 * optimizer contract: a step size for all groups replaces every group's own, then per-group
 * ones apply ('a' names the output weights).
 */
function withStepSizes(ref: PartRef, config: NormalizedStructureConfig): PartRef {
  const lr = config.learningRate;
  if (lr === undefined) return ref;
  const options: Record<string, unknown> = { ...ref.options };
  const groups: Record<string, Record<string, unknown>> = { ...((options['groups'] ?? {}) as Record<string, Record<string, unknown>>) };
  const { [ALL_GROUPS]: all, ...perGroup } = lr;
  if (all !== undefined) {
    options['learningRate'] = all;
    for (const [name, settings] of Object.entries(groups)) groups[name] = Object.fromEntries(Object.entries(settings).filter(([key]) => key !== 'learningRate'));
  }
  for (const [g, value] of Object.entries(perGroup)) {
    const name = resolveGroupAlias(g, config.student.widths);
    groups[name] = { ...groups[name], learningRate: value };
  }
  return { id: ref.id, options: Object.keys(groups).length === 0 ? options : { ...options, groups } };
}

function resolveParts(config: NormalizedStructureConfig, registry: AnyRegistry): Resolved {
  const issues: InputIssue[] = [];
  const loss = createPart<Loss>(registry, 'loss', config.loss, 'loss', issues);
  const optimizerRef = withStepSizes(config.optimizer, config);
  const optimizerPart = resolvePart(registry, 'optimizer', optimizerRef, 'optimizer', issues);
  if (optimizerPart !== undefined) issues.push(...checkGroupNames(optimizerPart.options, studentGroups(config), 'optimizer.options'));
  const optimizer =
    optimizerPart === undefined || issues.length > 0 ? undefined : createPart<GradientTransformation<unknown>>(registry, 'optimizer', optimizerRef, 'optimizer', issues, { totalSteps: config.steps, registry });
  const student = createPart<ModelFactory<unknown, Mlp>>(
    registry,
    'model',
    { id: config.studentModel.id, options: mergeOptions(studentSpec(config), config.studentModel.options) as Record<string, unknown> },
    'studentModel',
    issues,
    { registry },
  );
  const teacher = createPart<ModelFactory<unknown, Teacher>>(
    registry,
    'teacher',
    { id: config.teacherModel.id, options: mergeOptions(teacherSpec(config), config.teacherModel.options) as Record<string, unknown> },
    'teacherModel',
    issues,
    { registry },
  );
  if (loss !== undefined) {
    if (loss.targets === 'sign' && config.teacher.labels !== 'sign') {
      issues.push({ where: 'teacher.labels', message: `loss '${loss.id}' expects ±1 targets: use labels 'sign'`, value: config.teacher.labels });
    }
    if (loss.targets === 'one-hot' && config.teacher.labels !== 'argmax') {
      issues.push({ where: 'teacher.labels', message: `loss '${loss.id}' expects one-hot classes: use labels 'argmax' (k ≥ 2)`, value: config.teacher.labels });
    }
  }
  if (issues.length > 0 || loss === undefined || optimizer === undefined || student === undefined || teacher === undefined) {
    throw new InputError('BAD_CONFIG', 'Invalid structure-discovery configuration:', issues);
  }
  return { loss, optimizer, student, teacher };
}

/**
 * Trains a student on a teacher and measures structure discovery (paper §4, Fig. 3): builds
 * teacher, student, data, the regularised risk and the optimizer (both resolved through the
 * registry), runs the core `minimize` loop with subspace metrics at the cadence and log-spaced
 * snapshots of the first layer, evaluates the test loss, and certifies the returned point.
 *
 * Every random stream derives from the root seed: teacher directions, initial weights, data,
 * test set, perturbations and certificate each get their own `foldIn` of it, so the same seed
 * gives the same result on the same backend.
 *
 * @throws InputError (BAD_CONFIG) listing every problem of the configuration.
 * @example
 * const result = runStructureDiscovery(paperFig3Preset(), { seed: 0 });
 * console.log(result.orthFraction, result.testLoss, result.certificate?.isSOSP);
 * @see Tsikouras, Pantis, Mitliagkas & Tzamos, "A Derandomization Framework for Structure Discovery", ICLR 2026, §4 and Fig. 3.
 */
export function runStructureDiscovery(raw: StructureConfig, context: StructureRunContext = {}): StructureResult {
  return trainStructure(parseStructureConfig(raw), context);
}

/**
 * {@link runStructureDiscovery} on options already validated by the solver's schema (what the
 * `structure-discovery` solver plugin receives).
 *
 * @example const result = trainStructure(parseStructureConfig({ steps: 100 }), { seed: 1 });
 */
export function trainStructure(config: NormalizedStructureConfig, context: StructureRunContext = {}): StructureResult {
  const registry = structureRegistry(context.registry);
  const { loss, optimizer, student, teacher: teacherFactory } = resolveParts(config, registry);
  const seed = context.seed ?? 0;
  const root = keyFromSeed(seed);
  const emit = context.emit ?? (() => undefined);
  const warnings: string[] = [];
  const started = performance.now();
  const teacher = teacherFactory.build(foldIn(root, 'teacher'));
  const mlp = student.build(foldIn(root, 'student'));
  const data = createDataSource(config.data, teacher, foldIn(root, 'data'));
  const d = config.inputDim;
  const h = config.student.widths[0]!;
  const xTest = randomNormal<tf.Rank.R2>(foldIn(root, 'test'), [config.test.size, d]);
  const yTest = teacher.clean(xTest);
  let callbackMs = 0;
  try {
    const objective = structureObjective({ mlp, loss, data, lambda: config.lambda, lambdaGroups: lambdaGroupsOf(config), ...(config.fused === undefined ? {} : { fused: config.fused }) });
    const metricsOf = (params: Params) => subspaceMetrics(params['W']!.dataSync(), h, d, teacher.directions, teacher.k);
    const every = config.metricsEvery ?? Math.max(1, Math.ceil(config.steps / 100));
    const testEvery = config.test.every;
    const neurons = pickNeurons(h, config.snapshots.neurons);
    const snapshotSteps = logSpacedSteps(config.steps, config.snapshots.count);
    const startMetrics = metricsOf(mlp.init);
    const start = { orthFraction: startMetrics.orthFraction, normWperp: startMetrics.normWperp, testLoss: objective.evaluate(mlp.init, xTest, yTest) };
    const loopStart = performance.now();
    const run = minimize(objective, optimizer, {
      steps: config.steps,
      key: foldIn(root, 'train'),
      every,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
      metrics: (params, step) => {
        const t0 = performance.now();
        const m = metricsOf(params);
        const row: Record<string, number> = { orthFraction: m.orthFraction, normWperp: m.normWperp, relWperp: m.relWperp, effectiveRank: m.effectiveRank };
        if ((testEvery > 0 && step % testEvery === 0) || step === 0 || step === config.steps - 1) row['testLoss'] = objective.evaluate(params, xTest, yTest);
        callbackMs += performance.now() - t0;
        return row;
      },
      snapshotSteps,
      snapshot: (params, step) => {
        const t0 = performance.now();
        const points = coordinatesOf(params['W']!.dataSync(), d, neurons, teacher.directions);
        callbackMs += performance.now() - t0;
        // Streamed as it is taken, so a live view can draw the neurons moving (the docs' demo).
        emit({ type: 'snapshot', step, name: 'first-layer', data: { coordinates: d === 2 ? 'raw' : 'projected', neurons, points, directions: Array.from(teacher.directions) } });
        return points;
      },
      onEvent: (event) => {
        if (event.type === 'progress') emit({ type: 'progress', step: event.step, total: event.total, label: 'structure' });
        else if (event.type === 'metrics') emit({ type: 'metrics', step: event.step, values: event.values });
      },
    });
    const loopMs = performance.now() - loopStart - callbackMs;
    try {
      if (run.nonFinite !== undefined) {
        warnings.push(
          `The objective became non-finite at step ${run.nonFinite.step}; the result is the last finite state (step ${run.nonFinite.returnedStep}). Lower the step sizes.`,
        );
      }
      const end = metricsOf(run.params);
      const testLoss = objective.evaluate(run.params, xTest, yTest);
      const history = run.history as unknown as StructureHistoryRow[];
      const tail = history.slice(Math.floor(history.length * 0.9));
      const trainLoss = tail.reduce((s, r) => s + r.value, 0) / Math.max(1, tail.length);
      const trajectory: StructureTrajectory = {
        steps: run.snapshots.map((s) => s.step),
        neurons,
        coordinates: d === 2 ? 'raw' : 'projected',
        points: run.snapshots.map((s) => s.data as [number, number][]),
        directions: Array.from(teacher.directions),
      };
      let certificate: StructureCertificate | undefined;
      const certificateStart = performance.now();
      if (run.nonFinite === undefined) {
        try {
          certificate = certifyStructure(config, mlp, teacher, loss, run.params, end.normWperp, foldIn(root, 'certificate'));
        } catch (error) {
          if (!isDerandError(error)) throw error;
          warnings.push(`The certificate failed: ${error.message}`);
        }
      }
      const certificateSeconds = (performance.now() - certificateStart) / 1000;
      emit({ type: 'done', step: run.steps });
      return {
        solver: 'structure-discovery',
        version: 1,
        seed,
        backend: tf.getBackend(),
        config,
        model: describeMlp(mlp),
        trainable: [...mlp.trainable],
        parameters: countParams(mlp.init),
        loss: loss.label,
        optimizer: config.optimizer.id,
        steps: run.steps,
        reason: run.reason,
        ...(run.nonFinite === undefined ? {} : { nonFinite: run.nonFinite }),
        msPerStep: run.steps > 0 ? loopMs / run.steps : 0,
        wallSeconds: (performance.now() - started) / 1000,
        timings: { trainingSeconds: loopMs / 1000, metricsSeconds: callbackMs / 1000, certificateSeconds },
        start,
        orthFraction: end.orthFraction,
        normW: end.normW,
        normWperp: end.normWperp,
        relWperp: end.relWperp,
        principalAnglesDeg: end.principalAnglesDeg,
        singularValues: end.singularValues,
        effectiveRank: end.effectiveRank,
        stableRank: end.stableRank,
        trainLoss,
        testLoss,
        history,
        trajectory,
        ...(certificate === undefined ? {} : { certificate }),
        ...(context.returnParams === true ? { params: hostParams(run.params) } : {}),
        warnings,
      };
    } finally {
      disposeParams(run.params);
      disposeState(run.state);
    }
  } finally {
    tf.dispose([xTest, yTest]);
    data.dispose();
    mlp.dispose();
    teacher.dispose();
  }
}

