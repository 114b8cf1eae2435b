import { jlFigure, type JlCurvePoint } from '@derand/plots/figures/jl';
import { DEMO_DATASETS, type DemoDataset } from './datasets.js';
import type { DemoDefinition } from './mount-demo.js';
import { numberField, stringField } from './form-fields.js';

interface JlState {
  readonly dataset: DemoDataset;
  readonly k: number;
  readonly curve: JlCurvePoint[];
}

/** What the jl solver returns that the demo shows. */
interface JlResult {
  readonly k: number;
  readonly data: { readonly n: number; readonly d: number };
  readonly pairsMax: number;
  readonly pairsMean: number;
  readonly sigma: number | null;
  readonly steps: number;
  readonly baselines: readonly { readonly id: string; readonly trials: number; readonly meanMax: number; readonly bestMax: number }[];
}

function datasetOf(controls: FormData): DemoDataset {
  const id = stringField(controls, 'dataset', DEMO_DATASETS[0]!.id);
  return DEMO_DATASETS.find((d) => d.id === id) ?? DEMO_DATASETS[0]!;
}

function baseline(r: JlResult, id: string): JlResult['baselines'][number] | undefined {
  return r.baselines.find((b) => b.id === id);
}

/**
 * JL by derandomized optimisation on a small data set: the fitted matrix's max pairwise
 * distortion over the iterations (and the sampler's σ collapsing), against the Gaussian
 * projection (mean and best of 100 draws) and PCA.
 */
export const jlDemo: DemoDefinition<JlState> = {
  spec: (controls) => {
    const dataset = datasetOf(controls);
    const seed = numberField(controls, 'seed', 0);
    return {
      spec: {
        solver: 'jl',
        options: {
          data: dataset.data(seed),
          k: numberField(controls, 'k', dataset.k),
          lambda: numberField(controls, 'lambda', 1e-4),
          steps: numberField(controls, 'steps', 500),
          baselines: ['gaussian', 'pca'],
          trials: 100,
        },
      },
      seed,
    };
  },
  initial: (controls) => {
    const dataset = datasetOf(controls);
    return { dataset, k: numberField(controls, 'k', dataset.k), curve: [] };
  },
  event: (state, event) => {
    if (event.type !== 'metrics') return false;
    const { max, sigma } = event.values;
    if (max === undefined) return false;
    state.curve.push({ step: event.step, max, ...(sigma === undefined ? {} : { sigma }) });
    return true;
  },
  figure: (state, raw) => {
    if (state.curve.length === 0) return undefined;
    const r = raw as JlResult | undefined;
    const gaussian = r === undefined ? undefined : baseline(r, 'gaussian');
    const pca = r === undefined ? undefined : baseline(r, 'pca');
    const baselines = [
      ...(gaussian === undefined
        ? []
        : [
            { label: `Gaussian, mean of ${gaussian.trials}`, value: gaussian.meanMax },
            { label: `Gaussian, best of ${gaussian.trials}`, value: gaussian.bestMax },
          ]),
      ...(pca === undefined ? [] : [{ label: 'PCA', value: pca.bestMax }]),
    ];
    return jlFigure({ problem: 'pairwise', k: state.k, runs: [{ label: 'derandomized', curve: state.curve }], baselines, ...(gaussian === undefined ? {} : { trials: gaussian.trials }) });
  },
  figures: (_state, raw) => {
    const r = raw as JlResult;
    const gaussian = baseline(r, 'gaussian');
    const pca = baseline(r, 'pca');
    return [
      { key: 'data', label: 'data (n × d → k)', value: `${r.data.n}x${r.data.d}`, text: `${r.data.n} × ${r.data.d} → k = ${r.k}` },
      { key: 'pairsMax', label: 'max pairwise distortion of the fitted matrix', value: r.pairsMax },
      { key: 'gaussianBest', label: `Gaussian projection, best of ${gaussian?.trials ?? 0}`, value: gaussian?.bestMax ?? NaN },
      { key: 'gaussianMean', label: `Gaussian projection, mean of ${gaussian?.trials ?? 0}`, value: gaussian?.meanMax ?? NaN },
      { key: 'pca', label: 'PCA', value: pca?.bestMax ?? NaN },
      { key: 'sigma', label: 'σ of the sampler at the end', value: r.sigma ?? NaN },
      { key: 'steps', label: 'steps', value: r.steps },
    ];
  },
};
