import type { Graph } from '../graph/graph.js';
import { nodeThreads, startTeam, TEAM_WORDS, workerUrl } from '../threads/node-threads.js';
import { adamKernel, adamLayouts, adamMemory, type AdamConstants, type AdamLayout } from './adam-wasm.js';
import { csrEdges, edgePass, gatherPass, hostPassArrays, vertexPass, workBytes, type HostPassArrays } from './host-pass-kernels.js';

/** The phases one step runs, in order, each split into ranges over the threads. */
export const Phase = { Vertices: 1, Edges: 2, Gather: 3, Adam: 4 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Control words (an Int32Array on shared memory): a team's first (`TeamWord`; the task is the phase), then these. */
export const Control = { WithValue: TEAM_WORDS, Count: TEAM_WORDS + 1, Length: TEAM_WORDS + 2 } as const;

/** What a worker needs to rebuild the run's views (structured-cloned; the buffers are shared). */
export interface HostPassShared {
  readonly n: number;
  readonly m: number;
  readonly rank: number;
  readonly tau: number;
  readonly penalty: number;
  readonly adam: AdamConstants;
  readonly parts: number;
  readonly memory: WebAssembly.Memory;
  readonly layouts: readonly [AdamLayout, AdamLayout];
  readonly graph: SharedArrayBuffer;
  readonly work: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

/** [lo, hi) of part p of `parts` over `count` items. */
export const part = (count: number, p: number, parts: number): [number, number] => [Math.floor((count * p) / parts), Math.floor((count * (p + 1)) / parts)];

/** The graph's index arrays and weights, laid out in one buffer (shared with the workers). */
function graphViews(buffer: ArrayBufferLike, n: number, m: number): { from: Int32Array; to: Int32Array; offsets: Int32Array; neighbors: Int32Array; edgeOf: Int32Array; weights: Float64Array } {
  const weights = new Float64Array(buffer, 0, m);
  let offset = 8 * m;
  const ints = (length: number): Int32Array => {
    const view = new Int32Array(buffer, offset, length);
    offset += 4 * length;
    return view;
  };
  return { weights, from: ints(m), to: ints(m), offsets: ints(n + 1), neighbors: ints(2 * m), edgeOf: ints(2 * m) };
}
const graphBytes = (n: number, m: number): number => 8 * m + 4 * (m + m + n + 1 + 4 * m);

/** The views of a run on its buffers, as the main thread and every worker build them. */
export interface RunViews {
  readonly x: HostPassArrays;
  readonly V: Float32Array;
  readonly mu: Float32Array;
  readonly control: Int32Array;
  readonly adam: (p: number) => void;
}

/** Builds {@link RunViews} (`sharedMemory`: whether `shared.memory` is a shared one). */
export function runViews(shared: HostPassShared, sharedMemory: boolean): RunViews {
  const { n, m, rank, tau, memory, layouts } = shared;
  const [forV, forMu] = layouts;
  const buffer = memory.buffer;
  const V = new Float32Array(buffer, forV.params, forV.size);
  const mu = new Float32Array(buffer, forMu.params, forMu.size);
  const gradV = new Float64Array(buffer, forV.grad, forV.size);
  const gradMu = new Float64Array(buffer, forMu.grad, forMu.size);
  const g = graphViews(shared.graph, n, m);
  const x = hostPassArrays({ n, m, ...g }, g.edgeOf, g.weights, rank, tau, { V, mu, gradV, gradMu }, shared.work);
  const control = new Int32Array(shared.control);
  const kernel = adamKernel(memory, sharedMemory);
  const adam = (p: number): void => {
    const count = control[Control.Count]!;
    kernel(forV, count, shared.penalty, shared.adam, ...part(forV.size, p, shared.parts));
    kernel(forMu, count, 0, shared.adam, ...part(forMu.size, p, shared.parts));
  };
  return { x, V, mu, control, adam };
}

/** Runs one phase's part p (main thread: p = 0; worker k: p = k + 1). */
export function runPhase(views: RunViews, phase: Phase, p: number, parts: number): void {
  const { x, control } = views;
  const withValue = control[Control.WithValue] === 1;
  if (phase === Phase.Vertices) vertexPass(x, ...part(x.n, p, parts), withValue);
  else if (phase === Phase.Edges) edgePass(x, ...part(x.m, p, parts), withValue);
  else if (phase === Phase.Gather) gatherPass(x, ...part(x.n, p, parts));
  else if (phase === Phase.Adam) views.adam(p);
}

/**
 * The host pass and Adam's update of the rounding's loop split over `threads` threads (the main
 * thread and worker threads on shared memory). Every output entry is written by one range and
 * every sum keeps its one order ({@link HostPassArrays}), so the iterates are the same for any
 * number of threads, one included.
 */
export interface HostPassRunner {
  readonly threads: number;
  /** V (n × rank) and μ, float32, on the run's memory. */
  readonly V: Float32Array;
  readonly mu: Float32Array;
  readonly x: HostPassArrays;
  /** The host pass at the current V and μ (gradients into x.gradV, x.gradMu; value terms with `withValue`). */
  pass(withValue: boolean): void;
  /** Adam's step `count` (1-based) on V (with the penalty) and μ. */
  adam(count: number): void;
  close(): void;
}

/** Threads `'auto'` uses: up to 2 where the step is large enough to pay for the hand-offs. */
export function autoThreads(graph: Graph, rank: number): number {
  const node = nodeThreads();
  if (node === undefined || (graph.n + graph.m) * rank < 2 ** 18) return 1;
  return Math.max(1, Math.min(2, node.parallelism));
}

/**
 * A runner on `threads` threads (1: no workers, plain memory). Falls back to one thread, and
 * says why in `fallback`, where workers cannot start (no worker threads here, no built worker
 * script, or no worker ready within 20 s).
 */
export function hostPassRunner(
  graph: Graph,
  weights: Float64Array,
  rank: number,
  tau: number,
  penalty: number,
  adam: AdamConstants,
  threads: number,
): HostPassRunner & { readonly fallback?: string } {
  const { n, m } = graph;
  const node = threads > 1 ? nodeThreads() : undefined;
  const url = node === undefined ? undefined : workerUrl('rounding/host-pass-worker.js');
  const parts = url === undefined ? 1 : threads;
  const fallback = threads > 1 && parts === 1 ? (node === undefined ? 'no worker threads in this runtime' : 'the worker script is not built') : undefined;
  const sharedMemory = parts > 1;
  const { layouts, bytes } = adamLayouts([n * rank, n]);
  const memory = adamMemory(bytes, sharedMemory);
  const makeBuffer = (size: number): ArrayBufferLike => (sharedMemory ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
  const graphBuffer = makeBuffer(graphBytes(n, m));
  const g = graphViews(graphBuffer, n, m);
  g.weights.set(weights);
  g.from.set(graph.from);
  g.to.set(graph.to);
  g.offsets.set(graph.offsets);
  g.neighbors.set(graph.neighbors);
  g.edgeOf.set(csrEdges(graph));
  const shared: HostPassShared = {
    n,
    m,
    rank,
    tau,
    penalty,
    adam: { learningRate: adam.learningRate, b1: adam.b1, b2: adam.b2, eps: adam.eps },
    parts,
    memory,
    layouts: [layouts[0]!, layouts[1]!],
    graph: graphBuffer as SharedArrayBuffer,
    work: makeBuffer(workBytes(n, m)) as SharedArrayBuffer,
    control: makeBuffer(4 * Control.Length) as SharedArrayBuffer,
  };
  const views = runViews(shared, sharedMemory);
  const { control } = views;
  if (parts === 1) {
    return {
      threads: 1,
      V: views.V,
      mu: views.mu,
      x: views.x,
      pass: (withValue) => {
        control[Control.WithValue] = withValue ? 1 : 0;
        for (const phase of [Phase.Vertices, Phase.Edges, Phase.Gather]) runPhase(views, phase, 0, 1);
      },
      adam: (count) => {
        control[Control.Count] = count;
        runPhase(views, Phase.Adam, 0, 1);
      },
      close: () => undefined,
      ...(fallback === undefined ? {} : { fallback }),
    };
  }
  const team = startTeam(node!.Worker, url!, parts, control, { shared }, 'the rounding');
  if (team === undefined) {
    const one = hostPassRunner(graph, weights, rank, tau, penalty, adam, 1);
    return { ...one, fallback: 'no worker thread was ready within 20 s' };
  }
  const run = (phase: Phase, withValue: boolean): void => {
    control[Control.WithValue] = withValue ? 1 : 0;
    team.run(phase, () => runPhase(views, phase, 0, parts));
  };
  return {
    threads: parts,
    V: views.V,
    mu: views.mu,
    x: views.x,
    pass: (withValue) => {
      run(Phase.Vertices, withValue);
      run(Phase.Edges, withValue);
      run(Phase.Gather, withValue);
    },
    adam: (count) => {
      control[Control.Count] = count;
      run(Phase.Adam, false);
    },
    close: team.close,
  };
}

