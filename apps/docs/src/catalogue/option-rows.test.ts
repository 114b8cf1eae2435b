import { describe, expect, it } from 'vitest';
import { allowedOf, optionTables, typeOf } from './option-rows.js';

describe('option rows from a JSON Schema', () => {
  it('names types, unions, arrays, records, constants and parts', () => {
    expect(typeOf({ type: 'integer' })).toBe('integer');
    expect(typeOf({ anyOf: [{ type: 'number' }, { type: 'string' }] })).toBe('number | string');
    expect(typeOf({ type: 'array', items: { type: 'number' } })).toBe('number[]');
    expect(typeOf({ type: 'array', items: { anyOf: [{ type: 'number' }, { type: 'string' }] } })).toBe('(number | string)[]');
    expect(typeOf({ type: 'object', additionalProperties: { type: 'string' } })).toBe('record<string, string>');
    expect(typeOf({ const: 'derived' })).toBe('"derived"');
    expect(typeOf({ type: 'string', enum: ['a', 'b'] })).toBe('string');
    expect(typeOf({ pluginKind: 'rounding', anyOf: [{ type: 'string' }] })).toBe('rounding plugin: id or {id, options}');
  });

  it('states allowed values: enums, ranges (open and closed), non-empty strings and the ids of a part’s kind', () => {
    expect(allowedOf({ enum: ['exact', 'monte-carlo'] })).toBe('exact, monte-carlo');
    expect(allowedOf({ type: 'integer', minimum: 1, maximum: 30 })).toBe('1 … 30');
    expect(allowedOf({ type: 'number', exclusiveMinimum: 0 })).toBe('> 0');
    expect(allowedOf({ type: 'number', exclusiveMinimum: 0, maximum: 1 })).toBe('> 0, ≤ 1');
    // zod's safe-integer bounds say nothing
    expect(allowedOf({ type: 'integer', minimum: 2, maximum: Number.MAX_SAFE_INTEGER })).toBe('≥ 2');
    expect(allowedOf({ type: 'string', minLength: 1 })).toBe('non-empty');
    expect(allowedOf({ pluginKind: 'polish' }, { polish: ['none', 'one-flip'] })).toBe('none, one-flip (or a plugin of kind polish)');
    expect(allowedOf({ type: 'boolean' })).toBe('');
  });

  it('flattens nested objects to dotted names and records of objects to <name> paths, keeping defaults, help and flags', () => {
    const [table] = optionTables({
      type: 'object',
      required: ['graph'],
      properties: {
        graph: { type: 'string', positional: true, description: 'the graph' },
        sdp: { type: 'object', default: {}, properties: { rank: { type: 'integer', minimum: 1, flag: 'sdp-rank' } } },
        groups: { type: 'object', additionalProperties: { type: 'object', properties: { frozen: { type: 'boolean', default: false } } } },
        tau: { type: 'number', default: 0.1, flag: 'tau', description: 'smoothing' },
      },
    });
    expect(table!.variant).toBeUndefined();
    expect(table!.rows.map((r) => r.name)).toEqual(['graph', 'sdp', 'sdp.rank', 'groups', 'groups.<name>.frozen', 'tau']);
    expect(table!.rows[0]).toMatchObject({ required: true, flag: '<positional>', help: 'the graph' });
    expect(table!.rows[2]).toMatchObject({ flag: '--sdp-rank', allowed: '≥ 1', required: false });
    expect(table!.rows[4]).toMatchObject({ default: false, type: 'boolean' });
    expect(table!.rows[5]).toMatchObject({ default: 0.1, flag: '--tau', help: 'smoothing' });
  });

  it('gives a union of objects one table per variant, labelled by its constants', () => {
    const tables = optionTables({
      oneOf: [
        { type: 'object', properties: { mode: { const: 'derived' }, L: { type: 'number' } } },
        { type: 'object', properties: { mode: { const: 'explicit' }, eta: { type: 'number' } } },
      ],
    });
    expect(tables.map((t) => t.variant)).toEqual(['mode: "derived"', 'mode: "explicit"']);
    expect(tables.map((t) => t.rows.map((r) => r.name))).toEqual([
      ['mode', 'L'],
      ['mode', 'eta'],
    ]);
  });
});
