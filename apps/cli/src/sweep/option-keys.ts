import { closestMatches, isPlainObject, jsonSchemaOf, type AnyPlugin } from '@derand/registry';
import type { CliRegistry } from '../registry.js';
import { solverFlags } from '../runner.js';
import { parseFlagValue, type FlagSpec } from '../schema/flags.js';
import type { SchemaNode } from '../schema/json-schema.js';

/** Where a value written under a grid file key goes in a solver's options, and what it becomes. */
export interface Placed {
  readonly path: readonly string[];
  readonly value: unknown;
}

/** How a grid file key places its values, or the closest names when it is not an option. */
export type OptionKey = { readonly place: (written: unknown) => Placed } | { readonly unknown: readonly string[] };

const camel = (key: string): string => key.replace(/^--?/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A flag's value as written in a file: text is read as the flag reads it, a list flag takes one value too. */
function flagValue(flag: FlagSpec, written: unknown): unknown {
  if (typeof written === 'string') return parseFlagValue(flag, written);
  if (flag.parse.startsWith('list-') && !Array.isArray(written)) return [written];
  return written;
}

/**
 * The keys a grid file may use for a solver's options: an option of its JSON form, a dotted
 * path into it (`teacher.k`, `optimizer.options.b1`), or a flag name (`k`, `lr`, `width`,
 * `test-size`), whose text values are read as the flag reads them (`width: "64,64"` → [64, 64])
 * and whose list flags take a single value too (`width: 16` → [16]). A name that is both an
 * option holding an object and a flag (`certificate`, `snapshots`) is the option when given an
 * object and the flag otherwise (`certificate: false` is `--no-certificate`).
 */
export function optionKeys(registry: CliRegistry, solver: string): (key: string) => OptionKey {
  const plugin: AnyPlugin = registry.resolve('solver', solver);
  const properties = Object.keys((jsonSchemaOf(plugin) as SchemaNode).properties ?? {});
  const flags = solverFlags(plugin, registry).flags.filter((f) => f.part === undefined);
  const byFlag = new Map<string, FlagSpec>(flags.map((f) => [camel(f.flag), f]));
  const names = [...new Set([...properties, ...flags.map((f) => f.flag)])];
  return (key) => {
    const path = key.split('.');
    const flag = path.length === 1 ? byFlag.get(camel(key)) : undefined;
    if (properties.includes(path[0]!)) {
      if (flag === undefined || flag.path.length === 1) return { place: (written) => ({ path, value: written }) };
      return { place: (written) => (isPlainObject(written) ? { path, value: written } : { path: flag.path, value: flagValue(flag, written) }) };
    }
    if (flag === undefined) return { unknown: closestMatches(key, names) };
    return { place: (written) => ({ path: flag.path, value: flagValue(flag, written) }) };
  };
}
