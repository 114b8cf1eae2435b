/** A JSON Schema node as zod writes it (draft 2020-12, input side), with derand's metadata. */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
  /** derand: the CLI flag of this option (without dashes). */
  readonly flag?: string;
  /** derand: the option is the command's positional argument. */
  readonly positional?: boolean;
  /** derand: the option names a plugin of this kind ({ id, options }). */
  readonly pluginKind?: string;
  /** derand: the part's options are overrides of what the solver derives (checked by the solver). */
  readonly overrides?: boolean;
}

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
