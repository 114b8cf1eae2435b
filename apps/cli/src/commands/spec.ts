import type { Command } from 'commander';
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
 * One `derand <name>` command. `configure` declares its arguments and options (the common
 * ones are added for it); `run` validates, calls packages and renders through `io`.
 */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Shown under "Examples:" in `--help`. */
  readonly examples: readonly string[];
  configure(command: Command): Command;
  run(args: readonly string[], options: Record<string, unknown>, context: CommandContext): Promise<number | void>;
}
