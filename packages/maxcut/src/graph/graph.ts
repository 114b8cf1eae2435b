import { DerandError } from '@derand/registry';
import { IssueList } from './issues.js';

/**
 * An undirected weighted graph for MAXCUT, stored twice in typed arrays:
 * as an edge list (`from[e] < to[e]`, 0-based) for per-edge work (cut values, GW, the
 * rounding objective) and as a symmetric CSR adjacency (every edge in both rows) for
 * per-vertex work (mixing-method sweeps, local search, enumeration).
 *
 * Cut value of sides x ∈ {−1, +1}ⁿ: cut(x) = Σ_e w_e (1 − x_i x_j)/2.
 */
export interface Graph {
  /** Number of vertices; vertices are 0 … n−1. */
  readonly n: number;
  /** Number of undirected edges after the self-loop and duplicate policies. */
  readonly m: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float64Array;
  /** CSR row pointers (length n + 1) into `neighbors` / `neighborWeight` (length 2m). */
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  readonly neighborWeight: Float64Array;
  /** Σ_e w_e. */
  readonly totalWeight: number;
  /** Weighted degrees d_i = Σ_j w_ij. */
  readonly degree: Float64Array;
  /** True when every weight is an integer (then cut values are integers). */
  readonly integerWeights: boolean;
  /** Where the graph came from (file name or generator), for results and errors. */
  readonly name: string;
  /** What the reading policies changed (dropped self-loops, merged duplicates). */
  readonly notes: GraphNotes;
}

export interface GraphNotes {
  readonly selfLoopsDropped: number;
  readonly duplicatesMerged: number;
}

/**
 * What to do with an edge i–i: it never crosses a cut, so `'drop'` (default) changes no cut
 * value (only Σw); `'error'` rejects the file.
 */
export type SelfLoopPolicy = 'drop' | 'error';

/**
 * What to do when an undirected edge {i, j} appears again (as i j or j i): `'error'` (default:
 * a list that names each edge in both directions would otherwise double every weight),
 * `'sum'` (parallel edges: weights add), `'first'` (keep the first weight).
 */
export type DuplicatePolicy = 'error' | 'sum' | 'first';

export interface GraphPolicies {
  readonly selfLoops?: SelfLoopPolicy;
  readonly duplicates?: DuplicatePolicy;
}

/** One raw edge as read, with where it came from for error messages. */
export interface RawEdge {
  readonly i: number;
  readonly j: number;
  readonly w: number;
  /** `file:line` (or `file: edges[k]`). */
  readonly where: string;
}

/**
 * Builds a {@link Graph} from 0-based raw edges, applying the self-loop and duplicate
 * policies. Mirrored pairs flagged `mirror` (Matrix Market `general`) are merged when equal.
 *
 * @param n - number of vertices (> 0)
 * @param edges - raw edges; indices must already be validated to lie in [0, n)
 * @param options - name and policies (self-loops `'drop'`, duplicates `'error'` by default)
 * @throws InputError listing every duplicate or self-loop the policy rejects
 * @example
 * const g = buildGraph(3, [{ i: 0, j: 1, w: 1, where: 'x:1' }, { i: 1, j: 2, w: 2, where: 'x:2' }], { name: 'x' });
 * g.totalWeight; // 3
 */
export function buildGraph(
  n: number,
  edges: readonly RawEdge[],
  options: GraphPolicies & { readonly name: string; readonly mirrorsAgree?: boolean },
): Graph {
  if (!Number.isInteger(n) || n <= 0) {
    throw new DerandError('GRAPH_EMPTY', `${options.name}: a graph needs at least one vertex (got n = ${n}).`);
  }
  const selfLoops = options.selfLoops ?? 'drop';
  const duplicates = options.duplicates ?? 'error';
  const issues = new IssueList();
  const index = new Map<number, number>();
  const firstWhere: string[] = [];
  const firstForward: boolean[] = [];
  const mirrored: boolean[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  let selfLoopsDropped = 0;
  let duplicatesMerged = 0;
  for (const edge of edges) {
    if (edge.i === edge.j) {
      if (selfLoops === 'error') issues.add(edge.where, `self-loop on vertex ${edge.i} (a self-loop never crosses a cut; pass selfLoops 'drop' to ignore it)`);
      else selfLoopsDropped += 1;
      continue;
    }
    const a = Math.min(edge.i, edge.j);
    const b = Math.max(edge.i, edge.j);
    const key = a * n + b;
    const seen = index.get(key);
    if (seen === undefined) {
      index.set(key, from.length);
      firstWhere.push(edge.where);
      firstForward.push(edge.i < edge.j);
      mirrored.push(false);
      from.push(a);
      to.push(b);
      weight.push(edge.w);
      continue;
    }
    if (options.mirrorsAgree === true && !mirrored[seen] && edge.i < edge.j !== firstForward[seen]) {
      // Matrix Market `general`: (i, j) and (j, i) are one undirected edge stored twice.
      mirrored[seen] = true;
      if (weight[seen] !== edge.w) {
        issues.add(edge.where, `entry (${edge.i + 1}, ${edge.j + 1}) = ${edge.w} differs from its mirror at ${firstWhere[seen]} (= ${weight[seen]}); a MAXCUT graph needs a symmetric matrix`);
      }
      continue;
    }
    if (duplicates === 'error') {
      issues.add(edge.where, `edge ${a}–${b} appears again (first at ${firstWhere[seen]}); list each undirected edge once, or pass duplicates 'sum' (parallel edges add) or 'first'`);
    } else {
      duplicatesMerged += 1;
      if (duplicates === 'sum') weight[seen] = (weight[seen] ?? 0) + edge.w;
    }
  }
  issues.throwIfAny('GRAPH_INVALID', `${options.name}: the graph breaks the self-loop/duplicate policy:`);
  return graphFromEdges(n, Int32Array.from(from), Int32Array.from(to), Float64Array.from(weight), options.name, {
    selfLoopsDropped,
    duplicatesMerged,
  });
}

/**
 * Assembles the CSR adjacency and degrees from a clean edge list (no self-loops, no
 * duplicates, `from[e] < to[e]`). Used by the readers and generators.
 */
export function graphFromEdges(
  n: number,
  from: Int32Array,
  to: Int32Array,
  weight: Float64Array,
  name: string,
  notes: GraphNotes = { selfLoopsDropped: 0, duplicatesMerged: 0 },
): Graph {
  const m = from.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    offsets[from[e]! + 1]! += 1;
    offsets[to[e]! + 1]! += 1;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const neighbors = new Int32Array(2 * m);
  const neighborWeight = new Float64Array(2 * m);
  const degree = new Float64Array(n);
  let totalWeight = 0;
  let integerWeights = true;
  for (let e = 0; e < m; e++) {
    const i = from[e]!;
    const j = to[e]!;
    const w = weight[e]!;
    neighbors[fill[i]!] = j;
    neighborWeight[fill[i]!++] = w;
    neighbors[fill[j]!] = i;
    neighborWeight[fill[j]!++] = w;
    degree[i]! += w;
    degree[j]! += w;
    totalWeight += w;
    if (!Number.isInteger(w)) integerWeights = false;
  }
  return { n, m, from, to, weight, offsets, neighbors, neighborWeight, totalWeight, degree, integerWeights, name, notes };
}
