import { buildGraph, type Graph, type GraphPolicies, type RawEdge } from './graph.js';
import { IssueList } from './issues.js';
import { contentLines, MAX_VERTICES, parseDecimal, parseInteger, quote } from './tokens.js';

export interface EdgeListOptions extends GraphPolicies {
  readonly name: string;
  /**
   * Index base: 0, 1, or `'auto'` (default), decided by the indices only: a vertex 0 → 0-based;
   * no 0 and the largest index equal to n (given, or else the number of distinct vertices
   * listed) → 1-based; otherwise the base is asked for, since either reading is a different graph.
   */
  readonly base?: 0 | 1 | 'auto';
  /** Vertex count; default: the largest index read (+1 when 0-based). */
  readonly n?: number;
}

/**
 * Reads an edge list: one edge per line as `i j` or `i j w`, fields separated by commas,
 * tabs, semicolons or spaces (CSV, TSV, whitespace); an optional header line of names;
 * `#`, `%` and `//` comments. Missing weights are 1.
 *
 * @param text - file contents
 * @param options - `name`, `base` (default `'auto'`), `n` (default from the indices), policies
 * @throws InputError naming `name:line` for every malformed line
 * @example
 * const g = parseEdgeList('source,target,weight\n0,1,2.5\n1,2,1\n', { name: 'g.csv' });
 * g.n; // 3
 */
export function parseEdgeList(text: string, options: EdgeListOptions): Graph {
  const { name } = options;
  const lines = contentLines(text, /[\s,;]+/, ['#', '%', '//']);
  const issues = new IssueList();
  const raw: { i: number; j: number; w: number; where: string }[] = [];
  let start = 0;
  const first = lines[0];
  // A header is a first line of names only: a line mixing numbers and words is a bad edge, not a header.
  if (first !== undefined && first.fields.every((field) => parseDecimal(field) === undefined)) start = 1;
  let minIndex = Infinity;
  let maxIndex = -Infinity;
  for (let k = start; k < lines.length && !issues.full; k++) {
    const { line, fields, text: rawText } = lines[k]!;
    const where = `${name}:${line}`;
    if (fields.length !== 2 && fields.length !== 3) {
      issues.add(where, `expected 'i j' or 'i j w', found ${fields.length} field${fields.length === 1 ? '' : 's'} ${quote(rawText)}`);
      continue;
    }
    const i = parseInteger(fields[0]);
    const j = parseInteger(fields[1]);
    const w = fields.length === 3 ? parseDecimal(fields[2]) : 1;
    if (i === undefined || i < 0 || i > MAX_VERTICES) issues.add(where, `vertex ${quote(fields[0] ?? '')} is not an integer in 0…${MAX_VERTICES}`);
    if (j === undefined || j < 0 || j > MAX_VERTICES) issues.add(where, `vertex ${quote(fields[1] ?? '')} is not an integer in 0…${MAX_VERTICES}`);
    if (w === undefined) issues.add(where, `weight ${quote(fields[2] ?? '')} is not a finite number`);
    if (i === undefined || j === undefined || w === undefined || i < 0 || j < 0 || i > MAX_VERTICES || j > MAX_VERTICES) continue;
    raw.push({ i, j, w, where });
    minIndex = Math.min(minIndex, i, j);
    maxIndex = Math.max(maxIndex, i, j);
  }
  if (raw.length === 0 && issues.count === 0 && options.n === undefined) {
    issues.add(name, 'no edges found; pass n to read an edgeless graph');
  }
  issues.throwIfAny('GRAPH_PARSE', `Cannot read ${name} as an edge list:`);
  const base = options.base === undefined || options.base === 'auto' ? guessBase(raw, minIndex, maxIndex, options.n) : options.base;
  if (base === undefined) {
    const vertices = options.n === undefined ? `the ${distinctVertices(raw)} distinct vertices listed` : `n = ${options.n}`;
    issues.add(name, `cannot tell whether the indices are 0- or 1-based: no vertex is 0, and the largest index ${maxIndex} is not ${vertices}`);
    issues.throwIfAny('GRAPH_BASE', `Cannot read ${name} as an edge list:`, 'Pass --base 0 (vertex 0 exists but has no edge) or --base 1.');
  }
  const n = options.n ?? (raw.length === 0 ? 0 : maxIndex + 1 - base!);
  const edges: RawEdge[] = [];
  for (const e of raw) {
    const i = e.i - base!;
    const j = e.j - base!;
    if (i < 0 || j < 0) issues.add(e.where, `vertex 0 in a 1-based list (pass base 0 if the file is 0-based)`);
    else if (i >= n || j >= n) issues.add(e.where, `vertex ${Math.max(e.i, e.j)} is outside the ${n} vertices given (${base}-based)`);
    else edges.push({ i, j, w: e.w, where: e.where });
  }
  issues.throwIfAny('GRAPH_PARSE', `Cannot read ${name} as an edge list:`);
  return buildGraph(n, edges, { ...options, name });
}

function distinctVertices(raw: readonly { i: number; j: number }[]): number {
  const seen = new Set<number>();
  for (const e of raw) {
    seen.add(e.i);
    seen.add(e.j);
  }
  return seen.size;
}

/** The base the indices decide, or undefined when they do not (see {@link EdgeListOptions.base}). */
function guessBase(raw: readonly { i: number; j: number }[], minIndex: number, maxIndex: number, n: number | undefined): 0 | 1 | undefined {
  if (raw.length === 0 || minIndex === 0) return 0;
  return maxIndex === (n ?? distinctVertices(raw)) ? 1 : undefined;
}
