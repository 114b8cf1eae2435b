import { buildGraph, type Graph, type GraphPolicies, type RawEdge } from './graph.js';
import { IssueList } from './issues.js';
import { contentLines, MAX_VERTICES, parseDecimal, parseInteger, quote } from './tokens.js';

/**
 * Reads the Gset / rudy format: a header `n m`, then `m` lines `i j w` with 1-based vertices
 * and finite weights (negative allowed). Blank lines and `#` comments are skipped.
 *
 * @param text - file contents
 * @param options - `name` (used in every error as `name:line`) and the self-loop/duplicate policies
 * @throws InputError listing every malformed line (wrong field count, index outside 1…n,
 *   non-numeric weight, edge count different from the header)
 * @example
 * const g = parseRudy('3 2\n1 2 1\n2 3 -1\n', { name: 'tiny.txt' });
 * g.m; // 2
 * @see Helmberg & Rendl (2000), the rudy generator's output format used by Gset.
 */
export function parseRudy(text: string, options: GraphPolicies & { readonly name: string }): Graph {
  const { name } = options;
  const lines = contentLines(text, /\s+/, ['#']);
  const issues = new IssueList();
  const header = lines[0];
  if (header === undefined) {
    issues.add(name, "the file is empty; a rudy/Gset file starts with a header line 'n m'");
    issues.throwIfAny('GRAPH_PARSE', `Cannot read ${name} as a rudy/Gset graph:`);
  }
  const n = parseInteger(header!.fields[0]);
  const m = parseInteger(header!.fields[1]);
  if (header!.fields.length !== 2 || n === undefined || m === undefined || n < 1 || m < 0 || n > MAX_VERTICES) {
    issues.add(
      `${name}:${header!.line}`,
      `expected the header 'n m' (vertex count 1…${MAX_VERTICES}, edge count ≥ 0)`,
      header!.text,
    );
    issues.throwIfAny('GRAPH_PARSE', `Cannot read ${name} as a rudy/Gset graph:`, 'Pass --format to read it as another format.');
  }
  const edges: RawEdge[] = [];
  for (let k = 1; k < lines.length && !issues.full; k++) {
    const { line, fields, text: raw } = lines[k]!;
    const where = `${name}:${line}`;
    if (fields.length !== 3) {
      issues.add(where, `expected 'i j w' (3 numbers), found ${fields.length} field${fields.length === 1 ? '' : 's'} ${quote(raw)}`);
      continue;
    }
    const i = parseInteger(fields[0]);
    const j = parseInteger(fields[1]);
    const w = parseDecimal(fields[2]);
    if (i === undefined || i < 1 || i > n!) issues.add(where, `vertex ${quote(fields[0] ?? '')} is not an integer in 1…${n} (rudy indices are 1-based)`);
    if (j === undefined || j < 1 || j > n!) issues.add(where, `vertex ${quote(fields[1] ?? '')} is not an integer in 1…${n} (rudy indices are 1-based)`);
    if (w === undefined) issues.add(where, `weight ${quote(fields[2] ?? '')} is not a finite number`);
    if (i !== undefined && j !== undefined && w !== undefined && i >= 1 && j >= 1 && i <= n! && j <= n!) {
      edges.push({ i: i - 1, j: j - 1, w, where });
    }
  }
  const found = lines.length - 1;
  if (!issues.full && found !== m) {
    issues.add(`${name}:${header!.line}`, `the header announces ${m} edges but the file has ${found} edge line${found === 1 ? '' : 's'} (truncated or wrong header?)`);
  }
  issues.throwIfAny('GRAPH_PARSE', `Cannot read ${name} as a rudy/Gset graph:`);
  return buildGraph(n!, edges, { ...options, name });
}
