import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { closestMatches, InputError, type InputIssue } from '@derand/registry';

/** Options that make no sense in a config file. */
const NOT_CONFIGURABLE = new Set(['config', 'help', 'version']);

/**
 * Reads a JSON or YAML config file for a command: an object whose keys are the command's
 * option names (camelCase or --kebab-case). Returns the raw object; errors name the file, the
 * line where the parser stopped and how to fix it.
 */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new InputError('CONFIG_UNREADABLE', `Cannot read config file ${absolute}:`, [{ where: absolute, message: (error as Error).message }], 'Check the path given to --config.');
  }
  const extension = extname(absolute).toLowerCase();
  let parsed: unknown;
  try {
    if (extension === '.json') parsed = JSON.parse(text);
    else if (extension === '.yaml' || extension === '.yml') parsed = (await import('yaml')).parse(text);
    else throw new Error(`unsupported extension '${extension}' (use .json, .yaml or .yml)`);
  } catch (error) {
    const e = error as Error & { linePos?: { line: number; col: number }[] };
    const at = e.linePos?.[0];
    const jsonPos = /position (\d+)/.exec(e.message);
    const line = at?.line ?? (jsonPos === null ? undefined : text.slice(0, Number(jsonPos[1])).split('\n').length);
    throw new InputError('CONFIG_SYNTAX', `Config file ${absolute} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}:`, [
      { where: line === undefined ? absolute : `${absolute}:${line}`, message: e.message.split('\n')[0] ?? e.message },
    ]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError('CONFIG_SHAPE', `Config file ${absolute} must hold an object of option names to values:`, [{ where: absolute, message: 'top level is not an object', value: parsed }]);
  }
  return parsed as Record<string, unknown>;
}

const attributeOf = (key: string): string => key.replace(/^--?/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function asArgument(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' || typeof v === 'string')) return value.join(',');
  return undefined;
}

/**
 * Applies config values to every option the user did not set on the command line (flags
 * override the file), through each option's own parser so validation is the same. Collects
 * every problem (unknown keys with the closest names, bad values) into one error.
 */
export function applyConfig(command: Command, config: Record<string, unknown>, file: string): void {
  const options = command.options;
  const byAttribute = new Map(options.filter((o) => !NOT_CONFIGURABLE.has(o.attributeName())).map((o) => [o.attributeName(), o]));
  const issues: InputIssue[] = [];
  for (const [key, value] of Object.entries(config)) {
    const attribute = attributeOf(key);
    const option = byAttribute.get(attribute) ?? byAttribute.get(attribute.replace(/^no([A-Z])/, (_, c: string) => c.toLowerCase()));
    if (option === undefined) {
      const closest = closestMatches(attribute, [...byAttribute.keys()]);
      issues.push({ where: `${file}: ${key}`, message: `not an option of 'derand ${command.name()}'${closest.length > 0 ? `; did you mean ${closest.join(', ')}?` : ''} (options: ${[...byAttribute.keys()].join(', ')})` });
      continue;
    }
    const source = command.getOptionValueSource(option.attributeName());
    if (source === 'cli' || source === 'env') continue;
    try {
      if (option.isBoolean()) {
        if (typeof value !== 'boolean') throw new Error('expects true or false');
        command.setOptionValueWithSource(option.attributeName(), option.negate ? !value : value, 'config');
        continue;
      }
      const raw = asArgument(value);
      if (raw === undefined) throw new Error('expects a string, a number, a boolean or a list of them');
      const parsed = option.parseArg === undefined ? raw : option.parseArg(raw, undefined as never);
      if (option.argChoices !== undefined && !option.argChoices.includes(raw)) throw new Error(`must be one of: ${option.argChoices.join(', ')}`);
      command.setOptionValueWithSource(option.attributeName(), parsed, 'config');
    } catch (error) {
      issues.push({ where: `${file}: ${key}`, message: (error as Error).message, value });
    }
  }
  if (issues.length > 0) throw new InputError('CONFIG_INVALID', `Config file ${file} has problems:`, issues, `Flags given on the command line override the file; see 'derand ${command.name()} --help'.`);
}
