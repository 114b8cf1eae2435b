import type { StructureHistoryPoint, TrajectoryData } from '@derand/plots/figures/structure';
import { structureRunFigure } from '@derand/plots/figures/structure';
import type { DemoDefinition } from './mount-demo.js';
import { numberField } from './form-fields.js';

/** The first-layer snapshot the structure-discovery solver streams (event name `first-layer`). */
interface FirstLayerSnapshot {
  readonly coordinates: 'raw' | 'projected';
  readonly points: readonly (readonly [number, number])[];
  readonly directions: readonly number[];
}

interface StructureState {
  readonly history: StructureHistoryPoint[];
  readonly steps: number[];
  readonly points: (readonly (readonly [number, number])[])[];
  coordinates: 'raw' | 'projected';
  directions: readonly number[];
}

/** What the structure-discovery solver returns that the demo shows. */
interface StructureResult {
  readonly orthFraction: number;
  readonly normWperp: number;
  readonly testLoss: number;
  readonly principalAnglesDeg: readonly number[];
  readonly msPerStep: number;
  readonly steps: number;
  readonly start: { readonly orthFraction: number; readonly testLoss: number };
}

/**
 * The options of the demo's run: the paper's Fig. 3 setting (d = 2, a tanh teacher along
 * u = (1, 1)/√2, a softplus student with trainable bias, the authors' PGD) at a width and length
 * a browser runs in seconds. The step sizes are the mean-field ones of the package's two-layer
 * presets, η_W = 0.8·√h and η_b = 0.25·h (`meanFieldStepSizes`, docs/decisions/0401); they are
 * computed here because the page itself does not load the solver packages (the worker does).
 */
export function structureOptions(width: number, lambda: number, steps: number): Record<string, unknown> {
  return {
    inputDim: 2,
    student: { widths: [width] },
    optimizer: { id: 'authors-pgd', options: { groups: { W: { learningRate: 0.8 * Math.sqrt(width) }, b: { learningRate: 0.25 * width } } } },
    lambda,
    steps,
    metricsEvery: Math.max(1, Math.ceil(steps / 100)),
    test: { size: 2000, every: Math.max(1, Math.ceil(steps / 10)) },
    snapshots: { count: 30, neurons: Math.min(width, 60) },
    certificate: { enabled: false },
  };
}

/** Structure discovery in d = 2: the first-layer rows collapse onto span(u) and the orth fraction falls. */
export const structureDemo: DemoDefinition<StructureState> = {
  spec: (controls) => ({
    spec: { solver: 'structure-discovery', options: structureOptions(numberField(controls, 'width', 100), numberField(controls, 'lambda', 1e-4), numberField(controls, 'steps', 2000)) },
    seed: numberField(controls, 'seed', 0),
  }),
  initial: () => ({ history: [], steps: [], points: [], coordinates: 'raw', directions: [Math.SQRT1_2, Math.SQRT1_2] }),
  event: (state, event) => {
    if (event.type === 'metrics') {
      const v = event.values;
      state.history.push({ step: event.step, value: v['value'] ?? NaN, orthFraction: v['orthFraction'] ?? NaN, normWperp: v['normWperp'] ?? NaN, ...(v['testLoss'] === undefined ? {} : { testLoss: v['testLoss'] }) });
      return true;
    }
    if (event.type === 'snapshot' && event.name === 'first-layer') {
      const data = event.data as FirstLayerSnapshot;
      state.steps.push(event.step);
      state.points.push(data.points);
      state.coordinates = data.coordinates;
      state.directions = data.directions;
      return true;
    }
    return false;
  },
  figure: (state) => {
    if (state.points.length === 0 || state.history.length === 0) return undefined;
    const trajectory: TrajectoryData = { steps: state.steps, points: state.points, coordinates: state.coordinates, directions: state.directions };
    return structureRunFigure({ trajectory, history: state.history });
  },
  figures: (_state, raw) => {
    const r = raw as StructureResult;
    return [
      { key: 'orthFractionStart', label: 'orth fraction at the start', value: r.start.orthFraction },
      { key: 'orthFraction', label: 'orth fraction at the end', value: r.orthFraction },
      { key: 'normWperp', label: '‖W⊥‖_F at the end', value: r.normWperp },
      { key: 'angle', label: 'angle between the rows of W and span(u)', value: r.principalAnglesDeg[0] ?? NaN, text: `${(r.principalAnglesDeg[0] ?? NaN).toFixed(3)}°` },
      { key: 'testLoss', label: 'test loss (start → end)', value: r.testLoss, text: `${r.start.testLoss.toPrecision(3)} → ${r.testLoss.toPrecision(3)}` },
      { key: 'steps', label: 'steps', value: r.steps },
      { key: 'msPerStep', label: 'ms per step', value: r.msPerStep },
    ];
  },
};
