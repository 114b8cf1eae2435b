import { maxcutFigure } from '@derand/plots/figures/maxcut';
import { DEMO_GRAPHS, type DemoGraph } from './graphs.js';
import type { DemoDefinition } from './mount-demo.js';
import { numberField, stringField } from './form-fields.js';

interface MaxcutState {
  readonly graph: DemoGraph;
  readonly history: { step: number; cut: number; normV?: number }[];
}

/** What the maxcut solver returns that the demo shows. */
interface MaxcutResult {
  readonly roundedCut: number;
  readonly gwExpected: number;
  readonly gwBest: number;
  readonly hyperplanes: number;
  readonly upperBound: number;
  readonly upperBoundVerified: boolean;
  readonly normV: number | null;
  readonly normV0: number | null;
  readonly collapsed: boolean | null;
  readonly steps: number | null;
  readonly exact?: { readonly cut: number; readonly method: string };
}

function graphOf(controls: FormData): DemoGraph {
  const id = stringField(controls, 'graph', DEMO_GRAPHS[0]!.id);
  return DEMO_GRAPHS.find((g) => g.id === id) ?? DEMO_GRAPHS[0]!;
}

/**
 * MAXCUT with the derandomized rounding on a small graph read from the site (the worker fetches
 * the file through the solver's file access): ‖V‖_F collapses while the cut of sign(μ) settles,
 * next to E[GW], the certified upper bound and the proven optimum. No polish, so the cut shown
 * is the rounding's own.
 */
export const maxcutDemo: DemoDefinition<MaxcutState> = {
  spec: (controls) => {
    const graph = graphOf(controls);
    return {
      spec: {
        solver: 'maxcut',
        options: {
          graph: graph.url,
          format: 'rudy',
          rounding: { id: 'derandomized', options: { tau: numberField(controls, 'tau', 0.1), lambda: numberField(controls, 'lambda', 2e-4), maxSteps: numberField(controls, 'steps', 3000) } },
          polish: 'none',
          hyperplanes: 100,
          exact: graph.exact,
        },
      },
      seed: numberField(controls, 'seed', 0),
    };
  },
  initial: (controls) => ({ graph: graphOf(controls), history: [] }),
  event: (state, event) => {
    if (event.type !== 'metrics') return false;
    const { cut, normV } = event.values;
    if (cut === undefined) return false;
    state.history.push({ step: event.step, cut, ...(normV === undefined ? {} : { normV }) });
    return true;
  },
  figure: (state, raw) => {
    if (state.history.length === 0) return undefined;
    const r = raw as MaxcutResult | undefined;
    const references = [
      { label: `optimum ${state.graph.optimum}`, value: state.graph.optimum, dashed: true, color: '#d62728' },
      ...(r === undefined
        ? []
        : [
            { label: `E[GW] ${r.gwExpected.toFixed(1)}`, value: r.gwExpected, dashed: true, color: '#7f7f7f' },
            { label: `upper bound ${r.upperBound.toFixed(1)}`, value: r.upperBound, dashed: true, color: '#2ca02c' },
          ]),
    ];
    return maxcutFigure({ graph: state.graph.id, runs: [{ label: 'derandomized', history: state.history }], references });
  },
  figures: (state, raw) => {
    const r = raw as MaxcutResult;
    return [
      { key: 'cut', label: 'cut of sign(μ) (no polish)', value: r.roundedCut },
      { key: 'optimum', label: `optimum (${state.graph.optimumSource})`, value: r.exact?.cut ?? state.graph.optimum },
      { key: 'shortfall', label: 'optimum − cut', value: (r.exact?.cut ?? state.graph.optimum) - r.roundedCut },
      { key: 'gwExpected', label: 'E[GW], the expected hyperplane cut', value: r.gwExpected },
      { key: 'gwBest', label: `best of ${r.hyperplanes} random hyperplanes`, value: r.gwBest },
      { key: 'upperBound', label: `upper bound on every cut${r.upperBoundVerified ? ' (verified)' : ''}`, value: r.upperBound },
      { key: 'normV0', label: '‖V‖_F at the start (SDP vectors)', value: r.normV0 ?? NaN },
      { key: 'normV', label: '‖V‖_F at the end', value: r.normV ?? NaN },
      { key: 'collapsed', label: 'V collapsed', value: r.collapsed ?? false },
      { key: 'steps', label: 'rounding steps', value: r.steps ?? 0 },
    ];
  },
};
