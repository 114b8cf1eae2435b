import type { Graph } from '../graph/graph.js';
import { nodeThreads, startTeam, TEAM_WORDS, workerUrl } from '../threads/node-threads.js';
import { classSplits, type ColourOrder } from './colouring.js';
import { updateRows, type MixingArrays } from './mixing-rows.js';


/** What a worker needs to rebuild the views (structured-cloned; the buffers are shared). */
export interface SweepShared {
  readonly n: number;
  readonly m: number;
  readonly rank: number;
  readonly colours: number;
  readonly parts: number;
  /** vectors (n·rank f64), delta (n f64), neighborWeight (2m f64), then offsets, neighbors, order, splits (i32). */
  readonly data: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

/** The views of the sweep's buffers, as the main thread and every worker build them. */
export function sweepViews(shared: Pick<SweepShared, 'n' | 'm' | 'rank' | 'colours' | 'parts'>, data: ArrayBufferLike): MixingArrays & { readonly splits: Int32Array } {
  const { n, m, rank, colours, parts } = shared;
  let offset = 0;
  const f64 = (length: number): Float64Array => {
    const view = new Float64Array(data, offset, length);
    offset += 8 * length;
    return view;
  };
  const i32 = (length: number): Int32Array => {
    const view = new Int32Array(data, offset, length);
    offset += 4 * length;
    return view;
  };
  const vectors = f64(n * rank);
  const delta = f64(n);
  const neighborWeight = f64(2 * m);
  return { rank, vectors, delta, neighborWeight, offsets: i32(n + 1), neighbors: i32(2 * m), order: i32(n), splits: i32(colours * (parts + 1)), g: new Float64Array(rank) };
}
const dataBytes = (n: number, m: number, rank: number, colours: number, parts: number): number => 8 * (n * rank + n + 2 * m) + 4 * (n + 1 + 2 * m + n + colours * (parts + 1));

/** Runs part p of colour class c (main thread: p = 0; worker k: p = k). */
export function runClassPart(views: MixingArrays & { readonly splits: Int32Array }, c: number, p: number, parts: number): void {
  const base = c * (parts + 1);
  updateRows(views, views.splits[base + p]!, views.splits[base + p + 1]!);
}

/**
 * The mixing method's sweeps in colour order ({@link ColourOrder}), each class split over
 * `threads` threads (the main thread and worker threads on shared memory). A row's update reads
 * only rows of other classes and the correlation changes are summed in the order's sequence, so
 * V and the values are the same, bit for bit, for any number of threads, one included.
 */
export interface SweepRunner {
  readonly threads: number;
  /** V, row-major, on the runner's memory. */
  readonly vectors: Float64Array;
  /** One sweep; returns Σ_q delta[q], the change of Σ_e w_e v_i·v_j, summed in order. */
  sweep(): number;
  close(): void;
  /** Why fewer threads than asked run, where that is so. */
  readonly fallback?: string;
}

/** Threads `'auto'` uses: up to 2 where a sweep is large enough to pay for a hand-off per class. */
export function autoSdpThreads(graph: Graph, rank: number): number {
  const node = nodeThreads();
  if (node === undefined || (graph.n + 2 * graph.m) * rank < 2 ** 18) return 1;
  return Math.max(1, Math.min(2, node.parallelism));
}

/** A runner starting from `vectors` (unit rows, copied) on `threads` threads. */
export function sweepRunner(graph: Graph, colourOrder: ColourOrder, vectors: Float64Array, rank: number, threads: number): SweepRunner {
  const { n, m } = graph;
  const node = threads > 1 ? nodeThreads() : undefined;
  const url = node === undefined ? undefined : workerUrl('sdp/mixing-worker.js');
  const parts = url === undefined ? 1 : threads;
  const fallback = threads > 1 && parts === 1 ? (node === undefined ? 'no worker threads in this runtime' : 'the worker script is not built') : undefined;
  const { colours } = colourOrder;
  const layout = { n, m, rank, colours, parts };
  const bytes = dataBytes(n, m, rank, colours, parts);
  const data = parts > 1 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const views = sweepViews(layout, data);
  views.vectors.set(vectors);
  views.neighborWeight.set(graph.neighborWeight);
  views.offsets.set(graph.offsets);
  views.neighbors.set(graph.neighbors);
  views.order.set(colourOrder.order);
  views.splits.set(classSplits(graph, colourOrder, parts));
  const total = (): number => {
    let sum = 0;
    for (let q = 0; q < n; q++) sum += views.delta[q]!;
    return sum;
  };
  if (parts === 1) {
    return {
      threads: 1,
      vectors: views.vectors,
      sweep: () => {
        for (let c = 0; c < colours; c++) runClassPart(views, c, 0, 1);
        return total();
      },
      close: () => undefined,
      ...(fallback === undefined ? {} : { fallback }),
    };
  }
  // a team's control words; its task is the colour class
  const controlBuffer = new SharedArrayBuffer(4 * TEAM_WORDS);
  const shared: SweepShared = { ...layout, data: data as SharedArrayBuffer, control: controlBuffer };
  const team = startTeam(node!.Worker, url!, parts, new Int32Array(controlBuffer), { shared }, 'the SDP sweeps');
  if (team === undefined) {
    const one = sweepRunner(graph, colourOrder, vectors, rank, 1);
    return { ...one, fallback: 'no worker thread was ready within 20 s' };
  }
  return {
    threads: parts,
    vectors: views.vectors,
    sweep: () => {
      for (let c = 0; c < colours; c++) team.run(c, () => runClassPart(views, c, 0, parts));
      return total();
    },
    close: team.close,
  };
}
