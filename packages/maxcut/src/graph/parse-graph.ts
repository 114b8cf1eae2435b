import { DerandError, InputError } from '@derand/registry';
import type { Graph, GraphPolicies } from './graph.js';
import { parseEdgeList, type EdgeListOptions } from './read-edge-list.js';
import { parseJsonGraph } from './read-json-graph.js';
import { parseMatrixMarket } from './read-matrix-market.js';
import { parseRudy } from './read-rudy.js';
import { contentLines, parseInteger, quote } from './tokens.js';

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

/** What {@link detectGraphFormat} found: a format and the evidence for it, or no decision. */
export type GraphFormatDetection =
  | { readonly format: GraphFormat; readonly evidence: string }
  | { readonly format: undefined; readonly likely: GraphFormat; readonly why: string };

/** The name a format is guessed from: a trailing `.gz` says how the file was stored, not what it holds. */
const innerName = (name: string): string => name.toLowerCase().replace(/\.gz$/, '');

/**
 * Decides the format only from positive evidence, and otherwise says which reader is likely:
 * a `%%MatrixMarket` banner or `.mtx` → Matrix Market; a leading `{` or `.json` → JSON;
 * `.csv`/`.tsv` → edge list; a first line `n m` followed by exactly `m` lines `i j w` → rudy/Gset.
 * A first line that cannot be a rudy header (not two integers), or one shaped like the lines
 * after it (`i j` over `i j` lines), → edge list. Anything else (a first line `n m` whose count
 * disagrees with the file, lines of mixed shapes, a lone line) is left undecided: reading
 * `800 19176` as an edge would solve another graph without a word.
 *
 * @param text - file contents
 * @param name - file name (its extension is evidence; a trailing `.gz` is ignored)
 * @example
 * detectGraphFormat('3 2\n1 2 1\n2 3 1\n', 'g.txt'); // { format: 'rudy', … }
 * detectGraphFormat('3 2\n1 2 1\n', 'g.txt'); // { format: undefined, likely: 'rudy', … }
 */
export function detectGraphFormat(text: string, name: string): GraphFormatDetection {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  const lower = innerName(name);
  if (head.startsWith('%%MatrixMarket')) return { format: 'matrix-market', evidence: 'a %%MatrixMarket banner' };
  if (head.startsWith('{')) return { format: 'json', evidence: 'a leading {' };
  if (lower.endsWith('.mtx')) return { format: 'matrix-market', evidence: 'the extension .mtx' };
  if (lower.endsWith('.json')) return { format: 'json', evidence: 'the extension .json' };
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return { format: 'edge-list', evidence: `the extension ${lower.slice(-4)}` };
  const lines = contentLines(text, /\s+/, ['#']);
  const first = lines[0];
  if (first === undefined) return { format: undefined, likely: 'rudy', why: 'the file holds no graph' };
  const n = parseInteger(first.fields[0]);
  const m = parseInteger(first.fields[1]);
  if (first.fields.length !== 2 || n === undefined || m === undefined || n < 0 || m < 0) {
    return { format: 'edge-list', evidence: `a first line ${quote(first.text)} that is not a rudy header 'n m'` };
  }
  const body = lines.slice(1);
  if (body.length === m && body.every((line) => line.fields.length === 3)) {
    return { format: 'rudy', evidence: `the header ${quote(first.text)} announcing the ${m} lines 'i j w' that follow` };
  }
  if (body.length > 0 && body.every((line) => line.fields.length === 2)) {
    return { format: 'edge-list', evidence: `lines 'i j' like the first, which a rudy file (edges 'i j w') never has` };
  }
  return {
    format: undefined,
    likely: 'rudy',
    why: `the first line ${quote(first.text)} reads as a rudy header 'n m' (${n} vertices, ${m} edges) but the file does not agree with it`,
  };
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
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split(/\r\n|\r|\n/).length;
    throw new DerandError('GRAPH_PARSE', `${options.name}:${line} holds a NUL byte: this looks like a binary file, not a text graph (rudy, edge list, Matrix Market or JSON).`);
  }
  const policies: GraphPolicies & { name: string } = {
    name: options.name,
    ...(options.selfLoops === undefined ? {} : { selfLoops: options.selfLoops }),
    ...(options.duplicates === undefined ? {} : { duplicates: options.duplicates }),
  };
  if (options.format !== undefined && options.format !== 'auto') return readAs(options.format, text, options, policies);
  const detected = detectGraphFormat(text, options.name);
  if (detected.format !== undefined) return readAs(detected.format, text, options, policies);
  // No evidence decides: the likely reader's own error says what is wrong, the hint how to read it otherwise.
  const hint = `${options.name}: the format is not certain: ${detected.why}. Fix the file, or pass --format edge-list to read every line, the first included, as an edge.`;
  try {
    readAs(detected.likely, text, options, policies);
  } catch (error) {
    if (error instanceof InputError) {
      const lines = error.message.split('\n');
      const tail = lines.slice(1 + error.issues.length);
      throw new InputError(error.code, lines[0]!, error.issues, [...tail, hint].join('\n'));
    }
    throw error;
  }
  throw new InputError('GRAPH_FORMAT', `Cannot tell the format of ${options.name}:`, [{ where: options.name, message: detected.why }], hint);
}

function readAs(format: GraphFormat, text: string, options: ParseGraphOptions, policies: GraphPolicies & { name: string }): Graph {
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
