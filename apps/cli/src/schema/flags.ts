import { InvalidArgumentError, Option, type Command } from 'commander';
import { DerandError, jsonSchemaOf, type AnyRegistry } from '@derand/registry';
import { branches, deref, kebab, typesOf, type SchemaNode } from './json-schema.js';

/** How a flag's text becomes a value. */
export type FlagParse = 'number' | 'integer' | 'boolean' | 'string' | 'list-number' | 'list-integer' | 'list-string' | 'json' | 'text' | 'boolean-or-number';

/** A part whose options a flag sets: the flag applies only when the part at `path` is `id`. */
export interface PartCondition {
  readonly path: readonly string[];
  readonly kind: string;
  readonly id: string;
}

/** One command-line flag generated from an options schema. */
export interface FlagSpec {
  /** Long name without dashes. */
  readonly flag: string;
  /** Where the value goes in the options object. */
  readonly path: readonly string[];
  readonly parse: FlagParse;
  readonly choices?: readonly string[];
  /** The schema's default, shown in --help (never applied by the CLI: the schema applies it). */
  readonly default?: unknown;
  readonly hasDefault: boolean;
  readonly description: string;
  readonly part?: PartCondition;
  /** A one-letter alias (`-q`). */
  readonly short?: string;
  /** The argument's name in --help (`<file>`), from the schema's `arg` metadata. */
  readonly argument?: string;
  /** For a part's id flag: the plugin kind (the value may also be a plugin file, `--g ./my-g.mjs`). */
  readonly pluginKind?: string;
}

/** The positional argument of a command, when its schema marks one. */
export interface PositionalSpec {
  readonly name: string;
  readonly path: readonly string[];
  readonly description: string;
  readonly required: boolean;
}

export interface CommandFlags {
  readonly flags: readonly FlagSpec[];
  readonly positional?: PositionalSpec;
}

function describe(node: SchemaNode, fallback: string): string {
  return (node.description ?? fallback).replace(/\s+/g, ' ').trim();
}

function leafParse(node: SchemaNode, root: SchemaNode): { parse: FlagParse; choices?: readonly string[] } | undefined {
  const types = typesOf(node, root);
  const all = branches(node, root);
  const enumValues = all.flatMap((b) => (b.enum ?? (b.const !== undefined ? [b.const] : [])) as unknown[]);
  if (types.size === 1 && types.has('boolean')) return { parse: 'boolean' };
  if (types.has('string')) {
    if (types.size === 1 && enumValues.length > 0 && enumValues.length === all.reduce((n, b) => n + (b.enum?.length ?? (b.const !== undefined ? 1 : 0)), 0) && all.every((b) => b.enum !== undefined || b.const !== undefined)) {
      return { parse: 'string', choices: enumValues.map(String) };
    }
    return { parse: 'text' };
  }
  if (types.size === 2 && types.has('boolean') && (types.has('number') || types.has('integer'))) return { parse: 'boolean-or-number' };
  if (types.size === 1 && types.has('integer')) return { parse: 'integer' };
  if (types.size === 1 && types.has('number')) return { parse: 'number' };
  if (types.size === 1 && types.has('array')) {
    const items = deref(all[0]!.items ?? {}, root);
    const itemTypes = typesOf(items, root);
    if (itemTypes.size === 1 && itemTypes.has('integer')) return { parse: 'list-integer' };
    if (itemTypes.size === 1 && itemTypes.has('number')) return { parse: 'list-number' };
    if (itemTypes.size === 1 && itemTypes.has('string')) return { parse: 'list-string', ...(items.enum === undefined ? {} : { choices: items.enum.map(String) }) };
    return { parse: 'json' };
  }
  if (types.size > 0) return { parse: 'json' };
  return undefined;
}

/**
 * Reads the flags of an options schema (its JSON Schema): every leaf option becomes a flag named
 * by its `flag` metadata (else the kebab-case path), nested objects are walked, a part
 * (`pluginKind`) becomes `--<name> <id>` and `--<name>-options <json>`, and the options of the
 * registry's plugins of that kind that carry a `flag` become flags applying to that part only.
 *
 * @throws DerandError (CLI_FLAGS) when two options claim the same flag name.
 */
export function commandFlags(schema: SchemaNode, registry: AnyRegistry, reserved: readonly string[] = []): CommandFlags {
  const flags: FlagSpec[] = [];
  let positional: PositionalSpec | undefined;
  const root = schema;

  const walk = (raw: SchemaNode, path: string[], required: boolean, part: PartCondition | undefined, explicitOnly: boolean): void => {
    const node = deref(raw, root);
    const name = node.flag ?? kebab(path.join('-'));
    if (node.positional === true) {
      positional = { name: path[path.length - 1]!, path, description: describe(node, path.join('.')), required: required && !('default' in node) };
      return;
    }
    if (typeof node.pluginKind === 'string') {
      if (explicitOnly && node.flag === undefined) return;
      const kind = node.pluginKind;
      const ids = registry.list(kind).map((p) => p.id);
      const defaultId = typeof node.default === 'object' && node.default !== null ? (node.default as { id?: unknown }).id : undefined;
      flags.push({
        flag: name,
        path: [...path, 'id'],
        parse: 'string',
        hasDefault: defaultId !== undefined,
        default: defaultId,
        description: `${describe(node, `${kind} plugin`)} [${kind}: ${ids.join(', ')}, or a plugin file ./my-${kind}.mjs]`,
        pluginKind: kind,
        ...(part === undefined ? {} : { part }),
      });
      const defaultOptions = typeof node.default === 'object' && node.default !== null ? (node.default as { options?: unknown }).options : undefined;
      flags.push({
        flag: `${name}-options`,
        path: [...path, 'options'],
        parse: 'json',
        hasDefault: defaultOptions !== undefined && Object.keys(defaultOptions as object).length > 0,
        default: defaultOptions,
        description: `options of the ${kind}, as JSON (see derand plugins --kind ${kind})`,
        ...(part === undefined ? {} : { part }),
      });
      for (const plugin of registry.plugins.filter((p) => p.kind === kind)) {
        const options = jsonSchemaOf(plugin) as SchemaNode;
        for (const [key, child] of Object.entries(options.properties ?? {})) {
          walk(child, [...path, 'options', key], false, { path, kind, id: plugin.id }, true);
        }
      }
      return;
    }
    const object = branches(node, root).find((b) => b.type === 'object' && b.properties !== undefined);
    if (node.flag === undefined && object !== undefined && (node.anyOf ?? node.oneOf) === undefined) {
      const requiredKeys = new Set(((object as { required?: string[] }).required ?? []));
      for (const [key, child] of Object.entries(object.properties!)) walk(child, [...path, key], requiredKeys.has(key), part, explicitOnly);
      return;
    }
    if (explicitOnly && node.flag === undefined) return;
    const leaf = leafParse(node, root);
    if (leaf === undefined) return;
    flags.push({
      flag: name,
      path,
      parse: leaf.parse,
      ...(typeof (node as { short?: unknown }).short === 'string' ? { short: (node as { short: string }).short } : {}),
      ...(typeof (node as { arg?: unknown }).arg === 'string' ? { argument: (node as { arg: string }).arg } : {}),
      ...(leaf.choices === undefined ? {} : { choices: leaf.choices }),
      hasDefault: 'default' in node,
      default: node.default,
      description: describe(node, path.join('.')),
      ...(part === undefined ? {} : { part }),
    });
  };

  const top = deref(schema, root);
  const requiredKeys = new Set(((top as { required?: string[] }).required ?? []));
  for (const [key, child] of Object.entries(top.properties ?? {})) walk(child, [key], requiredKeys.has(key), undefined, false);

  const seen = new Map<string, FlagSpec>();
  for (const spec of flags) {
    const taken = seen.get(spec.flag);
    if (taken !== undefined || reserved.includes(spec.flag)) {
      throw new DerandError('CLI_FLAGS', `Two options claim the flag --${spec.flag}: ${taken === undefined ? 'a common option' : taken.path.join('.')} and ${spec.path.join('.')}. Give one of them another 'flag' in its schema's meta.`);
    }
    seen.set(spec.flag, spec);
  }
  return { flags, ...(positional === undefined ? {} : { positional }) };
}

/** Converts one flag's text to its value, or throws InvalidArgumentError naming the flag. */
export function parseFlagValue(spec: Pick<FlagSpec, 'flag' | 'parse' | 'choices'>, raw: string): unknown {
  const number = (text: string, integer: boolean): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError(`'${text}' is not ${integer ? 'an integer' : 'a finite number'}.`);
    if (integer && !Number.isInteger(value)) throw new InvalidArgumentError(`'${text}' is not an integer.`);
    return value;
  };
  const list = (text: string): string[] => text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const choose = (value: string): string => {
    if (spec.choices !== undefined && !spec.choices.includes(value)) throw new InvalidArgumentError(`'${value}' is not one of: ${spec.choices.join(', ')}.`);
    return value;
  };
  switch (spec.parse) {
    case 'number':
      return number(raw, false);
    case 'integer':
      return number(raw, true);
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new InvalidArgumentError(`'${raw}' is not true or false.`);
    case 'boolean-or-number':
      return raw === 'true' ? true : raw === 'false' ? false : number(raw, false);
    case 'string':
      return choose(raw);
    case 'list-number':
      return list(raw).map((p) => number(p, false));
    case 'list-integer':
      return list(raw).map((p) => number(p, true));
    case 'list-string':
      return list(raw).map(choose);
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch (error) {
        throw new InvalidArgumentError(`'${raw}' is not valid JSON (${(error as Error).message}).`);
      }
    case 'text':
      return /^\s*[[{]/.test(raw) ? parseFlagValue({ ...spec, parse: 'json' }, raw) : raw;
  }
}

const showDefault = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) && value.every((v) => typeof v !== 'object') ? value.join(',') : JSON.stringify(value));

/** The help line of a flag: its description, the part it belongs to and the schema's default. */
export function helpOf(spec: FlagSpec): string {
  const parts = [spec.description];
  if (spec.part !== undefined) parts.push(`(${spec.part.kind} ${spec.part.id})`);
  if (spec.choices !== undefined && spec.parse !== 'string') parts.push(`[${spec.choices.join(', ')}]`);
  const empty = (Array.isArray(spec.default) && spec.default.length === 0) || (typeof spec.default === 'object' && spec.default !== null && Object.keys(spec.default).length === 0);
  if (spec.hasDefault && !empty) parts.push(`(default: ${showDefault(spec.default)})`);
  return parts.join(' ');
}

/** The name of a flag's argument in --help: `<n>`, `<list>`, `<json>`, `<value>`. */
function placeholder(spec: FlagSpec): string {
  if (spec.parse === 'number' || spec.parse === 'integer') return 'n';
  if (spec.parse.startsWith('list-')) return 'list';
  if (spec.parse === 'json') return 'json';
  if (spec.path[spec.path.length - 1] === 'id') return 'id';
  return 'value';
}

/** Adds the flags to a commander command (no commander defaults: absent means "not given"). */
export function addFlags(command: Command, flags: readonly FlagSpec[]): void {
  for (const spec of flags) {
    const short = spec.short === undefined ? '' : `-${spec.short}, `;
    if (spec.parse === 'boolean') {
      command.addOption(new Option(`${short}--${spec.flag}`, helpOf(spec)));
      command.addOption(new Option(`--no-${spec.flag}`, `sets ${spec.flag} to false`).hideHelp(spec.hasDefault ? spec.default !== true : true));
      continue;
    }
    const argument = spec.parse === 'boolean-or-number' ? '[n]' : `<${spec.argument ?? placeholder(spec)}>`;
    const repeatable = spec.parse.startsWith('list-');
    const option = new Option(`${short}--${spec.flag} ${argument}`, helpOf(spec)).argParser((raw: string, previous: unknown) =>
      repeatable && Array.isArray(previous) ? [...(previous as unknown[]), ...(parseFlagValue(spec, raw) as unknown[])] : parseFlagValue(spec, raw),
    );
    if (spec.parse === 'string' && spec.choices !== undefined) option.choices([...spec.choices]);
    command.addOption(option);
  }
}

/** Sets `value` at `path` in `target`, creating plain objects on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === 'object' && next !== null && !Array.isArray(next) ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** Reads `path` of a plain object (undefined when absent). */
export function getPath(source: unknown, path: readonly string[]): unknown {
  let node = source;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The options object the given flags describe (only the flags the user gave). */
export function optionsFromFlags(command: Command, flags: readonly FlagSpec[]): { options: Record<string, unknown>; given: FlagSpec[] } {
  const values = command.opts<Record<string, unknown>>();
  const options: Record<string, unknown> = {};
  const given: FlagSpec[] = [];
  for (const spec of flags) {
    const attribute = spec.flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const value = values[attribute];
    if (value === undefined) continue;
    setPath(options, spec.path, value);
    given.push(spec);
  }
  return { options, given };
}
