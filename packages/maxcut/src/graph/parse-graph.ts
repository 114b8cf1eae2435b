import { DerandError } from '@derand/registry';
import type { Graph, GraphPolicies } from './graph.js';
import { parseEdgeList, type EdgeListOptions } from './read-edge-list.js';
import { parseJsonGraph } from './read-json-graph.js';
import { parseMatrixMarket } from './read-matrix-market.js';
import { parseRudy } from './read-rudy.js';
import { contentLines, parseInteger } from './tokens.js';

/** The graph file formats read by {@link parseGraph}. */
export const GRAPH_FORMATS = ['rudy', 'edge-list', 'matrix-market', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface ParseGraphOptions extends GraphPolicies {
  /** File name, used in errors and to guess the format. */
  readonly name: string;
  /** Default `'auto'`: see {@link detectGraphFormat}. */
  readonly format?: GraphFormat | 'auto';
  /** Edge-list index base (default `'auto'`). */
  readonly base?: EdgeListOptions['base'];
  /** Edge-list vertex count (default: from the indices). */
  readonly n?: number;
}

/**
 * Guesses the format: a `%%MatrixMarket` banner or `.mtx` → Matrix Market; a leading `{` or
 * `.json` → JSON; `.csv`/`.tsv` → edge list; otherwise rudy/Gset when the first line is
 * `n m` and exactly `m` lines `i j w` follow, else an edge list.
 */
export function detectGraphFormat(text: string, name: string): GraphFormat {
  const head = text.trimStart();
  const lower = name.toLowerCase();
  if (head.startsWith('%%MatrixMarket') || lower.endsWith('.mtx')) return 'matrix-market';
  if (head.startsWith('{') || lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'edge-list';
  const lines = contentLines(text, /\s+/, ['#']);
  const first = lines[0];
  const m = parseInteger(first?.fields[1]);
  const weighted = lines.slice(1, 6).every((line) => line.fields.length === 3);
  if (first !== undefined && first.fields.length === 2 && parseInteger(first.fields[0]) !== undefined && m === lines.length - 1 && weighted) {
    return 'rudy';
  }
  return 'edge-list';
}

/**
 * Reads a graph from text in any supported format (rudy/Gset, edge list, Matrix Market, JSON).
 *
 * @param text - file contents
 * @param options - `name` (for errors and format guessing), `format` (default `'auto'`),
 *   edge-list `base`/`n`, and the self-loop (`'drop'`) and duplicate (`'error'`) policies
 * @throws InputError naming the file and line of every problem; DerandError for binary input
 * @example
 * const g = parseGraph('2 1\n1 2 1\n', { name: 'k2.txt' }); // rudy, one edge
 */
export function parseGraph(text: string, options: ParseGraphOptions): Graph {
  if (text.includes('\u0000')) {
    throw new DerandError('GRAPH_PARSE', `${options.name} looks like a binary file (it contains NUL bytes); expected a text graph (rudy, edge list, Matrix Market or JSON).`);
  }
  const format = options.format === undefined || options.format === 'auto' ? detectGraphFormat(text, options.name) : options.format;
  const policies: GraphPolicies & { name: string } = {
    name: options.name,
    ...(options.selfLoops === undefined ? {} : { selfLoops: options.selfLoops }),
    ...(options.duplicates === undefined ? {} : { duplicates: options.duplicates }),
  };
  switch (format) {
    case 'rudy':
      return parseRudy(text, policies);
    case 'matrix-market':
      return parseMatrixMarket(text, policies);
    case 'json':
      return parseJsonGraph(text, policies);
    case 'edge-list':
      return parseEdgeList(text, {
        ...policies,
        ...(options.base === undefined ? {} : { base: options.base }),
        ...(options.n === undefined ? {} : { n: options.n }),
      });
  }
}
