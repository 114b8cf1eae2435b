import type { JsonSchemaNode } from '@derand/registry';

/** A JSON Schema node with derand's metadata (the registry's one definition). */
export type SchemaNode = JsonSchemaNode;

/** Follows a local `$ref` (`#/$defs/name`) against the root schema. */
export function deref(node: SchemaNode, root: SchemaNode): SchemaNode {
  if (node.$ref === undefined) return node;
  const name = node.$ref.replace(/^#\/\$defs\//, '');
  const target = root.$defs?.[name];
  if (target === undefined) return node;
  const { $ref: _ref, ...rest } = node;
  return { ...target, ...rest };
}

/** The branches of a union node (anyOf / oneOf), or the node itself. */
export function branches(node: SchemaNode, root: SchemaNode): SchemaNode[] {
  const list = node.anyOf ?? node.oneOf;
  return list === undefined ? [node] : list.map((b) => deref(b, root));
}

/** The JSON types a node (or any of its branches) accepts. */
export function typesOf(node: SchemaNode, root: SchemaNode): Set<string> {
  const out = new Set<string>();
  for (const b of branches(node, root)) {
    if (typeof b.type === 'string') out.add(b.type);
    else if (Array.isArray(b.type)) for (const t of b.type as readonly string[]) out.add(t);
    else if (b.enum !== undefined) for (const v of b.enum) out.add(typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string');
    else if (b.const !== undefined) out.add(typeof b.const === 'number' ? 'number' : typeof b.const === 'boolean' ? 'boolean' : 'string');
    else if (b.anyOf !== undefined || b.oneOf !== undefined) for (const t of typesOf(b, root)) out.add(t);
  }
  return out;
}

/** camelCase → kebab-case. */
export const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
