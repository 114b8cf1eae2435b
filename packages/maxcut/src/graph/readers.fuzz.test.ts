import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDir, DATA_DIR_MISSING } from '@derand/core/node';
import { applyTextMutations, fuzzSettings, fuzzTally, referenceJsonParse, TEXT_MUTATION_KINDS, type TextMutation } from '@derand/core/testing';
import { isDerandError } from '@derand/registry';
import type { Graph } from './graph.js';
import { parseGraph, type GraphFormat } from './parse-graph.js';

/*
 * Differential fuzzing of the graph readers: real files of the data folder (Biq Mac instances
 * and the paper's graph, also written out as edge lists, Matrix Market and JSON) are mutated the
 * ways real files go wrong, and every mutant is read twice: by the reader and by a small reference
 * reader written here from the format's definition. A valid mutant must give the same graph; an
 * invalid one an error naming the file, every line it blames being one the reference finds bad.
 */

const MAX_VERTICES = 50_000_000;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Policies {
  readonly selfLoops: 'drop' | 'error';
  readonly duplicates: 'error' | 'sum' | 'first';
}

/** A reading: the graph as n and weights by 'i j' (i < j, 0-based), or the places found bad. */
type Reading = { readonly ok: true; readonly n: number; readonly edges: ReadonlyMap<string, number> } | { readonly ok: false; readonly bad: ReadonlySet<string> };

interface Edge {
  readonly i: number;
  readonly j: number;
  readonly w: number;
  /** `L` (a line) or `edges[k]`. */
  readonly at: string;
}

const integer = (token: string | undefined): number | undefined => (token !== undefined && INTEGER.test(token) && Number.isSafeInteger(Number(token)) ? Number(token) : undefined);
const decimal = (token: string | undefined): number | undefined => (token !== undefined && DECIMAL.test(token) && Number.isFinite(Number(token)) ? Number(token) : undefined);

/** Lines that hold something: not blank, not a comment; fields split by `separator`. */
function content(text: string, separator: RegExp, comments: readonly string[]): { line: number; fields: string[] }[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((raw, k) => ({ line: k + 1, text: raw.trim() }))
    .filter((l) => l.text !== '' && !comments.some((c) => l.text.startsWith(c)))
    .map((l) => ({ line: l.line, fields: l.text.split(separator).filter((f) => f !== '') }));
}

/** The self-loop and duplicate policies (and Matrix Market's mirrored pairs) applied to clean edges. */
function withPolicies(n: number, edges: readonly Edge[], policies: Policies, mirrors = false): Reading {
  const bad = new Set<string>();
  const weight = new Map<string, number>();
  const forward = new Map<string, boolean>();
  const mirrored = new Set<string>();
  for (const e of edges) {
    if (e.i === e.j) {
      if (policies.selfLoops === 'error') bad.add(e.at);
      continue;
    }
    const key = `${Math.min(e.i, e.j)} ${Math.max(e.i, e.j)}`;
    const seen = weight.get(key);
    if (seen === undefined) {
      weight.set(key, e.w);
      forward.set(key, e.i < e.j);
    } else if (mirrors && !mirrored.has(key) && forward.get(key) !== e.i < e.j) {
      mirrored.add(key);
      if (seen !== e.w) bad.add(e.at);
    } else if (policies.duplicates === 'error') bad.add(e.at);
    else if (policies.duplicates === 'sum') weight.set(key, seen + e.w);
  }
  return bad.size > 0 ? { ok: false, bad } : { ok: true, n, edges: weight };
}

const refused = (...at: (number | string)[]): Reading => ({ ok: false, bad: new Set(at.map(String)) });

/** rudy/Gset: a header `n m` (1 ≤ n), then exactly m lines `i j w`, 1-based, w finite; `#` comments. */
function referenceRudy(text: string, policies: Policies): Reading {
  const lines = content(text, /\s+/, ['#']);
  const header = lines[0];
  if (header === undefined) return refused();
  const n = integer(header.fields[0]);
  const m = integer(header.fields[1]);
  if (header.fields.length !== 2 || n === undefined || m === undefined || n < 1 || n > MAX_VERTICES || m < 0) return refused(header.line);
  const bad = new Set<string>();
  const edges: Edge[] = [];
  for (const { line, fields } of lines.slice(1)) {
    const [i, j, w] = [integer(fields[0]), integer(fields[1]), decimal(fields[2])];
    if (fields.length !== 3 || i === undefined || j === undefined || w === undefined || i < 1 || j < 1 || i > n || j > n) bad.add(String(line));
    else edges.push({ i: i - 1, j: j - 1, w, at: String(line) });
  }
  if (lines.length - 1 !== m) bad.add(String(header.line));
  return bad.size > 0 ? { ok: false, bad } : withPolicies(n, edges, policies);
}

/** Edge list: `i j [w]` split by blanks, commas or semicolons; a first line of names; `#`, `%`, `//` comments; the base decided by the indices. */
function referenceEdgeList(text: string, policies: Policies): Reading {
  const lines = content(text, /[\s,;]+/, ['#', '%', '//']);
  const first = lines[0];
  const body = first !== undefined && first.fields.length > 0 && first.fields.every((f) => decimal(f) === undefined) ? lines.slice(1) : lines;
  const bad = new Set<string>();
  const raw: Edge[] = [];
  for (const { line, fields } of body) {
    const [i, j] = [integer(fields[0]), integer(fields[1])];
    const w = fields.length === 3 ? decimal(fields[2]) : 1;
    if ((fields.length !== 2 && fields.length !== 3) || i === undefined || j === undefined || w === undefined || i < 0 || j < 0 || i > MAX_VERTICES || j > MAX_VERTICES) bad.add(String(line));
    else raw.push({ i, j, w, at: String(line) });
  }
  if (bad.size > 0) return { ok: false, bad };
  if (raw.length === 0) return refused();
  const indices = raw.flatMap((e) => [e.i, e.j]);
  const max = Math.max(...indices);
  const base = indices.includes(0) ? 0 : max === new Set(indices).size ? 1 : undefined;
  if (base === undefined) return refused();
  return withPolicies(max + 1 - base, raw.map((e) => ({ ...e, i: e.i - base, j: e.j - base })), policies);
}

/** Matrix Market coordinate: the banner on line 1, `%` comments, `rows cols entries` (square), then the entries, 1-based. */
function referenceMatrixMarket(text: string, policies: Policies): Reading {
  const banner = (text.split(/\r\n|\r|\n/)[0] ?? '').trim().split(/\s+/).map((t) => t.toLowerCase());
  const [magic, object, layout, field, symmetry] = banner;
  if (banner.length !== 5 || magic !== '%%matrixmarket' || object !== 'matrix' || layout !== 'coordinate' || !['real', 'integer', 'pattern'].includes(field!) || !['general', 'symmetric'].includes(symmetry!)) return refused(1);
  const lines = content(text, /\s+/, ['%']);
  const size = lines[0];
  if (size === undefined) return refused();
  const [rows, cols, entries] = size.fields.map(integer);
  if (size.fields.length !== 3 || rows === undefined || cols === undefined || entries === undefined || rows < 1 || rows > MAX_VERTICES || entries < 0 || rows !== cols) return refused(size.line);
  const bad = new Set<string>();
  const edges: Edge[] = [];
  const width = field === 'pattern' ? 2 : 3;
  for (const { line, fields } of lines.slice(1)) {
    const [i, j] = [integer(fields[0]), integer(fields[1])];
    const v = width === 2 ? 1 : field === 'integer' ? integer(fields[2]) : decimal(fields[2]);
    if (fields.length !== width || i === undefined || j === undefined || v === undefined || i < 1 || j < 1 || i > rows || j > rows) bad.add(String(line));
    else edges.push({ i: i - 1, j: j - 1, w: v, at: String(line) });
  }
  if (lines.length - 1 !== entries) bad.add(String(size.line));
  return bad.size > 0 ? { ok: false, bad } : withPolicies(rows, edges, policies, symmetry === 'general');
}

/** The JSON graph form `{n, base?, edges: [[i, j, w?] | {from|source, to|target, weight?}]}`; places are `edges[k]` or a line. */
function referenceJsonGraph(text: string, policies: Policies): Reading {
  const parsed = referenceJsonParse(text);
  if (!parsed.ok) return refused(parsed.line);
  const doc = parsed.value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return refused();
  const { n, base = 0, edges } = doc as Record<string, unknown>;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_VERTICES || (base !== 0 && base !== 1) || !Array.isArray(edges)) return refused();
  const bad = new Set<string>();
  const clean: Edge[] = [];
  const vertex = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v - base >= 0 && v - base < n ? v - base : undefined);
  edges.forEach((item: unknown, k) => {
    let triple: unknown[] | undefined;
    if (Array.isArray(item)) triple = item.length === 2 ? [...item, 1] : item.length === 3 ? item : undefined;
    else if (typeof item === 'object' && item !== null) {
      const e = item as Record<string, unknown>;
      triple = [e['from'] ?? e['source'], e['to'] ?? e['target'], 'weight' in e ? e['weight'] : 1];
    }
    const [i, j, w] = [vertex(triple?.[0]), vertex(triple?.[1]), triple?.[2]];
    if (i === undefined || j === undefined || typeof w !== 'number' || !Number.isFinite(w)) bad.add(`edges[${k}]`);
    else clean.push({ i, j, w, at: `edges[${k}]` });
  });
  return bad.size > 0 ? { ok: false, bad } : withPolicies(n, clean, policies);
}

/** Text files hold no NUL byte: one is refused at its line, whatever the format. */
const textOnly =
  (reader: (text: string, policies: Policies) => Reading) =>
  (text: string, policies: Policies): Reading => {
    const nul = text.indexOf('\u0000');
    return nul >= 0 ? refused(text.slice(0, nul).split(/\r\n|\r|\n/).length) : reader(text, policies);
  };

const REFERENCES: Record<GraphFormat, (text: string, policies: Policies) => Reading> = {
  rudy: textOnly(referenceRudy),
  'edge-list': textOnly(referenceEdgeList),
  'matrix-market': textOnly(referenceMatrixMarket),
  json: textOnly(referenceJsonGraph),
};

/** `auto`: a format only from positive evidence (see parse-graph.ts), else the rudy reading's refusal. */
function referenceAuto(text: string, name: string, policies: Policies): Reading {
  if (text.includes('\u0000')) return REFERENCES.rudy(text, policies);
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('%%MatrixMarket')) return referenceMatrixMarket(text, policies);
  if (head.startsWith('{')) return referenceJsonGraph(text, policies);
  if (name.endsWith('.mtx')) return referenceMatrixMarket(text, policies);
  if (name.endsWith('.json')) return referenceJsonGraph(text, policies);
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return referenceEdgeList(text, policies);
  const lines = content(text, /\s+/, ['#']);
  const first = lines[0];
  if (first === undefined) return refused();
  const [n, m] = [integer(first.fields[0]), integer(first.fields[1])];
  if (first.fields.length !== 2 || n === undefined || m === undefined || n < 0 || m < 0) return referenceEdgeList(text, policies);
  const body = lines.slice(1);
  if (body.length === m && body.every((l) => l.fields.length === 3)) return referenceRudy(text, policies);
  if (body.length > 0 && body.every((l) => l.fields.length === 2)) return referenceEdgeList(text, policies);
  const rudy = referenceRudy(text, policies);
  expect(rudy.ok, 'an undecided file is never valid rudy').toBe(false);
  return rudy;
}

/** The production reading in the same terms. */
function production(text: string, name: string, format: GraphFormat | 'auto', policies: Policies): Reading & { message?: string } {
  let graph: Graph;
  try {
    graph = parseGraph(text, { name, format, ...policies });
  } catch (error) {
    expect(isDerandError(error), String(error)).toBe(true);
    const message = (error as Error).message;
    const escaped = name.replace(/[.]/g, '\\.');
    // the places an issue is listed at (`  - name:L: …`), or the message starts with
    const cited = [...message.matchAll(new RegExp(`(?:^|\\n  - )${escaped}(?::(\\d+)|: (edges\\[\\d+\\]))`, 'g'))].map((m) => m[1] ?? m[2]!);
    return { ok: false, bad: new Set(cited), message };
  }
  const edges = new Map<string, number>();
  for (let e = 0; e < graph.m; e++) edges.set(`${graph.from[e]} ${graph.to[e]}`, graph.weight[e]!);
  return { ok: true, n: graph.n, edges };
}

// ---- seeds: real files, and the same graphs written in the other formats ----

const dir = dataDir();
const seeds: { name: string; text: string }[] = [];
if (dir !== undefined) {
  const small = join(dir, 'maxcut-small');
  const files = readdirSync(join(small, 'biqmac-rudy')).map((f) => join(small, 'biqmac-rudy', f));
  for (const path of [join(small, 'paper-g15.txt'), ...files]) {
    const text = readFileSync(path, 'utf8');
    // the smaller instances keep a mutant cheap to read twice
    if (text.length < 8_000) seeds.push({ name: path.split('/').pop()!, text });
  }
}

/** The edges of a seed (rudy, 1-based), for writing it in other formats. */
function edgesOf(text: string): { n: number; edges: [number, number, number][] } {
  const lines = content(text, /\s+/, ['#']);
  return { n: Number(lines[0]!.fields[0]), edges: lines.slice(1).map((l) => [Number(l.fields[0]), Number(l.fields[1]), Number(l.fields[2])]) };
}

function writeAs(format: GraphFormat, seed: { name: string; text: string }, style: number): { name: string; text: string } {
  const { n, edges } = edgesOf(seed.text);
  const stem = seed.name.replace(/\.txt$/, '');
  switch (format) {
    case 'rudy':
      return seed;
    case 'edge-list': {
      const base = style % 2;
      const [sep, ext, header] = [[' ', '.txt', ''], [',', '.csv', 'source,target,weight\n'], ['\t', '.tsv', ''], [';', '.txt', '# i;j;w\n']][style % 4]!;
      return { name: `${stem}${ext}`, text: `${header}${edges.map(([i, j, w]) => [i - 1 + base, j - 1 + base, w].join(sep)).join('\n')}\n` };
    }
    case 'matrix-market': {
      const [field, symmetry] = [['integer', 'symmetric'], ['real', 'general'], ['pattern', 'symmetric']][style % 3]!;
      const entries = edges.flatMap(([i, j, w]) => (symmetry === 'general' ? [[i, j, w], [j, i, w]] : [[Math.max(i, j), Math.min(i, j), w]]));
      const body = entries.map(([i, j, w]) => (field === 'pattern' ? `${i} ${j}` : `${i} ${j} ${w}`)).join('\n');
      return { name: `${stem}${style % 2 === 0 ? '.mtx' : '.txt'}`, text: `%%MatrixMarket matrix coordinate ${field} ${symmetry}\n% from ${seed.name}\n${n} ${n} ${entries.length}\n${body}\n` };
    }
    case 'json': {
      const base = style % 2;
      const items = edges.map(([i, j, w]) => (style % 3 === 0 ? `    {"from": ${i - 1 + base}, "to": ${j - 1 + base}, "weight": ${w}}` : `    [${i - 1 + base}, ${j - 1 + base}, ${w}]`));
      return { name: `${stem}.json`, text: `{\n  "n": ${n},\n  "base": ${base},\n  "edges": [\n${items.join(',\n')}\n  ]\n}\n` };
    }
  }
}

const mutation: fc.Arbitrary<TextMutation> = fc.record({ kind: fc.constantFrom(...TEXT_MUTATION_KINDS), a: fc.nat(), b: fc.integer() });
const policies: fc.Arbitrary<Policies> = fc.record({ selfLoops: fc.constantFrom('drop' as const, 'error' as const), duplicates: fc.constantFrom('error' as const, 'sum' as const, 'first' as const) });

const tally = fuzzTally();
afterAll(() => {
  const report = tally.report();
  if (report !== '') console.log(report);
});

/** Checks one reading of a mutant against the reference's. */
function agree(label: string, reference: Reading, actual: Reading & { message?: string }, name: string, text: string): void {
  const counts = tally.of(label);
  counts.mutants += 1;
  const context = `${label} of ${name}:\n--- mutant (first 400 characters) ---\n${text.slice(0, 400)}\n--- reader said ---\n${actual.message ?? 'a graph'}`;
  expect(actual.ok, context).toBe(reference.ok);
  if (reference.ok && actual.ok) {
    counts.valid += 1;
    expect(actual.n, context).toBe(reference.n);
    expect(new Map([...actual.edges].sort()), context).toEqual(new Map([...reference.edges].sort()));
    return; // not a skip: a helper's early exit once both readings agree
  }
  if (!reference.ok && !actual.ok) {
    counts.refused += 1;
    expect(actual.message, context).toContain(name);
    for (const place of actual.bad) expect(reference.bad.has(place), `${context}\nblames ${place}; the reference finds bad: ${[...reference.bad].join(', ') || 'the file as a whole'}`).toBe(true);
    if (reference.bad.size > 0) expect(actual.bad.size, `${context}\nnames no line; the reference finds bad: ${[...reference.bad].join(', ')}`).toBeGreaterThan(0);
  }
}

describe('graph readers against reference readers (differential fuzzing)', () => {
  const timeout = 120_000 * Number(process.env['DERAND_FUZZ_SCALE'] ?? '1');
  for (const format of ['rudy', 'edge-list', 'matrix-market', 'json'] as const) {
    it(`${format}: mutants of real files read as the reference reads them, forced and detected`, (context) => {
      if (seeds.length === 0) return context.skip(DATA_DIR_MISSING);
      fc.assert(
        fc.property(fc.nat(), fc.nat(7), fc.array(mutation, { minLength: 1, maxLength: 3 }), policies, (pick, style, mutations, policy) => {
          const seed = writeAs(format, seeds[pick % seeds.length]!, style);
          const text = applyTextMutations(seed.text, mutations);
          agree(format, REFERENCES[format](text, policy), production(text, seed.name, format, policy), seed.name, text);
          agree(`auto (${format} seeds)`, referenceAuto(text, seed.name, policy), production(text, seed.name, 'auto', policy), seed.name, text);
        }),
        fuzzSettings(300),
      );
    }, timeout);
  }
});
