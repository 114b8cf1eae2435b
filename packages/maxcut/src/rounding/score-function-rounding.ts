import * as tf from '@tensorflow/tfjs-core';
import {
  disposeParams,
  disposeState,
  foldIn,
  gradientDescent,
  minimize,
  randomNormal,
  sampleNormal,
  type Objective,
  type RandomKey,
} from '@derand/core';
import { symmetricEigen } from '@derand/core/linalg';
import { DerandError } from '@derand/registry';
import type { Graph } from '../graph/graph.js';
import { cutValue, signSides, type Sides } from '../cut/cut-value.js';
import type { SdpSolution } from '../sdp/mixing-method.js';

export interface ScoreFunctionOptions {
  readonly key: RandomKey;
  /** Fixed vectors: the SDP vectors (default) or, as the authors' code, all adjacency eigenvectors (n ≤ 300). */
  readonly vectors?: 'sdp' | 'spectral';
  /** Steps (default 5000, as the authors' code). */
  readonly steps?: number;
  /** Samples per gradient estimate (default 100). */
  readonly samples?: number;
  /** λ of λ‖σ‖² (default 1). */
  readonly lambda?: number;
  /** Step sizes of m and log σ (defaults 0.01 and 0.001), divided by 1.02 and 1.03 every 100 steps. */
  readonly learningRateMean?: number;
  readonly learningRateLogSigma?: number;
  /** Metrics cadence (default 50): mean cut of 10 samples and max σ. */
  readonly every?: number;
  readonly onMetrics?: (record: ScoreFunctionRecord) => void;
  readonly signal?: AbortSignal;
}

export interface ScoreFunctionRecord {
  readonly step: number;
  /** Mean cut of 10 samples x = sign(V r), r ~ N(m, diag σ²). */
  readonly cut: number;
  readonly maxSigma: number;
}

export interface ScoreFunctionResult {
  /** The deterministic cut sign(V m). */
  readonly sides: Sides;
  readonly cut: number;
  readonly maxSigma: number;
  readonly steps: number;
  readonly history: ScoreFunctionRecord[];
}

/** All eigenvectors of the adjacency matrix as the columns of an orthogonal V (the authors' spectral proxy). */
function spectralVectors(graph: Graph): { vectors: Float64Array; rank: number } {
  if (graph.n > 300) throw new DerandError('TOO_LARGE', `The spectral vectors of the authors' code need a dense eigendecomposition; limited to n ≤ 300 (${graph.name} has ${graph.n}). Use vectors 'sdp'.`);
  const a: number[][] = Array.from({ length: graph.n }, () => new Array<number>(graph.n).fill(0));
  for (let e = 0; e < graph.m; e++) {
    a[graph.from[e]!]![graph.to[e]!] = graph.weight[e]!;
    a[graph.to[e]!]![graph.from[e]!] = graph.weight[e]!;
  }
  // V = [u_1 … u_n] (column k = eigenvector k): the eigenvector matrix itself, row-major
  return { vectors: symmetricEigen(a).vectors, rank: graph.n };
}

/**
 * The rounding of the paper's public code, as a reproduction mode: the vectors V stay fixed,
 * and a Gaussian sampler r ~ N(m, diag σ²) over the hyperplane normal is trained by the
 * score-function (REINFORCE) estimator
 *   ∇_m E[cut] ≈ (1/N)Σ (cut_s − c̄)(r_s − m)/σ²,  ∇_σ E[cut] ≈ (1/N)Σ (cut_s − c̄)((r_s − m)²/σ³ − 1/σ),
 * with cut_s the cut of sign(V r_s), a mean baseline c̄, and the penalty λ‖σ‖² (λ = 1), by gradient
 * ascent with the code's step sizes and decays (m: 0.01/1.02^(t/100), log σ: 0.001/1.03^(t/100)).
 * Differences from that code: σ is parameterised by log σ with the chain rule, without the
 * +0.5 floor, the clamp or the max-σ gradient substitution. The output is sign(V m).
 *
 * @param graph - the graph
 * @param sdp - the SDP solution (used when `vectors` is 'sdp')
 * @param options - key, vectors ('sdp'), steps (5000), samples (100), λ (1), step sizes
 * @see paper appendix (MAXCUT experiment); Williams (1992), REINFORCE.
 */
export function scoreFunctionRounding(graph: Graph, sdp: SdpSolution, options: ScoreFunctionOptions): ScoreFunctionResult {
  const fixed = options.vectors === 'spectral' ? spectralVectors(graph) : { vectors: sdp.vectors, rank: sdp.rank };
  const { rank } = fixed;
  const samples = options.samples ?? 100;
  const lambda = options.lambda ?? 1;
  // cut of sign(V r) for each row r of R [N, r]: on the host, as sign has no gradient anyway
  const cutsOf = (R: Float32Array, count: number): Float32Array => {
    const cuts = new Float32Array(count);
    const sides = new Int8Array(graph.n);
    const vectors = fixed.vectors;
    for (let s = 0; s < count; s++) {
      for (let i = 0; i < graph.n; i++) {
        let y = 0;
        for (let t = 0; t < rank; t++) y += vectors[i * rank + t]! * R[s * rank + t]!;
        sides[i] = y >= 0 ? 1 : -1;
      }
      cuts[s] = cutValue(graph, sides);
    }
    return cuts;
  };
  const objective: Objective = {
    init: { m: tf.keep(tf.zeros([rank])), logSigma: tf.keep(tf.zeros([rank])) },
    value: (params, key) =>
      tf.tidy(() => {
        const m = params['m']!;
        const logSigma = params['logSigma']!;
        const sigma = tf.exp(logSigma);
        const xi = randomNormal(foldIn(key, 'score'), [samples, rank]);
        // the samples enter log p as constants (score-function estimator)
        const R = tf.tensor2d(tf.add(m, tf.mul(sigma, xi)).dataSync() as Float32Array, [samples, rank]);
        const cuts = cutsOf(R.dataSync() as Float32Array, samples);
        const mean = cuts.reduce((a, b) => a + b, 0) / samples;
        const advantage = tf.tensor1d(Float32Array.from(cuts, (c) => c - mean));
        const logp = tf.sum(tf.sub(tf.neg(logSigma), tf.div(tf.square(tf.sub(R, m)), tf.mul(2, tf.square(sigma)))), 1);
        // f = −(surrogate of E[cut]) + λ‖σ‖²; its gradient is the REINFORCE estimate
        const surrogate = tf.div(tf.sum(tf.mul(advantage, logp)), samples);
        return tf.add<tf.Scalar>(tf.neg(tf.add(surrogate, mean)), tf.mul(lambda, tf.sum(tf.square(sigma))));
      }),
    dispose: () => tf.dispose([objective.init['m']!, objective.init['logSigma']!]),
  };
  const lrMean = options.learningRateMean ?? 0.01;
  const lrSigma = options.learningRateLogSigma ?? 0.001;
  const history: ScoreFunctionRecord[] = [];
  const metricsKey = foldIn(options.key, 'metrics');
  try {
    const run = minimize(
      objective,
      gradientDescent({
        learningRate: (t) => lrMean / 1.02 ** Math.floor(t / 100),
        groups: { logSigma: { learningRate: (t) => lrSigma / 1.03 ** Math.floor(t / 100) } },
      }),
      {
        steps: options.steps ?? 5000,
        key: foldIn(options.key, 'train'),
        every: options.every ?? 50,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        metrics: (params, step) => {
          const m = params['m']!.dataSync();
          const sigma = Array.from(params['logSigma']!.dataSync(), Math.exp);
          const xi = sampleNormal(foldIn(metricsKey, step), 10 * rank);
          const R = new Float32Array(10 * rank);
          for (let s = 0; s < 10; s++) for (let t = 0; t < rank; t++) R[s * rank + t] = m[t]! + sigma[t]! * xi[s * rank + t]!;
          const cuts = cutsOf(R, 10);
          const record = { step, cut: cuts.reduce((a, b) => a + b, 0) / 10, maxSigma: Math.max(...sigma) };
          history.push(record);
          options.onMetrics?.(record);
          return { cut: record.cut, maxSigma: record.maxSigma };
        },
      },
    );
    try {
      const m = run.params['m']!.dataSync();
      const y = new Float64Array(graph.n);
      for (let i = 0; i < graph.n; i++) for (let t = 0; t < rank; t++) y[i]! += fixed.vectors[i * rank + t]! * m[t]!;
      const sides = signSides(y);
      const maxSigma = Math.max(...Array.from(run.params['logSigma']!.dataSync(), Math.exp));
      return { sides, cut: cutValue(graph, sides), maxSigma, steps: run.steps, history };
    } finally {
      disposeParams(run.params);
      disposeState(run.state);
    }
  } finally {
    objective.dispose?.();
  }
}
