import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { applyTextMutations, fuzzSettings, fuzzTally, referenceJsonParse, TEXT_MUTATION_KINDS, type TextMutation } from '@derand/core/testing';
import { isDerandError } from '@derand/registry';
import { readConfigFile } from '../src/config.js';

/*
 * Differential fuzzing of the config reader: small configs (flat objects of options, as
 * `--dry-run` and users write them) in JSON and YAML are mutated, written to disk and read by
 * `readConfigFile` and by a reference reader written here: a JSON parser from RFC 8259 and a
 * reader of the YAML subset configs use (`key: scalar` lines, flow lists, comments; YAML 1.2
 * core schema scalars). A mutant outside that subset is only checked for a well-formed outcome.
 */

/** A reading: the options, or a refusal with the lines that may be blamed (none: the file as a whole). */
type Reading = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly lines?: readonly number[] } | { readonly ok: 'unknown' };

function referenceJson(text: string): Reading {
  const parsed = referenceJsonParse(text);
  if (!parsed.ok) return { ok: false, lines: [parsed.line] };
  const value = parsed.value;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ok: true, value: value as Record<string, unknown> } : { ok: false };
}

/** A YAML 1.2 core-schema plain scalar (or a quoted string without escapes); undefined when outside the subset. */
function yamlScalar(raw: string): { value: unknown } | undefined {
  // YAML's white space is spaces and tabs only (a no-break space belongs to the scalar)
  const text = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  if (text === '' || text === '~' || /^(null|Null|NULL)$/.test(text)) return { value: null };
  if (/^(true|True|TRUE)$/.test(text)) return { value: true };
  if (/^(false|False|FALSE)$/.test(text)) return { value: false };
  if (/^[-+]?\d+$/.test(text)) return { value: Number(text) };
  if (/^0o[0-7]+$/.test(text)) return { value: parseInt(text.slice(2), 8) };
  if (/^0x[0-9a-fA-F]+$/.test(text)) return { value: parseInt(text.slice(2), 16) };
  if (/^[-+]?(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?$/.test(text)) return { value: Number(text) };
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return { value: text.startsWith('-') ? -Infinity : Infinity };
  if (/^\.(nan|NaN|NAN)$/.test(text)) return { value: NaN };
  if (/^'[^'\\]*'$/.test(text) || /^"[^"\\]*"$/.test(text)) return { value: text.slice(1, -1) };
  // plain strings of letters, digits and - _ . / only: anything else may be YAML syntax
  if (/^[A-Za-z][\w\-./]*$/.test(text)) return { value: text };
  return undefined;
}

function referenceYaml(text: string): Reading {
  const value: Record<string, unknown> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n/);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (/^[ \t]*(#.*)?$/.test(line)) continue;
    const match = /^([A-Za-z_][\w-]*):(?:[ ]+(.*?))?(?:[ ]+#.*)?$/.exec(line);
    if (match === null) return { ok: 'unknown' };
    const [, key, rest = ''] = match;
    // a repeated key: blaming either of its two lines is right
    if (key! in value) return { ok: false, lines: [lines.findIndex((l) => l.startsWith(`${key}:`)) + 1, k + 1] };
    const list = /^\[(.*)\]$/.exec(rest.replace(/^[ \t]+|[ \t]+$/g, ''));
    if (list !== null) {
      // a flow sequence may end with a comma; an empty entry elsewhere is outside the subset
      const parts = /^[ \t]*$/.test(list[1]!) ? [] : list[1]!.replace(/,[ \t]*$/, '').split(',');
      const items = parts.map((p) => (/^[ \t]*$/.test(p) ? undefined : yamlScalar(p)));
      if (items.some((i) => i === undefined)) return { ok: 'unknown' };
      value[key!] = items.map((i) => i!.value);
      continue;
    }
    const scalar = yamlScalar(rest);
    if (scalar === undefined) return { ok: 'unknown' };
    value[key!] = scalar.value;
  }
  // an empty document is null in YAML, not an object of options
  return Object.keys(value).length === 0 ? { ok: false } : { ok: true, value };
}

/** Equal as config values: numbers by value (NaN equal to NaN, -0 to 0), the rest deeply. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const [ka, kb] = [Object.keys(a), Object.keys(b)];
    return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

const option = fc.tuple(
  fc.constantFrom('seed', 'steps', 'lr', 'k', 'rounding', 'polish', 'backend', 'tau', 'quiet', 'baselines', 'max-steps', 'sdp_rank'),
  fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom(0.1, 2.5e-3, 1e5), fc.boolean(), fc.constantFrom('derandomized', 'one-flip', 'wasm', 'cpu'), fc.constantFrom(['gaussian', 'pca'], [1, 2, 3])),
);
const config = fc.uniqueArray(option, { minLength: 1, maxLength: 6, selector: ([key]) => key });
const mutation: fc.Arbitrary<TextMutation> = fc.record({ kind: fc.constantFrom(...TEXT_MUTATION_KINDS), a: fc.nat(), b: fc.integer() });

const yamlValue = (v: unknown): string => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

const tally = fuzzTally();
afterAll(() => {
  const report = tally.report();
  if (report !== '') console.log(report);
});

describe('config files against reference readers (differential fuzzing)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'derand-config-fuzz-'));
  const timeout = 120_000 * Number(process.env['DERAND_FUZZ_SCALE'] ?? '1');

  for (const format of ['json', 'yaml'] as const) {
    it(`${format}: mutants read as the reference reads them`, async () => {
      await fc.assert(
        fc.asyncProperty(config, fc.array(mutation, { minLength: 1, maxLength: 3 }), async (entries, mutations) => {
          const seed = format === 'json' ? `{\n${entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n` : `# run options\n${entries.map(([k, v]) => `${k}: ${yamlValue(v)}`).join('\n')}\n`;
          const text = applyTextMutations(seed, mutations);
          const path = join(dir, `config.${format}`);
          writeFileSync(path, text);
          const reference = format === 'json' ? referenceJson(text) : referenceYaml(text);
          let actual: Reading;
          let message = '';
          try {
            actual = { ok: true, value: (await readConfigFile(path)).value };
          } catch (error) {
            expect(isDerandError(error), String(error)).toBe(true);
            message = (error as Error).message;
            const line = new RegExp(`${path.replace(/[.]/g, '\\.')}:(\\d+)`).exec(message)?.[1];
            actual = line === undefined ? { ok: false } : { ok: false, lines: [Number(line)] };
          }
          const counts = tally.of(`config ${format}`);
          counts.mutants += 1;
          if (actual.ok === true) counts.valid += 1;
          else counts.refused += 1;
          const context = `--- mutant ---\n${text}\n--- reader said ---\n${message || JSON.stringify(actual)}\n--- reference ---\n${JSON.stringify(reference)}`;
          if (actual.ok === false) expect(message, context).toContain(path);
          if (reference.ok === 'unknown') return; // not a skip: the reference cannot judge this mutant; it is counted above and the run reports the tally
          expect(actual.ok, context).toBe(reference.ok);
          if (reference.ok && actual.ok === true) expect(same(actual.value, reference.value), context).toBe(true);
          if (reference.ok === false && actual.ok === false && reference.lines !== undefined) expect(reference.lines, context).toContain(actual.lines?.[0]);
        }),
        fuzzSettings(300),
      );
    }, timeout);
  }
});
