import { z } from 'zod';
import { InputError, isDerandError, type InputIssue } from './errors.js';
import type { AnyPlugin, AnyRegistry, CreateContext } from './plugin.js';

/** A reference to a plugin of some kind: its id and its raw options. */
export interface PartRef {
  readonly id: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * The schema of a reference to a part (an optimizer, a loss, a rounding …) inside a solver's
 * options: `{ id, options }`, or just the id as a string. The options are checked by the part's
 * own schema when the solver resolves it ({@link resolvePart}), so a user's plugin of that kind
 * works wherever a built-in does. The JSON Schema carries `pluginKind` (and the default, which
 * zod leaves out of unions with a transform), from which the CLI makes
 * `--<name> <id>` and `--<name>-options <json>` and the docs link the catalogue.
 *
 * @param kind - the plugin kind the id is looked up in.
 * @param id - the default id.
 * @param options - the default options of the default id.
 * @param settings - `overrides`: the options are laid over what the solver derives for the part
 *   (a structure student's MLP spec), so they are checked only there, not on their own.
 * @example const schema = z.object({ optimizer: partRef('optimizer', 'adam', { learningRate: 0.1 }) });
 */
export function partRef(kind: string, id: string, options: Record<string, unknown> = {}, settings: { readonly overrides?: boolean } = {}) {
  const object = z
    .object({
      id: z.string().min(1).describe(`id of a '${kind}' plugin (derand plugins --kind ${kind})`),
      options: z.record(z.string(), z.unknown()).default({}).describe(`options of that ${kind}, checked by its own schema`),
    })
    .strict();
  return z
    .union([z.string().min(1).transform((value): PartRef => ({ id: value, options: {} })), object])
    .default({ id, options })
    .meta({ pluginKind: kind, inputDefault: { id, options }, ...(settings.overrides === true ? { overrides: true } : {}) });
}

/** A part resolved from the registry, with its options validated by its own schema. */
export interface ResolvedPart<P extends AnyPlugin = AnyPlugin> {
  readonly plugin: P;
  readonly options: unknown;
}

/**
 * Looks a part up by kind and id and validates its options, adding every problem to `issues`
 * with `where` as the path prefix (so a CLI user reads `optimizer.options.learningRate`).
 *
 * @returns the plugin and its parsed options, or undefined when there were problems.
 * @example const part = resolvePart(registry, 'rounding', options.rounding, 'rounding', issues);
 */
export function resolvePart(registry: AnyRegistry, kind: string, ref: PartRef, where: string, issues: InputIssue[]): ResolvedPart | undefined {
  let plugin: AnyPlugin;
  try {
    plugin = registry.resolve(kind, ref.id);
  } catch (error) {
    issues.push({ where: `${where}.id`, message: error instanceof Error ? error.message : String(error), value: ref.id });
    return undefined;
  }
  try {
    return { plugin, options: registry.parseOptions(kind, ref.id, ref.options) };
  } catch (error) {
    if (error instanceof InputError) issues.push(...error.issues.map((issue) => ({ ...issue, where: `${where}.options.${issue.where}` })));
    else issues.push({ where: `${where}.options`, message: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

/**
 * Resolves a factory part (kind with `create`) and builds it; problems go to `issues`.
 *
 * @example const loss = createPart<Loss>(registry, 'loss', config.loss, 'loss', issues);
 */
export function createPart<T>(registry: AnyRegistry, kind: string, ref: PartRef, where: string, issues: InputIssue[], context?: CreateContext): T | undefined {
  const part = resolvePart(registry, kind, ref, where, issues);
  if (part === undefined) return undefined;
  const factory = part.plugin as AnyPlugin & { create?: (options: unknown, context?: CreateContext) => unknown };
  if (typeof factory.create !== 'function') {
    issues.push({ where: `${where}.id`, message: `${kind} '${ref.id}' has no create(options) function`, value: ref.id });
    return undefined;
  }
  try {
    return factory.create(part.options, context) as T;
  } catch (error) {
    if (error instanceof InputError) {
      issues.push(...error.issues.map((issue) => ({ ...issue, where: `${where}.options.${issue.where}` })));
      return undefined;
    }
    if (isDerandError(error)) {
      issues.push({ where: `${where}.options`, message: error.message });
      return undefined;
    }
    throw error;
  }
}
