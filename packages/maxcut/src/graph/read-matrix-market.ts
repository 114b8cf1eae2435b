import { buildGraph, type Graph, type GraphPolicies, type RawEdge } from './graph.js';
import { IssueList } from './issues.js';
import { contentLines, MAX_VERTICES, parseDecimal, parseInteger, quote } from './tokens.js';

/**
 * Reads a Matrix Market `coordinate` file as a graph: the banner
 * `%%MatrixMarket matrix coordinate <real|integer|pattern> <general|symmetric>`, `%` comments,
 * the size line `rows cols entries` (rows = cols = n), then 1-based entries `i j [v]`
 * (pattern entries weigh 1).
 *
 * `symmetric`: each stored entry (i, j) is the edge {i, j}. `general`: (i, j) and (j, i) are
 * the same edge and must carry equal values (they are merged); a lone entry is the edge.
 * Diagonal entries follow the self-loop policy, repeated entries the duplicate policy.
 *
 * @throws InputError naming `name:line` for every problem (banner, size, entries)
 * @example
 * const g = parseMatrixMarket('%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2\n2 1\n3 2\n', { name: 'a.mtx' });
 * g.m; // 2
 * @see https://math.nist.gov/MatrixMarket/formats.html
 */
export function parseMatrixMarket(text: string, options: GraphPolicies & { readonly name: string }): Graph {
  const { name } = options;
  const issues = new IssueList();
  const heading = `Cannot read ${name} as a Matrix Market graph:`;
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const banner = firstLine.trim().split(/\s+/).map((s) => s.toLowerCase());
  if (banner[0] !== '%%matrixmarket' || banner[1] !== 'matrix' || banner.length !== 5) {
    issues.add(`${name}:1`, "expected the banner '%%MatrixMarket matrix coordinate <real|integer|pattern> <general|symmetric>'", firstLine);
    issues.throwIfAny('GRAPH_PARSE', heading);
  }
  const [, , layout, field, symmetry] = banner as [string, string, string, string, string];
  if (layout !== 'coordinate') issues.add(`${name}:1`, `'${layout}' storage is not supported; a graph must be stored as 'coordinate'`);
  if (!['real', 'integer', 'pattern'].includes(field)) issues.add(`${name}:1`, `field '${field}' is not supported (real, integer or pattern)`);
  if (!['general', 'symmetric'].includes(symmetry)) issues.add(`${name}:1`, `symmetry '${symmetry}' is not supported (general or symmetric)`);
  issues.throwIfAny('GRAPH_PARSE', heading);
  const lines = contentLines(text, /\s+/, ['%']);
  const size = lines[0];
  const rows = parseInteger(size?.fields[0]);
  const cols = parseInteger(size?.fields[1]);
  const entries = parseInteger(size?.fields[2]);
  if (size === undefined || size.fields.length !== 3 || rows === undefined || cols === undefined || entries === undefined || rows < 1 || entries < 0 || rows > MAX_VERTICES) {
    issues.add(size === undefined ? name : `${name}:${size.line}`, `expected the size line 'rows cols entries' with 1 ≤ rows ≤ ${MAX_VERTICES}`, size?.text);
  } else if (rows !== cols) {
    issues.add(`${name}:${size.line}`, `the matrix is ${rows}×${cols}; an adjacency matrix must be square`);
  }
  issues.throwIfAny('GRAPH_PARSE', heading);
  const n = rows!;
  const want = field === 'pattern' ? 2 : 3;
  const edges: RawEdge[] = [];
  for (let k = 1; k < lines.length && !issues.full; k++) {
    const { line, fields, text: raw } = lines[k]!;
    const where = `${name}:${line}`;
    if (fields.length !== want) {
      issues.add(where, `expected ${want === 2 ? "'i j' (pattern)" : "'i j v'"}, found ${fields.length} field${fields.length === 1 ? '' : 's'} ${quote(raw)}`);
      continue;
    }
    const i = parseInteger(fields[0]);
    const j = parseInteger(fields[1]);
    const v = want === 2 ? 1 : field === 'integer' ? parseInteger(fields[2]) : parseDecimal(fields[2]);
    if (i === undefined || i < 1 || i > n) issues.add(where, `row ${quote(fields[0] ?? '')} is not an integer in 1…${n}`);
    if (j === undefined || j < 1 || j > n) issues.add(where, `column ${quote(fields[1] ?? '')} is not an integer in 1…${n}`);
    if (v === undefined) issues.add(where, `value ${quote(fields[2] ?? '')} is not ${field === 'integer' ? 'an integer' : 'a finite number'}`);
    if (i !== undefined && j !== undefined && v !== undefined && i >= 1 && j >= 1 && i <= n && j <= n) edges.push({ i: i - 1, j: j - 1, w: v, where });
  }
  const found = lines.length - 1;
  if (!issues.full && found !== entries) {
    issues.add(`${name}:${size!.line}`, `the size line announces ${entries} entries but the file has ${found} (truncated?)`);
  }
  issues.throwIfAny('GRAPH_PARSE', heading);
  return buildGraph(n, edges, { ...options, name, mirrorsAgree: symmetry === 'general' });
}
