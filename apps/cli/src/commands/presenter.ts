import type { z } from '@derand/registry';
import type { CliIO } from '../io.js';
import type { CliRegistry } from '../registry.js';
import type { CommonOptions } from './spec.js';

/** What a solver command's presentation receives besides the result. */
export interface PresentContext<O> {
  readonly io: CliIO;
  readonly registry: CliRegistry;
  readonly common: CommonOptions;
  /** The presentation options (output files), parsed. */
  readonly outputs: O;
  /** The solver's options as it ran them (parsed). */
  readonly options: unknown;
}

/**
 * A named solver command (`derand maxcut` …): a solver id plus presentation only. Its flags,
 * defaults, choices and help come from the solver's schema; `outputs` adds presentation flags
 * (files to write); `present` renders text, writes files and returns the exit code.
 */
export interface SolverCommand<R = unknown, S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly solver: string;
  readonly examples: readonly string[];
  readonly outputs?: S;
  /** Checks of the presentation options before anything runs (for example file extensions). */
  checkOutputs?(outputs: z.output<S>): { where: string; message: string; value?: unknown }[];
  /** Solver options the presentation needs (laid under the user's), e.g. `{ returnParams: true }` to save parameters. */
  solverOptions?(outputs: z.output<S>): Record<string, unknown>;
  present(result: R, context: PresentContext<z.output<S>>): Promise<number | void>;
}

/** Declares a solver command, typing `present` from the result type and the outputs schema. */
export function defineSolverCommand<R, S extends z.ZodType = z.ZodType>(spec: SolverCommand<R, S>): SolverCommand<R, S> {
  return spec;
}
