import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseRudy } from '../src/graph/read-rudy.js';
import type { Graph } from '../src/graph/graph.js';

/** Proven optima of the fixtures (Biq Mac library; the paper for paper-g15). */
export const FIXTURE_OPTIMA = { 'paper-g15': 41, 'g05_60.0': 536, 'g05_60.5': 533 } as const;

/** Reads a fixture graph from test/fixtures. */
export function fixture(name: keyof typeof FIXTURE_OPTIMA): Graph {
  const path = fileURLToPath(new URL(`./fixtures/${name}.txt`, import.meta.url));
  return parseRudy(readFileSync(path, 'utf8'), { name: `${name}.txt` });
}
