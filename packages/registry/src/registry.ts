import { z } from 'zod';
import { closestMatches } from './closest.js';
import { DerandError, InputError, type InputIssue } from './errors.js';
import type { AnyPlugin, AnyRegistry, PluginSummary } from './plugin.js';

/** Kinds present in the plugin union `P`. */
export type KindOf<P extends AnyPlugin> = P['kind'];
/** Plugins of kind `K` in `P`. */
export type OfKind<P extends AnyPlugin, K extends string> = Extract<P, { readonly kind: K }>;
/** Ids registered for kind `K`. */
export type IdsOf<P extends AnyPlugin, K extends string> = OfKind<P, K>['id'];
/** The plugin with kind `K` and id `Id`. */
export type PluginById<P extends AnyPlugin, K extends string, Id extends string> = Extract<
  P,
  { readonly kind: K; readonly id: Id }
>;
/** Validated option type of a plugin. */
export type OptionsOf<P extends AnyPlugin> = z.output<P['options']>;

export class UnknownPluginError extends DerandError {
  constructor(kind: string, id: string, available: readonly string[]) {
    const closest = closestMatches(id, available);
    const message = [
      `Unknown ${kind} '${id}'.`,
      closest.length > 0 ? `Did you mean: ${closest.map((c) => `'${c}'`).join(', ')}?` : undefined,
      available.length > 0
        ? `Available ${kind} plugins: ${available.join(', ')}.`
        : `No ${kind} plugins are registered; load one with --plugin <file>.`,
    ]
      .filter((line) => line !== undefined)
      .join(' ');
    super('PLUGIN_UNKNOWN', message, { details: { kind, id, closest, available } });
  }
}

export class DuplicatePluginError extends DerandError {
  constructor(kind: string, id: string, first: string | undefined, second: string | undefined) {
    super(
      'PLUGIN_DUPLICATE',
      `Duplicate ${kind} plugin id '${id}'` +
        `${first !== undefined || second !== undefined ? ` (from ${first ?? 'unknown'} and ${second ?? 'unknown'})` : ''}. ` +
        'Plugin ids must be unique within a kind: rename one of them.',
      { details: { kind, id } },
    );
  }
}

export class PluginOptionsError extends InputError {
  constructor(kind: string, id: string, issues: readonly InputIssue[]) {
    super('PLUGIN_OPTIONS', `Invalid options for ${kind} '${id}':`, issues, `See 'derand plugins --kind ${kind}' for the schema.`);
  }
}

/**
 * A union's issue says only "Invalid input"; when one branch got further than a type mismatch
 * (a string form that failed to parse, an object with a bad field), its issue says more.
 */
function explainUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
  const informative = branches.flat().filter((i) => !(i.code === 'invalid_type' && i.path.length === 0));
  const best = informative[0];
  if (best === undefined) return issue;
  return { ...best, path: [...issue.path, ...best.path] };
}

/** Converts zod issues into collected input issues with the offending values. */
export function issuesFromZod(error: z.ZodError, raw: unknown, prefix = ''): InputIssue[] {
  return error.issues.map(explainUnion).map((issue) => {
    const path = issue.path.map(String);
    const where = [prefix, ...path].filter((part) => part !== '').join('.') || '(options)';
    let value: unknown = raw;
    for (const key of issue.path) {
      value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    }
    return value === undefined ? { where, message: issue.message } : { where, message: issue.message, value };
  });
}

/**
 * The JSON Schema (draft 2020-12, input side) of any options schema, with derand's metadata
 * (`flag`, `positional`, `pluginKind`) kept. zod leaves the default out of a union that holds a
 * transform (a part given as a bare id); such schemas carry it as `inputDefault` metadata, which
 * becomes `default` here.
 *
 * @example toJsonSchema(z.object({ k: z.number().default(30) })); // { type: 'object', properties: { k: { default: 30, … } } }
 */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    unrepresentable: 'any',
    io: 'input',
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      if ('inputDefault' in json) {
        json['default'] = json['inputDefault'];
        delete json['inputDefault'];
      }
    },
  });
}

export class PluginSchemaError extends DerandError {
  constructor(kind: string, id: string, reason: string) {
    super(
      'PLUGIN_SCHEMA',
      `The options schema of ${kind} '${id}' cannot be written as JSON Schema (${reason}). ` +
        'Use plain zod types (objects, numbers, strings, enums, arrays, unions) for options; keep functions out of them.',
      { details: { kind, id } },
    );
  }
}

/**
 * The JSON Schema (draft 2020-12, input side) of a plugin's options: what `derand plugins`
 * prints, the CLI turns into flags and the docs render as a table.
 *
 * @throws PluginSchemaError when the schema cannot be converted or converts to an empty schema.
 * @example jsonSchemaOf(plugin); // { type: 'object', properties: { … } }
 */
export function jsonSchemaOf(plugin: Pick<AnyPlugin, 'kind' | 'id' | 'options'>): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = toJsonSchema(plugin.options);
  } catch (error) {
    throw new PluginSchemaError(plugin.kind, plugin.id, error instanceof Error ? error.message : String(error));
  }
  const { $schema: _ignored, ...content } = schema;
  if (Object.keys(content).length === 0) throw new PluginSchemaError(plugin.kind, plugin.id, 'it converts to the empty schema {}');
  return schema;
}

/** A registry built from an explicit plugin list; its lookups are typed from that list. */
export interface Registry<P extends AnyPlugin> extends AnyRegistry {
  readonly plugins: readonly P[];
  /** The plugin of `kind` with `id`; both are checked at compile time. */
  get<K extends KindOf<P>, Id extends IdsOf<P, K>>(kind: K, id: Id): PluginById<P, K, Id>;
  /** Runtime lookup for ids from flags or files; throws {@link UnknownPluginError} listing the closest ids. */
  resolve<K extends KindOf<P>>(kind: K, id: string): OfKind<P, K>;
  has(kind: string, id: string): boolean;
  /** Ids of a kind, in registration order. */
  ids<K extends KindOf<P>>(kind: K): IdsOf<P, K>[];
  /** Kinds present, in first-registration order. */
  kinds(): KindOf<P>[];
  list(kind?: string): PluginSummary[];
  /** Validates raw options against the plugin's schema, collecting every problem. */
  parseOptions<K extends KindOf<P>, Id extends IdsOf<P, K>>(
    kind: K,
    id: Id,
    raw: unknown,
  ): OptionsOf<PluginById<P, K, Id>>;
  parseOptions(kind: string, id: string, raw: unknown): unknown;
  /** A new registry with more plugins (for example user plugins); duplicates are errors. */
  extend<Q extends AnyPlugin>(more: readonly Q[]): Registry<P | Q>;
}

/**
 * Builds a registry from an explicit list of plugins.
 *
 * @throws DuplicatePluginError when two plugins share a kind and id.
 * @example
 * const registry = createRegistry([sgdPlugin, adamPlugin] as const);
 * const sgd = registry.get('optimizer', 'sgd'); // typed
 */
export function createRegistry<const P extends AnyPlugin>(plugins: readonly P[]): Registry<P> {
  const byKey = new Map<string, P>();
  const key = (kind: string, id: string): string => `${kind}\u0000${id}`;
  for (const plugin of plugins) {
    const existing = byKey.get(key(plugin.kind, plugin.id));
    if (existing !== undefined) throw new DuplicatePluginError(plugin.kind, plugin.id, existing.source, plugin.source);
    byKey.set(key(plugin.kind, plugin.id), plugin);
  }
  const idsOfKind = (kind: string): string[] => plugins.filter((p) => p.kind === kind).map((p) => p.id);

  const resolve = (kind: string, id: string): P => {
    const plugin = byKey.get(key(kind, id));
    if (plugin === undefined) throw new UnknownPluginError(kind, id, idsOfKind(kind));
    return plugin;
  };

  const registry: Registry<P> = {
    plugins,
    get: ((kind: string, id: string) => resolve(kind, id)) as Registry<P>['get'],
    resolve: ((kind: string, id: string) => resolve(kind, id)) as Registry<P>['resolve'],
    has: (kind, id) => byKey.has(key(kind, id)),
    ids: ((kind: string) => idsOfKind(kind)),
    kinds: () => [...new Set(plugins.map((p) => p.kind))] as KindOf<P>[],
    list: (kind) =>
      plugins
        .filter((p) => kind === undefined || p.kind === kind)
        .map((p) => ({
          id: p.id,
          kind: p.kind,
          summary: p.summary,
          options: jsonSchemaOf(p),
          ...(p.source === undefined ? {} : { source: p.source }),
        })),
    parseOptions: (kind: string, id: string, raw: unknown): never => {
      const plugin = resolve(kind, id);
      const parsed = plugin.options.safeParse(raw ?? {});
      if (!parsed.success) throw new PluginOptionsError(kind, id, issuesFromZod(parsed.error, raw ?? {}));
      return parsed.data as never;
    },
    extend: <Q extends AnyPlugin>(more: readonly Q[]) => createRegistry<P | Q>([...plugins, ...more]),
  };
  return registry;
}
