import type { z } from '@derand/registry';
import type { CliIO } from '../io.js';
import type { CliRegistry } from '../registry.js';

/** Options every command accepts. */
export interface CommonOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly backend: string;
  readonly seed: number;
}

export interface CommandContext {
  readonly io: CliIO;
  readonly registry: CliRegistry;
  readonly common: CommonOptions;
}

/**
 * A `derand <name>` command that is not a solver (backends, plugins, reproduce): its options
 * are a zod schema turned into flags by the same adapter as the solvers', and reach `run`
 * parsed and typed.
 */
export interface CommandSpec<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly summary: string;
  /** Shown under "Examples:" in `--help`. */
  readonly examples: readonly string[];
  readonly options: S;
  /** Commands under this one (`derand sweep status`), each with its own schema. */
  readonly subcommands?: readonly CommandSpec[];
  run(options: z.output<S>, context: CommandContext): Promise<number | void>;
}

/** Declares a command, typing `run` from its schema. */
export function defineCommand<S extends z.ZodType>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}
