import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { closestMatches, InputError, isPlainObject, jsonErrorLine, type InputIssue } from '@derand/registry';
import { setPath, type FlagSpec } from './schema/flags.js';

/** A config file as read: its absolute path, text and parsed object. */
export interface ConfigFile {
  readonly path: string;
  readonly text: string;
  readonly value: Record<string, unknown>;
}

/**
 * Reads a JSON or YAML config file: an object of options. Errors name the file, the line where
 * the parser stopped and how to fix it.
 */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new InputError('CONFIG_UNREADABLE', `Cannot read config file ${absolute}:`, [{ where: absolute, message: (error as Error).message }], 'Check the path given to --config.');
  }
  const extension = extname(absolute).toLowerCase();
  // a byte-order mark may start a JSON text (RFC 8259 §8.1), which JSON.parse refuses
  const body = extension === '.json' ? text.replace(/^\uFEFF/, '') : text;
  let parsed: unknown;
  try {
    if (extension === '.json') parsed = JSON.parse(body);
    else if (extension === '.yaml' || extension === '.yml') parsed = (await import('yaml')).parse(body);
    else throw new Error(`unsupported extension '${extension}' (use .json, .yaml or .yml)`);
  } catch (error) {
    const e = error as Error & { linePos?: { line: number; col: number }[] };
    const at = e.linePos?.[0];
    const line = at?.line ?? (extension === '.json' ? jsonErrorLine(body, error) : undefined);
    throw new InputError('CONFIG_SYNTAX', `Config file ${absolute} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}:`, [
      { where: line === undefined ? absolute : `${absolute}:${line}`, message: e.message.split('\n')[0] ?? e.message },
    ]);
  }
  if (!isPlainObject(parsed)) {
    throw new InputError('CONFIG_SHAPE', `Config file ${absolute} must hold an object of option names to values:`, [{ where: absolute, message: 'top level is not an object', value: parsed }]);
  }
  return { path: absolute, text, value: parsed };
}

/** The line of a key in a config file's text (first mention), for messages. */
export function lineOfKey(file: ConfigFile, key: string): string {
  const index = file.text.split('\n').findIndex((line) => new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`).test(line));
  return index < 0 ? file.path : `${file.path}:${index + 1}`;
}

const camel = (key: string): string => key.replace(/^--?/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Splits a config file into the command's options and the common options it sets. A key is a
 * common option (seed, backend, plugin, …), an option of the schema (nested objects as in the
 * solver's JSON form), or a flag name (`lr`, `max-steps`) standing for the option it sets. A
 * file of the form `{ solver, options, seed?, backend? }` (what `--dry-run` prints and
 * `reproduce` records) is accepted too. Unknown keys are collected with the closest names.
 *
 * @throws InputError (CONFIG_INVALID) naming the file and line of every unknown key.
 */
export function splitConfig(
  file: ConfigFile,
  context: { readonly command: string; readonly solver?: string; readonly properties: readonly string[]; readonly flags: readonly FlagSpec[]; readonly common: readonly string[] },
): { options: Record<string, unknown>; common: Record<string, unknown> } {
  let source = file.value;
  const common: Record<string, unknown> = {};
  const issues: InputIssue[] = [];
  if (typeof source['solver'] === 'string' && isPlainObject(source['options'])) {
    if (context.solver !== undefined && source['solver'] !== context.solver) {
      issues.push({ where: lineOfKey(file, 'solver'), message: `is for solver '${source['solver']}', not '${context.solver}'`, value: source['solver'] });
    }
    for (const key of ['seed', 'backend']) if (source[key] !== undefined) common[key] = source[key];
    source = source['options'];
  }
  const options: Record<string, unknown> = {};
  const byFlag = new Map(context.flags.filter((f) => f.part === undefined).map((f) => [camel(f.flag), f]));
  const names = [...new Set([...context.properties, ...byFlag.keys(), ...context.common.map(camel)])];
  for (const [key, value] of Object.entries(source)) {
    const name = camel(key);
    if (context.common.map(camel).includes(name)) common[name] = value;
    else if (context.properties.includes(key)) options[key] = value;
    else if (byFlag.has(name)) setPath(options, byFlag.get(name)!.path, value);
    else {
      const closest = closestMatches(key, names);
      issues.push({ where: `${lineOfKey(file, key)}: ${key}`, message: `not an option of 'derand ${context.command}'${closest.length > 0 ? `; did you mean ${closest.join(', ')}?` : ''}` });
    }
  }
  if (issues.length > 0) throw new InputError('CONFIG_INVALID', `Config file ${file.path} has problems:`, issues, `Flags given on the command line override the file; see 'derand ${context.command} --help'.`);
  return { options, common };
}
