import { buildGraph, type Graph, type GraphPolicies, type RawEdge } from './graph.js';
import { IssueList } from './issues.js';
import { formatValue, jsonErrorLine } from '@derand/registry';
import { MAX_VERTICES } from './tokens.js';

/**
 * The JSON graph form: `{ "n": 4, "base": 0, "edges": [[0, 1], [1, 2, 2.5], {"from": 2, "to": 3, "weight": -1}] }`.
 * `n` is required; `base` is 0 (default) or 1; an edge is `[i, j]`, `[i, j, w]`,
 * `{from, to, weight?}` or `{source, target, weight?}`; a missing weight is 1.
 */
export interface JsonGraph {
  readonly n: number;
  readonly base?: 0 | 1;
  readonly edges: readonly (readonly number[] | { readonly from?: number; readonly to?: number; readonly source?: number; readonly target?: number; readonly weight?: number })[];
}

/**
 * Reads the {@link JsonGraph} form.
 *
 * @throws InputError naming `name: edges[k]` for every malformed edge, or `name:line` for a
 *   JSON syntax error
 * @example
 * const g = parseJsonGraph('{"n":3,"edges":[[0,1],[1,2,2]]}', { name: 'g.json' });
 * g.totalWeight; // 3
 */
export function parseJsonGraph(text: string, options: GraphPolicies & { readonly name: string }): Graph {
  const { name } = options;
  const issues = new IssueList();
  const heading = `Cannot read ${name} as a JSON graph:`;
  let doc: unknown;
  // a byte-order mark before the JSON text may be ignored (RFC 8259 §8.1); JSON.parse refuses it
  const json = text.replace(/^\uFEFF/, '');
  try {
    doc = JSON.parse(json);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    issues.add(`${name}:${jsonErrorLine(json, error)}`, `invalid JSON: ${message}`);
    issues.throwIfAny('GRAPH_PARSE', heading);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    issues.add(name, `expected an object {"n": …, "edges": […]}, got ${formatValue(doc)}`);
    issues.throwIfAny('GRAPH_PARSE', heading);
  }
  const record = doc as Record<string, unknown>;
  const n = record['n'];
  const base = record['base'] ?? 0;
  const list = record['edges'];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_VERTICES) issues.add(`${name}: n`, `must be an integer in 1…${MAX_VERTICES}`, n);
  if (base !== 0 && base !== 1) issues.add(`${name}: base`, 'must be 0 or 1', base);
  if (!Array.isArray(list)) issues.add(`${name}: edges`, 'must be an array of edges [i, j], [i, j, w] or {from, to, weight}', list);
  issues.throwIfAny('GRAPH_PARSE', heading);
  const count = n as number;
  const offset = base as number;
  const edges: RawEdge[] = [];
  const index = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isInteger(v) && v - offset >= 0 && v - offset < count ? v - offset : undefined;
  (list as unknown[]).forEach((item, k) => {
    if (issues.full) return;
    const where = `${name}: edges[${k}]`;
    let i: unknown;
    let j: unknown;
    let w: unknown = 1;
    if (Array.isArray(item)) {
      if (item.length !== 2 && item.length !== 3) {
        issues.add(where, 'an edge array must be [i, j] or [i, j, w]', item);
        return;
      }
      const entries = item as unknown[];
      i = entries[0];
      j = entries[1];
      if (entries.length === 3) w = entries[2];
    } else if (typeof item === 'object' && item !== null) {
      const e = item as Record<string, unknown>;
      i = e['from'] ?? e['source'];
      j = e['to'] ?? e['target'];
      if ('weight' in e) w = e['weight'];
    } else {
      issues.add(where, 'an edge must be an array or an object', item);
      return;
    }
    const a = index(i);
    const b = index(j);
    if (a === undefined) issues.add(where, `vertex must be an integer in ${offset}…${count - 1 + offset}`, i);
    if (b === undefined) issues.add(where, `vertex must be an integer in ${offset}…${count - 1 + offset}`, j);
    if (typeof w !== 'number' || !Number.isFinite(w)) issues.add(where, 'weight must be a finite number', w);
    if (a !== undefined && b !== undefined && typeof w === 'number' && Number.isFinite(w)) edges.push({ i: a, j: b, w, where });
  });
  issues.throwIfAny('GRAPH_PARSE', heading);
  return buildGraph(count, edges, { ...options, name });
}

/** The JSON form of a graph (0-based, `[i, j, w]` edges), readable by {@link parseJsonGraph}. */
export function graphToJson(graph: Graph): JsonGraph {
  const edges: number[][] = [];
  for (let e = 0; e < graph.m; e++) edges.push([graph.from[e]!, graph.to[e]!, graph.weight[e]!]);
  return { n: graph.n, base: 0, edges };
}
