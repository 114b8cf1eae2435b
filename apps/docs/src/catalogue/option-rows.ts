import type { JsonSchemaNode } from '@derand/registry';

/** A JSON Schema node as `toJsonSchema` writes it (the registry's one definition). */
export type JsonSchema = JsonSchemaNode;

/** One option of a plugin, as the catalogue's table shows it. */
export interface OptionRow {
  /** Dotted path (`sdp.rank`; `groups.<name>.learningRate` under a record). */
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  /** The default, when the schema has one. */
  readonly default?: unknown;
  /** Allowed values or range, in words (`exact, monte-carlo`; `> 0`; `1 … 30`). */
  readonly allowed: string;
  readonly help: string;
  /** The CLI flag (`--max-steps`), or `<positional>`. */
  readonly flag?: string;
  /** For a part: the kind of plugin it names. */
  readonly pluginKind?: string;
}

/** One table of options: a plain object schema has one; a union of objects one per variant. */
export interface OptionTable {
  /** The variant's discriminating constants (`mode: derived`), absent for a plain object. */
  readonly variant?: string;
  readonly rows: readonly OptionRow[];
}

/** Bounds JSON Schema writes for "any integer" (zod's safe-integer range), not worth printing. */
const SAFE = Number.MAX_SAFE_INTEGER;

function variantsOf(schema: JsonSchema): readonly JsonSchema[] | undefined {
  return schema.anyOf ?? schema.oneOf;
}

/**
 * The type of a schema node in the catalogue's words: `number`, `integer`, `string`, `boolean`,
 * `T[]`, unions with `|`, `record<string, T>`, `object`, a constant as JSON, or a part.
 *
 * @example typeOf({ anyOf: [{ type: 'number' }, { type: 'string' }] }); // 'number | string'
 */
export function typeOf(schema: JsonSchema): string {
  if (schema.pluginKind !== undefined) return `${schema.pluginKind} plugin: id or {id, options}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = variantsOf(schema);
  if (variants !== undefined) return [...new Set(variants.map(typeOf))].join(' | ');
  if (schema.enum !== undefined) return [...new Set(schema.enum.map((v) => typeof v))].join(' | ');
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(' | ') : (schema.type as string | undefined);
  if (type === 'array') {
    const item = schema.items === undefined ? 'any' : typeOf(schema.items);
    return item.includes(' ') ? `(${item})[]` : `${item}[]`;
  }
  if (type === 'object') {
    if (schema.properties !== undefined) return 'object';
    if (typeof schema.additionalProperties === 'object') {
      const value = typeOf(schema.additionalProperties);
      return `record<string, ${value === '' ? 'any' : value}>`;
    }
    return 'object';
  }
  return type ?? 'any';
}

function bound(value: number | undefined): number | undefined {
  return value === undefined || Math.abs(value) >= SAFE ? undefined : value;
}

/**
 * The allowed values of a schema node in words: enum members, constants, numeric ranges,
 * non-empty strings and lists; for a part, the ids registered for its kind.
 *
 * @param kindIds - ids registered per plugin kind, listed for parts.
 * @example allowedOf({ type: 'integer', minimum: 1, maximum: 30 }); // '1 … 30'
 */
export function allowedOf(schema: JsonSchema, kindIds: Readonly<Record<string, readonly string[]>> = {}): string {
  if (schema.pluginKind !== undefined) {
    const ids = kindIds[schema.pluginKind] ?? [];
    return ids.length === 0 ? `any ${schema.pluginKind} plugin` : `${ids.join(', ')} (or a plugin of kind ${schema.pluginKind})`;
  }
  if (schema.enum !== undefined) return schema.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = variantsOf(schema);
  if (variants !== undefined) {
    const parts = variants.map((v) => allowedOf(v, kindIds)).filter((a) => a !== '');
    return [...new Set(parts)].join('; ');
  }
  const low = bound(schema.minimum);
  const lowOpen = bound(schema.exclusiveMinimum);
  const high = bound(schema.maximum);
  const highOpen = bound(schema.exclusiveMaximum);
  if (low !== undefined && high !== undefined) return `${low} … ${high}`;
  const pieces: string[] = [];
  if (low !== undefined) pieces.push(`≥ ${low}`);
  if (lowOpen !== undefined) pieces.push(`> ${lowOpen}`);
  if (high !== undefined) pieces.push(`≤ ${high}`);
  if (highOpen !== undefined) pieces.push(`< ${highOpen}`);
  if (pieces.length > 0) return pieces.join(', ');
  if (schema.minLength !== undefined && schema.minLength > 0) return 'non-empty';
  if (schema.minItems !== undefined && schema.minItems > 0) return `at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`;
  return '';
}

/** An object node whose options deserve rows of their own (named properties, not a part). */
function nestedObject(schema: JsonSchema): Readonly<Record<string, JsonSchema>> | undefined {
  if (schema.pluginKind !== undefined || schema.properties === undefined) return undefined;
  return Object.keys(schema.properties).length > 0 ? schema.properties : undefined;
}

/** A record whose values are objects with named properties (`groups`). */
function recordOfObjects(schema: JsonSchema): Readonly<Record<string, JsonSchema>> | undefined {
  const value = schema.additionalProperties;
  if (schema.properties !== undefined || typeof value !== 'object') return undefined;
  return nestedObject(value);
}

function rowsOf(properties: Readonly<Record<string, JsonSchema>>, required: readonly string[], prefix: string, kindIds: Readonly<Record<string, readonly string[]>>): OptionRow[] {
  const rows: OptionRow[] = [];
  for (const [key, schema] of Object.entries(properties)) {
    const name = `${prefix}${key}`;
    rows.push({
      name,
      type: typeOf(schema),
      required: required.includes(key) && schema.default === undefined,
      ...(schema.default === undefined ? {} : { default: schema.default }),
      allowed: allowedOf(schema, kindIds),
      help: schema.description ?? '',
      ...(schema.positional === true ? { flag: '<positional>' } : schema.flag === undefined ? {} : { flag: `--${schema.flag}` }),
      ...(schema.pluginKind === undefined ? {} : { pluginKind: schema.pluginKind }),
    });
    const nested = nestedObject(schema);
    if (nested !== undefined) rows.push(...rowsOf(nested, schema.required ?? [], `${name}.`, kindIds));
    const record = recordOfObjects(schema);
    if (record !== undefined) {
      const value = schema.additionalProperties as JsonSchema;
      rows.push(...rowsOf(record, value.required ?? [], `${name}.<name>.`, kindIds));
    }
  }
  return rows;
}

function variantLabel(schema: JsonSchema): string {
  const constants = Object.entries(schema.properties ?? {}).filter(([, s]) => s.const !== undefined);
  return constants.length === 0 ? 'variant' : constants.map(([k, s]) => `${k}: ${JSON.stringify(s.const)}`).join(', ');
}

/**
 * The option tables of a plugin's JSON Schema (what `derand plugins --json` prints under
 * `options`): one table for an object schema, one per variant for a union of objects; nested
 * objects are flattened to dotted names, records of objects to `<name>` paths.
 *
 * @param kindIds - ids registered per plugin kind, listed as the allowed values of parts.
 * @example optionTables({ type: 'object', properties: { k: { type: 'integer', default: 30 } } });
 * // [{ rows: [{ name: 'k', type: 'integer', default: 30, required: false, allowed: '', help: '' }] }]
 */
export function optionTables(schema: JsonSchema, kindIds: Readonly<Record<string, readonly string[]>> = {}): OptionTable[] {
  const variants = variantsOf(schema);
  if (schema.properties === undefined && variants !== undefined) {
    return variants.map((variant) => ({ variant: variantLabel(variant), rows: rowsOf(variant.properties ?? {}, variant.required ?? [], '', kindIds) }));
  }
  return [{ rows: rowsOf(schema.properties ?? {}, schema.required ?? [], '', kindIds) }];
}
