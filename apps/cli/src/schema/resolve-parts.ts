import { InputError, isPlainObject, jsonSchemaOf, type AnyRegistry, type InputIssue } from '@derand/registry';
import { deref, type SchemaNode } from './json-schema.js';

/**
 * The options with every part's options checked by its own plugin's schema and filled with its
 * defaults (recursively: a rounding's optimizer too), so `--dry-run` shows the whole resolved
 * configuration and a bad part option stops the command before anything is computed. Parts whose
 * options are overrides of what the solver derives (`overrides`) are left as given.
 */
export function resolvePartOptions(value: unknown, schema: SchemaNode, registry: AnyRegistry, issues: InputIssue[], path: readonly string[] = []): unknown {
  const node = deref(schema, schema);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const at = [...path, key];
    const field = deref(child, schema);
    const current = value[key];
    if (typeof field.pluginKind === 'string') {
      if (field.overrides === true || !isPlainObject(current)) continue;
      // raw options (checked before the solver's schema passed) may give a part's options without its id: the default id's
      const fallback = isPlainObject(field.default) && typeof field.default['id'] === 'string' ? field.default['id'] : undefined;
      const id = typeof current['id'] === 'string' ? current['id'] : fallback;
      if (id === undefined) continue;
      const kind = field.pluginKind;
      if (!registry.has(kind, id)) {
        try {
          registry.resolve(kind, id);
        } catch (error) {
          issues.push({ where: [...at, 'id'].join('.'), message: error instanceof Error ? error.message : String(error), value: id });
        }
        continue;
      }
      try {
        const parsed = registry.parseOptions(kind, id, current['options'] ?? {});
        const plugin = registry.resolve(kind, id);
        out[key] = { id, options: resolvePartOptions(parsed, jsonSchemaOf(plugin), registry, issues, [...at, 'options']) };
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        issues.push(...error.issues.map((i) => ({ ...i, where: [...at, 'options', i.where].join('.') })));
      }
      continue;
    }
    if (isPlainObject(current) && field.properties !== undefined) out[key] = resolvePartOptions(current, field, registry, issues, at);
  }
  return out;
}
