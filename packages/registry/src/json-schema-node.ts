/**
 * A JSON Schema node as `toJsonSchema` writes it (zod's draft 2020-12, input side), with derand's
 * metadata: the one type the CLI (flags, part resolution) and the docs (option tables) read
 * schemas through.
 */
export interface JsonSchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly additionalProperties?: boolean | JsonSchemaNode;
  readonly required?: readonly string[];
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchemaNode>>;
  /** derand: the CLI flag of this option (without dashes). */
  readonly flag?: string;
  /** derand: the option is the command's positional argument. */
  readonly positional?: boolean;
  /** derand: the option names a plugin of this kind ({ id, options }). */
  readonly pluginKind?: string;
  /** derand: the part's options are overrides of what the solver derives (checked by the solver). */
  readonly overrides?: boolean;
}
